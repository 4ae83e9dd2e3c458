#!/usr/bin/env python3
"""MISRA C:2012 check for the hypervisor sources, with deviations resolved.

Design: cppcheck's MISRA addon (Debian's cppcheck) finds candidate
violations; this script decides which of them count.
  - docs/misra.md is the single source of truth: its tables list the adopted
    rules, the rules not adopted (their findings are dropped) and the
    deviations (id, rule, scope, justification).
  - A deviation with scope "marked" applies only where the code carries
    a comment "misra-deviation: D-NNNN Rule X.Y <reason>" on the offending
    line or in the comment block directly above it. A deviation whose scope is
    a list of path patterns applies to every finding of its rule in those
    files.
  - A deviation comment naming an unknown id, or a rule other than its
    deviation's, or without a reason, is itself a violation.
  - A finding of a rule the document does not mention counts as a violation:
    every rule must be decided on.
cppcheck's own error findings (undefined behaviour it can prove) count as
Rule 1.3. The last line is "misra: N violations, M deviations"; the exit
status is non-zero when N > 0 or cppcheck could not analyse a file.

    tools/misra/misra_check.py [--root DIR] [--jobs N] [-v] [paths...]
"""

# [impl->dsn~misra-check~1]
# [impl->dsn~misra-deviations~1]

import argparse
import fnmatch
import glob
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

CHECKED_DIRS = ["core", "sched", "vdev", "lib", "hal"]
# The host backend simulates hardware for unit tests on Linux; it is never
# part of a hypervisor image, so it is not held to the standard.
EXCLUDED_DIRS = ["hal/host"]
ARCHES = ["arm64", "x86_64", "riscv64"]
COMMON_DEFINES = ["-DHAL_MAX_CPUS=8U", '-DBH_VERSION="0.0.0"', '-DBH_PLATFORM="misra"']

# cppcheck findings that say something about the tool run, not the code.
TOOL_NOISE = {"missingInclude", "missingIncludeSystem", "unmatchedSuppression", "checkersReport",
              "toomanyconfigs", "normalCheckLevelMaxBranches", "noValidConfiguration"}
TOOL_FAILURES = {"syntaxError", "internalAstError", "internalError", "preprocessorErrorDirective",
                 "cppcheckError", "unknownMacro", "misra-config"}

FINDING = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+): (?P<id>[\w.-]+): (?P<msg>.*)$")
DEVIATION_COMMENT = re.compile(r"misra-deviation:\s*(?P<id>\S+)(?:\s+Rule\s+(?P<rule>[\d.]+))?(?P<reason>.*)")
DOC_ROW = re.compile(r"^\|\s*(?P<cells>.*?)\s*\|\s*$")
RULE_NUMBER = re.compile(r"^(?:Rule\s+)?(\d+\.\d+)$")
# Known false positives of cppcheck 2.10's addon (documented in docs/misra.md).
ANONYMOUS_TAG = re.compile(r"\b(struct|union|enum)\s*(?:__attribute__\s*\(\(.*\)\)\s*)?\{")
DECLARATION_START = re.compile(
    r"^\s*(?:(?:static|const|volatile|register)\s+)*"
    r"(?:unsigned|signed|int|long|short|char|bool|_Bool|(?:struct|union|enum)\s+\w+|[A-Za-z_]\w*_t)\b")
ASM = re.compile(r"\b(?:__asm__|asm)\b")


def function_body(lines, first):
    """Lines from a function's definition line to its closing brace in column 0."""
    body = []
    for text in lines[first - 1:]:
        body.append(text)
        if text.startswith("}"):
            break
    return body


def is_false_positive(finding, lines):
    """Findings the addon gets wrong, recognised from the source line."""
    if not 0 < finding.line <= len(lines):
        return False
    text = lines[finding.line - 1]
    if finding.rule == "5.7":  # every anonymous tag looks alike to the addon
        return bool(ANONYMOUS_TAG.search(text))
    if finding.rule == "12.3":  # a declaration of several objects is not the comma operator
        head = text.split(",", 1)[0]
        return "," in text and "(" not in head and bool(DECLARATION_START.match(text))
    if finding.rule == "2.7":  # the addon does not see parameters used as inline-assembly operands
        return any(ASM.search(t) for t in function_body(lines, finding.line))
    return False


@dataclass
class Deviation:
    id: str
    rule: str
    scope: list  # ["marked"] or path patterns
    justification: str


@dataclass
class Policy:
    adopted: dict = field(default_factory=dict)  # rule -> title
    not_adopted: dict = field(default_factory=dict)  # rule -> reason
    deviations: dict = field(default_factory=dict)  # id -> Deviation


@dataclass
class Finding:
    file: str
    line: int
    rule: str  # "10.4", or a tool id for tool failures
    message: str = ""
    status: str = "violation"  # violation | deviated | not-adopted | false-positive | tool-failure
    deviation: str = ""


def table_rows(lines, heading):
    """Cells of the Markdown table rows under the '## heading' section."""
    rows, inside = [], False
    for line in lines:
        if line.startswith("## "):
            inside = line[3:].strip().lower().startswith(heading)
            continue
        m = DOC_ROW.match(line.strip()) if inside else None
        if m and not set(m.group("cells")) <= set("-|: "):
            rows.append([c.strip() for c in m.group("cells").split("|")])
    return rows


def parse_policy(text):
    lines = text.splitlines()
    policy = Policy()
    for cells in table_rows(lines, "adopted rules"):
        m = RULE_NUMBER.match(cells[0])
        if m:
            policy.adopted[m.group(1)] = cells[-1]
    for cells in table_rows(lines, "rules not adopted"):
        m = RULE_NUMBER.match(cells[0])
        if m:
            policy.not_adopted[m.group(1)] = cells[-1]
    for cells in table_rows(lines, "deviations"):
        if len(cells) >= 4 and re.match(r"^D-\d{4}$", cells[0]):
            rule = RULE_NUMBER.match(cells[1].replace("Rule", "").strip())
            scope = [s.strip().strip("`") for s in cells[2].split(",") if s.strip()]
            policy.deviations[cells[0]] = Deviation(cells[0], rule.group(1) if rule else cells[1],
                                                    scope, cells[3])
    return policy


def parse_findings(output, root):
    findings = []
    for line in output.splitlines():
        m = FINDING.match(line.strip())
        if not m or m.group("id") in TOOL_NOISE:
            continue
        path = os.path.relpath(os.path.join(root, m.group("file")), root)
        ident = m.group("id")
        f = Finding(path, int(m.group("line")), "", m.group("msg"))
        if ident.startswith("misra-c2012-"):
            f.rule = ident[len("misra-c2012-"):]
        elif ident in TOOL_FAILURES:
            f.rule, f.status = ident, "tool-failure"
        else:
            f.rule, f.message = "1.3", "cppcheck %s: %s" % (ident, m.group("msg"))
        findings.append(f)
    return findings


def is_comment_line(text):
    s = text.strip()
    return s.startswith(("/*", "*", "//")) or s.endswith("*/")


def comment_lines_for(lines, lineno):
    """The finding's own line plus the comment block directly above it."""
    picked = [lineno]
    n = lineno - 1
    while n >= 1 and is_comment_line(lines[n - 1]):
        picked.append(n)
        n -= 1
    return picked


def deviation_comments(lines):
    """{line number: (id, rule, reason)} for every deviation comment in a file."""
    found = {}
    for n, text in enumerate(lines, 1):
        m = DEVIATION_COMMENT.search(text)
        if m:
            reason = m.group("reason").replace("*/", "").strip()
            found[n] = (m.group("id"), m.group("rule") or "", reason)
    return found


def check_deviation_comments(path, comments, policy):
    """Violations for malformed deviation comments in one file."""
    bad = []
    for n, (dev_id, rule, reason) in sorted(comments.items()):
        dev = policy.deviations.get(dev_id)
        if dev is None:
            bad.append(Finding(path, n, "deviation", "deviation comment names unknown id %s" % dev_id))
        elif rule != dev.rule:
            bad.append(Finding(path, n, "deviation", "%s is for Rule %s, comment says Rule %s"
                               % (dev_id, dev.rule, rule or "?")))
        elif not reason:
            bad.append(Finding(path, n, "deviation", "deviation comment %s gives no reason" % dev_id))
        elif "marked" not in dev.scope:
            bad.append(Finding(path, n, "deviation", "%s applies by path, not by comment" % dev_id))
    return bad


def path_deviation(policy, finding):
    for dev in policy.deviations.values():
        if dev.rule == finding.rule and any(fnmatch.fnmatch(finding.file, p) for p in dev.scope):
            return dev.id
    return ""


def marked_deviation(policy, finding, lines, comments):
    for n in comment_lines_for(lines, finding.line):
        entry = comments.get(n)
        if entry is None:
            continue
        dev = policy.deviations.get(entry[0])
        if dev and dev.rule == finding.rule and entry[1] == dev.rule and entry[2] and "marked" in dev.scope:
            return dev.id
    return ""


def read_lines(root, path, cache):
    if path not in cache:
        try:
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
                cache[path] = f.read().splitlines()
        except OSError:
            cache[path] = []
    return cache[path]


def classify(findings, policy, root, sources):
    """Set each finding's status; add violations for bad deviation comments."""
    cache, result = {}, []
    for f in findings:
        if f.status == "tool-failure":
            result.append(f)
            continue
        lines = read_lines(root, f.file, cache)
        if f.rule in policy.not_adopted:
            f.status = "not-adopted"
        elif is_false_positive(f, lines):
            f.status = "false-positive"
        else:
            f.deviation = path_deviation(policy, f) or marked_deviation(
                policy, f, lines, deviation_comments(lines))
            f.status = "deviated" if f.deviation else "violation"
            if not f.deviation and f.rule not in policy.adopted:
                f.message = (f.message + " (rule not listed in docs/misra.md)").strip()
        result.append(f)
    for path in sources:
        lines = read_lines(root, path, cache)
        result += check_deviation_comments(path, deviation_comments(lines), policy)
    return dedupe(result)


def dedupe(findings):
    seen, out = set(), []
    for f in findings:
        key = (f.file, f.line, f.rule, f.status)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# ------------------------------------------------------------ running cppcheck

def list_sources(root, paths):
    files = []
    for top in paths:
        base = os.path.join(root, top)
        if os.path.isfile(base):
            files.append(top)
            continue
        for dirpath, dirnames, names in os.walk(base):
            rel = os.path.relpath(dirpath, root)
            dirnames[:] = sorted(d for d in dirnames if os.path.join(rel, d) not in EXCLUDED_DIRS)
            files += [os.path.join(rel, n) for n in sorted(names) if n.endswith((".c", ".h"))]
    return sorted(set(f for f in files if not any(f.startswith(e + "/") for e in EXCLUDED_DIRS)))


def arch_of(path):
    parts = path.split("/")
    if parts[0] == "hal" and len(parts) > 2 and parts[1] in ARCHES:
        return parts[1]
    return None


def plat_config_shim(root, arch, shim_dir):
    """Write plat_config.h from the first board of this arch (its plat_conf.set lines)."""
    lines = ["/* Generated by tools/misra for analysis only. */"]
    for build in sorted(glob.glob(os.path.join(root, "platforms", "*", "meson.build"))):
        with open(build, encoding="utf-8") as f:
            text = f.read()
        if re.search(r"plat_arch\s*=\s*'%s'" % arch, text):
            for key, value in re.findall(r"plat_conf\.set\('(\w+)',\s*'?([^')]+)'?\)", text):
                lines.append("#define %s %s" % (key, value))
            break
    os.makedirs(shim_dir, exist_ok=True)
    with open(os.path.join(shim_dir, "plat_config.h"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def include_dirs(root, arch):
    dirs = ["hal/include", "lib/include", "core/include", "sched/include", "vdev/include", "sched", "vdev"]
    if arch:
        dirs += ["hal/%s/include" % arch, "hal/%s" % arch]
        dirs += sorted(os.path.relpath(d, root) for d in glob.glob(os.path.join(root, "hal", arch, "*", "include")))
    return [d for d in dirs if os.path.isdir(os.path.join(root, d))]


def run_cppcheck(root, files, arch, work, jobs):
    shim = os.path.join(work, "shim-%s" % (arch or "common"))
    plat_config_shim(root, arch or "none", shim)
    build_dir = os.path.join(work, "build-%s" % (arch or "common"))
    os.makedirs(build_dir, exist_ok=True)
    # No --inline-suppr: only deviations recorded in docs/misra.md may silence a finding.
    cmd = ["cppcheck", "--addon=misra", "--std=c11", "--language=c", "--platform=unix64", "--quiet",
           "-j", str(jobs), "--cppcheck-build-dir=" + build_dir,
           "--template={file}:{line}:{column}: {severity}: {id}: {message}"]
    cmd += COMMON_DEFINES + ["-I" + d for d in include_dirs(root, arch)] + ["-I" + shim]
    cmd += [f for f in files if f.endswith(".c")]
    proc = subprocess.run(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.stdout


def work_dir(root):
    tag = hashlib.sha1(os.path.abspath(root).encode()).hexdigest()[:10]
    return os.path.join(tempfile.gettempdir(), "bulkhead-misra-" + tag)


# ------------------------------------------------------------------ reporting

def report(findings, verbose, sources=()):
    out = []
    bad = [f for f in findings if f.status in ("violation", "tool-failure")]
    deviated = [f for f in findings if f.status == "deviated"]
    for f in sorted(bad, key=lambda f: (f.file, f.line)):
        label = "Rule " + f.rule if f.status == "violation" and f.rule != "deviation" else f.rule
        out.append("%s:%d: %s %s" % (f.file, f.line, label, f.message if "misra violation" not in f.message else ""))
    if verbose:
        for f in sorted(deviated, key=lambda f: (f.file, f.line)):
            out.append("%s:%d: Rule %s deviated (%s)" % (f.file, f.line, f.rule, f.deviation))
    out += top_rules_per_file(bad)
    ignored = sum(1 for f in findings if f.status == "not-adopted")
    false_pos = sum(1 for f in findings if f.status == "false-positive")
    out.append("misra: ignored %d findings of rules not adopted, %d known checker false positives"
               % (ignored, false_pos))
    if sources:
        dirty = {f.file for f in bad}
        out.append("misra: %d files checked, %d without violations" % (len(sources), len(set(sources) - dirty)))
    out.append("misra: %d violations, %d deviations" % (len(bad), len(deviated)))
    return "\n".join(line.rstrip() for line in out) + "\n"


def top_rules_per_file(bad):
    per_file = {}
    for f in bad:
        per_file.setdefault(f.file, {}).setdefault(f.rule, 0)
        per_file[f.file][f.rule] += 1
    lines = ["", "violations per file (top rules):"] if per_file else []
    for path in sorted(per_file, key=lambda p: -sum(per_file[p].values())):
        rules = sorted(per_file[path].items(), key=lambda kv: -kv[1])[:5]
        lines.append("  %4d %s: %s" % (sum(per_file[path].values()), path,
                                        ", ".join("%s x%d" % kv for kv in rules)))
    return lines


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="MISRA C:2012 check with documented deviations.")
    parser.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")))
    parser.add_argument("--policy", default="docs/misra.md", help="rules and deviations (default docs/misra.md)")
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("-v", "--verbose", action="store_true", help="also list deviated findings")
    parser.add_argument("paths", nargs="*", help="files or folders (default: %s)" % " ".join(CHECKED_DIRS))
    args = parser.parse_args(argv)
    root = args.root
    with open(os.path.join(root, args.policy), encoding="utf-8") as f:
        policy = parse_policy(f.read())
    sources = list_sources(root, args.paths or CHECKED_DIRS)
    groups = {}
    for path in sources:
        groups.setdefault(arch_of(path), []).append(path)
    output = ""
    for arch, files in sorted(groups.items(), key=lambda kv: kv[0] or ""):
        if any(f.endswith(".c") for f in files):
            output += run_cppcheck(root, files, arch, work_dir(root), args.jobs)
    findings = classify(parse_findings(output, root), policy, root, sources)
    sys.stdout.write(report(findings, args.verbose, sources))
    return 1 if any(f.status in ("violation", "tool-failure") for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
