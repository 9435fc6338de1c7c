"""Malformed and odd incident files, each with the exact outcome it must have.

`ERROR_CASES` must each fail `mkstatus check` and `mkdocs build` alike with the listed
(line, message start) diagnostics on their file; `CLEAN_CASES` must build and show their title
as typed. Big inputs are generated here, not committed.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE = """---
title: {title}
impact: minor
components:
  api: degraded_performance
start: {start}
end: 2025-10-02 11:00 +02:00
---

## Investigating - 2025-10-02 10:05 +02:00

{body}

## Resolved - 2025-10-02 11:00 +02:00

Fixed.
"""
BODY_LINE = 12  # where {body} starts


def incident(title: str = "Login failures", body: str = "We are looking into it.",
             start: str = "2025-10-02 10:00 +02:00", template: str = TEMPLATE) -> str:
    return template.format(title=title, body=body, start=start)


def text(value: str) -> bytes:
    return value.encode("utf-8")


def many_updates(count: int) -> bytes:
    head = incident(body="Start.").split("## Resolved")[0]
    updates = "".join(f"## Update - 2025-10-02 10:{6 + n // 60000:02d}:{(n // 1000) % 60:02d}.{n % 1000:03d} +02:00\n\n"
                      f".\n\n" for n in range(count))
    return text(head + updates + "## Resolved - 2025-10-02 11:00 +02:00\n\nFixed.\n")


@dataclass(frozen=True)
class Case:
    name: str  # also the incident's slug: incidents/2025-10-02-<name>.md unless `path` says otherwise
    content: bytes | None  # None: a symbolic link to `link`
    expected: tuple[tuple[int, str], ...] = ()  # (line, start of the message); empty: a clean page
    path: str = ""
    link: str = ""  # symlink target; "OUTSIDE/<name>" is a file outside the repository
    title: str = "Login failures"  # what a clean page shows as its heading

    @property
    def file(self) -> str:
        return self.path or f"incidents/2025-10-02-{self.name}.md"


NOT_UTF8 = "file is not UTF-8"
ERROR_CASES = [
    # encodings and bytes
    Case("utf16-le", incident().encode("utf-16"), ((1, "file is UTF-16, not UTF-8"),)),
    Case("utf16-be", incident().encode("utf-16-be"), ((1, "file is UTF-16, not UTF-8"),)),
    Case("latin1", incident(title="Kjøretøy").encode("latin-1"), ((2, NOT_UTF8),)),
    Case("nul-in-body", text(incident(body="a\x00b")), ((BODY_LINE, "invisible character U+0000 (NUL)"),)),
    Case("nul-in-title", text(incident(title="a\x00b")), ((2, "YAML error: control character U+0000"),)),
    Case("form-feed", text(incident(body="a\x0cb")), ((BODY_LINE, "invisible character U+000C (form feed)"),)),
    Case("escape", text(incident(body="a\x1b[31mred")), ((BODY_LINE, "invisible character U+001B (escape)"),)),
    Case("vertical-tab", text(incident(body="a\x0bb")), ((BODY_LINE, "invisible character U+000B (vertical tab)"),)),
    Case("delete", text(incident(body="a\x7fb")), ((BODY_LINE, "invisible character U+007F (delete)"),)),
    Case("c1-control", text(incident(body="a\x9bb")), ((BODY_LINE, "invisible character U+009B"),)),
    Case("noncharacter", text(incident(body="a\ufffeb")), ((BODY_LINE, "invisible character U+FFFE"),)),
    Case("noncharacter-fdd0", text(incident(body="a\ufdd0b")), ((BODY_LINE, "invisible character U+FDD0"),)),
    Case("yaml-escape-bell", text(incident(title='"Bell \\a here"')), ((2, "`title` contains U+0007 (bell)"),)),
    Case("yaml-escape-nul", text(incident(title='"NUL \\0 here"')), ((2, "`title` contains U+0000 (NUL)"),)),
    Case("yaml-escape-escape", text(incident(title='"\\e[2J"')), ((2, "`title` contains U+001B (escape)"),)),
    Case("lone-surrogate", text(incident(title='"Half \\ud800 pair"')), ((2, "`title` contains U+D800 (a lone"),)),
    Case("title-with-cr", text(incident(title='"Carriage\\rreturn"')), ((2, "`title` must be one line"),)),
    Case("title-with-line-separator", text(incident(title='"one\\u2028two"')), ((2, "`title` must be one line"),)),
    Case("title-with-nel", text(incident(title='"one\\Ntwo"')), ((2, "`title` must be one line"),)),
    # YAML
    Case("alias-bomb", text(incident().replace("impact: minor", "a: &a [x, x, x, x, x, x, x, x, x]\n"
                                                 "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                                 "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nimpact: minor")),
         ((3, "YAML anchors and aliases are not allowed here ('a')"),)),
    Case("python-object-tag", text(incident(title="!!python/object/apply:os.system [echo pwned]")),
         ((2, "`title` must be text, not ['echo pwned']"),)),  # read as a plain list, never constructed
    Case("merge-key", text(incident().replace("impact: minor", "base: &base {impact: minor}\n<<: *base")),
         ((3, "YAML anchors and aliases are not allowed here ('base')"),)),
    Case("non-string-key", text(incident().replace("impact: minor", "impact: minor\n1: one\n? [a, b]\n: two")),
         ((5, "a mapping key must be a plain value"),)),
    Case("flow-nesting", text(incident().replace("impact: minor", "impact: minor\nx: " + "[" * 200 + "]" * 200)),
         ((4, "YAML syntax error: more than 64 nested [ ] or { } levels"),)),
    Case("tab-indented-yaml", text(incident().replace("  api: degraded", "\tapi: degraded")),
         ((5, "YAML syntax error: found character '\\t' that cannot start any token"),)),
    Case("empty-file", b"", ((1, "file does not start with YAML front-matter"),)),
    Case("front-matter-only", text("---\ntitle: Login failures\nimpact: minor\nstart: 2025-10-02 10:00 +02:00\n---\n"),
         ((6, "no updates"),)),
    Case("no-closing-dashes", text("---\ntitle: Login failures\nimpact: minor\n\n## Investigating - 2025-10-02 "
                                   "10:05 +02:00\n\nText.\n"), ((1, "front-matter is not closed"),)),
    # dates and times
    Case("february-30", text(incident(start="2025-02-30 10:00 +01:00")), ((6, "`start`: '2025-02-30 10:00 +01:00' is "
                                                                          "not a valid date and time"),)),
    Case("hour-24", text(incident(start="2025-10-02 24:00 +02:00")), ((6, "`start`: '2025-10-02 24:00 +02:00' is "
                                                                      "not a valid date and time"),)),
    Case("minute-61", text(incident(start="2025-10-02 25:61 +02:00")), ((6, "`start`: '2025-10-02 25:61 +02:00' is "
                                                                        "not a valid date and time"),)),
    Case("year-1", text(incident(start="0001-01-01 10:00 +00:00")), ((6, "`start`: '0001-01-01 10:00 +00:00' is "
                                                                     "outside the years"),)),
    Case("year-9999", text(incident(start="9999-12-31 23:59 +00:00")), ((6, "`start`: '9999-12-31 23:59 +00:00' is "
                                                                        "outside the years"),)),
    Case("offset-25", text(incident(start="2025-10-02 10:00 +25:00")), ((6, "`start`: '+25:00' is not a valid UTC "
                                                                        "offset"),)),
    Case("no-offset", text(incident(start="2025-10-02 10:00")), ((6, "`start`: timestamp '2025-10-02 10:00' has no "
                                                                 "UTC offset"),)),
    # limits
    Case("ten-megabytes", text(incident(body="x" * 10_000_000)), ((1, "file is larger than 1024 KiB"),)),
    Case("megabyte-title", text(incident(title="T" * 1_000_000)), ((2, "front-matter is larger than 64 KiB"),)),
    Case("title-of-100-kib", text(incident(title="T" * 100_000)), ((2, "front-matter is larger than 64 KiB"),)),
    Case("hundred-thousand-updates", many_updates(100_000), ((1, "file is larger than 1024 KiB"),)),
    Case("abbreviations", text(incident(body="".join(f"*[A{i}]: abbreviation {i}\n" for i in range(10_000)))),
         ((10, "too many abbreviation definitions"),)),
    Case("unclosed-a-tags", text(incident(body="<a " * 30_000)), ((10, "too many '<' without a closing '>'"),)),
    Case("bold-tags", text(incident(body="<b>" * 150_000)), ((10, "too much raw HTML to render in time"),)),
    Case("emphasis-markers", text(incident(body="*a" * 250_000)), ((10, "too many '*' and '_' to render in time"),)),
    Case("unclosed-brackets", text(incident(body="[" * 20_000)), ((10, "too many link brackets"),)),
    Case("deep-lists", text(incident(body="".join("  " * n + "- x\n" for n in range(300)))),
         ((10, "the Markdown nests lists or quotes more than 100 levels deep"),)),
    # the page and the status must agree
    Case("unclosed-fence", text(incident(body="```\ncode")),
         ((BODY_LINE, "code block opened with ``` is never closed"), (7, "`end` is set but no update says Resolved"))),
    Case("heading-without-space", text(incident(body="Text.\n\n##Monitoring - 2025-10-02 10:30 +02:00\n\nMore.")),
         ((BODY_LINE + 2, "heading '##Monitoring - 2025-10-02 10:30 +02:00' has no space after the #"),)),
    Case("setext-heading", text(incident(body="Monitoring - 2025-10-02 10:30 +02:00\n---\n\nMore.")),
         ((BODY_LINE + 1, "'Monitoring - 2025-10-02 10:30 +02:00' underlined with - is a heading"),)),
    Case("setext-heading-equals", text(incident(body="Resolved\n=======")),
         ((BODY_LINE + 1, "'Resolved' underlined with = is a heading"),)),
    # names and paths
    Case("spaces", text(incident()), ((1, "file name '2025-10-02 spaces in name.md' does not fit"),),
         path="incidents/2025-10-02 spaces in name.md"),
    Case("capitals", text(incident()), ((1, "file name '2025-10-02-Capitals.md' does not fit"),),
         path="incidents/2025-10-02-Capitals.md"),
    Case("dots", text(incident()), ((1, "file name '2025-10-02-..md' does not fit"),), path="incidents/2025-10-02-..md"),
    Case("zero-width-name", text(incident()), ((1, "file name '2025-10-02-zero\u200bwidth.md' does not fit"),),
         path="incidents/2025-10-02-zero\u200bwidth.md"),
    Case("look-alike-name", text(incident()), ((1, "file name '2025-10-02-l\u043egin.md' does not fit"),),
         path="incidents/2025-10-02-l\u043egin.md"),
    Case("not-markdown", text(incident()), ((1, "'2025-10-02-notes.txt' is not an incident file"),),
         path="incidents/2025-10-02-notes.txt"),
    Case("impossible-date-name", text(incident()), ((1, "file name '2025-02-30-date.md' starts with '2025-02-30'"),),
         path="incidents/2025-02-30-date.md"),
    Case("look-alike-component", text(incident().replace("  api:", "  \u0430pi:")),
         ((5, "unknown component '\u0430pi'"),)),
    Case("zero-width-component", text(incident().replace("  api:", "  a\u200bpi:")),
         ((5, "unknown component 'a\\u200bpi' (did you mean 'api'?)"),)),
    Case("link-outside", None, ((1, "'2025-10-02-link-outside.md' links to a place outside the repository"),),
         link="OUTSIDE/2025-10-02-secret.md"),
    Case("folder-link-outside", None, ((1, "'shared' links to a place outside the repository"),),
         path="incidents/shared", link="OUTSIDE"),
    Case("folder-link-inside", None, ((1, "'archive' is a link to a folder"),),
         path="incidents/archive", link="elsewhere"),
    Case("broken-link", None, ((1, "'2025-10-02-broken-link.md' is not a regular file"),), link="missing.md"),
]

CLEAN_CASES = [
    Case("bom", b"\xef\xbb\xbf" + text(incident(title="With a byte order mark")), title="With a byte order mark"),
    Case("crlf", text(incident(title="Windows line ends").replace("\n", "\r\n")), title="Windows line ends"),
    Case("cr-only", text(incident(title="Old Mac line ends").replace("\n", "\r")), title="Old Mac line ends"),
    Case("mixed-endings", text(incident(title="Mixed ends").replace("\n\n", "\r\n\n")), title="Mixed ends"),
    Case("tabs-in-body", text(incident(title="Tabs", body="a\tb\n\n\tindented code")), title="Tabs"),
    Case("emoji-rtl", text(incident(title="\U0001f525 \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 "
                                          "\u202eevil\u202c")),
         title="\U0001f525 \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202eevil\u202c"),
    Case("zero-width-title", text(incident(title="Zero\u200bwidth \ufeffjoin")), title="Zero\u200bwidth \ufeffjoin"),
    # Oslo skips 02:00-03:00 on 2025-03-30 and repeats 02:00-03:00 on 2025-10-26: offsets keep both exact.
    Case("dst-gap", text(incident(title="In the gap", start="2025-03-30 02:30 +01:00")), title="In the gap",
         path="incidents/2025-03-30-dst-gap.md"),
    Case("dst-fold", text(incident(title="In the fold", start="2025-10-26 02:30 +02:00").replace(
        "end: 2025-10-02 11:00 +02:00", "end: 2025-10-26 02:20 +01:00").replace(
        "## Investigating - 2025-10-02 10:05 +02:00", "## Investigating - 2025-10-26 02:40 +02:00").replace(
        "## Resolved - 2025-10-02 11:00 +02:00", "## Resolved - 2025-10-26 02:20 +01:00")),
         title="In the fold", path="incidents/2025-10-26-dst-fold.md"),
    Case("folder-named-like-incident", text(incident(title="Inside a folder named .md")),
         title="Inside a folder named .md", path="incidents/2025-10-02-folder.md/2025-10-02-folder-named-like-incident.md"),
    Case("link-inside", None, title="Login failures", link="elsewhere/2025-10-02-original.md"),
    Case("template-syntax", text(incident(title='"{{ 7*7 }} {% raw %}"', body="{{ config }} {% include 'x' %}")),
         title="{{ 7*7 }} {% raw %}"),
    Case("fifteen-thousand-updates", many_updates(15_000), title="Login failures"),
    Case("utc-z", text(incident(title="Late", start="2025-10-02 08:00Z")), title="Late"),
]
