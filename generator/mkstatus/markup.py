"""Markdown from incident files to sanitised HTML, rendered once and shared by pages, feeds and API."""

from __future__ import annotations

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


class MarkupError(ValueError):
    """The Markdown could not be rendered (python-markdown recurses once per nesting level)."""


class MarkdownRenderer:
    """Reuses one Markdown instance: building one per body costs more than rendering it."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")

    def render(self, text: str) -> str:
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
