"""Markdown from incident files to sanitised HTML, rendered once and shared by pages, feeds and API."""

from __future__ import annotations

import bisect
import html as html_text
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import markdown
import nh3

from .. import __version__
from . import diskcache
from .model import ZONE_UTC

_EXTENSIONS = ["extra", "sane_lists"]
_OUTPUT_FORMAT = "html"
# What python-markdown's output depends on besides the text; a cached render is used only under the
# same key. Bump RENDER_FORMAT when MkStatus renders differently in a way these do not show.
RENDER_FORMAT = "1"
_RENDER_SETTINGS = (RENDER_FORMAT, __version__, markdown.__version__, repr(_EXTENSIONS), _OUTPUT_FORMAT)
# nh3's defaults already drop scripts, styles, event handlers, javascript: URLs, iframes, objects and
# forms; these are the extra tags and attributes the Markdown above produces and that are safe to keep.
_TAGS = nh3.ALLOWED_TAGS | {"abbr", "dl", "dt", "dd"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "abbr": {"title"}, "th": {"align", "style"}, "td": {"align", "style"},
               "code": {"class"}, "a": {"href", "title", "hreflang"},
               "sup": {"id"}, "li": {"id"}}  # footnotes: only ids of their own form survive (_keep_attribute)
# python-markdown's footnote ids: "fnref:1" on the reference, "fn:1" on the note ("fnref2:1" when reused).
_FOOTNOTE_ID = re.compile(r"^fn(?:ref\d*)?:[A-Za-z0-9_-]{1,64}$")
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
    text alone.

    python-markdown's output is also kept on disk (`cache_dir`, by default diskcache's "markdown"
    folder), keyed by the text and _RENDER_SETTINGS: a build renders only new and edited bodies.
    What comes from the disk is sanitised like a fresh render, so a planted file cannot add markup.
    The Markdown instance is made at the first render the disk does not hold (finding its extensions
    scans every installed package's entry points): a build of unchanged files makes none.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._md: markdown.Markdown | None = None
        self._rendered: dict[str, str] = {}
        self._cache = cache_dir or diskcache.cache_folder("markdown")

    def render(self, text: str) -> str:
        html = self._rendered.get(text)
        if html is None:
            html = self._rendered[text] = self._render(text)
        return html

    def _render(self, text: str) -> str:
        if nesting_depth(text) > MAX_NESTING:
            raise MarkupError(f"the Markdown nests lists or quotes more than {MAX_NESTING} levels deep")
        key = diskcache.key_for(*_RENDER_SETTINGS, text)
        html = diskcache.read_text(self._cache, key)
        if html is None:
            html = self._convert(text)
            diskcache.write_text(self._cache, key, html)
        return sanitise(html)

    def _convert(self, text: str) -> str:
        if self._md is None:
            self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format=_OUTPUT_FORMAT)
        try:
            return self._md.reset().convert(text)
        except RecursionError:
            self._md = None  # e.g. "- - - - ..." nests one list per marker; a fresh instance avoids half-reset state
            raise MarkupError("the Markdown is nested too deeply to render") from None


def sanitise(html: str) -> str:
    """Keep formatting and links; drop anything that runs code, loads frames or submits data."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener noreferrer nofollow",
                     url_schemes=_URL_SCHEMES, filter_style_properties=_STYLE_PROPERTIES,
                     attribute_filter=_keep_attribute)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """An id only as a footnote's (scoped per update by scope_footnotes, so it cannot clash with the
    page's own ids); every other attribute as the allow-list says."""
    if attribute == "id":
        return value if _FOOTNOTE_ID.match(value) else None
    return value


# --- rules for links, images and footnotes in sanitised bodies ------------------------------------
# These read nh3's output, which writes every attribute as name="value" with `"` and `&` escaped
# (`<` and `>` may stay raw inside values) and every `<` of text as `&lt;`; so a tag is found by
# reading its quoted values whole, and only attributes of tags are touched, never text.

_TAG = re.compile(r'<[a-zA-Z][a-zA-Z0-9]*(?:\s+[^\s"=<>/]+(?:="[^"]*")?)*\s*/?>')
_ATTRIBUTE = re.compile(r'(\s)([^\s"=<>/]+)="([^"]*)"')


def _attributes(tag: str) -> dict[str, str]:
    return {name: html_text.unescape(value) for _, name, value in _ATTRIBUTE.findall(tag)}


def _edit_attributes(html: str, edit) -> str:
    """`edit(tag name, attribute, value)` -> new value (unescaped), applied to every tag's attributes."""
    def one_tag(match: re.Match) -> str:
        name = re.match(r"<([a-zA-Z0-9]+)", match[0])[1].lower()
        return _ATTRIBUTE.sub(lambda a: f'{a[1]}{a[2]}="{html_text.escape(edit(name, a[2], html_text.unescape(a[3])))}"',
                              match[0])
    return _TAG.sub(one_tag, html)


def update_anchor(at: datetime) -> str:
    """Fragment id of an update on its incident page, stable for the update's time; the footnote
    ids in its body start with it (scope_footnotes), so they are unique on a page of many updates.

    Whole minutes give "update-20250904T1433Z"; seconds and milliseconds are added only when
    written, so imported updates posted within one minute keep distinct anchors.
    """
    utc = at.astimezone(ZONE_UTC)
    stamp = utc.strftime("%Y%m%dT%H%M")
    if utc.second or utc.microsecond:
        stamp += utc.strftime("%S")
    if utc.microsecond:
        stamp += f".{utc.microsecond // 1000:03d}"
    return f"update-{stamp}Z"


def scope_footnotes(html: str, scope: str) -> str:
    """Footnote ids and links as `<scope>-fn:1`: an incident page shows several updates, each
    with its own footnote 1."""
    def edit(tag: str, attribute: str, value: str) -> str:
        if attribute == "id" and _FOOTNOTE_ID.match(value):
            return f"{scope}-{value}"
        if attribute == "href" and value.startswith("#") and _FOOTNOTE_ID.match(value[1:]):
            return f"#{scope}-{value[1:]}"
        return value
    return _edit_attributes(html, edit)


def absolute_urls(html: str, base_url: str) -> str:
    """Relative links and images resolved against `base_url` (the incident page's address), so they
    work where the body is shown elsewhere: the home page and feed readers."""
    def edit(tag: str, attribute: str, value: str) -> str:
        return urljoin(base_url, value) if attribute in ("href", "src") else value
    return _edit_attributes(html, edit)


def foreign_images_as_links(html: str, allowed_hosts: tuple[str, ...], own_host: str = "") -> str:
    """An image from another host becomes a link to it, so no page makes a request to a third party
    (which would learn who reads the status page, and break the page when it is down) unless the site
    allows that host; relative images and the site's own stay images."""
    def replace(match: re.Match) -> str:
        if not re.match(r"<img\b", match[0], re.IGNORECASE):
            return match[0]
        attributes = _attributes(match[0])
        source = attributes.get("src", "")
        host = (urlsplit(source).hostname or "").lower()
        if not source or not host or host == own_host or host in allowed_hosts:
            return match[0] if source else ""
        text = attributes.get("alt", "").strip() or source
        return (f'<a href="{html_text.escape(source)}" rel="noopener noreferrer nofollow">'
                f'{html_text.escape(text, quote=False)}</a>')
    return _TAG.sub(replace, html)
