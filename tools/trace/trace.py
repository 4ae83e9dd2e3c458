#!/usr/bin/env python3
"""Requirement tracer for Bulkhead (OpenFastTrace-compatible subset).

Design: three passes over plain files, no state kept between runs.
  1. import   - specification items from Markdown under reqs/ (the OFT
                Markdown format) and coverage tags from source and test files
                (OFT long tags: "impl->dsn~name~1" in square brackets);
  2. link     - every "Covers:" entry and every tag becomes a link from the
                covering item to the covered one; each link gets a status
                (ok, dangling, outdated, predated, unwanted);
  3. report   - items whose "Needs:" are not all met by ok links, bad links,
                duplicate ids and malformed tags are defects. The plain report
                ends with "ok - N total" or "not ok - N total, M defects"
                (N counts every item, tag items included, as OFT does).

Python 3 standard library only. Run from anywhere:
    tools/trace/trace.py [--root DIR] [--html OUT] [-v]
"""

# [impl->dsn~trace-import~1]
# [impl->dsn~trace-defects~1]
# [impl->dsn~trace-report~1]
# [impl->dsn~trace-html~1]

import argparse
import html
import os
import re
import sys
from dataclasses import dataclass, field

# Same shapes as OFT's SpecificationItemId.ID_PATTERN.
TYPE_RE = r"[A-Za-z]+"
NAME_RE = r"[A-Za-z][\w-]*(?:\.[\w-]+)*"
ID_RE = r"(" + TYPE_RE + r")~(" + NAME_RE + r")~(\d+)"

# Markdown: an item opens with its id at the start of a line (backticks optional).
MD_ID = re.compile(r"^`?" + ID_RE + r"`?(?:\s.*)?$")
MD_TITLE = re.compile(r"^#+\s*(.*?)\s*#*\s*$")
MD_BULLET_REF = re.compile(r"^\s{0,3}[+*-](?:.*\W)?" + ID_RE + r"(?:\W.*)?$")
MD_NEEDS_INLINE = re.compile(r"^Needs:\s*(\w+(?:\s*,\s*\w+)*)\s*$")
MD_NEEDS_BULLET = re.compile(r"^\s{0,3}[+*-]\s*(\w+)\s*$")
MD_KEYWORD = re.compile(r"^(Description|Rationale|Comment|Covers|Depends|Needs|Tags|Status):\s*(.*)$")

# Source tags: impl->dsn~name~1 in square brackets, optionally followed by
# >>utest,itest (the tag item itself then needs those types).
TAG = re.compile(r"\[\s*(" + TYPE_RE + r")\s*->\s*" + ID_RE + r"\s*(?:>>\s*([A-Za-z,\s]+))?\]")
# Something that starts like a tag but does not parse: a typo to report.
TAG_LIKE = re.compile(r"\[\s*(impl|utest|itest|dsn|req|feat)\s*->[^\]\n]*\]")

REQ_DIRS = ["reqs"]
CODE_DIRS = ["hal", "core", "sched", "vdev", "lib", "tools", "tests", "platforms"]
CODE_SUFFIXES = (".c", ".h", ".S", ".py", ".case", ".sh")
CODE_NAMES = ("meson.build",)
SKIP_DIRS = {".git", "__pycache__", "node_modules"}


@dataclass(frozen=True, order=True)
class ItemId:
    type: str
    name: str
    rev: int

    def __str__(self):
        return "%s~%s~%d" % (self.type, self.name, self.rev)

    @property
    def key(self):
        """Identity without the revision: used for duplicates and lookups."""
        return (self.type, self.name)


@dataclass
class Link:
    source: "Item"
    target_id: ItemId
    file: str
    line: int
    status: str = "ok"  # ok | dangling | outdated | predated | unwanted
    target: "Item" = None


@dataclass
class Item:
    id: ItemId
    file: str
    line: int
    title: str = ""
    description: str = ""
    rationale: str = ""
    needs: list = field(default_factory=list)
    covers: list = field(default_factory=list)  # (ItemId, line)
    is_tag: bool = False
    out_links: list = field(default_factory=list)
    in_links: list = field(default_factory=list)
    defects: list = field(default_factory=list)


@dataclass
class Trace:
    items: list = field(default_factory=list)
    malformed: list = field(default_factory=list)  # (file, line, text)
    defects: list = field(default_factory=list)  # (file, line, message)


def parse_id(match, first_group=1):
    g = first_group
    return ItemId(match.group(g), match.group(g + 1), int(match.group(g + 2)))


class MarkdownReader:
    """Line-by-line state machine mirroring OFT's Markdown importer."""

    def __init__(self, path):
        self.path = path
        self.items = []
        self.item = None
        self.section = None  # description | rationale | comment | covers | depends | needs | tags
        self.last_title = ""
        self.text = {"description": [], "rationale": []}

    def finish_item(self):
        if self.item is not None:
            self.item.description = " ".join(self.text["description"]).strip()
            self.item.rationale = " ".join(self.text["rationale"]).strip()
            self.items.append(self.item)
        self.item = None
        self.section = None
        self.text = {"description": [], "rationale": []}

    def feed(self, lineno, line):
        title = MD_TITLE.match(line)
        if title:
            self.finish_item()
            self.last_title = title.group(1)
            return
        ident = MD_ID.match(line)
        if ident:
            self.finish_item()
            self.item = Item(parse_id(ident), self.path, lineno, title=self.last_title)
            self.last_title = ""
            self.section = "description"
            return
        if self.item is None:
            return
        self.feed_item_line(lineno, line)

    def feed_item_line(self, lineno, line):
        inline_needs = MD_NEEDS_INLINE.match(line)
        if inline_needs:
            self.item.needs += [n.strip() for n in inline_needs.group(1).split(",")]
            self.section = "needs"
            return
        keyword = MD_KEYWORD.match(line)
        if keyword:
            self.section = keyword.group(1).lower()
            rest = keyword.group(2).strip()
            if rest and self.section in self.text:
                self.text[self.section].append(rest)
            return
        if self.section in ("covers", "depends"):
            ref = MD_BULLET_REF.match(line)
            if ref and self.section == "covers":
                self.item.covers.append((parse_id(ref), lineno))
            return
        if self.section == "needs":
            need = MD_NEEDS_BULLET.match(line)
            if need:
                self.item.needs.append(need.group(1))
            return
        if self.section in self.text and line.strip():
            self.text[self.section].append(line.strip())


def read_markdown(path, text):
    reader = MarkdownReader(path)
    for lineno, line in enumerate(text.splitlines(), 1):
        reader.feed(lineno, line.rstrip())
    reader.finish_item()
    return reader.items


def read_tags(path, text):
    """Return (tag items, malformed tags) found in one source file."""
    items, malformed = [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        spans = []
        for count, m in enumerate(TAG.finditer(line)):
            target = parse_id(m, 2)
            name = "%s-%s-%d-%d" % (target.name, os.path.basename(path), lineno, count)
            item = Item(ItemId(m.group(1), name, 0), path, lineno, is_tag=True)
            item.covers.append((target, lineno))
            if m.group(5):
                item.needs = [n.strip() for n in m.group(5).split(",") if n.strip()]
            items.append(item)
            spans.append(m.span())
        for m in TAG_LIKE.finditer(line):
            if not any(a <= m.start() < b for a, b in spans):
                malformed.append((path, lineno, m.group(0)))
    return items, malformed


def walk_files(root, top, accept):
    base = os.path.join(root, top)
    if os.path.isfile(base):
        yield top
        return
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if accept(name):
                yield os.path.relpath(os.path.join(dirpath, name), root)


def is_code_file(name):
    return name.endswith(CODE_SUFFIXES) or name in CODE_NAMES


def load(root, req_dirs=None, code_dirs=None):
    trace = Trace()
    for top in req_dirs or REQ_DIRS:
        for rel in walk_files(root, top, lambda n: n.endswith(".md")):
            with open(os.path.join(root, rel), encoding="utf-8") as f:
                trace.items += read_markdown(rel, f.read())
    for top in code_dirs or CODE_DIRS:
        for rel in walk_files(root, top, is_code_file):
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                items, malformed = read_tags(rel, f.read())
            trace.items += items
            trace.malformed += malformed
    return trace


def link_status(source, target_id, target):
    if target is None:
        return "dangling"
    if target_id.rev < target.id.rev:
        return "outdated"
    if target_id.rev > target.id.rev:
        return "predated"
    if source.id.type not in target.needs:
        return "unwanted"
    return "ok"


LINK_MESSAGES = {
    "dangling": "links to %s, which does not exist",
    "outdated": "links to %s, but the item is at revision %d",
    "predated": "links to %s, but the item is only at revision %d",
    "unwanted": "links to %s, which does not need '%s'",
}


def describe_link(link):
    fmt = LINK_MESSAGES[link.status]
    if link.status in ("outdated", "predated"):
        return fmt % (link.target_id, link.target.id.rev)
    if link.status == "unwanted":
        return fmt % (link.target_id, link.source.id.type)
    return fmt % link.target_id


def add_defect(trace, item, file, line, message):
    if item is not None:
        item.defects.append(message)
    trace.defects.append((file, line, message))


def check_duplicates(trace, by_key):
    for item in trace.items:
        if item.is_tag:
            continue
        first = by_key.setdefault(item.id.key, item)
        if first is not item:
            add_defect(trace, item, item.file, item.line,
                       "duplicate id %s (first defined at %s:%d)" % (item.id, first.file, first.line))


def link_items(trace, by_key):
    for item in trace.items:
        for target_id, line in item.covers:
            target = by_key.get(target_id.key)
            link = Link(item, target_id, item.file, line, target=target)
            link.status = link_status(item, target_id, target)
            item.out_links.append(link)
            if target is not None:
                target.in_links.append(link)
            if link.status != "ok":
                who = "tag" if item.is_tag else str(item.id)
                add_defect(trace, item, item.file, line, "%s %s" % (who, describe_link(link)))


def check_coverage(trace):
    for item in trace.items:
        provided = {l.source.id.type for l in item.in_links if l.status == "ok"}
        missing = [n for n in item.needs if n not in provided]
        if missing:
            add_defect(trace, item, item.file, item.line,
                       "%s is not covered by: %s" % (item.id, ", ".join(missing)))


def analyse(trace):
    """Link items, then fill trace.defects. Returns the trace."""
    by_key = {}
    check_duplicates(trace, by_key)
    link_items(trace, by_key)
    check_coverage(trace)
    for file, line, text in trace.malformed:
        add_defect(trace, None, file, line, "malformed tag %s (expected [type->type~name~rev])" % text)
    trace.defects.sort(key=lambda d: (d[0], d[1], d[2]))
    return trace


def module_of(path):
    """hal/arm64, tools/imgbuild, core...: the unit a reader calls a module."""
    parts = path.split("/")
    if parts[0] in ("hal", "tools", "platforms") and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0]


def module_summary(root, trace):
    """(module, impl tag count) for every module with C or assembly sources."""
    tags = {}
    for item in trace.items:
        if item.is_tag and item.id.type == "impl":
            tags[module_of(item.file)] = tags.get(module_of(item.file), 0) + 1
    modules = set()
    for top in ("hal", "core", "sched", "vdev", "lib", "tools", "platforms"):
        for rel in walk_files(root, top, lambda n: n.endswith((".c", ".S"))):
            modules.add(module_of(rel))
    return [(m, tags.get(m, 0)) for m in sorted(modules)]


def summary_line(trace):
    total = len(trace.items)
    if trace.defects:
        return "not ok - %d total, %d defects" % (total, len(trace.defects))
    return "ok - %d total" % total


def plain_report(trace, verbose=False, modules=None):
    lines = []
    if modules:
        lines.append("impl tags per module: " + ", ".join("%s %d" % m for m in modules))
        untagged = [m for m, n in modules if n == 0]
        if untagged:
            lines.append("modules with code but no impl tag (not traced): " + ", ".join(untagged))
    specs = [i for i in trace.items if not i.is_tag]
    counts = {}
    for item in trace.items:
        counts[item.id.type] = counts.get(item.id.type, 0) + 1
    lines.append("items: " + ", ".join("%s %d" % (t, counts[t]) for t in sorted(counts)))
    if verbose:
        for item in sorted(specs, key=lambda i: i.id):
            state = "ok" if not item.defects else "DEFECT"
            lines.append("  %-6s %s (%s:%d)" % (state, item.id, item.file, item.line))
    for file, line, message in trace.defects:
        lines.append("%s:%d: %s" % (file, line, message))
    clean = sum(1 for i in trace.items if not i.defects)
    lines.append("items without defects: %d of %d" % (clean, len(trace.items)))
    lines.append(summary_line(trace))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML report

HTML_STYLE = """
body{font-family:sans-serif;margin:2em;max-width:70em}
.item{border:1px solid #ccc;margin:1em 0;padding:.5em 1em;border-radius:4px}
.defect{border-color:#c00;background:#fff4f4} .ok{color:#070} .bad{color:#c00}
code{background:#f4f4f4} h2{margin:.2em 0;font-size:1.1em} td,th{padding:0 .6em;text-align:left}
"""


LEVEL_ORDER = {"feat": 0, "req": 1, "dsn": 2}


def document_order(item):
    """Market, product, design first; then by file and line, as written."""
    return (LEVEL_ORDER.get(item.id.type, 3), item.id.type, item.file, item.line)


def text_html(text):
    """Escape text; Markdown code spans become <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def anchor(item_id):
    return "item-" + re.sub(r"[^\w-]", "_", "%s~%s" % item_id.key)


def html_link(link, direction):
    other = link.target if direction == "up" else link.source
    shown = link.target_id if direction == "up" else other.id
    css = "ok" if link.status == "ok" else "bad"
    if other is not None and not other.is_tag:
        text = '<a href="#%s"><code>%s</code></a>' % (anchor(other.id), html.escape(str(shown)))
    elif other is not None:
        text = "<code>%s</code> at %s:%d" % (html.escape(other.id.type), html.escape(other.file), other.line)
    else:
        text = "<code>%s</code>" % html.escape(str(shown))
    return '<li>%s <span class="%s">[%s]</span></li>' % (text, css, link.status)


def html_item(item):
    parts = ['<div class="item %s" id="%s">' % ("defect" if item.defects else "", anchor(item.id))]
    parts.append("<h2>%s <code>%s</code></h2>" % (html.escape(item.title), html.escape(str(item.id))))
    parts.append("<p><small>%s:%d</small></p>" % (html.escape(item.file), item.line))
    if item.description:
        parts.append("<p>%s</p>" % text_html(item.description))
    if item.rationale:
        parts.append("<p><i>Rationale:</i> %s</p>" % text_html(item.rationale))
    parts.append("<p>Needs: %s</p>" % html.escape(", ".join(item.needs) or "-"))
    if item.out_links:
        parts.append("<p>Covers (up):</p><ul>%s</ul>" % "".join(html_link(l, "up") for l in item.out_links))
    specs_down = [l for l in item.in_links if not l.source.is_tag]
    tags_down = [l for l in item.in_links if l.source.is_tag]
    if specs_down:
        parts.append("<p>Covered by (down):</p><ul>%s</ul>" % "".join(html_link(l, "down") for l in specs_down))
    if tags_down:
        parts.append("<p>Code and tests:</p><ul>%s</ul>" % "".join(html_link(l, "down") for l in tags_down))
    for defect in item.defects:
        parts.append('<p class="bad">defect: %s</p>' % html.escape(defect))
    parts.append("</div>")
    return "\n".join(parts)


def html_report(trace):
    specs = sorted((i for i in trace.items if not i.is_tag), key=document_order)
    rows = []
    for level in sorted({i.id.type for i in specs}, key=lambda t: (LEVEL_ORDER.get(t, 3), t)):
        of_level = [i for i in specs if i.id.type == level]
        bad = sum(1 for i in of_level if i.defects)
        rows.append("<tr><td>%s</td><td>%d</td><td>%d</td></tr>" % (html.escape(level), len(of_level), bad))
    defects = "".join("<li>%s:%d: %s</li>" % (html.escape(f), l, html.escape(m)) for f, l, m in trace.defects)
    body = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bulkhead trace</title>",
        "<style>%s</style></head><body>" % HTML_STYLE,
        "<h1>Bulkhead requirement trace</h1>",
        "<p><b>%s</b></p>" % html.escape(summary_line(trace)),
        "<table><tr><th>type</th><th>items</th><th>with defects</th></tr>%s</table>" % "".join(rows),
        "<h2>Defects</h2><ul>%s</ul>" % (defects or "<li>none</li>"),
    ]
    body += [html_item(i) for i in specs]
    body.append("</body></html>")
    return "\n".join(body) + "\n"


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Trace requirements (reqs/) to code and tests.")
    parser.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")),
                        help="repository root (default: this checkout)")
    parser.add_argument("--html", metavar="OUT", help="also write an HTML report to OUT")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every item with its state")
    args = parser.parse_args(argv)
    trace = analyse(load(args.root))
    sys.stdout.write(plain_report(trace, args.verbose, module_summary(args.root, trace)))
    if args.html:
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(html_report(trace))
    return 1 if trace.defects else 0


if __name__ == "__main__":
    sys.exit(main())
