"""Readable names from titles: one slug rule and one suffix rule for the CLI, the importer and the
loader's file-name hints, so a name suggested is the name written."""

from __future__ import annotations

from typing import Iterable

MAX_SLUG_LENGTH = 60


def slugify(text: str, fallback: str = "incident") -> str:
    """'Login failures: API & Portal' -> 'login-failures-api-portal'; 'Ærøå' -> 'aeroa', Cyrillic
    transliterated ('Сбой оплаты' -> 'sboi-oplaty'). Lowercase ASCII, cut at a word."""
    # Imported here: builds and `mkstatus check` of valid files never need it (a file-name hint does).
    from slugify import slugify as transliterated_slug

    return transliterated_slug(text, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True) or fallback


def unique(base: str, taken: Iterable[str]) -> str:
    """`base`, or 'base-2', 'base-3', ... : the first that is not taken."""
    taken = set(taken)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
