"""Markdown from incident files to sanitised HTML, rendered once and shared by pages, feeds and API."""

from __future__ import annotations

import markdown
import nh3

_EXTENSIONS = ["extra", "sane_lists"]
# nh3's defaults already drop scripts, event handlers, javascript: URLs, iframes and forms; these
# are the extra tags and attributes the Markdown above produces and that are safe to keep.
_TAGS = nh3.ALLOWED_TAGS | {"abbr", "dl", "dt", "dd"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "abbr": {"title"}, "th": {"align", "style"}, "td": {"align", "style"},
               "code": {"class"}, "a": {"href", "title", "hreflang"}}


class MarkdownRenderer:
    """Reuses one Markdown instance: building one per body costs more than rendering it."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")

    def render(self, text: str) -> str:
        html = self._md.reset().convert(text)
        return sanitise(html)


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener noreferrer nofollow",
                     url_schemes={"http", "https", "mailto"})
