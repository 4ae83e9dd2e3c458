#!/usr/bin/env python3
"""Unit tests for tools/misra/misra_check.py (the policy and deviation logic).

cppcheck itself is exercised once, on a tiny file, to make sure the addon is
installed and its output format is what the parser expects.
"""

# [utest->dsn~misra-check~1]
# [utest->dsn~misra-deviations~1]

import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import misra_check as mc  # noqa: E402

# The marker is split so that this file is not itself read as carrying deviations.
MARK = "misra-" + "deviation:"

POLICY = """# Policy

## Adopted rules

| Rule | Cat. | Checked by | Summary |
|---|---|---|---|
| Dir 4.1 | R | review | Run-time failures minimised |
| 10.4 | R | misra | Same essential type category |
| 11.4 | A | misra | No pointer/integer conversion |
| 5.7 | R | misra | Unique tags |
| 12.3 | A | misra | No comma operator |
| 2.7 | A | misra | No unused parameters |

## Rules not adopted

| Rule | Cat. | Summary | Reason |
|---|---|---|---|
| 15.5 | A | Single exit | Guard clauses. |

## Deviations

| Id | Rule | Scope | Justification |
|---|---|---|---|
| D-0001 | 11.4 | `hal/arm64/*` | Device registers. |
| D-0002 | 10.4 | marked | Checked by hand. |
"""


def finding_line(path, line, rule):
    return "%s:%d:5: style: misra-c2012-%s: misra violation (use --rule-texts=<file> to get proper output)" % (
        path, line, rule)


class PolicyParsing(unittest.TestCase):
    def test_tables(self):
        p = mc.parse_policy(POLICY)
        self.assertEqual(sorted(p.adopted), ["10.4", "11.4", "12.3", "2.7", "5.7"])  # directives are not addon rules
        self.assertEqual(list(p.not_adopted), ["15.5"])
        self.assertEqual(p.deviations["D-0001"].scope, ["hal/arm64/*"])
        self.assertEqual(p.deviations["D-0002"].rule, "10.4")
        self.assertEqual(p.deviations["D-0002"].justification, "Checked by hand.")

    def test_real_policy_adopts_at_least_100_rules(self):
        root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
        with open(os.path.join(root, "docs", "misra.md"), encoding="utf-8") as f:
            text = f.read()
        p = mc.parse_policy(text)
        self.assertGreaterEqual(len(p.adopted), 100)
        stated = re.search(r"That is (\d+) directives and (\d+) rules adopted", text)
        directives = len(re.findall(r"^\| Dir \d+\.\d+ \|", text, re.M))
        self.assertEqual((int(stated.group(1)), int(stated.group(2))), (directives, len(p.adopted)))
        self.assertFalse(set(p.adopted) & set(p.not_adopted))
        for dev in p.deviations.values():
            self.assertIn(dev.rule, p.adopted, dev.id)
            self.assertTrue(dev.justification)


class FindingParsing(unittest.TestCase):
    def test_misra_core_and_tool_findings(self):
        out = "\n".join([
            finding_line("core/a.c", 3, "10.4"),
            "hal/arm64/boot.c:44:9: error: comparePointers: Subtracting pointers that point to different objects",
            "core/b.c:1:0: information: missingIncludeSystem: Include file not found",
            "core/c.c:7:1: error: syntaxError: syntax error",
            "Checking core/a.c ...",
        ])
        fs = mc.parse_findings(out, "/repo")
        self.assertEqual([(f.file, f.line, f.rule, f.status) for f in fs], [
            ("core/a.c", 3, "10.4", "violation"),
            ("hal/arm64/boot.c", 44, "1.3", "violation"),
            ("core/c.c", 7, "syntaxError", "tool-failure"),
        ])


class Classification(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.policy = mc.parse_policy(POLICY)

    def tearDown(self):
        shutil.rmtree(self.root)

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def classify(self, lines, sources):
        return mc.classify(mc.parse_findings("\n".join(lines), self.root), self.policy, self.root, sources)

    def statuses(self, findings):
        return [(f.file, f.line, f.rule, f.status, f.deviation) for f in findings]

    def test_not_adopted_and_path_deviation(self):
        self.write("hal/arm64/mmu.c", "x\n")
        self.write("core/mmu.c", "x\n")
        fs = self.classify([finding_line("hal/arm64/mmu.c", 1, "11.4"), finding_line("core/mmu.c", 1, "11.4"),
                            finding_line("core/mmu.c", 1, "15.5")], [])
        self.assertEqual(self.statuses(fs), [
            ("hal/arm64/mmu.c", 1, "11.4", "deviated", "D-0001"),
            ("core/mmu.c", 1, "11.4", "violation", ""),
            ("core/mmu.c", 1, "15.5", "not-adopted", ""),
        ])

    def test_marked_deviation_same_line_and_comment_block_above(self):
        self.write("core/a.c", "\n".join([
            "int a = x + 1; /* %s D-0002 Rule 10.4 x is small */" % MARK,
            "/*",
            " * %s D-0002 Rule 10.4 bounded by the caller" % MARK,
            " */",
            "int b = y + 1;",
            "",
            "int c = z + 1;",
        ]) + "\n")
        fs = self.classify([finding_line("core/a.c", n, "10.4") for n in (1, 5, 7)], ["core/a.c"])
        self.assertEqual([f.status for f in fs], ["deviated", "deviated", "violation"])

    def test_comment_not_directly_above_does_not_apply(self):
        self.write("core/a.c", "// %s D-0002 Rule 10.4 reason\nint a;\nint b = y + 1;\n" % MARK)
        fs = self.classify([finding_line("core/a.c", 3, "10.4")], ["core/a.c"])
        self.assertEqual([f.status for f in fs], ["violation"])

    def test_bad_deviation_comments_are_violations(self):
        self.write("core/a.c", "\n".join([
            "// %s D-9999 Rule 10.4 unknown id" % MARK,
            "// %s D-0002 Rule 11.4 wrong rule" % MARK,
            "// %s D-0002 Rule 10.4" % MARK,
            "// %s D-0001 Rule 11.4 path-scoped" % MARK,
        ]) + "\n")
        fs = self.classify([], ["core/a.c"])
        self.assertEqual([(f.line, f.status) for f in fs], [(n, "violation") for n in (1, 2, 3, 4)])
        self.assertIn("unknown id D-9999", fs[0].message)
        self.assertIn("gives no reason", fs[2].message)

    def test_wrong_rule_comment_does_not_cover(self):
        self.write("core/a.c", "int a = x + 1; // %s D-0002 Rule 11.4 wrong\n" % MARK)
        fs = self.classify([finding_line("core/a.c", 1, "10.4")], [])
        self.assertEqual([f.status for f in fs], ["violation"])

    def test_unlisted_rule_is_a_violation(self):
        self.write("core/a.c", "x\n")
        fs = self.classify([finding_line("core/a.c", 1, "21.3")], [])
        self.assertEqual(fs[0].status, "violation")
        self.assertIn("not listed", fs[0].message)

    def test_anonymous_tag_false_positive(self):
        self.write("core/a.h", "struct x {\n\tunion {\n\t\tint a;\n\t};\n};\nstruct y {\n};\n"
                   "struct __attribute__((packed)) {\n\tint b;\n} z;\n")
        fs = self.classify([finding_line("core/a.h", n, "5.7") for n in (2, 6, 8)], [])
        self.assertEqual([f.status for f in fs], ["false-positive", "violation", "false-positive"])

    def test_declaration_list_is_not_comma_operator(self):
        self.write("core/a.c", "\n".join([
            "\tunsigned word = port / 32U, bit = port % 32U;",
            "\tx = (a++, b);",
            "\tint y = (a++, b), z;",
        ]) + "\n")
        fs = self.classify([finding_line("core/a.c", n, "12.3") for n in (1, 2, 3)], [])
        self.assertEqual([f.status for f in fs], ["false-positive", "violation", "violation"])

    def test_parameter_used_in_inline_assembly(self):
        self.write("hal/x86_64/io.h", "\n".join([
            "static inline void outb(uint16_t port, uint8_t v)",
            "{",
            '\t__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));',
            "}",
            "static inline void nop(int unused)",
            "{",
            "}",
        ]) + "\n")
        fs = self.classify([finding_line("hal/x86_64/io.h", n, "2.7") for n in (1, 5)], [])
        self.assertEqual([f.status for f in fs], ["false-positive", "violation"])

    def test_report_last_line(self):
        self.write("core/a.c", "x\n")
        self.write("hal/arm64/b.c", "x\n")
        fs = self.classify([finding_line("core/a.c", 1, "10.4"), finding_line("hal/arm64/b.c", 1, "11.4")], [])
        text = mc.report(fs, verbose=True)
        self.assertTrue(text.endswith("misra: 1 violations, 1 deviations\n"))
        self.assertIn("core/a.c: 10.4 x1", text)


class Sources(unittest.TestCase):
    def test_arch_grouping(self):
        self.assertEqual(mc.arch_of("hal/arm64/drivers/pl011.c"), "arm64")
        self.assertIsNone(mc.arch_of("hal/include/hal/cpu.h"))
        self.assertIsNone(mc.arch_of("core/domain.c"))

    def test_host_backend_excluded(self):
        root = tempfile.mkdtemp()
        try:
            for rel in ("hal/host/cpu.c", "hal/arm64/cpu.c", "core/a.c", "core/notes.txt"):
                os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
                open(os.path.join(root, rel), "w").close()
            self.assertEqual(mc.list_sources(root, ["hal", "core"]), ["core/a.c", "hal/arm64/cpu.c"])
        finally:
            shutil.rmtree(root)


@unittest.skipUnless(shutil.which("cppcheck"), "cppcheck not installed")
class CppcheckAddon(unittest.TestCase):
    def test_addon_output_parses(self):
        root = tempfile.mkdtemp()
        try:
            with open(os.path.join(root, "t.c"), "w") as f:
                f.write("unsigned f(unsigned x);\nunsigned f(unsigned x)\n{\n\treturn x + 1;\n}\n")
            out = mc.run_cppcheck(root, ["t.c"], None, os.path.join(root, "work"), 1)
            rules = [f.rule for f in mc.parse_findings(out, root)]
            self.assertIn("10.4", rules)  # 1 is signed, x unsigned
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    unittest.main()
