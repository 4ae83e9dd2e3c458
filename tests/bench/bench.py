#!/usr/bin/env python3
"""./bulkhead bench (scripts/bulkhead-bench runs this): interrupt latency, hypercall and trap cost, boot time,
exit rate and footprint, the same benchmark guest (tests/bench/<arch>/) run
once bare-metal on QEMU and once as a domain under Bulkhead, in one run.

Method and figures: docs/performance.md. Design: reqs/dsn/bench.md.
"""
# [impl->dsn~bench-same-guest~1] [impl->dsn~bench-report~1]
import argparse
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ICOUNT = ["-icount", "shift=4,sleep=off"]  # one instruction = 16 ns
NS_PER_INSN = 16

# Bare-metal QEMU per arch: the same machine as the platform, no EL2/H
# where the arch lets us drop it, the guest ELF as the kernel.
BARE = {
    "arm64": "-M virt,gic-version=3 -cpu cortex-a57 -m 1G",
    "riscv64": "-M virt -m 1G -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf",
    "x86_64": "-M q35 -cpu qemu64 -m 1G -device isa-debug-exit",
}
# A platform whose machine differs from its arch's default above.
BARE_PLATFORM = {
    "qemu-virt-riscv64-aia": "-M virt,aia=aplic-imsic -m 1G "
                             "-bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf",
}
# Platforms the bench knows (bare-metal QEMU machine = the platform's).
BENCH_PLATFORMS = {"qemu-virt-arm64": "arm64", "qemu-virt-riscv64": "riscv64",
                   "qemu-virt-riscv64-aia": "riscv64", "qemu-q35-x86_64": "x86_64"}
NOT_YET = {}  # arch -> why it has no bench guest

LINE = re.compile(r"^(?:\((\w+)\) )?BENCH (\w+)\s*(.*)$")


def say(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def read_conf(platform):
    conf = {}
    with open(os.path.join(ROOT, "platforms", platform, "qemu.conf"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                conf[k] = " ".join(shlex.split(v))
    return conf


def run_qemu(cmd, timeout, want_domain=None, stop_at="done"):
    """Run QEMU until the bench guest prints 'BENCH done' (or the figure
    stop_at, or timeout); the parsed figures {name: {key: value}}, the
    console text and whether it got there."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    figures, log = {}, []
    deadline = time.monotonic() + timeout
    quiet_limit = 20.0  # seconds without console output: the guest is stuck
    last = time.monotonic()
    os.set_blocking(proc.stdout.fileno(), False)
    buf = b""
    done = False
    try:
        while time.monotonic() < deadline and not done:
            chunk = proc.stdout.read()
            if chunk:
                last = time.monotonic()
                buf += chunk
                while b"\n" in buf:
                    raw, buf = buf.split(b"\n", 1)
                    text = raw.decode("utf-8", "replace").rstrip("\r")
                    log.append(text)
                    done = parse_line(text, figures, want_domain) or done
                    done = done or stop_at in figures
            elif proc.poll() is not None:
                break
            elif time.monotonic() - last > quiet_limit and figures:
                log.append(f"(bench: no output for {quiet_limit:.0f} s, stopped)")
                break
            else:
                time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # our own QEMU, by its group
        proc.wait()
    return figures, log, done


def parse_line(text, figures, want_domain):
    m = LINE.match(text.strip())
    if not m:
        return False
    name, rest = m.group(2), m.group(3)
    if want_domain is not None and m.group(1) not in (None, want_domain):
        # another domain's figure (the echo's boot line): kept apart
        figures.setdefault("other", {}).setdefault(m.group(1), {})[name] = dict(
            p.split("=", 1) for p in rest.split() if "=" in p)
        return False
    if name == "done":
        return True
    if name == "irq_latency":
        kv = dict(p.split("=", 1) for p in rest.split() if "=" in p)
        name = "irq_latency" if kv.get("wait") == "spin" else "irq_latency_" + kv.get("wait", "")
        figures[name] = kv
        return False
    figures[name] = dict(p.split("=", 1) for p in rest.split() if "=" in p)
    return False


def build(platform):
    r = subprocess.run([os.path.join(ROOT, "bulkhead"), "build", "--platform", platform],
                       cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"bench: build of {platform} failed")


def pack(platform, config):
    path = os.path.join("tests", "bench", "configs", config + ".dts")
    if not os.path.isfile(os.path.join(ROOT, path)):
        return None
    r = subprocess.run([os.path.join(ROOT, "scripts", "bulkhead-pack"), "--platform", platform,
                        "--config", path], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        say(f"packing {config} failed:\n{r.stdout}{r.stderr}")
        return None
    return os.path.join(f"build-{platform}", "images", config + ".img")


def bare_run(platform, arch, timeout):
    elf = os.path.join(f"build-{platform}", "tests", "bench", arch, "bench.elf")
    cmd = [read_conf(platform)["QEMU"]] + shlex.split(BARE_PLATFORM.get(platform, BARE[arch])) + ICOUNT + [
        "-smp", "1", "-nographic", "-no-reboot", "-kernel", elf]
    return run_qemu(cmd, timeout)


def hosted_run(platform, image, smp, timeout, stop_at="done"):
    conf = read_conf(platform)
    cmd = [conf["QEMU"]] + shlex.split(conf["QEMU_ARGS"]) + ICOUNT + [
        "-smp", str(smp), "-nographic", "-no-reboot",
        "-kernel", os.path.join(f"build-{platform}", "hypervisor", "bulkhead.img"),
        "-device", f"loader,file={image},addr={conf['IMAGE_ADDR']},force-raw=on"]
    return run_qemu(cmd, timeout, want_domain="d1", stop_at=stop_at)


def boot_two_domains(figs):
    """Boot of the two-domain (evtchn) system on the one clock both guests
    read: each guest's first instruction and the later of their first
    console lines (the system is up when the last guest has spoken)."""
    b1 = figs.get("boot") or {}
    b2 = (figs.get("other") or {}).get("d2", {}).get("echo_boot") or {}
    if not all(k in b for b in (b1, b2) for k in ("first_insn", "first_line")):
        return None
    return {"first_insn_d1": b1["first_insn"], "first_insn_d2": b2["first_insn"],
            "last_first_line": str(max(int(b1["first_line"]), int(b2["first_line"])))}


def hosted_available(arch):
    """The arch has a Bulkhead bench config (its backend runs guests)."""
    return os.path.isfile(os.path.join(ROOT, "tests", "bench", "configs", f"{arch}-bench.dts"))


# ------------------------------------------------------------ footprint
def cross_size(platform):
    cross = read_conf(platform).get("CROSS", "")
    with open(os.path.join(ROOT, cross), encoding="utf-8") as f:
        m = re.search(r"^size\s*=\s*'([^']+)'", f.read(), re.M)
    return m.group(1) if m else "size"


def sloc(path):
    """Non-blank lines that are not only comment (C and assembly)."""
    count, in_block = 0, False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = line.strip()
            if in_block:
                if "*/" in s:
                    in_block = False
                    s = s.split("*/", 1)[1].strip()
                else:
                    continue
            if s.startswith("/*"):
                if "*/" not in s:
                    in_block = True
                    continue
                s = s.split("*/", 1)[1].strip()
            if s and not s.startswith("//"):
                count += 1
    return count


def footprint(platform, arch):
    bdir = os.path.join(ROOT, f"build-{platform}")
    elf = os.path.join(bdir, "hypervisor", "bulkhead.elf")
    if not os.path.isfile(elf):
        return None
    out = subprocess.run([cross_size(platform), elf], capture_output=True, text=True,
                         check=True).stdout.split("\n")[1].split()
    fig = {"text": int(out[0]), "data": int(out[1]), "bss": int(out[2])}
    # Every file compiled into the hypervisor: the objects' sources from
    # compile_commands.json and the headers ninja recorded for them.
    with open(os.path.join(bdir, "compile_commands.json"), encoding="utf-8") as f:
        objs = [c["output"] for c in json.load(f) if "bulkhead.elf.p" in c["output"]]
    deps = subprocess.run(["ninja", "-C", bdir, "-t", "deps"] + objs, capture_output=True,
                          text=True).stdout
    files = set()
    for line in deps.splitlines():
        if line.startswith("    "):
            p = os.path.normpath(os.path.join(bdir, line.strip()))
            if p.startswith(ROOT + os.sep) and not p.startswith(bdir):
                files.add(os.path.relpath(p, ROOT))
    areas = {"hal/" + arch: 0, "hal/include": 0, "core": 0, "sched": 0, "vdev": 0, "lib": 0,
             "platforms": 0}
    for rel in files:
        for area in areas:
            if rel.startswith(area + "/"):
                areas[area] += sloc(os.path.join(ROOT, rel))
    fig["sloc"] = sum(areas.values())
    fig.update({"sloc_" + a.replace("/", "_"): n for a, n in areas.items()})
    fig["files"] = len(files)
    return fig


# ------------------------------------------------------------ report
def insn(hz, ticks):
    """Counter ticks -> QEMU instructions (icount shift=4)."""
    return float(ticks) * 1e9 / hz / NS_PER_INSN


def to_insn(figs, hz, name, keys):
    f = figs.get(name)
    if f is None or "n/a" in f:
        return None
    return {k: round(insn(hz, int(f[k])), 1) for k in keys if k in f}


LAT = ["min", "median", "p99", "max"]
ROWS = [  # (figure, source figure, keys)
    ("boot", "boot", ["first_insn", "first_line"]),
    ("boot_no_scrub", "boot_no_scrub", ["first_insn", "first_line"]),
    ("boot_two_domains", "boot_two_domains", ["first_insn_d1", "first_insn_d2",
                                              "last_first_line"]),
    ("irq_latency", "irq_latency", LAT),
    ("irq_latency_wfi", "irq_latency_wfi", LAT),
    ("irq_latency_noisy", "irq_latency_noisy", LAT),
    ("hypercall", "hypercall", ["null", "xen_version"]),
    ("mmio_trap", "mmio_trap", ["median"]),
    ("sbi_call", "sbi_call", ["get_spec_version"]),
    ("evtchn", "evtchn", LAT),
]


def figures_for(bare, hosted, noisy):
    out = {}
    if "irq_latency" in noisy:
        hosted = dict(hosted, irq_latency_noisy=noisy["irq_latency"])
    hz_b = int(bare.get("start", {}).get("hz", "0") or 0)
    hz_h = int(hosted.get("start", {}).get("hz", "0") or 0)
    for fig, src, keys in ROWS:
        b = to_insn(bare, hz_b, src if fig != "irq_latency_noisy" else "irq_latency", keys) \
            if hz_b else None
        h = to_insn(hosted, hz_h, src, keys) if hz_h else None
        if b is None and h is None and src not in bare and src not in hosted:
            continue
        out[fig] = {"bare": b, "bulkhead": h, "unit": "instructions"}
    for side, figs in (("bare", bare), ("bulkhead", hosted)):
        e = figs.get("exits_per_s")
        if e:
            out.setdefault("exits_per_s", {"unit": "exits/s"})[side] = {
                "value": int(e["value"]), "stolen_ppm": int(e["stolen_ppm"])}
    return out


def ratio(b, h):
    if b is None or h is None:
        return "n/a"
    if b == 0:
        return "-" if h == 0 else "inf"
    return f"{h / b:.1f}x"


def primary(v):
    """The value a ratio compares: the median, else the only/first key."""
    if not v:
        return None
    return v.get("median", next(iter(v.values())))


def fmt(v):
    if v is None:
        return "n/a"
    return "/".join(f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}" for x in v.values())


def print_report(platform, figs, notes):
    print(f"== {platform} (instructions under -icount shift=4; lower is better)")
    print(f"{'figure':<18} {'keys':<24} {'bare':>24} {'bulkhead':>24} {'ratio':>8}")
    for name, f in figs.items():
        if name == "footprint":
            continue
        b, h = f.get("bare"), f.get("bulkhead")
        keys = "/".join((b or h or {}).keys())
        if name == "exits_per_s":
            keys = "value/stolen_ppm"
            rb = b["value"] if b else None
            rh = h["value"] if h else None
            print(f"{name:<18} {keys:<24} {fmt(b):>24} {fmt(h):>24} {ratio(rb, rh):>8}")
            continue
        print(f"{name:<18} {keys:<24} {fmt(b):>24} {fmt(h):>24} "
              f"{ratio(primary(b), primary(h)):>8}")
    fp = figs.get("footprint")
    if fp:
        print(f"{'footprint':<18} {'text/data/bss bytes':<24} {'-':>24} "
              f"{fp['text']}/{fp['data']}/{fp['bss']:>0} {'':>8}")
        print(f"{'footprint_sloc':<18} {'hal+core+sched+vdev+lib':<24} {'-':>24} "
              f"{fp['sloc']:>24}")
    for n in notes:
        print(f"n/a: {n}")


def bench_platform(platform, args):
    arch = BENCH_PLATFORMS[platform]
    notes = []
    if arch in NOT_YET:
        notes.append(NOT_YET[arch])
        result = {"platform": platform, "arch": arch, "figures": {}, "notes": notes}
        if os.path.isfile(os.path.join(ROOT, f"build-{platform}", "hypervisor", "bulkhead.elf")):
            result["figures"]["footprint"] = footprint(platform, arch)
        return result, True
    if not args.no_build:
        build(platform)
    say(f"{platform}: bare metal")
    bare, blog, bok = bare_run(platform, arch, args.timeout)
    hosted, noisy, hok = {}, {}, True
    if not bok:
        say(f"{platform}: bare-metal run did not finish:\n" + "\n".join(blog[-20:]))
    if hosted_available(arch):
        image = pack(platform, f"{arch}-bench")
        if image:
            say(f"{platform}: under Bulkhead")
            hosted, hlog, hok = hosted_run(platform, image, 1, args.timeout)
            if not hok:
                say(f"{platform}: Bulkhead run did not finish:\n" + "\n".join(hlog[-20:]))
        image = pack(platform, f"{arch}-bench-noscrub")
        if image:
            say(f"{platform}: boot without the cold-boot RAM scrub")
            ns, nslog, _ = hosted_run(platform, image, 1, args.timeout, stop_at="boot")
            if "boot" in ns:
                hosted["boot_no_scrub"] = ns["boot"]
            else:
                say(f"{platform}: no-scrub run did not boot:\n" + "\n".join(nslog[-20:]))
        image = pack(platform, f"{arch}-bench-evtchn")
        if image:
            say(f"{platform}: event-channel round trip to an echo domain")
            echo, elog, eok = hosted_run(platform, image, 2, args.timeout, stop_at="evtchn")
            two = boot_two_domains(echo)
            if two:
                hosted["boot_two_domains"] = two
            if "evtchn" in echo:
                hosted["evtchn"] = echo["evtchn"]
            else:
                say(f"{platform}: evtchn run did not finish:\n" + "\n".join(elog[-20:]))
        if not args.no_noisy:
            image = pack(platform, f"{arch}-bench-noisy")
            if image:
                say(f"{platform}: under Bulkhead with a noisy neighbour")
                noisy, nlog, nok = hosted_run(platform, image, 2, args.timeout,
                                              stop_at="irq_latency")
                hok = hok and nok
                if not nok:
                    say(f"{platform}: noisy run did not finish:\n" + "\n".join(nlog[-20:]))
    else:
        notes.append(f"{arch}: the backend does not run guests yet: every Bulkhead column")
    figs = figures_for(bare, hosted, noisy)
    figs["footprint"] = footprint(platform, arch)
    if figs["footprint"] is None:
        notes.append(f"footprint: build-{platform}/hypervisor/bulkhead.elf is not built")
    notes += [
        "hypercall: bare metal has no hypervisor to call",
        "irq_latency_noisy: spinning guest, the neighbour domain on pCPU 1; the bare column "
        "is the quiet bare-metal irq_latency (no neighbour there)",
        "evtchn: bare metal has no second domain",
        "boot_no_scrub: the bench system with bulkhead,boot-scrub = \"off\" (no RAM scrub "
        "at cold boot); bare metal has nothing to scrub",
        "boot_two_domains: the evtchn system (bench guest d1, echo guest d2, pCPUs 0 and 1); "
        "bare metal runs one guest",
    ]
    missing = [f for f, _, _ in ROWS if f in figs and figs[f].get("bulkhead") is None
               and f not in hosted and f not in ("irq_latency_noisy", "sbi_call")]
    if hosted and "done" not in hosted and missing:
        notes.append(f"{' '.join(missing)} under Bulkhead: the run stopped before "
                     "(the guest went quiet for 20 s; see docs/performance.md)")
    for name, raw in sorted(hosted.items()):
        if "n/a" in raw:
            notes.append(f"{name} under Bulkhead: the guest says n/a={raw['n/a']}")
    if "sbi_call" not in figs:
        notes.append("sbi_call: RISC-V only")
    if arch == "x86_64":
        notes.append("mmio_trap on x86-64: COM1 LSR, a port (PIO) read; timer: LAPIC one-shot "
                     "bare (TCG has no TSC deadline), TSC deadline under Bulkhead")
    complete = {"bare": bok, "bulkhead": hok if hosted_available(arch) else None}
    return {"platform": platform, "arch": arch, "figures": figs, "notes": notes,
            "complete": complete, "bare_raw": bare, "bulkhead_raw": hosted,
            "noisy_raw": noisy}, bok and hok


def main():
    ap = argparse.ArgumentParser(prog="./bulkhead bench", description=(
        "Run the benchmark guest bare-metal on QEMU and under Bulkhead (-icount shift=4,"
        "sleep=off), print one line per figure (bare, Bulkhead, ratio) and write "
        "build-P/bench.json. Method: docs/performance.md."))
    ap.add_argument("--platform", action="append",
                    help=f"one of {' '.join(BENCH_PLATFORMS)} (repeatable; default: all)")
    ap.add_argument("--no-build", action="store_true", help="use the existing build-P/")
    ap.add_argument("--no-noisy", action="store_true", help="skip the noisy-neighbour run")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per QEMU run")
    args = ap.parse_args()
    platforms = args.platform or list(BENCH_PLATFORMS)
    ok = True
    for p in platforms:
        if p not in BENCH_PLATFORMS:
            raise SystemExit(f"bench: unknown platform '{p}' (have: {' '.join(BENCH_PLATFORMS)})")
        result, pok = bench_platform(p, args)
        ok = ok and pok
        print_report(p, result["figures"], result["notes"])
        out = os.path.join(ROOT, f"build-{p}", "bench.json")
        if os.path.isdir(os.path.dirname(out)):
            with open(out, "w", encoding="utf-8") as f:
                json.dump(result, f, indent=1, sort_keys=True)
            say(f"wrote {os.path.relpath(out, ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
