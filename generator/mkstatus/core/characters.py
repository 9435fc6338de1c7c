"""Which characters author text may hold: what every output (HTML, XML feeds, JSON, ICS) can carry.

Control characters, lone surrogates and noncharacters are invisible in editors, and XML (feeds),
lxml and calendar apps refuse them; refusing them at the boundary, with the line and column,
beats a build that crashes or a feed that readers drop. Tab and line breaks stay allowed in bodies.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)) + "]")
_NAMES = {0: "NUL", 7: "bell", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape",
          0x7F: "delete", 0x85: "next line"}


def forbidden(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of each character no output may carry."""
    for match in _FORBIDDEN.finditer(text):
        yield match.start(), match.group()


def describe(character: str) -> str:
    """'U+000C (form feed)', 'U+D800 (a lone surrogate)'."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    elif code in _NAMES:
        name = _NAMES[code]
    else:
        name = unicodedata.name(character, "control character" if code < 0xA0 else "noncharacter").lower()
    return f"U+{code:04X} ({name})"


def text_problem(value: str) -> str | None:
    """Why a one-line text (title, name, description) cannot be published, or None."""
    for _, character in forbidden(value):
        return f"contains {describe(character)}, which feeds and calendars cannot carry"
    return None


def is_one_line(value: str) -> bool:
    """No line break of any kind: CR, LF, VT, FF, NEL, U+2028/2029 all break a calendar's SUMMARY."""
    return len(value.splitlines()) <= 1
