"""The example site built in every shipped language: no English left in what MkStatus writes.

Each language's site is built once per session (two at a time). Every page type, the feeds, the
calendar and the badges are checked for the English source of each catalog message; what authors
wrote (titles, bodies, component names) is taken out first, since it is shown as written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from babel.dates import get_month_names
from icalendar import Calendar
from lxml import etree

from mkstatus import i18n
from mkstatus.outputs import timefmt
from mkstatus.i18n import catalogs
from mkstatus.core.project import read_project
from sites.kit import ROOT, build, epoch, example_in_language, parse, q, utc

LANGUAGES = i18n.shipped_languages()
CLOCK = utc(2026, 11, 24, 12)
REFERENCE = "incidents/2025-09-04-underlying-connectivity-problems/index.html"  # resolved, with a postmortem
PAGES = {
    "home": "index.html",
    "incident": REFERENCE,
    "open incident": "incidents/2026-11-23-slow-payment-confirmations/index.html",
    "maintenance": "incidents/2026-12-08-ocpp-gateway-maintenance/index.html",
    "history": "history/index.html",
    "component": "components/api/index.html",
}
FEEDS = ("history.rss", "history.atom", "updates.rss", "updates.atom", "components/api/updates.atom")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.fixture(scope="session")
def sites(tmp_path_factory) -> dict[str, Path]:
    """{catalog code: built site}, each with `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("languages")

    def build_one(code: str) -> tuple[str, Path]:
        project = example_in_language(root / code, code.replace("_", "-"))
        result = build(project, project / "site", CLOCK)
        assert result.returncode == 0, f"{code}: {result.stderr}"
        return code, project / "site"

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(build_one, LANGUAGES))


@pytest.fixture(scope="session")
def author_text() -> list[str]:
    """Everything the example's authors wrote, longest first: it stays as written in every language."""
    project, diagnostics = read_project(ROOT / "mkdocs.yml")
    assert project is not None, diagnostics
    site = project.load().site
    config = site.config
    strings = {config.name, project.site_name, "Material for MkDocs"}
    strings |= {c.name for c in config.components} | {c.description for c in config.components}
    strings |= {g.name for g in config.groups} | {g.description for g in config.groups}
    for incident in site.incidents:
        strings.add(incident.title)
        strings |= {u.body_markdown.strip() for u in incident.updates}
    return sorted((s for s in strings if s), key=len, reverse=True)


def english_words(code: str) -> set[str]:
    """Pieces of English msgids that a page in `code` must not show.

    A piece is the text between placeholders and punctuation. Pieces the language's own catalog
    also uses (a shared word such as "Status", "API", "RSS") and messages translated as themselves
    are left out.
    """
    target = catalogs.read(code)
    own = " ".join(s for m in target if m.id for s in ([m.string] if isinstance(m.string, str) else m.string))
    words = set()
    for message in catalogs.read("en"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        translated = target.get(message.id, context=message.context)
        strings = [translated.string] if isinstance(translated.string, str) else list(translated.string)
        if ids == strings:
            continue
        for text in ids:
            for part in re.split(r"[.:;,()]|%\(\w+\)s", text):
                part = part.strip()
                if len(re.findall(r"[A-Za-z]", part)) >= 3 and not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", own):
                    words.add(part)
    return words


def leftover_english(text: str, code: str, author_text: list[str]) -> list[str]:
    """English pieces in `text`, after taking out what authors wrote and the language's month names
    (Spanish abbreviates August "ago")."""
    for written in author_text:
        text = text.replace(written, " ")
    locale = i18n.language_for(code).locale
    for width in ("wide", "abbreviated"):
        for name in get_month_names(width, locale=locale).values():
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return sorted(w for w in english_words(code) if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


def page_text(tree) -> str:
    """The page's <title>, what MkStatus wrote in it (without update and postmortem bodies), and the
    footer's published-at line with the words it gives the freshness script."""
    root = q(tree, "//*[.mks]")[0]
    for body in q(root, ".//*[.mks-update__body]") + q(root, ".//*[.mks-postmortem__body]"):
        body.drop_tree()
    attributes = " ".join(root.xpath(".//@aria-label | .//@data-mks-local"))
    footer = q(tree, "//*[.md-copyright]")
    footer_text = " ".join(f.text_content() + " " + " ".join(f.xpath(".//@data-mks-texts")) for f in footer)
    return " ".join((tree.findtext(".//title") or "", root.text_content(), attributes, footer_text))


def translated(code: str, message: str, **values) -> str:
    lang = i18n.language_for(code)
    return lang.gettext(message) % values if values else lang.gettext(message)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_type_is_in_the_language(sites, author_text, code, kind):
    tree = parse(sites[code] / PAGES[kind])
    assert tree.get("lang") == code.replace("_", "-")
    assert leftover_english(page_text(tree), code, author_text) == []


def test_the_check_finds_english(sites, author_text):
    """The English site shows the English words each catalog replaces, so their absence means something."""
    text = page_text(parse(sites["en"] / "index.html"))
    for code in LANGUAGES:
        if code != "en":
            assert len(leftover_english(text, code, author_text)) > 20, code


@pytest.mark.parametrize("code", LANGUAGES)
def test_dates_use_the_languages_month_names(sites, code):
    lang = i18n.language_for(code)
    history = parse(sites[code] / PAGES["history"])
    months = [" ".join(h.text_content().split()) for h in q(history, "//*[.mks-month]/h2")]
    assert months[-1] == lang.month(2025, 9)
    names = {name for width in ("wide", "abbreviated") for context in ("format", "stand-alone")
             for name in get_month_names(width, context, locale=lang.locale).values()}
    assert all(any(name in month for name in names) for month in months), months
    incident = parse(sites[code] / REFERENCE)
    first = q(incident, "//*[.mks-updates]/li")[-1].find(".//time")
    moment = datetime(2025, 9, 4, 14, 33, tzinfo=timezone.utc)
    assert first.text == timefmt.display(moment, timefmt.ZoneInfo("Europe/Oslo"), lang)
    assert lang.date(date(2025, 9, 4)) in first.text


def test_norwegian_reads_as_the_issue_asks(sites):
    incident = parse(sites["nb"] / REFERENCE)
    assert q(incident, "//*[.mks-updates]/li")[-1].find(".//time").text == "4. sep. 2025, 16:33 CEST"
    home = parse(sites["nb"] / "index.html")
    # CLDR: a decimal comma, and a no-break space before the sign.
    assert re.search(r"\b\d{2,3},\d\d\u00a0% oppetid over 90 dager", home.text_content())


def test_counts_take_the_languages_plural_forms(sites):
    """Polish has three forms: "1 dzień", "2 dni", "5 dni"; the legend shows 90 and 30 days."""
    legend = " ".join(parse(sites["pl"] / "index.html").xpath("//*[@class='mks-bar__long']/text()"))
    assert "90 dni temu" in legend
    arabic = " ".join(parse(sites["ar"] / "index.html").xpath("//*[@class='mks-bar__long']/text()"))
    assert "قبل 90 يومًا" in arabic


@pytest.mark.parametrize("code", LANGUAGES)
def test_feeds_declare_and_speak_the_language(sites, author_text, code):
    tag = code.replace("_", "-")
    site = "Zaptec Status"
    for path in FEEDS:
        feed = etree.parse(str(sites[code] / path)).getroot()
        if path.endswith(".rss"):
            assert feed.findtext("channel/language") == tag
            title = feed.findtext("channel/title")
            items = feed.findall("channel/item")
            labels = [i.findtext("title") for i in items] + [c.text for i in items for c in i.findall("category")]
        else:
            atom = "{http://www.w3.org/2005/Atom}"
            assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == tag
            title = feed.findtext(atom + "title")
            entries = feed.findall(atom + "entry")
            labels = [e.findtext(atom + "title") for e in entries]
            labels += [c.get("label") for e in entries for c in e.findall(atom + "category")]
        if path.startswith("history"):
            assert title == translated(code, "%(site)s - Incident History", site=site)
        text = " ".join([title] + labels)
        assert leftover_english(text, code, author_text) == [], path


@pytest.mark.parametrize("code", LANGUAGES)
def test_calendar_text_is_translated(sites, author_text, code):
    calendar = Calendar.from_ical((sites[code] / "maintenance.ics").read_bytes())
    assert str(calendar["x-wr-calname"]) == translated(code, "%(site)s - Maintenance", site="Zaptec Status")
    assert str(calendar["prodid"]).endswith("//" + code.upper())
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        description = str(event["description"])
        assert translated(code, "%(label)s: %(value)s", label=translated(code, "Window"), value="") in description
        text = str(event["summary"]) + "\n" + description
        assert leftover_english(text, code, author_text) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_badges_and_the_api(sites, code):
    lang = i18n.language_for(code)
    badge = json.loads((sites[code] / "badges/status.json").read_text(encoding="utf-8"))
    assert badge["label"] == lang.pgettext("badge", "status")
    english = json.loads((sites["en"] / "badges/status.json").read_text(encoding="utf-8"))
    assert badge["message"] == lang.gettext(english["message"])
    svg = (sites[code] / "badges/status.svg").read_text(encoding="utf-8")
    assert badge["message"] in svg
    # Statuspage's clients parse the API's English words, whatever the pages' language.
    assert (sites[code] / "api/v2/status.json").read_bytes() == (sites["en"] / "api/v2/status.json").read_bytes()


def test_the_local_time_script_gets_its_words_from_the_page(sites):
    root = q(parse(sites["de"] / REFERENCE), "//*[@data-mks-zone]")[0]
    assert root.get("data-mks-local") == "({time} Ihre Zeit)"


def test_a_language_without_a_catalog_is_english_with_a_warning(tmp_path):
    """Turkish has Material's strings but no MkStatus catalog: the warning names it, --strict fails."""
    project = example_in_language(tmp_path / "tr", "tr")
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(CLOCK), "NO_MKDOCS_2_WARNING": "1"}
    # Without -q: MkDocs' quiet mode drops warnings before --strict counts them.
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(project / "site")], env=env, capture_output=True, text=True, cwd=project)
    assert result.returncode == 1
    assert "WARNING -  theme.language 'tr' has no MkStatus catalog" in result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


def test_check_reports_a_language_without_a_catalog(tmp_path):
    """`mkstatus check` fails where `mkdocs build --strict` would."""
    from mkstatus.plugin import config_problems

    problems = config_problems(example_in_language(tmp_path / "tr", "tr") / "mkdocs.yml")
    assert [key for key, message in problems if "'tr' has no MkStatus catalog" in message] == ["theme"]


def test_the_navigation_names_the_home_page_in_the_language(sites):
    """MkDocs calls a title-less home page "Home"; hand-written pages list it in their navigation."""
    for code in LANGUAGES:
        about = parse(sites[code] / "about/index.html")
        names = [" ".join(a.text_content().split()) for a in q(about, "//a[.md-nav__link]")]
        assert i18n.language_for(code).gettext("Home") in names, (code, names)
        assert code == "en" or "Home" not in names
        assert parse(sites[code] / "index.html").findtext(".//title") == "Zaptec Status", "<title> stays the site's name"
