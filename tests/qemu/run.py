#!/usr/bin/env python3
"""Boot Bulkhead under QEMU and check its console, expect-style.

Two modes:
  run.py [--platform P ...] [--case NAME ...] [--list]
      run the cases in tests/qemu/cases/ for each built platform; prints one
      `ok - ...` / `not ok - ...` line per case and ends with
      `qemu: N passed, M failed`.
  run.py --boot --platform P [--smp N] [--timeout S] [--image F]
      boot once with the console passed through (what `./bulkhead run
      --timeout S` uses); exits 0 if the system came up (banner and all
      pCPUs online) before the timeout.

Formats: tests/qemu/README.md.
"""
import argparse
import os
import re
import select
import shlex
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES_DIR = os.path.join(ROOT, "tests", "qemu", "cases")


def read_platform(name):
    """Parse platforms/<name>/qemu.conf (shell-style KEY="value" lines)."""
    path = os.path.join(ROOT, "platforms", name, "qemu.conf")
    conf = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", key):
                raise SystemExit(f"{path}:{lineno}: expected KEY=\"value\"")
            words = shlex.split(value)
            conf[key] = " ".join(words)
    for key in ("ARCH", "QEMU", "QEMU_ARGS"):
        if key not in conf:
            raise SystemExit(f"{path}: missing {key}")
    conf["NAME"] = name
    conf["SUPPORTS"] = set(conf.get("SUPPORTS", "").split())
    conf["MAX_SMP"] = int(conf.get("MAX_SMP", "1"))
    return conf


def all_platforms():
    base = os.path.join(ROOT, "platforms")
    return sorted(d for d in os.listdir(base)
                  if os.path.isfile(os.path.join(base, d, "qemu.conf")))


def build_dir(platform):
    return os.path.join(ROOT, f"build-{platform}")


def default_image(platform):
    return os.path.join(build_dir(platform), "hypervisor", "bulkhead.img")


def qemu_command(conf, smp, image, system=None, extra=()):
    """The QEMU command line: the board's arguments, the hypervisor as the
    kernel, the packed system image (if any) loaded raw at IMAGE_ADDR, then
    a case's extra arguments (last, so they override: QEMU takes the last
    -cpu or -M it is given)."""
    cmd = [conf["QEMU"]] + shlex.split(conf["QEMU_ARGS"])
    cmd += ["-nographic", "-no-reboot", "-smp", str(smp), "-kernel", image]
    if system is not None:
        if "IMAGE_ADDR" not in conf:
            raise SystemExit(f"platform {conf['NAME']}: qemu.conf has no IMAGE_ADDR for system images")
        cmd += ["-device", f"loader,file={system},addr={conf['IMAGE_ADDR']},force-raw=on"]
    return cmd + list(extra)


class Case:
    """One parsed .case file: settings plus an ordered list of steps."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.needs = set()
        self.smp = 1
        self.timeout = 60.0
        self.config = None
        self.qemu_args = []
        self.steps = []      # ("expect", regex) or ("send", text)
        self.rejects = []
        self._parse()

    def _parse(self):
        with open(self.path, encoding="utf-8") as f:
            for lineno, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                key, sep, value = line.partition(":")
                if not sep:
                    raise SystemExit(f"{self.path}:{lineno}: expected 'key: value'")
                self._directive(key.strip(), value.strip(), lineno)
        if not any(kind == "expect" for kind, _ in self.steps):
            raise SystemExit(f"{self.path}: a case needs at least one 'expect:'")

    def _directive(self, key, value, lineno):
        if key == "name":
            self.name = value
        elif key == "needs":
            self.needs = set(value.split())
        elif key == "smp":
            self.smp = int(value)
        elif key == "timeout":
            self.timeout = float(value)
        elif key == "config":
            self.config = value
        elif key == "qemu_args":
            self.qemu_args += shlex.split(value)
        elif key in ("expect", "send"):
            self.steps.append((key, value))
        elif key == "reject":
            self.rejects.append(value)
        else:
            raise SystemExit(f"{self.path}:{lineno}: unknown directive '{key}'")

    def applies_to(self, conf):
        return self.needs <= conf["SUPPORTS"] and self.smp <= conf["MAX_SMP"]


def substitute(text, conf, smp):
    return (text.replace("{platform}", conf["NAME"]).replace("{arch}", conf["ARCH"])
            .replace("{smp}", str(smp)))


def unescape(text):
    return text.encode("utf-8").decode("unicode_escape")


class Console:
    """A QEMU process whose serial console we read line by line."""

    def __init__(self, cmd, log, echo=False):
        self.log = log
        self.echo = echo
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.partial = b""

    def lines(self, deadline):
        """Yield complete console lines until the deadline or QEMU exits."""
        fd = self.proc.stdout.fileno()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return
            self.log.write(chunk)
            if self.echo:
                sys.stdout.buffer.write(chunk)
                sys.stdout.flush()
            self.partial += chunk
            *done, self.partial = self.partial.split(b"\n")
            for line in done:
                yield line.decode("utf-8", "replace").rstrip("\r")

    def send(self, text):
        self.proc.stdin.write(text.encode("utf-8"))
        self.proc.stdin.flush()

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def run_steps(console, steps, rejects, deadline):
    """Walk the steps in order; return None on success or a failure reason."""
    index = send_pending(console, steps, 0)
    for line in console.lines(deadline):
        for pattern in rejects:
            if re.search(pattern, line):
                return f"rejected line: {line!r}"
        if re.search(steps[index][1], line):
            index = send_pending(console, steps, index + 1)
            if index == len(steps):
                return None
    code = console.proc.poll()
    why = "timed out" if code is None else f"QEMU exited with {code}"
    return f"{why} waiting for: {steps[index][1]!r}"


def send_pending(console, steps, index):
    """Type every `send` step from index on; return the next expect's index."""
    while index < len(steps) and steps[index][0] == "send":
        console.send(unescape(steps[index][1]))
        index += 1
    return index


def system_image(platform, config):
    """build-<platform>/images/<config>.img, packed by scripts/bulkhead-pack."""
    return os.path.join(build_dir(platform), "images", f"{config}.img")


def pack(platform, config):
    """Pack configs/<config>.dts (or tests/configs/<config>.dts) for the
    platform; returns None on success or the reason it failed."""
    tool = os.path.join(ROOT, "scripts", "bulkhead-pack")
    if not os.access(tool, os.X_OK):
        return "scripts/bulkhead-pack is missing"
    done = subprocess.run([tool, "--platform", platform, "--config", config],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return None if done.returncode == 0 else f"packing {config} failed: {done.stdout.strip()}"


def run_case(case, conf):
    """Run case once, or twice when the platform sets RETRY_STALLS (see README)."""
    ok, label, why = run_case_once(case, conf)
    if ok or not conf.get("RETRY_STALLS") or "rejected line" in why or "console log" not in why:
        return ok, label, why
    first = os.path.join(build_dir(conf["NAME"]), "qemu-logs", f"{case.name}.log")
    kept = first[:-len(".log")] + ".stalled.log"
    os.replace(first, kept)
    ok, label, again = run_case_once(case, conf)
    note = (f"first attempt: {why.split(' (console log')[0]}; log kept at "
            f"{os.path.relpath(kept, ROOT)}; known open stall: {conf['RETRY_STALLS']}")
    return ok, label, f"passed on retry ({note})" if ok else f"{again}; {note}"


def run_case_once(case, conf):
    platform = conf["NAME"]
    label = f"{case.name} [{platform}]"
    image = default_image(platform)
    if not os.path.isfile(image):
        return False, label, f"hypervisor not built: {image}"
    system = None
    if case.config is not None:
        failure = pack(platform, case.config)
        if failure is not None:
            return False, label, failure
        system = system_image(platform, case.config)
    logdir = os.path.join(build_dir(platform), "qemu-logs")
    os.makedirs(logdir, exist_ok=True)
    logpath = os.path.join(logdir, f"{case.name}.log")
    steps = [(k, substitute(v, conf, case.smp)) for k, v in case.steps]
    rejects = [substitute(r, conf, case.smp) for r in case.rejects]
    with open(logpath, "wb") as log:
        console = Console(qemu_command(conf, case.smp, image, system, case.qemu_args), log)
        try:
            failure = run_steps(console, steps, rejects, time.monotonic() + case.timeout)
        finally:
            console.stop()
    if failure is None:
        os.unlink(logpath)
        return True, label, ""
    return False, label, f"{failure} (console log: {os.path.relpath(logpath, ROOT)})"


def load_cases(names):
    files = sorted(f for f in os.listdir(CASES_DIR) if f.endswith(".case"))
    cases = [Case(os.path.join(CASES_DIR, f)) for f in files]
    if names:
        cases = [c for c in cases if c.name in names]
    return cases


def run_suite(args):
    platforms = args.platform or all_platforms()
    cases = load_cases(args.case)
    passed = failed = 0
    for platform in platforms:
        conf = read_platform(platform)
        for case in cases:
            if not case.applies_to(conf):
                continue
            if args.list:
                print(f"{case.name} [{platform}]")
                continue
            ok, label, why = run_case(case, conf)
            print(f"{'ok' if ok else 'not ok'} - {label}{': ' + why if why else ''}", flush=True)
            passed += ok
            failed += not ok
    if not args.list:
        print(f"qemu: {passed} passed, {failed} failed")
    return 1 if failed else 0


def run_boot(args):
    """Boot once with the console on stdout; report whether it came up."""
    conf = read_platform(args.platform[0])
    image = default_image(conf["NAME"])
    if not os.path.isfile(image):
        raise SystemExit(f"bulkhead: no image at {image}: build it first")
    system = args.system
    banner = re.compile(rf"^Bulkhead \S+ {conf['ARCH']} {re.escape(conf['NAME'])}$")
    online = re.compile(rf"^pCPUs online: {args.smp}/{args.smp}$")
    seen_banner = came_up = False
    with open(os.devnull, "wb") as log:
        console = Console(qemu_command(conf, args.smp, image, system), log, echo=True)
        try:
            for line in console.lines(time.monotonic() + args.timeout):
                seen_banner = seen_banner or bool(banner.search(line))
                came_up = came_up or (seen_banner and bool(online.search(line)))
        finally:
            console.stop()
    status = "came up" if came_up else "did NOT come up"
    print(f"\nbulkhead: {conf['NAME']} {status} ({args.smp} pCPUs, {args.timeout:g} s)")
    return 0 if came_up else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--platform", action="append", help="platform(s) to use")
    parser.add_argument("--case", action="append", help="only these case names")
    parser.add_argument("--list", action="store_true", help="list the cases that apply")
    parser.add_argument("--boot", action="store_true", help="boot once, console on stdout")
    parser.add_argument("--smp", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--system", help="packed system image to load at the board's IMAGE_ADDR")
    args = parser.parse_args()
    if args.boot:
        if not args.platform or len(args.platform) != 1:
            parser.error("--boot needs exactly one --platform")
        return run_boot(args)
    return run_suite(args)


if __name__ == "__main__":
    sys.exit(main())
