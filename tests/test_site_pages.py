"""Page contexts as pure functions, and the plugin's wiring: template overrides, watch, page sources."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files

from mkstatus.i18n import english
from mkstatus.core.model import ComponentStatus
from mkstatus.outputs import compact_html, pages, stylesheets
from mkstatus.core.status import status_snapshot
from mkstatus.core.uptime import DAYS, Day
from mkstatus.outputs.pages.uptime_bars import PHONE_DAYS
from mkstatus.plugin import TEMPLATES
from sites.kit import build, copy_fixture, make_site, parse, q, text, utc

INCIDENT = """
---
title: 'Quotes " and: colons'
impact: minor
components:
{components}
start: 2025-10-01 10:00 +02:00
end: 2025-10-01 11:00 +02:00
---

## Investigating - 2025-10-01 10:05 +02:00

Looking.

## Resolved - 2025-10-01 11:05 +02:00

Fixed.
"""


def root_link(src_uri: str) -> str:
    """A stand-in for MkDocs' URL of a page."""
    return "/" + src_uri


def site_with(tmp_path, count: int, components: str = "  api: partial_outage"):
    return make_site(tmp_path, {f"2025-10-{day:02d}-case": INCIDENT.replace("{components}", components)
                                for day in range(1, count + 1)})


def test_affected_line_groups_members_and_names_ungrouped_components(tmp_path):
    site = site_with(tmp_path, 1, "  web: major_outage\n  backend: partial_outage\n  api: partial_outage")
    assert pages.affected_text(site.incidents[0], site.config) == 'Cloud Services (API, Backend), Web <Portal>'


def test_generated_page_source_keeps_any_title_and_stays_out_of_search(tmp_path):
    site = site_with(tmp_path, 1)
    spec = next(s for s in pages.page_specs(site, 25) if s.kind == "incident")
    meta = yaml.safe_load(pages.page_markdown(spec).split("---")[1])
    assert meta["title"] == 'Quotes " and: colons'
    assert meta["template"] == "status/incident.html" and meta["search"] == {"exclude": True}


def test_generated_page_meta_is_what_its_source_says(tmp_path):
    """The plugin hands MkDocs `page_meta` instead of parsing `page_markdown`; both must agree."""
    for spec in pages.page_specs(site_with(tmp_path, 1), 25):
        assert yaml.safe_load(pages.page_markdown(spec).split("---")[1]) == pages.page_meta(spec), spec.kind


def test_history_pages_hold_page_size_incidents_newest_first(tmp_path):
    site = site_with(tmp_path, 5)
    specs = [s for s in pages.page_specs(site, 2) if s.kind == "history"]
    assert [s.src_uri for s in specs] == ["history/index.md", "history/2/index.md", "history/3/index.md"]
    view = pages.build_view(site, status_snapshot(site, utc(2025, 11, 1)))
    last = pages.history_context(view, 3, 2, root_link)
    assert [i.id for _, items in last["months"] for i in items] == ["2025-10-01-case"]
    assert (last["newer_url"], last["older_url"]) == ("/history/2/index.md", None)


def test_only_the_home_page_joins_the_navigation(tmp_path):
    specs = pages.page_specs(site_with(tmp_path, 3), 25)
    assert [s.src_uri for s in specs if s.in_nav] == ["index.md"]


def test_plugin_watches_incidents_and_puts_templates_after_custom_dir(tmp_path):
    project = copy_fixture("oslo", tmp_path)
    (project / "overrides").mkdir()
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text().replace("  font: false", "  font: false\n  custom_dir: overrides"))
    config = load_config(str(config_file))
    config = config.plugins.on_config(config)
    assert str(project / "incidents") in config.watch
    assert config.theme.dirs[:2] == [str(project / "overrides"), str(TEMPLATES)]


def test_one_template_can_be_overridden_from_custom_dir(tmp_path):
    project = copy_fixture("oslo", tmp_path)
    (project / "overrides" / "status").mkdir(parents=True)
    (project / "overrides" / "status" / "history.html").write_text(
        '{% extends "main.html" %}{% block content %}<p id="custom">{{ mkstatus.count }} pages of {{ "<b>" }}</p>'
        '{% endblock %}', encoding="utf-8")
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text().replace("  font: false", "  font: false\n  custom_dir: overrides"))
    result = build(project, tmp_path / "site", utc(2025, 11, 1, 12))
    assert result.returncode == 0, result.stderr
    history = parse(tmp_path / "site" / "history" / "index.html")
    assert text(q(history, "//p[@id='custom']")[0]) == "3 pages of <b>", "overrides are autoescaped too"
    assert q(history, "//head/link[@type='application/atom+xml']"), "the packaged main.html still adds the feed links"
    incident = parse(tmp_path / "site" / "incidents" / "2025-10-26-dst-outage" / "index.html")
    assert q(incident, "//*[.mks-updates]"), "other templates still come from the package"


def test_a_busy_day_names_three_incidents_and_counts_the_rest(tmp_path):
    site = make_site(tmp_path, {f"2025-10-01-case-{n}": INCIDENT.replace("{components}", "  api: partial_outage")
                                for n in range(1, 6)})
    day = pages.day_view(Day(date(2025, 10, 1), 0.9, ComponentStatus.PARTIAL_OUTAGE, {}, site.incidents), root_link,
                         english())
    assert [url for _, url in day.incidents] == [f"/incidents/2025-10-01-case-{n}.md" for n in (1, 2, 3)]
    assert day.more == 2 and day.heading == "Incidents:"
    assert day.label.endswith('Quotes " and: colons; Quotes " and: colons; Quotes " and: colons; and 2 more.')


def test_every_icon_a_packaged_template_names_is_in_icons_css():
    named = {m for path in TEMPLATES.rglob("*.html")
             for m in re.findall(r'icon\("([\w/-]+)"\)', path.read_text(encoding="utf-8"))}
    assert named and named <= set(pages.ICONS)


def test_phones_show_the_newest_phone_days_of_the_window(tmp_path):
    """The generated stylesheet hides the older days of a bar on phones, counted from the window's two
    constants, which the templates get as numbers too (the bar's days, and bar.phone_days for its legend);
    no shipped stylesheet repeats the number."""
    assets = Path(stylesheets.__file__).parent.parent / "assets"
    assert not any("nth-child" in css.read_text(encoding="utf-8") for css in assets.glob("*.css"))
    assert set(re.findall(r"\.mks-day:nth-child\(-n\+(\d+)\)", stylesheets.phone_window_css())) == {str(DAYS - PHONE_DAYS)}
    assert "nth-child(-n+23)" in stylesheets.phone_window_css(30, 7)
    site = make_site(tmp_path, {})
    bar = pages.home_context(pages.build_view(site, status_snapshot(site, utc(2025, 11, 1))), lambda p: p)["rows"][0].bar
    assert (len(bar.days), bar.phone_days) == (DAYS, PHONE_DAYS)


def test_icons_css_escapes_what_a_data_uri_cannot_hold():
    css = stylesheets.icons_css({"x/y": '<svg xmlns="http://www.w3.org/2000/svg">\n<path fill="#000" d="M0 0"/><!-- 100% --></svg>'})
    rule = css.splitlines()[1]
    assert rule == (".mks-icon--x-y { --mks-icon: url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'> "
                    "<path fill='%23000' d='M0 0'/><!-- 100%25 --></svg>\"); }")


def test_compact_chrome_keeps_tags_text_verbatim_elements_and_content():
    chrome = ('<head>\n    <title>A  b</title>\n  <script>\n  var x = `\n    kept`;\n  </script>\n'
              '  <a title="two\n    lines">x</a>\n  <!-- a\n    comment -->\n  <pre>\n    kept</pre>\n   text \n  more\n')
    content = '<div class="md-content">\n  <article>\n    <pre>\n    body</pre>\n  <article>\n  </article>\n'
    footer = '</article>\n    </div>\n  <footer>\n    <pre>\n  kept</pre>\n  </footer>\n'
    assert compact_html.compact_chrome(chrome + content + footer) == (
        '<head>\n<title>A  b</title>\n<script>\n  var x = `\n    kept`;\n  </script>\n'
        '<a title="two\n    lines">x</a>\n<!-- a\n    comment -->\n<pre>\n    kept</pre>\ntext\nmore\n'
        + content + '</article>\n</div>\n<footer>\n<pre>\n  kept</pre>\n</footer>\n')
    assert compact_html.compact_chrome("<p>\n  no theme content here</p>") == "<p>\n  no theme content here</p>"


CANCELLED_MAINTENANCE = """
---
type: maintenance
title: Database upgrade
components:
  - api
start: 2025-10-30 22:00 +01:00
end: 2025-10-30 23:00 +01:00
cancelled: true
---

## Scheduled - 2025-10-20 12:00 +02:00

We will upgrade the database.

## Completed - 2025-10-29 12:00 +01:00

Called off: the upgrade moves to next month.
"""


def test_cancelled_maintenance_is_not_a_past_incident(tmp_path):
    """It never happened: past days list the incident that started then, not the cancelled window."""
    site = make_site(tmp_path, {"2025-10-30-db": CANCELLED_MAINTENANCE,
                                "2025-10-30-case": INCIDENT.replace("2025-10-01", "2025-10-30")
                                .replace("{components}", "  api: partial_outage")})
    context = pages.home_context(pages.build_view(site, status_snapshot(site, utc(2025, 11, 1))), root_link)
    listed = {title: [i.id for i in items] for title, items in context["past_days"] if items}
    assert listed == {"Oct 30, 2025": ["2025-10-30-case"]}
    assert context["maintenance_upcoming"] == [] and context["maintenance_now"] == []


def test_plugin_warns_without_site_url_as_check_does(tmp_path, caplog):
    project = copy_fixture("oslo", tmp_path)
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text().replace("site_url: https://status.example.org/\n", ""))
    config = load_config(str(config_file))
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.mkstatus"):
        config.plugins.on_config(config)
    assert "site_url is not set" in caplog.text


def test_plugin_warns_when_another_plugin_replaced_a_generated_file(tmp_path, caplog, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762000000")
    config = load_config(str(copy_fixture("oslo", tmp_path) / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.mkstatus"):
        config.plugins["status"].on_nav(None, config=config, files=files)
    assert caplog.text == ""
    files.remove(files.get_file_from_path("history.atom"))
    files.append(File.generated(config, "history.atom", content="<feed/>"))
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.mkstatus"):
        config.plugins["status"].on_nav(None, config=config, files=files)
    assert "history.atom: another plugin replaced or removed this file" in caplog.text
