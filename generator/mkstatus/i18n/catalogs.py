"""Keeping the catalogs in step with the source: extract msgids, update every .po, find drift.

Used by `mkstatus catalogs` and by the tests; the build only reads .po files (see __init__).
The files carry no source locations and are sorted by msgid, so moving code never changes them
and two people adding strings rarely touch the same lines.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LOCALE_DIR, catalog_path, shipped_languages

PACKAGE_DIR = LOCALE_DIR.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = LOCALE_DIR / "babel.cfg"
# Fixed, so regenerating a catalog changes it only when its messages do.
STAMP = datetime(2025, 1, 1, tzinfo=timezone.utc)
COMMENT_TAGS = ("Translators:",)
HEADER = "MkStatus: the text readers see on a status site."


def extract() -> Catalog:
    """Every msgid the package's Python and templates use, with translator comments."""
    with MAPPING.open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    template = Catalog(project="MkStatus", domain=DOMAIN, creation_date=STAMP, revision_date=STAMP,
                       header_comment=f"# {HEADER}", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE_DIR, method_map, options_map, comment_tags=COMMENT_TAGS, strip_comment_tags=True):
        template.add(message, None, [], auto_comments=comments, context=context)
    return template


def _write(path: Path, catalog: Catalog) -> None:
    catalog.project, catalog.version = "MkStatus", "1"
    catalog.msgid_bugs_address = "https://github.com/example/mkstatus/issues"
    catalog.last_translator = catalog.language_team = "MkStatus contributors"
    written = io.BytesIO()
    write_po(written, catalog, no_location=True, omit_header=False, sort_output=True, ignore_obsolete=True,
             width=100)
    # Babel's version in the header would change every catalog whenever Babel is upgraded.
    text = b"".join(line for line in written.getvalue().splitlines(keepends=True)
                    if not line.startswith(b'"Generated-By:'))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)


def read(code: str) -> Catalog:
    with catalog_path(code).open("rb") as po:
        return read_po(po, locale=code, domain=DOMAIN)


def new_catalog(code: str) -> Catalog:
    """An empty catalog for a language, with its CLDR plural forms."""
    locale = Locale.parse(code)
    return Catalog(locale=locale, project="MkStatus", domain=DOMAIN, creation_date=STAMP,
                   revision_date=STAMP, header_comment=f"# {HEADER}\n# Language: {locale.english_name}",
                   fuzzy=False)


def update(add: tuple[str, ...] = ()) -> dict[str, int]:
    """Writes the .pot and brings every catalog (and any in `add`) in step; untranslated count per language."""
    template = extract()
    _write(TEMPLATE, template)
    untranslated = {}
    for code in sorted(set(shipped_languages()) | set(add)):
        catalog = read(code) if catalog_path(code).is_file() else new_catalog(code)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = catalog.revision_date = STAMP
        _write(catalog_path(code), catalog)
        untranslated[code] = sum(1 for m in catalog if m.id and not _translated(m))
    return untranslated


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings) and not message.fuzzy


def drift(template: Catalog | None = None) -> list[str]:
    """Every way the shipped catalogs differ from the source: missing, obsolete, untranslated,
    fuzzy, or with placeholders that do not match the msgid."""
    template = template or extract()
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    problems = []
    for code in shipped_languages():
        catalog = read(code)
        have = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
        name = f"locale/{code}/LC_MESSAGES/{DOMAIN}.po"
        problems += [f"{name}: missing {key[0]!r}" for key in sorted(wanted - have, key=str)]
        problems += [f"{name}: obsolete {key[0]!r}" for key in sorted(have - wanted, key=str)]
        problems += [f"{name}: not translated {m.id!r}" for m in catalog if m.id and not _translated(m)]
        for message, errors in catalog.check():
            problems += [f"{name}: {message.id!r}: {error}" for error in errors]
    return problems
