#!/usr/bin/env python3
"""Config corpus runner (meson suite 'configs').

bad/*.dts:  each must be refused by `bhimg check` with exit status 1 and, as
            the last line on stderr, exactly `<file>: <expect>` where the file
            starts with `/* expect: <expect> */` (optionally followed by
            `/* board: <name> */`, default qemu-virt-arm64).
good:       every configs/*.dts must pass `bhimg check`, `pack`, `verify`
            and `explain` (and a corrupted copy must fail `verify`) on every board in
            boards/ that is not test-only and every platforms/*/board.dts
            (or on those its ` * boards: a b`
            comment line names), with dummy images for the paths it names.
Usage: run_configs.py --bhimg PATH --root SRCDIR
"""
# Each bad config proves one refusal rule:
# [utest->dsn~config-read~1] [utest->dsn~config-validate~1] [utest->dsn~config-cpupools~1]
# [utest->dsn~config-domains~1] [utest->dsn~config-arinc653~1]
# [utest->dsn~config-host-memory-bounds~1] [utest->dsn~config-static-memory~1]
# [utest->dsn~config-passthrough~1] [utest->dsn~config-shared-memory~1]
# [utest->dsn~config-event-channels~1] [utest->dsn~config-image-fit~1]
# [utest->dsn~config-guest-space~1] [utest->dsn~x86-passthrough-config~1]
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

EXPECT = re.compile(r"^/\* expect: (.*) \*/$")
BOARD = re.compile(r"^/\* board: (\S+) \*/$")


def check(bhimg, board, config, images):
    return subprocess.run([bhimg, "check", "--platform", board, "--config", config,
                           "--images", images], capture_output=True, text=True)


def run_bad(bhimg):
    failures = 0
    files = sorted(glob.glob("tests/configs/bad/*.dts"))
    for path in files:
        lines = open(path).read().splitlines()
        m = EXPECT.match(lines[0]) if lines else None
        if not m:
            print(f"FAIL {path}: first line is not /* expect: ... */")
            failures += 1
            continue
        b = BOARD.match(lines[1]) if len(lines) > 1 else None
        board = f"tests/configs/boards/{b.group(1) if b else 'qemu-virt-arm64'}.dts"
        r = check(bhimg, board, path, "tests/configs/images")
        want = f"{path}: {m.group(1)}"
        got = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
        if r.returncode != 1 or got != want:
            print(f"FAIL {path}: exit {r.returncode}\n  want: {want}\n  got:  {got}")
            failures += 1
        else:
            print(f"ok   {path}")
    return len(files), failures


def pack_verify_explain(bhimg, board, config, images):
    """pack, then `bhimg verify` the image, `explain` the layout, and check
    that a corrupted copy is refused; returns None or what went wrong."""
    out = os.path.join(images, "out.img")
    r = subprocess.run([bhimg, "pack", "--platform", board, "--config", config,
                        "--images", images, "-o", out], capture_output=True, text=True)
    if r.returncode != 0:
        return "pack: " + r.stderr.strip()
    r = subprocess.run([bhimg, "verify", out], capture_output=True, text=True)
    if r.returncode != 0 or "ok" not in r.stdout:
        return "verify: " + r.stderr.strip()
    r = subprocess.run([bhimg, "explain", "--platform", board, "--config", config,
                        "--images", images], capture_output=True, text=True)
    if r.returncode != 0 or not r.stdout.startswith("platform "):
        return "explain: " + r.stderr.strip()
    data = bytearray(open(out, "rb").read())
    data[len(data) // 2] ^= 0x40
    open(out, "wb").write(data)
    r = subprocess.run([bhimg, "verify", out], capture_output=True, text=True)
    if r.returncode != 1 or "checksum mismatch" not in r.stderr:
        return "verify accepted a corrupted image: " + r.stdout + r.stderr
    return None


def run_good(bhimg):
    failures = count = 0
    boards = [b for b in sorted(glob.glob("tests/configs/boards/*.dts"))
              if "/test-" not in b] + sorted(glob.glob("platforms/*/board.dts"))
    for config in sorted(glob.glob("configs/*.dts")):
        text = open(config).read()
        with tempfile.TemporaryDirectory() as images:
            for rel in re.findall(r'bulkhead,path = "([^"]+)"', text):
                os.makedirs(os.path.dirname(os.path.join(images, rel)) or images,
                            exist_ok=True)
                with open(os.path.join(images, rel), "wb") as f:
                    f.write(b"\0" * 4096)
            only = re.search(r"^ \* boards: (.*)$", text, re.M)
            for board in boards:
                name = (os.path.basename(os.path.dirname(board))
                        if board.endswith("/board.dts") else os.path.basename(board)[:-4])
                if only and only.group(1) != "any" and name not in only.group(1).split():
                    continue
                count += 1
                r = check(bhimg, board, config, images)
                why = (r.stderr.strip() if r.returncode != 0
                       else pack_verify_explain(bhimg, board, config, images))
                if why:
                    print(f"FAIL {config} on {board}: {why}")
                    failures += 1
                else:
                    print(f"ok   {config} on {board} (check, pack, verify, explain)")
    return count, failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bhimg", required=True)
    ap.add_argument("--root", required=True)
    a = ap.parse_args()
    bhimg = os.path.abspath(a.bhimg)
    os.chdir(a.root)
    nb, fb = run_bad(bhimg)
    ng, fg = run_good(bhimg)
    print(f"bad configs: {nb - fb}/{nb} refused as expected; "
          f"good configs: {ng - fg}/{ng} accepted")
    if nb < 30:
        print("FAIL: the bad-config corpus needs at least 30 cases")
        return 1
    return 1 if fb or fg else 0


if __name__ == "__main__":
    sys.exit(main())
