#!/usr/bin/env python3
"""clang-tidy over the host build's C files, with a result cache.

Design: the files are those of BUILD/compile_commands.json under hal, core,
sched, vdev, lib and tools (tests are not checked). Each file is checked by
its own clang-tidy process, two at a time, with the repository's
.clang-tidy (all enabled checks are errors). A file that passed is
remembered under BUILD/clang-tidy-cache/ by a hash of its preprocessed
source, its compile command, .clang-tidy and the clang-tidy version, so an
unchanged file is not analysed again. The last line is
'clang-tidy: N passed, M failed' (files).

    tools/lint/clang_tidy_check.py [BUILD]        (default: build)
"""

# [impl->dsn~lint-clang-tidy~1]

import hashlib
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
AREAS = ("core", "sched", "vdev", "lib", "hal", "tools")


def entries(build):
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        db = json.load(f)
    found = {}
    for e in db:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        rel = os.path.relpath(path, ROOT)
        if rel.split(os.sep)[0] in AREAS and rel.endswith(".c"):
            found.setdefault(rel, e)
    return found


def preprocess_command(entry):
    args = entry.get("arguments") or shlex.split(entry["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MQ", "-MT"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD"):
            continue
        out.append(a)
    return out + ["-E", "-o", "-"]


def cache_key(entry, salt):
    proc = subprocess.run(preprocess_command(entry), cwd=entry["directory"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)
    h = hashlib.sha256(salt)
    h.update(proc.stdout if proc.returncode == 0 else os.urandom(16))
    h.update(json.dumps(entry.get("arguments") or entry["command"]).encode())
    return h.hexdigest()


def check(build, rel, entry, salt, cache_dir):
    key = cache_key(entry, salt)
    stamp = os.path.join(cache_dir, key)
    if os.path.exists(stamp):
        return rel, True, "", True
    proc = subprocess.run(["clang-tidy", "-p", build, "--quiet", "--extra-arg=-Wno-unknown-warning-option",
                           os.path.join(ROOT, rel)], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    diags = sorted({line.split(ROOT + "/")[-1] for line in proc.stdout.splitlines()
                    if "warning:" in line or "error:" in line})
    ok = proc.returncode == 0 and not diags
    if ok:
        open(stamp, "w").close()
    return rel, ok, "\n".join(diags[:20]), False


def main(argv):
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    build = os.path.abspath(argv[0] if argv else os.path.join(ROOT, "build"))
    if not os.path.exists(os.path.join(build, "compile_commands.json")):
        print("no %s/compile_commands.json: configure the host build first (meson setup %s)" % (build, build))
        print("clang-tidy: 0 passed, 1 failed")
        return 1
    version = subprocess.run(["clang-tidy", "--version"], stdout=subprocess.PIPE, text=True).stdout
    with open(os.path.join(ROOT, ".clang-tidy"), "rb") as f:
        salt = f.read() + version.encode()
    cache_dir = os.path.join(build, "clang-tidy-cache")
    os.makedirs(cache_dir, exist_ok=True)
    files = entries(build)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda rel: check(build, rel, files[rel], salt, cache_dir), sorted(files)))
    passed = cached = 0
    for rel, ok, diags, from_cache in results:
        passed += ok
        cached += from_cache
        if not ok:
            print("not ok - " + rel)
            for line in diags.splitlines():
                print("    " + line)
    failed = len(results) - passed
    print("(%d of %d files unchanged since they last passed, not re-analysed)" % (cached, len(results)))
    print("clang-tidy: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
