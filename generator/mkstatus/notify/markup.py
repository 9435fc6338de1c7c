"""Sanitised update HTML -> plain text or a chat platform's markup, every author string escaped.

The bodies come from the same sanitised rendering as the pages (`markup.py` at load time); here
they are only re-spelled. Text is escaped for the target (Slack's `&<>`, Markdown's punctuation)
and mass mentions are defused with an invisible word joiner after the `@`, so incident text can
never ping `@everyone`, `@channel` or `@here`, nor `<!channel>` in Slack.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Styles: plain (email, Mastodon, previews), slack (Slack mrkdwn; Google Chat uses the same
# syntax), markdown (Discord, Mattermost, Teams' Adaptive Card text).
STYLES = ("plain", "slack", "markdown")
WORD_JOINER = "\u2060"
# `@word` where a platform could read a mention; Mastodon mentions any account, chats the groups.
_MASS_MENTION = re.compile(r"@(?=(?:everyone|here|channel|all|group|room|online)\b)", re.IGNORECASE)
_ANY_MENTION = re.compile(r"@(?=\w)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~>])")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def defuse_mentions(text: str, *, every_account: bool = False) -> str:
    return (_ANY_MENTION if every_account else _MASS_MENTION).sub("@" + WORD_JOINER, text)


def escape(text: str, style: str, *, every_account: bool = False) -> str:
    """One author string (a title, a component name) as literal text in `style`."""
    text = defuse_mentions(_CONTROL.sub("", text), every_account=every_account)
    if style == "slack":
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if style == "markdown":
        return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text


def link(url: str, text: str, style: str) -> str:
    """A link whose text is already escaped for `style`."""
    if style == "slack":
        safe_url = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
        return f"<{safe_url}|{text}>"
    if style == "markdown":
        safe_url = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        return f"[{text}]({safe_url})"
    return text if text == url else f"{text} ({url})"


def to_text(body_html: str, style: str, *, every_account: bool = False) -> str:
    """A sanitised HTML body in `style`: paragraphs, line breaks, lists, emphasis, code and links."""
    converter = _Converter(style, every_account)
    converter.feed(body_html)
    converter.close()
    text = _TRAILING_SPACE.sub("\n", "".join(converter.out))
    return _BLANK_LINES.sub("\n\n", text).strip()


class _Converter(HTMLParser):
    BLOCKS = {"p", "div", "blockquote", "pre", "table", "tr", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
              "ul", "ol", "hr"}
    EMPHASIS = {"slack": {"strong": "*", "b": "*", "em": "_", "i": "_", "code": "`", "del": "~", "s": "~"},
                "markdown": {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`", "del": "~~", "s": "~~"},
                "plain": {}}

    def __init__(self, style: str, every_account: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.style, self.every_account = style, every_account
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # a counter per open list; [0] marks a bulleted one
        self.links: list[tuple[str, int]] = []  # (href, position in out)
        self.pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.BLOCKS:
            self._break(2 if tag not in ("tr", "dt", "dd") else 1)
        if tag == "br":
            self.out.append("\n")
        elif tag in ("ul", "ol"):
            self.lists.append([0] if tag == "ul" else [1])
        elif tag == "li":
            self._break(1)
            marker = "-"
            if self.lists and self.lists[-1][0]:
                marker = f"{self.lists[-1][0]}."
                self.lists[-1][0] += 1
            indent = "  " * max(len(self.lists) - 1, 0)
            self.out.append(f"{indent}{marker} " if self.style != "markdown" or marker == "-"
                            else f"{indent}{marker[:-1]}\\. ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.out)))
        elif tag == "pre":
            self.pre += 1
        elif tag in ("td", "th"):
            self.out.append(" | " if self.out and not self.out[-1].endswith("\n") else "")
        mark = self.EMPHASIS[self.style].get(tag)
        if mark and not self.pre:
            self.out.append(mark)

    def handle_endtag(self, tag: str) -> None:
        mark = self.EMPHASIS[self.style].get(tag)
        if mark and not self.pre:
            self.out.append(mark)
        if tag == "a" and self.links:
            href, position = self.links.pop()
            text = "".join(self.out[position:])
            del self.out[position:]
            if href.startswith(("http://", "https://", "mailto:")):
                self.out.append(link(href, text, self.style))
            else:
                self.out.append(text)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)
        if tag in self.BLOCKS:
            self._break(2 if tag not in ("tr", "dt", "dd") else 1)

    def handle_data(self, data: str) -> None:
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            last = next((piece for piece in reversed(self.out) if piece), "\n")
            if last.endswith("\n"):
                data = data.lstrip()
            if not data:
                return
        self.out.append(escape(data, self.style, every_account=self.every_account))

    def _break(self, lines: int) -> None:
        """End the current line and leave `lines - 1` blank ones, looking only at the output's tail."""
        trailing = 0
        for piece in reversed(self.out):
            stripped = piece.rstrip("\n")
            trailing += len(piece) - len(stripped)
            if stripped.strip():
                break
        else:
            return  # nothing written yet: no break before the first text
        if trailing < lines:
            self.out.append("\n" * (lines - trailing))
