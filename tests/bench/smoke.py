#!/usr/bin/env python3
"""Suite bench-smoke (tests/suites/bench-smoke runs this): run the benchmark guest once per platform that has one
(./bulkhead bench --no-build --no-noisy, which ./bulkhead test calls after
building) and check that it ran to its end and printed every figure it
should, bare-metal and, where the arch's backend runs guests, under
Bulkhead. It checks that the figures are there, never their values (the
bench is not a timing test).

Last line: 'bench-smoke: N passed, M failed'; exit status 1 on a failure.
"""
# [itest->dsn~bench-same-guest~1] [itest->dsn~bench-figures~1] [itest->dsn~bench-report~1]
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLATFORMS = {"qemu-virt-arm64": "arm64", "qemu-virt-riscv64": "riscv64",
             "qemu-virt-riscv64-aia": "riscv64", "qemu-q35-x86_64": "x86_64"}
BARE = ["boot", "irq_latency", "irq_latency_wfi", "mmio_trap", "exits_per_s"]
HOSTED = BARE + ["hypercall", "boot_two_domains"]
ARCH_EXTRA = {"riscv64": ["sbi_call"]}


def check_platform(platform, arch, results):
    def result(name, ok, why=""):
        results.append(ok)
        print(f"{'ok' if ok else 'not ok'} - {platform}: {name}{' (' + why + ')' if why else ''}",
              flush=True)

    if not os.path.isfile(os.path.join(ROOT, f"build-{platform}", "tests", "bench", arch,
                                       "bench.elf")):
        print(f"skip - {platform}: no bench guest built")
        return
    out = os.path.join(ROOT, f"build-{platform}", "bench.json")
    if os.path.exists(out):
        os.remove(out)
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "bench", "bench.py"), "--platform", platform,
                        "--no-build", "--no-noisy", "--timeout", "50"], cwd=ROOT,
                       capture_output=True, text=True)
    if not os.path.isfile(out):
        result("bench.json written", False, (r.stderr or r.stdout)[-400:])
        return
    with open(out, encoding="utf-8") as f:
        data = json.load(f)
    figs = data["figures"]
    sides = [("bare", BARE + ARCH_EXTRA.get(arch, []))]
    if data["complete"].get("bulkhead") is not None:
        sides.append(("bulkhead", HOSTED + ARCH_EXTRA.get(arch, [])))
    for side, names in sides:
        result(f"{side} run reached 'BENCH done'", bool(data["complete"].get(side)))
        missing = [n for n in names if not (figs.get(n) or {}).get(side)]
        result(f"{side} figures {' '.join(names)}", not missing,
               "missing: " + " ".join(missing) if missing else "")
    fp = figs.get("footprint") or {}
    result("footprint text/data/bss and SLOC",
           all(fp.get(k, 0) > 0 for k in ("text", "sloc")))
    printed = [line.split()[0] for line in r.stdout.splitlines() if line and line[0] != "="]
    result("one report line per figure", all(n in printed for n in figs))


def main():
    results = []
    for platform, arch in PLATFORMS.items():
        check_platform(platform, arch, results)
    passed = sum(results)
    print(f"bench-smoke: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
