#!/usr/bin/env python3
"""Unit tests for tools/trace/trace.py (run: python3 -m unittest tools/trace/test_trace.py).

Tag strings are split ("[" "impl->...") so that the tracer, which also scans
this file, does not take the test data for real tags.
"""

# [utest->dsn~trace-import~1]
# [utest->dsn~trace-defects~1]
# [utest->dsn~trace-report~1]
# [utest->dsn~trace-html~1]

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trace as tracer  # noqa: E402  (the module next to this file, not stdlib trace)

OPEN = "["  # see the module docstring

REQS = """# Product

### Static domains
`req~static-domains~1`

Domains are defined before boot
and never created at run time.

Rationale: no allocation after boot.

Covers:
- `feat~static-partitioning~1`

Needs: dsn

### Partitioning
`feat~static-partitioning~1`

The system partitions a machine.

Needs: req
"""

DSN = """### Domain table
`dsn~domain-table~1`

A static table of domains.

Covers:
* `req~static-domains~1`

Needs:
- impl
- utest
"""


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class TreeTest(unittest.TestCase):
    """Builds a small repository in a temporary directory."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        write(self.root, "reqs/product.md", REQS)
        write(self.root, "reqs/dsn/core.md", DSN)
        write(self.root, "core/domain.c", "/* " + OPEN + "impl->dsn~domain-table~1] */\nint x;\n")
        write(self.root, "tests/unit/core/test_domain.c", "// " + OPEN + "utest->dsn~domain-table~1]\n")

    def tearDown(self):
        self.tmp.cleanup()

    def run_trace(self):
        return tracer.analyse(tracer.load(self.root))

    def messages(self, trace):
        return [m for _, _, m in trace.defects]


class MarkdownImport(unittest.TestCase):
    def test_item_fields(self):
        items = tracer.read_markdown("reqs/product.md", REQS)
        self.assertEqual([str(i.id) for i in items], ["req~static-domains~1", "feat~static-partitioning~1"])
        req = items[0]
        self.assertEqual(req.title, "Static domains")
        self.assertEqual(req.line, 4)
        self.assertEqual(req.description, "Domains are defined before boot and never created at run time.")
        self.assertEqual(req.rationale, "no allocation after boot.")
        self.assertEqual([str(c) for c, _ in req.covers], ["feat~static-partitioning~1"])
        self.assertEqual(req.needs, ["dsn"])

    def test_bulleted_needs_and_star_bullets(self):
        item = tracer.read_markdown("d.md", DSN)[0]
        self.assertEqual(item.needs, ["impl", "utest"])
        self.assertEqual([str(c) for c, _ in item.covers], ["req~static-domains~1"])

    def test_inline_needs_list(self):
        item = tracer.read_markdown("d.md", "`dsn~a~2`\n\nText.\n\nNeeds: impl, utest,itest\n")[0]
        self.assertEqual(item.id, tracer.ItemId("dsn", "a", 2))
        self.assertEqual(item.needs, ["impl", "utest", "itest"])

    def test_indented_example_is_not_an_item(self):
        text = "Example:\n\n    `dsn~example~1`\n\n    Needs: impl\n"
        self.assertEqual(tracer.read_markdown("README.md", text), [])

    def test_heading_ends_item(self):
        text = "`dsn~a~1`\n\nFirst.\n\n## Other section\n\nNot part of a.\n"
        item = tracer.read_markdown("d.md", text)[0]
        self.assertEqual(item.description, "First.")


class TagImport(unittest.TestCase):
    def test_tags_in_one_line(self):
        line = "/* " + OPEN + "impl->dsn~a~1] " + OPEN + "impl->dsn~b.c~3] */"
        items, malformed = tracer.read_tags("x.c", line)
        self.assertEqual([str(i.covers[0][0]) for i in items], ["dsn~a~1", "dsn~b.c~3"])
        self.assertTrue(all(i.is_tag and i.id.type == "impl" for i in items))
        self.assertEqual(malformed, [])

    def test_tag_with_needed_types(self):
        items, _ = tracer.read_tags("x.c", OPEN + "impl->dsn~a~1>>utest, itest]")
        self.assertEqual(items[0].needs, ["utest", "itest"])

    def test_malformed_tag(self):
        items, malformed = tracer.read_tags("x.c", "// " + OPEN + "impl->dsn~missing-revision]\n")
        self.assertEqual(items, [])
        self.assertEqual(malformed[0][:2], ("x.c", 1))

    def test_file_selection(self):
        self.assertTrue(tracer.is_code_file("entry.S"))
        self.assertTrue(tracer.is_code_file("boot.case"))
        self.assertTrue(tracer.is_code_file("meson.build"))
        self.assertFalse(tracer.is_code_file("notes.md"))


class Analysis(TreeTest):
    def test_clean_tree_is_ok(self):
        trace = self.run_trace()
        self.assertEqual(trace.defects, [])
        self.assertEqual(tracer.summary_line(trace), "ok - 5 total")

    def test_missing_coverage(self):
        os.remove(os.path.join(self.root, "tests/unit/core/test_domain.c"))
        trace = self.run_trace()
        self.assertEqual(self.messages(trace), ["dsn~domain-table~1 is not covered by: utest"])
        self.assertEqual(tracer.summary_line(trace), "not ok - 4 total, 1 defects")

    def test_dangling_tag(self):
        write(self.root, "hal/x.c", "// " + OPEN + "impl->dsn~no-such-item~1]\n")
        trace = self.run_trace()
        self.assertEqual(self.messages(trace), ["tag links to dsn~no-such-item~1, which does not exist"])
        self.assertEqual(trace.defects[0][:2], ("hal/x.c", 1))

    def test_dangling_covers(self):
        write(self.root, "reqs/dsn/extra.md", "`dsn~extra~1`\n\nX.\n\nCovers:\n- `req~nowhere~1`\n")
        msgs = self.messages(self.run_trace())
        self.assertIn("dsn~extra~1 links to req~nowhere~1, which does not exist", msgs)

    def test_outdated_and_predated_revisions(self):
        write(self.root, "reqs/dsn/core.md", DSN.replace("domain-table~1", "domain-table~2"))
        msgs = self.messages(self.run_trace())
        self.assertIn("tag links to dsn~domain-table~1, but the item is at revision 2", msgs)
        # Both tags are outdated, so the item itself is uncovered as well.
        self.assertIn("dsn~domain-table~2 is not covered by: impl, utest", msgs)
        write(self.root, "core/new.c", "// " + OPEN + "impl->dsn~domain-table~3]\n")
        msgs = self.messages(self.run_trace())
        self.assertIn("tag links to dsn~domain-table~3, but the item is only at revision 2", msgs)

    def test_duplicate_id(self):
        write(self.root, "reqs/dsn/again.md", "`dsn~domain-table~1`\n\nAgain.\n")
        msgs = self.messages(self.run_trace())
        self.assertEqual(len([m for m in msgs if m.startswith("duplicate id dsn~domain-table~1")]), 1)

    def test_unwanted_coverage(self):
        write(self.root, "tests/qemu/cases/boot.case", "# " + OPEN + "itest->dsn~domain-table~1]\n")
        msgs = self.messages(self.run_trace())
        self.assertEqual(msgs, ["tag links to dsn~domain-table~1, which does not need 'itest'"])

    def test_malformed_tag_is_a_defect(self):
        write(self.root, "sched/x.c", "// " + OPEN + "impl->dsn~domain-table]\n")
        self.assertEqual(len(self.run_trace().defects), 1)

    def test_files_outside_scanned_dirs_are_ignored(self):
        write(self.root, "docs/x.c", "// " + OPEN + "impl->dsn~no-such-item~1]\n")
        write(self.root, "core/notes.txt", "// " + OPEN + "impl->dsn~no-such-item~1]\n")
        self.assertEqual(self.run_trace().defects, [])


class Modules(TreeTest):
    def test_modules_and_untagged_code(self):
        write(self.root, "hal/arm64/entry.S", "// no tag\n")
        write(self.root, "lib/printk.c", "int printk;\n")
        trace = self.run_trace()
        self.assertEqual(tracer.module_summary(self.root, trace),
                         [("core", 1), ("hal/arm64", 0), ("lib", 0)])
        report = tracer.plain_report(trace, modules=tracer.module_summary(self.root, trace))
        self.assertIn("no impl tag (not traced): hal/arm64, lib", report)


class Reports(TreeTest):
    def test_plain_report_last_line(self):
        report = tracer.plain_report(self.run_trace(), verbose=True)
        self.assertTrue(report.endswith("ok - 5 total\n"))
        self.assertIn("dsn~domain-table~1", report)

    def test_html_has_links_both_ways_and_locations(self):
        page = tracer.html_report(self.run_trace())
        self.assertIn('id="item-dsn_domain-table"', page)
        self.assertIn('href="#item-req_static-domains"', page)  # up from dsn, down from feat
        self.assertIn('href="#item-dsn_domain-table"', page)  # down from req
        self.assertIn("core/domain.c:1", page)
        self.assertIn("tests/unit/core/test_domain.c:1", page)

    def test_main_exit_status_and_html_file(self):
        out = os.path.join(self.root, "out.html")
        with open(os.devnull, "w") as null:
            saved, sys.stdout = sys.stdout, null
            try:
                ok = tracer.main(["--root", self.root, "--html", out])
                os.remove(os.path.join(self.root, "core/domain.c"))
                bad = tracer.main(["--root", self.root])
            finally:
                sys.stdout = saved
        self.assertEqual((ok, bad), (0, 1))
        self.assertTrue(os.path.getsize(out) > 0)


class RealTree(unittest.TestCase):
    """The repository's own market level covers the mission (docs/safety.md)."""

    MISSION = ["three-isas", "static-domains", "freedom-from-interference", "vm-communication",
               "scheduling", "real-time", "configuration", "porting", "safety-evidence"]

    def test_market_requirements_cover_the_mission(self):
        root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
        with open(os.path.join(root, "reqs", "market.md"), encoding="utf-8") as f:
            items = tracer.read_markdown("reqs/market.md", f.read())
        names = {i.id.name for i in items if i.id.type == "feat"}
        self.assertEqual(sorted(set(self.MISSION) - names), [])
        for item in items:
            self.assertTrue(item.description and item.rationale and item.needs == ["req"], str(item.id))


if __name__ == "__main__":
    unittest.main()
