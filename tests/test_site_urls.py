"""Machine outputs link to pages where MkDocs writes them, under both values of use_directory_urls."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from icalendar import Calendar
from lxml import html

from sites.kit import utc

BASE = "https://status.example.org/"
CLOCK = utc(2025, 11, 1, 12)


@pytest.fixture
def built(oslo_site):
    """The Oslo fixture at CLOCK under both URL styles (built once per session, conftest.py)."""
    return oslo_site


def output_links(site: Path) -> list[tuple[str, str]]:
    """(output, link to a page) for every feed entry, calendar event and API incident."""
    links = []
    for feed in sorted(site.rglob("*.atom")) + sorted(site.rglob("*.rss")):
        links += [(feed.name, entry.link) for entry in feedparser.parse(feed.read_bytes()).entries]
    for event in Calendar.from_ical((site / "maintenance.ics").read_bytes()).walk("VEVENT"):
        links.append(("maintenance.ics", str(event["URL"])))
    for name in ["incidents.json", "scheduled-maintenances.json"]:
        data = json.loads((site / "api/v2" / name).read_text(encoding="utf-8"))
        links += [(name, item["shortlink"]) for key in ("incidents", "scheduled_maintenances")
                  for item in data.get(key, [])]
    return links


def test_every_output_link_reaches_a_built_page_and_anchor(built):
    site, directory_urls = built
    links = output_links(site)
    assert {output for output, _ in links} >= {"history.atom", "updates.rss", "maintenance.ics", "incidents.json"}
    for output, link in links:
        assert link.startswith(BASE), (output, link)
        path, _, fragment = link.removeprefix(BASE).partition("#")
        assert path.endswith("/") == directory_urls, (output, link)
        page = site / urlsplit(path).path
        page = page / "index.html" if directory_urls else page
        assert page.is_file(), f"{output}: {link} has no page"
        if fragment:
            assert html.fromstring(page.read_bytes()).get_element_by_id(fragment, None) is not None, \
                f"{output}: {link} points to a missing anchor"
