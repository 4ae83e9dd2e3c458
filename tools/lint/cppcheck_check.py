#!/usr/bin/env python3
"""cppcheck (warning, style, performance, portability) over the C code.

Design: the same grouping as the MISRA check (tools/misra/misra_check.py):
common code (core, sched, vdev, lib, hal/include, hal/host) in one run, each
ISA backend hal/<arch>/ in its own run with its include folders and a
plat_config.h shim, and the host tools (tools/) in one run. Suppressions are
only those in tools/lint/cppcheck-suppressions.txt, each with its reason, or
inline (cppcheck-suppress) at the site. A file passes when cppcheck reports
nothing for it; the last line is 'cppcheck: N passed, M failed' (files).

    tools/lint/cppcheck_check.py [--jobs N] [paths...]
"""

# [impl->dsn~lint-cppcheck~1]

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "misra"))
import misra_check as mc  # noqa: E402

DIRS = ["core", "sched", "vdev", "lib", "hal", "tools"]
IGNORED_IDS = {"missingInclude", "missingIncludeSystem", "unmatchedSuppression", "checkersReport",
               "toomanyconfigs", "normalCheckLevelMaxBranches"}


def group_of(path):
    if path.startswith("tools/"):
        return "tools"
    return mc.arch_of(path) or "common"


def tool_includes(root):
    dirs = ["hal/include", "lib/include", "core/include", "sched/include", "vdev/include", "hal/host/include"]
    for name in sorted(os.listdir(os.path.join(root, "tools"))):
        for sub in ("", "include"):
            d = os.path.join("tools", name, sub)
            if os.path.isdir(os.path.join(root, d)):
                dirs.append(d)
    return [d for d in dirs if os.path.isdir(os.path.join(root, d))]


def run_group(root, group, files, jobs):
    work = mc.work_dir(root) + "-lint"
    arch = group if group in mc.ARCHES else None
    shim = os.path.join(work, "shim-" + group)
    mc.plat_config_shim(root, arch or "none", shim)
    build_dir = os.path.join(work, "build-" + group)
    os.makedirs(build_dir, exist_ok=True)
    incs = tool_includes(root) if group == "tools" else mc.include_dirs(root, arch)
    if group == "common":
        incs.append("hal/host/include")
    cmd = ["cppcheck", "--enable=warning,style,performance,portability", "--std=c11", "--language=c",
           "--platform=unix64", "--quiet", "--inline-suppr", "-j", str(jobs),
           "--suppressions-list=" + os.path.join(HERE, "cppcheck-suppressions.txt"),
           "--cppcheck-build-dir=" + build_dir, "--library=posix" if group in ("tools", "common") else "",
           "--template={file}:{line}:{column}: {severity}: {id}: {message}"]
    cmd += mc.COMMON_DEFINES + ["-D_GNU_SOURCE"] + ["-I" + d for d in incs] + ["-I" + shim]
    cmd += [f for f in files if f.endswith(".c")]
    proc = subprocess.run([c for c in cmd if c], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    return proc.stdout


def parse(output, root):
    found = []
    for line in output.splitlines():
        m = mc.FINDING.match(line.strip())
        if m and m.group("id") not in IGNORED_IDS:
            path = os.path.relpath(os.path.join(root, m.group("file")), root)
            found.append((path, int(m.group("line")), m.group("id"), m.group("msg")))
    return sorted(set(found))


def main(argv=None):
    parser = argparse.ArgumentParser(description="cppcheck warning/style/performance/portability check.")
    parser.add_argument("--root", default=os.path.normpath(os.path.join(HERE, "..", "..")))
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    root = args.root
    saved, mc.EXCLUDED_DIRS = mc.EXCLUDED_DIRS, []  # hal/host is plain C code here
    sources = mc.list_sources(root, args.paths or [d for d in DIRS if os.path.isdir(os.path.join(root, d))])
    mc.EXCLUDED_DIRS = saved
    groups = {}
    for path in sources:
        groups.setdefault(group_of(path), []).append(path)
    output = ""
    for group in sorted(groups):
        if any(f.endswith(".c") for f in groups[group]):
            output += run_group(root, group, groups[group], args.jobs)
    findings = parse(output, root)
    bad_files = sorted({f for f, _, _, _ in findings})
    for path, line, ident, msg in findings:
        print("%s:%d: %s: %s" % (path, line, ident, msg))
    checked = set(sources) | set(bad_files)
    print("cppcheck: %d passed, %d failed" % (len(checked) - len(bad_files), len(bad_files)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
