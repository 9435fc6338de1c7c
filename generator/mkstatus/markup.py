"""Markdown from incident files to sanitised HTML, rendered once and shared by pages, feeds and API."""

from __future__ import annotations

import bisect
import re

import markdown
import nh3

_EXTENSIONS = ["extra", "sane_lists"]
# nh3's defaults already drop scripts, styles, event handlers, javascript: URLs, iframes, objects and
# forms; these are the extra tags and attributes the Markdown above produces and that are safe to keep.
_TAGS = nh3.ALLOWED_TAGS | {"abbr", "dl", "dt", "dd"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "abbr": {"title"}, "th": {"align", "style"}, "td": {"align", "style"},
               "code": {"class"}, "a": {"href", "title", "hreflang"}}
# Tables write their column alignment as `style="text-align: ..."`; any other property could restyle
# or cover the page, so it is dropped.
_STYLE_PROPERTIES = {"text-align"}
_URL_SCHEMES = {"http", "https", "mailto"}


# python-markdown looks for the end of a link from every '[' and '](' (`LinkInlineProcessor.getText`,
# `getLink`), character by character to the end of the paragraph when there is none: quadratic in
# unclosed brackets (8,000 "[" took over 20 s). At most about half a second of it per file is allowed.
MAX_LINK_SCAN = 2_000_000

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINK_OPENER = re.compile(r"\]\(|\[")


def link_scan_cost(text: str) -> tuple[int, int]:
    """(characters python-markdown's link parser will scan, roughly; openers it finds no end for).

    From each '[' it scans to the matching ']', and from each '](' to the matching ')', up to the
    end of the paragraph. Counting to the next closer instead of the matching one is within a
    factor of two, and cheap: normal text has few brackets, each closed nearby.
    """
    cost = unclosed = 0
    for paragraph in _BLANK_LINE.split(text):
        if "[" not in paragraph:
            continue
        closers = {"[": [m.start() for m in re.finditer(r"\]", paragraph)],
                   "](": [m.start() for m in re.finditer(r"\)", paragraph)]}
        for opener in _LINK_OPENER.finditer(paragraph):
            ends = closers[opener.group()]
            index = bisect.bisect_right(ends, opener.end() - 1)
            if index < len(ends):
                cost += ends[index] - opener.start()
            else:
                cost += len(paragraph) - opener.start()
                unclosed += 1
    return cost, unclosed


# python-markdown's other superlinear paths, each bounded per file to about a second: its raw HTML
# parser rescans from every tag left open ("<a " x 1,000: 0.4 s; x 6,000: 24 s) and slows with many
# tags ("<b>" x 30,000: 9 s), the abbreviations extension tries every definition at every position
# (200: 0.2 s; 2,000: 21 s), and emphasis slows with the number of markers ("*a" x 250,000: minutes).
MAX_OPEN_TAGS = 500
MAX_HTML_TAGS = 5_000
MAX_ABBREVIATIONS = 100
MAX_EMPHASIS_MARKERS = 10_000
_FENCED_CODE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,}).*?^[ \t]{0,3}\1[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)[^`\n]+?\1")
_TAG_OPENER = re.compile(r"<[A-Za-z/!?]")
_OPEN_TAG = re.compile(r"<[A-Za-z/!?][^<>]*(?=<|\Z)")  # no '>' before the next '<'
_ABBREVIATION = re.compile(r"^[ \t]{0,3}\*\[[^\]\n]*\][ \t]*:", re.MULTILINE)
_EMPHASIS = re.compile(r"[*_]")


class RenderBudget:
    """What one file's Markdown may cost python-markdown; `charge` says why a text is over it.

    The counts are of the text outside fenced code and code spans, which python-markdown copies
    without parsing. Limits hold per file, so splitting text into many updates does not help.
    """

    def __init__(self) -> None:
        self.link_scan = MAX_LINK_SCAN
        self.left = {"open tags": MAX_OPEN_TAGS, "tags": MAX_HTML_TAGS, "abbreviations": MAX_ABBREVIATIONS,
                     "emphasis": MAX_EMPHASIS_MARKERS}

    def charge(self, text: str) -> tuple[str, str] | None:
        """(problem, hint) when rendering `text` would exceed what is left, else None (and spend it)."""
        prose = _CODE_SPAN.sub("", _FENCED_CODE.sub("", text))
        used = {"open tags": len(_OPEN_TAG.findall(prose)), "tags": len(_TAG_OPENER.findall(prose)),
                "abbreviations": len(_ABBREVIATION.findall(prose)), "emphasis": len(_EMPHASIS.findall(prose))}
        for kind, count in used.items():
            if count > self.left[kind]:
                return _OVER_BUDGET[kind]
        cost, unclosed = link_scan_cost(text)
        if cost > self.link_scan:
            return (f"too many link brackets to render in time ({unclosed} '[' or '](' without a closing ']' "
                    "or ')' in their paragraph)", "close each '[' with ']' and each '](' with ')', "
                    "or write a bracket meant as text as '\\['")
        self.link_scan -= cost
        for kind, count in used.items():
            self.left[kind] -= count
        return None


_OVER_BUDGET = {
    "open tags": (f"too many '<' without a closing '>' to render in time (a file may hold at most {MAX_OPEN_TAGS})",
                  "write a '<' meant as text as '&lt;', or put markup examples in a ``` code block"),
    "tags": (f"too much raw HTML to render in time (a file may hold at most {MAX_HTML_TAGS:,} tags)",
             "write a '<' meant as text as '&lt;', or put markup examples in a ``` code block"),
    "abbreviations": (f"too many abbreviation definitions '*[...]:' (a file may hold at most {MAX_ABBREVIATIONS})",
                      "define only the abbreviations readers need"),
    "emphasis": (f"too many '*' and '_' to render in time (a file may hold at most {MAX_EMPHASIS_MARKERS:,} "
                 "outside code)", "write a '*' or '_' meant as text as '\\*' or '\\_', or put it in `code`"),
}


class MarkupError(ValueError):
    """The Markdown could not be rendered (python-markdown recurses once per nesting level)."""


# python-markdown recurses once per list or quote level and fails somewhere past 300-500 levels,
# depending on how deep the caller's stack already is. A fixed limit far below that, and far above
# any real text, makes a file render or fail the same way in the CLI, the build and its workers.
MAX_NESTING = 100
_NESTING_MARKERS = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t]|$)[ \t]*)+")


def nesting_depth(text: str) -> int:
    """An upper bound of the list and quote nesting: markers opening a line, plus indentation / 4."""
    deepest = 0
    for line in text.split("\n"):
        opening = _NESTING_MARKERS.match(line)
        if opening is None:
            continue
        prefix = opening.group().expandtabs(4)
        indent = len(prefix) - len(prefix.lstrip(" "))
        markers = len(re.findall(r"[-*+>]|\d{1,9}[.)]", prefix))
        deepest = max(deepest, indent // 4 + markers)
    return deepest


class MarkdownRenderer:
    """Reuses one Markdown instance (building one per body costs more than rendering it) and
    renders each distinct text once: updates repeat stock sentences, and the HTML depends on the
    text alone."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
        self._rendered: dict[str, str] = {}

    def render(self, text: str) -> str:
        html = self._rendered.get(text)
        if html is None:
            html = self._rendered[text] = self._render(text)
        return html

    def _render(self, text: str) -> str:
        if nesting_depth(text) > MAX_NESTING:
            raise MarkupError(f"the Markdown nests lists or quotes more than {MAX_NESTING} levels deep")
        try:
            html = self._md.reset().convert(text)
        except RecursionError:
            # e.g. "- - - - ..." nests one list per marker; a fresh instance avoids half-reset state.
            self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
            raise MarkupError("the Markdown is nested too deeply to render") from None
        return sanitise(html)


def sanitise(html: str) -> str:
    """Keep formatting and links; drop anything that runs code, loads frames or submits data."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener noreferrer nofollow",
                     url_schemes=_URL_SCHEMES, filter_style_properties=_STYLE_PROPERTIES)
