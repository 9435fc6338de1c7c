"""Reader-visible text in the site's language: message catalogs and CLDR formatting.

Every string a reader sees is an English msgid in `locale/mkstatus.pot`, translated in
`locale/<lang>/LC_MESSAGES/mkstatus.po`. Catalogs are compiled in memory when first used, so a
corrected .po file needs no build step. Dates, numbers and units come from Babel (CLDR), in the
language's own forms; only the zone abbreviation ("CEST") is the same everywhere.
The Statuspage-compatible API does not use this module: its clients parse English.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.numbers import format_percent
from babel.support import Translations
from babel.units import format_unit

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "mkstatus"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks a msgid for extraction where it is defined; it is translated where it is shown."""
    return message


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_languages() -> list[str]:
    """Catalog folder names ("de", "pt_BR"), sorted."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def catalog_code(language: str) -> str | None:
    """The catalog for a theme.language ("pt-BR", "de"): the exact one, else its base language's."""
    code = language.replace("-", "_")
    for candidate in (code, code.split("_")[0]):
        if catalog_path(candidate).is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=None)
def _translations(code: str, stamp: int) -> Translations:
    """The .po file compiled in memory; `stamp` (its mtime) makes an edited file count as new."""
    from babel.messages.mofile import write_mo  # only sites in another language than English need them
    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _percent_pattern(locale: Locale) -> str:
    """The locale's percent pattern ("#,##0 %") with two decimals ("#,##0.00 %")."""
    pattern = locale.percent_formats[None].pattern.split(";")[0]
    last = pattern.rfind("0")
    return pattern[:last + 1] + ".00" + pattern[last + 1:]


@dataclass(frozen=True)
class Language:
    """One language: its catalog and its CLDR locale. `code` is what the site asked for ("nb")."""

    code: str
    locale: Locale
    translations: gettext.NullTranslations
    # CLDR formatting is deterministic and slow (~0.1 ms a call; a build asks for the same 90 days
    # and few percentages on every component): each result is kept, keyed by its inputs.
    _formatted: dict = field(default_factory=dict, compare=False, repr=False)

    # --- catalog lookups; the names are the extraction keywords, so calls are found in the source ---

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    # --- CLDR formatting ---

    def date(self, day: date) -> str:
        """'Sep 4, 2025', '4. sep. 2025', '2025年9月4日': the catalog names the CLDR skeleton."""
        return self._kept(("date", day.year, day.month, day.day), lambda: format_skeleton(
            self.pgettext("CLDR date skeleton: day, month name, year", "yMMMd"), day, locale=self.locale))

    def clock(self, moment: datetime) -> str:
        """'16:33' (24-hour, in the locale's form: '16.33' in Finnish)."""
        return self._kept(("clock", moment.hour, moment.minute),  # all the Hm skeleton prints
                          lambda: format_skeleton("Hm", moment.replace(tzinfo=None), locale=self.locale))

    def month(self, year: int, month: int) -> str:
        """'September 2025', 'syyskuu 2025', '2025年9月'."""
        return format_skeleton("yMMMM", date(year, month, 1), locale=self.locale)

    def percent(self, value: Decimal) -> str:
        """'99.87%', '99,87 %'; `value` is in percent (99.87)."""
        return self._kept(("percent", type(value), value),
                          lambda: format_percent(value / 100, _percent_pattern(self.locale), locale=self.locale))

    def unit(self, amount: int, unit: str) -> str:
        """'2 hours', '2 Stunden', 'ساعتان': CLDR's plural forms of a duration unit ('hour')."""
        return self._kept(("unit", amount, unit),
                          lambda: format_unit(amount, "duration-" + unit, length="long", locale=self.locale))

    def _kept(self, key: tuple, format_it) -> str:
        """CLDR's result for `key`, formatted once per Language (see `_formatted`)."""
        if key not in self._formatted:
            self._formatted[key] = format_it()
        return self._formatted[key]


def _parse_locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


@functools.lru_cache(maxsize=None)
def _language(language: str, code: str, stamp: int) -> Language:
    locale = _parse_locale(language) or Locale.parse(code)
    return Language(language, locale, _translations(code, stamp))


def language_for(language: str | None) -> Language:
    """The Language for a theme.language; one without a catalog is English (see `has_catalog`)."""
    language = language or SOURCE_LANGUAGE
    found = _catalog_for(language, str(LOCALE_DIR))
    try:
        stamp = os.stat(found[2]).st_mtime_ns
    except OSError:  # the catalog went away since (mkdocs serve): look again
        _catalog_for.cache_clear()
        found = _catalog_for(language, str(LOCALE_DIR))
        stamp = os.stat(found[2]).st_mtime_ns
    return _language(found[0], found[1], stamp)


@functools.lru_cache(maxsize=None)
def _catalog_for(language: str, locale_dir: str) -> tuple[str, str, str]:
    """(language, catalog code, catalog file): pages ask for their Language thousands of times a build."""
    code = catalog_code(language)
    if code is None:
        language, code = SOURCE_LANGUAGE, SOURCE_LANGUAGE
    return language, code, str(catalog_path(code))


def has_catalog(language: str | None) -> bool:
    return catalog_code(language or SOURCE_LANGUAGE) is not None


def english() -> Language:
    return language_for(SOURCE_LANGUAGE)
