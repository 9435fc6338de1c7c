"""Material's page chrome without its indentation: a tenth of every page, rendered the same."""

from __future__ import annotations

import re

CONTENT_START = '<div class="md-content"'
# A comment, a tag (quoted attribute values may hold ">"), or an element whose text is kept verbatim.
_MARKUP = re.compile(r"<!--.*?-->|<(pre|textarea|script|style)\b.*?</\1\s*>|<(?:[^>\"']+|\"[^\"]*\"|'[^']*')*>",
                     re.S | re.I)
_INDENT = re.compile(r"\s*\n\s*")


def compact_chrome(html: str) -> str:
    """Material's chrome around the page content with each indented line break cut to "\n".

    Material's templates indent deeply (~1.9 KB a page, a tenth of an incident page). Between tags
    and in text, any run of white space renders as one space, so the page looks and reads the
    same; tags, comments and pre/textarea/script/style elements are copied as they are. The
    content, where incident bodies live, is not touched: the chrome is what comes before
    Material's content <div> and after its content <article> (the last one in the page).
    """
    start = html.find(CONTENT_START)
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return html
    return _compact(html[:start]) + html[start:end] + _compact(html[end:])


def _compact(chrome: str) -> str:
    parts: list[str] = []
    position = 0
    for markup in _MARKUP.finditer(chrome):
        parts.append(_INDENT.sub("\n", chrome[position:markup.start()]))
        parts.append(markup.group())
        position = markup.end()
    parts.append(_INDENT.sub("\n", chrome[position:]))
    return "".join(parts)
