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
