"""Feeds: one entry per incident (history), one per posted update, and per-component updates.

Unit tests run on small in-memory sites; the built-site tests parse every feed the fixture site
publishes with feedparser and lxml.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html

from mkstatus.core.model import Impact, Incident, Kind, Site, Update, UpdateStatus
from mkstatus.outputs import feeds_and_calendar, feeds_and_calendar_files
from mkstatus.outputs.feeds import MAX_ENTRIES, build_feeds, incident_entry, newest, site_feeds, update_entries
from mkstatus.core.status import affected_component_ids
from mkstatus.outputs.urls import SiteUrls, update_keys
from sites.kit import make_site, utc

CLOCK = utc(2025, 11, 10, 12)
ATOM = "{http://www.w3.org/2005/Atom}"
REFERENCE = "2025-09-04-underlying-connectivity-problems"

INCIDENT = """
---
title: API errors
impact: major
components:
  api: major_outage
start: 2025-09-04 15:30 +02:00
end: 2025-09-04 18:12 +02:00
---

## Investigating - 2025-09-04 16:33 +02:00

Requests fail & time out.

## Update - 2025-09-04 17:09 +02:00

Still looking.

## Monitoring - 2025-09-04 18:33 +02:00
components: api=degraded_performance

A fix is in place.

## Resolved - 2025-09-04 22:26 +02:00

All good.

## Postmortem - 2025-09-05 14:00 +02:00

A network fault.
"""

SAME_MINUTE = """
---
title: Web trouble
impact: minor
components:
  web: degraded_performance
start: 2025-10-21 10:00 +02:00
---

## Investigating - 2025-10-21 10:05 +02:00

Slow pages.

## Update - 2025-10-21 10:05:30 +02:00

Also slow logins.
"""


def site_with(tmp_path: Path, incidents: dict[str, str], site_url: str = "https://status.example.com/") -> Site:
    site = make_site(tmp_path, incidents)
    return replace(site, config=replace(site.config, site_url=site_url))


def feeds_of(site: Site) -> dict[str, feedparser.FeedParserDict]:
    return {path: feedparser.parse(data) for path, data in build_feeds(site, SiteUrls.for_config(site.config)).items()}


# --- unit tests on an in-memory site ----------------------------------------------------------


def test_the_files_announced_before_a_worker_makes_them_are_the_files_it_makes(tmp_path):
    """Large builds add the feeds and calendar to MkDocs' files before a worker has made them."""
    for site in (site_with(tmp_path / "one", {"2025-09-04-api": INCIDENT}), make_site(tmp_path / "none", {})):
        assert sorted(feeds_and_calendar(site)) == sorted(feeds_and_calendar_files(site.config))
        assert len(feeds_and_calendar_files(site.config)) == 2 * (2 + len(site.config.components)) + 1


def test_history_has_one_entry_per_incident_with_updates_newest_first(tmp_path):
    feed = feeds_of(site_with(tmp_path, {"2025-09-04-api-errors": INCIDENT}))["history.atom"]
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.id == "tag:status.example.com,2025:incident/2025-09-04-api-errors"
    assert entry.link == "https://status.example.com/incidents/2025-09-04-api-errors/"
    assert entry.title == "API errors"
    content = entry.content[0].value
    labels = ["Postmortem", "Resolved", "Monitoring", "Update", "Investigating"]
    positions = [content.index(f"<strong>{label}</strong>") for label in labels]
    assert positions == sorted(positions), "updates must be listed newest first"
    assert "Sep 4, 2025 - 16:33 CEST" in content
    # `updated` is the latest post (the postmortem); `published` the first update.
    assert entry.updated == "2025-09-05T14:00:00+02:00"
    assert entry.published == "2025-09-04T16:33:00+02:00"


def test_updates_feed_has_an_entry_per_update_and_postmortem_with_permanent_ids(tmp_path):
    feed = feeds_of(site_with(tmp_path, {"2025-09-04-api-errors": INCIDENT}))["updates.atom"]
    base = "tag:status.example.com,2025:incident/2025-09-04-api-errors"
    assert [e.id for e in feed.entries] == [
        f"{base}/postmortem",
        f"{base}/update/20250904T2026Z",
        f"{base}/update/20250904T1633Z",
        f"{base}/update/20250904T1509Z",
        f"{base}/update/20250904T1433Z",
    ]
    assert [e.title for e in feed.entries] == [
        "Postmortem: API errors", "Resolved: API errors", "Monitoring: API errors", "Update: API errors",
        "Investigating: API errors"]
    page = "https://status.example.com/incidents/2025-09-04-api-errors/"
    assert [e.link for e in feed.entries] == [
        page + "#postmortem", page + "#update-20250904T2026Z", page + "#update-20250904T1633Z",
        page + "#update-20250904T1509Z", page + "#update-20250904T1433Z"]
    monitoring = feed.entries[2]
    assert "Requests fail" not in monitoring.content[0].value
    assert "<li>Cloud Services - API: Degraded Performance</li>" in monitoring.content[0].value


def test_entries_carry_impact_and_affected_components_as_categories(tmp_path):
    feeds = feeds_of(site_with(tmp_path, {"2025-09-04-api-errors": INCIDENT}))
    atom_entry, rss_item = feeds["history.atom"].entries[0], feeds["history.rss"].entries[0]
    assert [(t.term, t.label) for t in atom_entry.tags] == [
        ("impact:major", "Impact: Major"), ("component:api", "Cloud Services - API")]
    assert [t.term for t in rss_item.tags] == ["Impact: Major", "Cloud Services - API"]


def test_component_feed_holds_only_incidents_that_affect_the_component(tmp_path):
    feeds = feeds_of(site_with(tmp_path, {"2025-09-04-api-errors": INCIDENT, "2025-10-21-web-trouble": SAME_MINUTE}))
    assert {e.title for e in feeds["components/api/updates.atom"].entries} == {
        "Postmortem: API errors", "Resolved: API errors", "Monitoring: API errors", "Update: API errors",
        "Investigating: API errors"}
    assert [e.title for e in feeds["components/web/updates.rss"].entries] == [
        "Update: Web trouble", "Investigating: Web trouble"]
    assert feeds["components/backend/updates.atom"].entries == []


def test_updates_posted_in_the_same_minute_get_distinct_ids(tmp_path):
    feed = feeds_of(site_with(tmp_path, {"2025-10-21-web-trouble": SAME_MINUTE}))["updates.atom"]
    ids = [e.id for e in feed.entries]
    assert ids == ["tag:status.example.com,2025:incident/2025-10-21-web-trouble/update/20251021T0805Z-2",
                   "tag:status.example.com,2025:incident/2025-10-21-web-trouble/update/20251021T0805Z"]


def test_ids_stay_the_same_when_the_incident_grows(tmp_path):
    open_incident = INCIDENT.split("## Monitoring")[0].replace("end: 2025-09-04 18:12 +02:00\n", "")
    before = feeds_of(site_with(tmp_path / "a", {"2025-09-04-api-errors": open_incident}))["updates.atom"]
    after = feeds_of(site_with(tmp_path / "b", {"2025-09-04-api-errors": INCIDENT}))["updates.atom"]
    assert {e.id for e in before.entries} < {e.id for e in after.entries}


def test_content_is_the_sanitised_body_html_escaped_once(tmp_path):
    site = site_with(tmp_path, {"2025-09-04-api-errors": INCIDENT})
    body_html = site.incidents[0].updates[0].body_html
    assert body_html == "<p>Requests fail &amp; time out.</p>"
    raw = build_feeds(site, SiteUrls.for_config(site.config))["updates.rss"]
    # In the XML the HTML is escaped text, so a reader gets the body HTML back verbatim.
    descriptions = etree.fromstring(raw).findall("channel/item/description")
    assert f"<strong>Investigating</strong></p>{body_html}<ul>" in descriptions[-1].text


def test_only_the_newest_entries_are_kept(tmp_path):
    incidents = {}
    start = datetime(2025, 1, 1, 8, 0)
    for day in range(MAX_ENTRIES + 10):
        moment = start + timedelta(days=day)
        incidents[f"{moment:%Y-%m-%d}-outage"] = f"""
            ---
            title: Outage {day}
            impact: minor
            components:
              api: partial_outage
            start: {moment:%Y-%m-%d %H:%M} +01:00
            end: {moment:%Y-%m-%d} 09:00 +01:00
            ---

            ## Investigating - {moment:%Y-%m-%d} 08:10 +01:00

            Looking.

            ## Resolved - {moment:%Y-%m-%d} 08:50 +01:00

            Fixed.
            """
    feeds = feeds_of(site_with(tmp_path, incidents))
    history, updates = feeds["history.atom"], feeds["updates.atom"]
    assert len(history.entries) == MAX_ENTRIES
    assert history.entries[0].title == f"Outage {MAX_ENTRIES + 9}"
    assert history.entries[-1].title == "Outage 10"
    assert len(updates.entries) == MAX_ENTRIES
    assert updates.entries[-1].title == "Investigating: Outage 35"  # 25 incidents x 2 updates


def test_feeds_built_from_recent_incidents_equal_feeds_built_from_all(tmp_path):
    """Entries are made only for incidents that can rank among the newest; ties at the cut included.

    The two oldest incidents tie for the last place, and their ids order one way ("outage" before
    "outage-b") while their update ids order the other ("outage/update" after "outage-b/update"):
    choosing incidents by id at the cut would lose the entry that belongs in the updates feed.
    """
    def incident(title: str, component: str, resolved: datetime) -> str:
        return f"""
            ---
            title: {title}
            impact: minor
            components:
              {component}: partial_outage
            start: 2025-01-01 07:00 +01:00
            end: {resolved:%Y-%m-%d %H:%M} +01:00
            ---

            ## Investigating - 2025-01-01 07:10 +01:00

            Looking.

            ## Resolved - {resolved:%Y-%m-%d %H:%M} +01:00

            Fixed.
            """

    # 49 incidents resolved after the tie: with the two tied Resolved updates, the 50 newest.
    tie = datetime(2025, 1, 1, 9, 0)
    incidents = {"2025-01-01-outage": incident("Tied A", "api", tie),
                 "2025-01-01-outage-b": incident("Tied B", "api", tie)}
    for index in range(1, MAX_ENTRIES):
        incidents[f"2025-01-01-later-{index}"] = incident(f"Later {index}", ("api", "backend", "web")[index % 3],
                                                          tie + timedelta(days=index))
    site = site_with(tmp_path, incidents)
    urls = SiteUrls.for_config(site.config)
    built = {feed.path: feed.entries for feed in site_feeds(site, urls)}
    every_update = {i.id: update_entries(site, i, urls) for i in site.incidents}
    assert built["history"] == newest(incident_entry(site, i, urls) for i in site.incidents)
    assert built["updates"] == newest(e for entries in every_update.values() for e in entries)
    assert built["updates"][-1].title == "Resolved: Tied A"
    for component in site.config.components:
        expected = newest(e for i in site.incidents if component.id in affected_component_ids(i)
                          for e in every_update[i.id])
        assert built[f"components/{component.id}/updates"] == expected, component.id


def test_feed_updated_comes_from_the_data_and_an_empty_feed_has_a_fixed_date(tmp_path):
    feeds = feeds_of(site_with(tmp_path, {"2025-09-04-api-errors": INCIDENT}))
    assert feeds["history.atom"].feed.updated == "2025-09-05T14:00:00+02:00"
    assert feeds["updates.rss"].feed.updated == "Fri, 05 Sep 2025 14:00:00 +0200"
    assert feeds["components/backend/updates.atom"].feed.updated == "1970-01-01T00:00:00+00:00"


def test_without_site_url_feeds_use_the_reserved_placeholder_host(tmp_path):
    # The adapters warn about the missing site_url (test_site_pages.py); outputs only fall back.
    feeds = feeds_of(site_with(tmp_path, {"2025-09-04-api-errors": INCIDENT}, site_url=""))
    entry = feeds["history.atom"].entries[0]
    assert entry.link == "https://status.invalid/incidents/2025-09-04-api-errors/"
    assert entry.id == "tag:status.invalid,2025:incident/2025-09-04-api-errors"


def test_a_site_below_a_path_keeps_the_path_in_links_and_ids(tmp_path):
    feeds = feeds_of(site_with(tmp_path, {"2025-09-04-api-errors": INCIDENT}, site_url="https://o.github.io/status"))
    entry = feeds["history.atom"].entries[0]
    assert entry.link == "https://o.github.io/status/incidents/2025-09-04-api-errors/"
    assert entry.id == "tag:o.github.io,2025:status/incident/2025-09-04-api-errors"


# --- the built fixture site -------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(artifacts_site: Path) -> Path:
    return artifacts_site


FEED_PATHS = ["history", "updates"] + [f"components/{c}/updates" for c in
                                       ("api", "charger-backend", "ocpp", "payments", "portal", "web")]


@pytest.mark.parametrize("path", FEED_PATHS)
def test_built_atom_feed_is_valid_and_self_describing(built, path):
    data = (built / f"{path}.atom").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": f"https://status.example.com/{path}.atom", "alternate": "https://status.example.com/"}
    assert len(feed.entries) <= MAX_ENTRIES
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:status.example.com,20") for i in ids)
    updated = [datetime.fromisoformat(e.updated) for e in feed.entries]
    assert all(u.tzinfo is not None for u in updated)
    assert updated == sorted(updated, reverse=True), "entries must be newest first"
    assert all(e.link.startswith("https://status.example.com/incidents/") for e in feed.entries)
    if updated:
        assert datetime.fromisoformat(feed.feed.updated) == updated[0]
    # The HTML content is escaped text inside <content type="html">, never raw markup.
    root = etree.fromstring(data)
    assert all(c.get("type") == "html" and len(c) == 0 for c in root.iter(f"{ATOM}content"))


@pytest.mark.parametrize("path", FEED_PATHS)
def test_built_rss_feed_is_valid_rss_2(built, path):
    data = (built / f"{path}.rss").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.link == "https://status.example.com/"
    channel = etree.fromstring(data).find("channel")
    self_link = channel.find(f"{ATOM}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", f"https://status.example.com/{path}.rss")
    for item in channel.findall("item"):
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.find("guid").text.startswith("tag:status.example.com,")
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_built_feeds_follow_the_reference_incident_step_by_step(built):
    updates = feedparser.parse((built / "updates.atom").read_bytes())
    mine = [e for e in updates.entries if REFERENCE in e.id]
    assert [e.title.split(":")[0] for e in mine] == [
        "Postmortem", "Resolved", "Monitoring", "Update", "Update", "Update", "Investigating"]
    first = mine[-1]
    assert first.id == f"tag:status.example.com,2025:incident/{REFERENCE}/update/20250904T1433Z"
    assert first.link == f"https://status.example.com/incidents/{REFERENCE}/#update-20250904T1433Z"
    assert first.published == "2025-09-04T16:33:00+02:00"


def test_built_feeds_escape_markup_and_drop_scripts(built):
    history = feedparser.parse((built / "history.atom").read_bytes())
    entry = next(e for e in history.entries if e.title == "Payment confirmations delayed")
    content = entry.content[0].value
    assert "R&amp;D" in content and "ærøå" in content
    assert "<script" not in content
    assert entry.link == "https://status.example.com/incidents/2025-11-10-payment-delays/"


def test_built_history_marks_cancelled_maintenance(built):
    history = feedparser.parse((built / "history.rss").read_bytes())
    entry = next(e for e in history.entries if e.title == "API certificate rotation")
    assert "Cancelled maintenance" in entry.description
    assert "Nov 20, 2025 - 06:00 to 06:30 CET" in entry.description


def test_every_built_feed_link_reaches_a_page_and_its_anchor(built):
    for path in FEED_PATHS:
        for entry in feedparser.parse((built / f"{path}.atom").read_bytes()).entries:
            address, _, fragment = entry.link.partition("#")
            page = built / address.removeprefix("https://status.example.com/") / "index.html"
            assert page.is_file(), f"{path}: {entry.link} has no page"
            if fragment:
                assert html.fromstring(page.read_bytes()).get_element_by_id(fragment, None) is not None, \
                    f"{path}: {entry.link} points to a missing anchor"


@settings(deadline=None)  # no timed tests: a busy CI machine must not fail it
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=12))
def test_update_keys_are_unique_and_stable_as_updates_are_appended(minutes):
    times = [utc(2025, 9, 4, 14) + timedelta(minutes=m) for m in sorted(minutes)]
    updates = tuple(Update(t, UpdateStatus.INVESTIGATING, False, "x", "<p>x</p>") for t in times)

    def incident(count: int) -> Incident:
        return Incident("2025-09-04-x", "incidents/2025-09-04-x.md", Kind.INCIDENT, "X", Impact.MINOR, {},
                        times[0], None, updates[:count])

    keys = update_keys(incident(len(updates)))
    assert len(set(keys)) == len(keys)
    for count in range(1, len(updates)):
        assert update_keys(incident(count)) == keys[:count]


def test_tag_year_is_the_incident_files_own_year(tmp_path):
    """Tag URIs take the year from the file name, not a fixed one: 2026 and 2024 incidents keep theirs."""
    site = make_site(tmp_path, {
        "2026-01-02-api-errors": INCIDENT.replace("2025-09-0", "2026-01-0"),
        "2024-03-04-api-errors": INCIDENT.replace("2025-09-0", "2024-03-0"),
    })
    site = replace(site, config=replace(site.config, site_url="https://status.example.com/"))
    urls = SiteUrls.for_config(site.config)
    entries = {e.link: e.id for e in site_feeds(site, urls)[0].entries}
    assert entries == {
        "https://status.example.com/incidents/2026-01-02-api-errors/":
            "tag:status.example.com,2026:incident/2026-01-02-api-errors",
        "https://status.example.com/incidents/2024-03-04-api-errors/":
            "tag:status.example.com,2024:incident/2024-03-04-api-errors",
    }
