"""The built status site, read back as HTML: the example site and the Oslo fixture under both URL styles."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree

from mkstatus.outputs import pages
from mkstatus.core.status import status_snapshot
from sites.kit import build, copy_fixture, make_site, parse, q, text, utc

OSLO_CLOCK = utc(2025, 11, 1, 12)  # 13:00 CET, during the open API incident
REFERENCE = "2025-09-04-underlying-connectivity-problems"
FEEDS = ["history.atom", "history.rss", "updates.atom", "updates.rss"]


def page_path(site: Path, page: str, directory_urls: bool) -> Path:
    """Where MkDocs writes the page for source `page` ("incidents/x.md", "history/2/index.md")."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / (stem + ".html")
    return site / stem / "index.html" if directory_urls else site / (stem + ".html")


@pytest.fixture
def oslo(oslo_site):
    """The Oslo fixture at OSLO_CLOCK under both URL styles (built once per session, conftest.py)."""
    return oslo_site


def oslo_page(oslo, page: str):
    site, directory_urls = oslo
    return parse(page_path(site, page, directory_urls))


ALTERNATE = "//head/link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"


def icon_names(element) -> list[str]:
    """The icons in an element: decorative spans whose class names one (mks-icon--material-alert)."""
    spans = q(element, ".//*[.mks-icon]")
    assert all(span.get("aria-hidden") == "true" for span in spans)
    return [c for span in spans for c in span.get("class").split() if c.startswith("mks-icon--")]


# --- the reference incident ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def reference(example_site):
    return parse(page_path(example_site, f"incidents/{REFERENCE}.md", True))


def test_reference_updates_newest_first_with_labels(reference):
    labels = [text(e) for e in q(reference, "//*[.mks-updates]/li//*[.mks-update__label]")]
    assert labels == ["Resolved", "Monitoring", "Update", "Update", "Update", "Investigating"]


def test_reference_times_in_site_zone_with_machine_datetime(reference):
    times = q(reference, "//*[.mks-updates]/li//*[.mks-update__time]/time")
    assert [t.text for t in times][::5] == ["Sep 4, 2025 - 22:26 CEST", "Sep 4, 2025 - 16:33 CEST"]
    assert times[-1].get("datetime") == "2025-09-04T16:33:00+02:00"
    ids = [li.get("id") for li in q(reference, "//*[.mks-updates]/li")]
    assert ids[-1] == "update-20250904T1433Z" and len(set(ids)) == 6


def test_reference_affected_line_status_and_window(reference):
    assert text(q(reference, "//*[.mks-affected]")[0]) == \
        "This incident affected: Zaptec Cloud Services (API, Charger backend, OCPP)"
    assert [text(b) for b in q(reference, "//*[.mks-incident]/*[.mks-badges]/*[.mks-badge]")] == ["Major impact", "Resolved"]
    assert all(icon_names(b) for b in q(reference, "//*[.mks-badge]")), "every badge carries an icon, not colour alone"
    assert text(q(reference, "//*[.mks-status-sentence]")[0]) == "This incident has been resolved."
    window = text(q(reference, "//*[.mks-incident]/*[.mks-window]")[0])
    assert window == "Impact: Sep 4, 2025 - 15:30 CEST to Sep 4, 2025 - 18:12 CEST (2 hours 42 minutes)"
    assert text(q(reference, "//h1")[0]) == "Underlying connectivity problems"


def test_reference_postmortem_and_source_link(reference):
    postmortem = q(reference, "//*[.mks-postmortem]")[0]
    assert "Root cause" in text(postmortem) and q(postmortem, ".//table")
    assert q(reference, "//*[.mks-source]/a")[0].get("href") == \
        f"https://github.com/example/mkstatus/blob/main/incidents/{REFERENCE}.md"


# --- the example home page ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def example_home(example_site):
    return parse(example_site / "index.html")


def test_home_banner_active_incident_and_maintenance(example_home):
    banner = q(example_home, "//*[.mks-banner]")[0]
    assert text(banner) == "Partially Degraded Service" and "mks-banner--minor" in banner.get("class")
    active = q(example_home, "//h2[@id='mks-active']/following-sibling::*[.mks-card]")
    assert [text(q(a, ".//*[.mks-card__title]")[0]) for a in active] == ["Slow payment confirmations"]
    assert text(q(active[0], ".//*[.mks-update__label]")[0]) == "Monitoring"
    since = q(active[0], ".//*[.mks-window]/time")[0]  # customers see since when, not only what
    assert (since.text, since.get("datetime")) == ("Nov 23, 2026 - 21:40 CET", "2026-11-23T21:40:00+01:00")
    upcoming = q(example_home, "//h2[@id='mks-maintenance-upcoming']/following-sibling::*[.mks-card]//*[.mks-card__title]")
    assert [text(e) for e in upcoming] == ["OCPP gateway maintenance"]


def component_statuses(home) -> dict[str, str]:
    return {text(q(c, "./*[.mks-component__name]")[0]): text(q(c, "./*[.mks-badge]")[0])
            for c in q(home, "//*[.mks-component]")}


def test_home_components_in_groups_with_status_and_uptime(example_home):
    statuses = component_statuses(example_home)
    assert statuses["Payments"] == "Degraded Performance"
    assert statuses["API"] == statuses["Zaptec Cloud Services"] == "Operational"
    members = q(q(example_home, "//*[.mks-group]")[0], ".//*[.mks-group__members]//*[.mks-component__name]")
    assert [text(m) for m in members] == ["API", "Charger backend", "OCPP"]
    bars = q(example_home, "//*[.mks-bar]")
    assert len(bars) == 6 and all(len(q(b, "./li")) == 90 for b in bars), "a bar per component, none per group"
    groups = [text(p) for p in q(example_home, "//*[.mks-group__uptime]")]
    assert len(groups) == 2 and all(re.fullmatch(r"\d+\.\d\d% uptime over 90 days, on average", g) for g in groups)
    percents = [text(p) for p in q(example_home, "//*[.mks-uptime]//*[.mks-bar__percent]")]
    # "(90 days)" shows on phones (30 bars), "over 90 days" is for screen readers elsewhere.
    assert all(re.fullmatch(r"\d+\.\d\d% uptime \(90 days\) over 90 days", p) for p in percents), percents


def test_home_past_fourteen_days(example_home):
    days = q(example_home, "//*[.mks-past-day]")
    assert len(days) == 14
    assert text(q(days[0], ".//h3")[0]) == "Nov 24, 2026"
    assert text(days[0]).endswith("No incidents reported.")
    assert "Slow payment confirmations" in text(days[1])
    assert "Login failures in the Zaptec Portal and app" in text(days[7])


def test_home_says_when_built_and_links_every_output(example_home):
    built = q(example_home, "//*[.mks-built]/time")[0]
    assert (built.text, built.get("datetime")) == ("Nov 24, 2026 - 13:00 CET", "2026-11-24T12:00:00+00:00")
    hrefs = {a.get("href") for a in q(example_home, "//*[.mks-subscribe]//a")}
    assert {"history/", "api/v2/summary.json", "maintenance.ics", "badges/status.svg", *FEEDS} <= hrefs
    assert "webcal://example.github.io/mkstatus/maintenance.ics" in hrefs


def test_every_page_advertises_the_feeds(example_site):
    for page in ["index.html", "about/index.html", f"incidents/{REFERENCE}/index.html", "history/index.html"]:
        links = q(parse(example_site / page), ALTERNATE)
        hrefs = [urlsplit(link.get("href")).path.rsplit("/", 1)[-1] for link in links]
        assert hrefs == FEEDS, page
        # Exactly "alternate": autodiscovery code often compares the attribute as a whole.
        assert all(link.get("rel") == "alternate" for link in links), page


def test_sitemap_stays_small_as_the_history_grows(example_site):
    """Material fetches sitemap.xml for every feed link on every page view: it lists no incidents."""
    sitemap = etree.parse(str(example_site / "sitemap.xml"))
    locs = [urlsplit(loc.text).path for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "/mkstatus/" in locs and "/mkstatus/history/" in locs and "/mkstatus/components/api/" in locs
    assert not [loc for loc in locs if "/incidents/" in loc], locs
    assert (example_site / "incidents" / REFERENCE / "index.html").is_file()


def test_no_external_fonts_or_scripts(example_site):
    for page in ["index.html", f"incidents/{REFERENCE}/index.html"]:
        tree = parse(example_site / page)
        for element in q(tree, "//script[@src] | //link[@href][not(@rel='canonical')] | //img[@src]"):
            assert not urlsplit(element.get("src") or element.get("href")).netloc, page


def test_repository_link_stays_without_asking_github_for_facts(example_site):
    for page in ["index.html", f"incidents/{REFERENCE}/index.html"]:
        tree = parse(example_site / page)
        links = q(tree, "//a[.md-source]")
        assert links and all(a.get("href") == "https://github.com/example/mkstatus" for a in links), page
        assert not q(tree, "//*[@data-md-component='source']"), f"{page}: Material would fetch api.github.com"


def test_every_icon_is_drawn_once_in_icons_css(example_site):
    """Pages name icons by class; icons.css holds each as an inline SVG mask, with no request of its own."""
    css = (example_site / "assets/mkstatus/icons.css").read_text(encoding="utf-8")
    defined = dict(re.findall(r'^\.(mks-icon--[\w-]+) \{ --mks-icon: url\("(data:image/svg\+xml;[^"]+)"\); \}$', css, re.M))
    assert "mks-icon--material-check-circle" in defined and "mks-icon--fontawesome-brands-git-alt" in defined
    assert all("<svg" in uri and "#" not in uri for uri in defined.values())
    for page in ["index.html", f"incidents/{REFERENCE}/index.html", "history/index.html", "components/api/index.html"]:
        tree = parse(example_site / page)
        assert not q(tree, "//*[.mks]//*[local-name()='svg']"), f"{page}: an icon is inlined"
        used = set(icon_names(tree))
        assert used and used <= defined.keys(), (page, used - defined.keys())


def test_chrome_carries_no_indentation(example_site):
    raw = (example_site / f"incidents/{REFERENCE}/index.html").read_text(encoding="utf-8")
    chrome = raw[:raw.index('<div class="md-content"')] + raw[raw.rindex("</article>"):]
    assert not re.search(r"\n[ \t]", chrome)
    assert "<title>Underlying connectivity problems - Zaptec Status</title>" in chrome


# --- the Oslo fixture under both URL styles ----------------------------------------------------

def test_open_incident_drives_banner_and_component_status(oslo):
    home = oslo_page(oslo, "index.md")
    banner = q(home, "//*[.mks-banner]")[0]
    assert text(banner) == "Minor Service Outage" and "mks-banner--minor" in banner.get("class")
    assert icon_names(banner), "the banner has an icon, not colour alone"
    statuses = component_statuses(home)
    assert statuses["API"] == statuses["Cloud Services"] == "Partial Outage"
    assert statuses['Web <Portal> & "App"'] == "Operational"


def test_names_and_titles_are_escaped(oslo):
    home = oslo_page(oslo, "index.md")
    assert not q(home, "//portal") and not q(home, "//partly")
    history = oslo_page(oslo, "history/2/index.md")
    assert "Backend <partly> down" in text(history)


def day_labels(page) -> list[str]:
    return [text(e) for e in q(page, "//*[.mks-days]//td")]


def test_uptime_on_the_dst_day_counts_twenty_five_hours(oslo):
    api = day_labels(oslo_page(oslo, "components/api.md"))
    assert len(api) == 90 and api[0].startswith("Nov 1, 2025:")
    dst = next(label for label in api if label.startswith("Oct 26, 2025"))
    assert dst == ("Oct 26, 2025: 96.00% uptime. Major Outage for 1 hour. "
                   "Incident: API down on the night the clocks go back.")


def test_partial_outage_counts_thirty_percent(oslo):
    backend = day_labels(oslo_page(oslo, "components/backend.md"))
    assert next(x for x in backend if x.startswith("Oct 27, 2025")).startswith("Oct 27, 2025: 97.50% uptime.")


def test_days_before_start_date_show_no_data(oslo):
    web = day_labels(oslo_page(oslo, "components/web.md"))
    assert next(x for x in web if x.startswith("Oct 19, 2025")) == \
        "Oct 19, 2025: no data (before this component was tracked)."
    assert next(x for x in web if x.startswith("Oct 29, 2025")).startswith("Oct 29, 2025: 100.00% uptime. Under Maintenance")


def test_home_bar_marks_the_outage_day_with_text(oslo):
    home = oslo_page(oslo, "index.md")
    api = next(c for c in q(home, "//*[.mks-component]") if text(q(c, "./*[.mks-component__name]")[0]) == "API")
    days = q(api, ".//*[.mks-day]")
    outage = [d for d in days if "mks-day--major_outage" in d.get("class")]
    assert [text(q(d, "./*[.mks-day__label]")[0]) for d in outage] == [
        "Oct 26, 2025: 96.00% uptime, Major Outage.", "Nov 1, 2025: 95.00% uptime, Major Outage."]
    # A tap or a hover focuses it and shows the label; the keyboard's way to the days is the component
    # page, so the home page is not 540 tab stops and day items for a screen reader.
    assert outage[0].get("tabindex") == "-1" and api.xpath(".//ol")[0].get("aria-hidden") == "true"


def test_component_page_bar_names_and_links_each_days_incidents(oslo):
    page = oslo_page(oslo, "components/api.md")
    outage = next(d for d in q(page, "//*[.mks-day]") if text(d).startswith("Oct 26, 2025"))
    assert text(outage) == ("Oct 26, 2025: 96.00% uptime. Major Outage for 1 hour. "
                            "Incident: API down on the night the clocks go back")
    assert [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in q(outage, ".//a")] == \
        ["2025-10-26-dst-outage" + ("" if oslo[1] else ".html")]


def test_history_is_paginated_by_month_newest_first(oslo):
    pages = [oslo_page(oslo, p) for p in ["history/index.md", "history/2/index.md", "history/3/index.md"]]
    titles = [[text(a) for a in q(p, "//*[.mks-item__title]")] for p in pages]
    assert titles == [["Elevated API errors", "Web maintenance"],
                      ["Backend <partly> down", "API down on the night the clocks go back"],
                      ["An old outage"]]
    assert [text(h) for h in q(pages[0], "//*[.mks-month]/h2")] == ["November 2025", "October 2025"]
    assert [text(h) for h in q(pages[2], "//*[.mks-month]/h2")] == ["August 2025"]
    assert not q(pages[0], "//a[@rel='prev']") and not q(pages[2], "//a[@rel='next']")
    assert text(q(pages[1], "//*[.mks-pages]//a[@aria-current='page']")[0]) == "2"


def test_every_internal_link_resolves(oslo):
    site, directory_urls = oslo
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # served at any depth, so MkDocs gives it root-absolute links
            continue
        for anchor in q(parse(page), "//a[@href]"):
            href = anchor.get("href")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)}: {href}"
            if not directory_urls and target.suffix == ".html":
                assert not href.endswith("/"), f"{page.relative_to(site)}: {href} needs index.html without a server"


def test_hand_written_page_advertises_the_feeds(oslo):
    about = oslo_page(oslo, "about.md")
    assert len(q(about, ALTERNATE)) == 4


# --- banner per overall state -------------------------------------------------------------------

OPEN = """---
title: Trouble
impact: {impact}
components:
{components}
start: 2025-11-01 09:00 +01:00
---

## Investigating - 2025-11-01 09:05 +01:00

Looking.
"""
IN_PROGRESS = """---
type: maintenance
title: Upgrade
components:
  - api
start: 2025-11-01 12:00 +01:00
end: 2025-11-01 14:00 +01:00
---

## In progress - 2025-11-01 12:00 +01:00

Upgrading.
"""


@pytest.mark.parametrize("incident, banner, indicator", [
    (None, "All Systems Operational", "none"),
    (IN_PROGRESS, "Service Under Maintenance", "maintenance"),
    (OPEN.format(impact="minor", components="  backend: degraded_performance"), "Partially Degraded Service", "minor"),
    (OPEN.format(impact="major", components="  api: major_outage"), "Partial System Outage", "major"),
    (OPEN.format(impact="critical", components="  api: major_outage\n  backend: major_outage\n  web: major_outage"),
     "Major System Outage", "critical"),
])
def test_banner_for_each_overall_state(tmp_path, incident, banner, indicator):
    """Each state's banner in the home page's context; test_open_incident_drives_banner_and_component_status
    reads one of them in the built page (the template prints key, icon and label alike for all)."""
    site = make_site(tmp_path, {"2025-11-01-state": incident} if incident else {})
    context = pages.home_context(pages.build_view(site, status_snapshot(site, OSLO_CLOCK)), lambda src: "/" + src)
    assert (context["banner"].label, context["banner"].key) == (banner, indicator)
    assert context["banner"].icon in pages.ICONS, "the banner has an icon, not colour alone"


def test_a_hand_written_home_page_is_refused_with_a_fix(tmp_path):
    project = copy_fixture("oslo", tmp_path)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    result = build(project, tmp_path / "site", OSLO_CLOCK)
    assert result.returncode != 0
    assert "docs/index.md: MkStatus generates this file itself; rename or remove yours" in result.stderr
    assert "Traceback" not in result.stderr


def test_home_headings_nest_day_then_incident(example_home):
    """Past incidents: h2, each day h3, each incident under it h4 (not a second h3)."""
    days = q(example_home, "//h3[.mks-past-day__date]")
    assert days
    for day in days:
        titles = q(day.getparent(), ".//*[.mks-card__title]")
        assert all(title.tag == "h4" for title in titles), [t.tag for t in titles]
    assert any(q(day.getparent(), ".//*[.mks-card__title]") for day in days)
