"""The catalogs match the source: every msgid the code and templates use is translated in every
shipped language, none is left over, and placeholders agree. Run `mkstatus catalogs` to fix."""

from __future__ import annotations

from mkstatus import i18n
from mkstatus.i18n import catalogs


def test_catalogs_match_the_source():
    problems = catalogs.drift()
    assert not problems, "run `mkstatus catalogs`, then translate:\n" + "\n".join(problems)


def test_drift_reports_a_missing_and_an_obsolete_string():
    """As if the source had gained one msgid and dropped another since the catalogs were updated."""
    source = catalogs.extract()
    source.add("A string only the source has")
    source.delete("Current status")
    found = catalogs.drift(source)
    for code in i18n.shipped_languages():
        assert f"locale/{code}/LC_MESSAGES/mkstatus.po: missing 'A string only the source has'" in found
        assert f"locale/{code}/LC_MESSAGES/mkstatus.po: obsolete 'Current status'" in found


def test_the_template_is_in_step():
    """mkstatus.pot is what translators of a new language start from."""
    with catalogs.TEMPLATE.open("rb") as pot:
        written = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogs.read_po(pot) if m.id}
    assert written == {m.id if isinstance(m.id, str) else m.id[0] for m in catalogs.extract() if m.id}


def test_every_shipped_language_is_a_babel_locale_with_its_plural_forms():
    for code in i18n.shipped_languages():
        catalog = catalogs.read(code)
        assert catalog.num_plurals == catalogs.new_catalog(code).num_plurals, code


def test_unknown_language_is_english():
    assert not i18n.has_catalog("tlh")
    assert i18n.language_for("tlh").code == "en"
    assert i18n.language_for("en-GB").gettext("Current status") == "Current status"
