"""The maintenance calendar: every window, stable UIDs, a SEQUENCE that grows with each change."""

from __future__ import annotations

from dataclasses import replace
from datetime import timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from mkstatus.outputs.calendar import build_calendar
from mkstatus.outputs.urls import SiteUrls
from sites.kit import make_site, utc

CLOCK = utc(2025, 11, 10, 12)

SCHEDULED = """
---
type: maintenance
title: Database upgrade
components:
  - api
  - web
start: 2025-12-02 22:00 +01:00
end: 2025-12-02 23:00 +01:00{cancelled}
---

## Scheduled - 2025-11-01 12:00 +01:00

We will upgrade the database.
"""
MOVED = "\n## Update - 2025-11-03 09:00 +01:00\n\nThe window moved by an hour.\n"


def calendar_of(tmp_path: Path, text: str) -> Calendar:
    site = make_site(tmp_path, {"2025-11-01-database-upgrade": text})
    site = replace(site, config=replace(site.config, site_url="https://status.example.com/"))
    return Calendar.from_ical(build_calendar(site, SiteUrls.for_config(site.config))["maintenance.ics"])


def only_event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_event_describes_the_window_in_utc_with_a_stable_uid(tmp_path):
    event = only_event(calendar_of(tmp_path, SCHEDULED.format(cancelled="")))
    assert str(event["UID"]) == "2025-11-01-database-upgrade@status.example.com"
    assert event.decoded("DTSTART") == utc(2025, 12, 2, 21)
    assert event.decoded("DTEND") == utc(2025, 12, 2, 22)
    assert event.decoded("DTSTART").tzinfo.utcoffset(None).total_seconds() == 0
    assert event["DTSTART"].to_ical() == b"20251202T210000Z"
    assert event.decoded("DTSTAMP") == utc(2025, 11, 1, 11)  # the last update, not the build time
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == "https://status.example.com/incidents/2025-11-01-database-upgrade/"
    description = str(event["DESCRIPTION"])
    assert "https://status.example.com/incidents/2025-11-01-database-upgrade/" in description
    assert "Affected: Cloud Services - API, Web <Portal>" in description
    assert "Dec 2, 2025 - 22:00 to 23:00 CET" in description
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Cloud Services - API", "Web <Portal>"]


def test_sequence_grows_with_each_update_and_with_cancelling(tmp_path):
    versions = [SCHEDULED.format(cancelled=""), SCHEDULED.format(cancelled="") + MOVED,
                SCHEDULED.format(cancelled="\ncancelled: true") + MOVED]
    events = [only_event(calendar_of(tmp_path / str(n), text)) for n, text in enumerate(versions)]
    sequences = [int(e["SEQUENCE"]) for e in events]
    assert sequences == sorted(set(sequences)), f"SEQUENCE must grow with every change: {sequences}"
    assert sequences[0] == 0
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert events[1].decoded("DTSTAMP") == utc(2025, 11, 3, 8)
    assert len({str(e["UID"]) for e in events}) == 1


def test_a_site_without_maintenance_has_an_empty_valid_calendar(tmp_path):
    site = make_site(tmp_path, {})
    calendar = Calendar.from_ical(build_calendar(site, SiteUrls("https://s.example/"))["maintenance.ics"])
    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


# --- the built fixture site ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(artifacts_site: Path) -> Path:
    return artifacts_site


def test_built_calendar_holds_every_maintenance_window(built):
    data = (built / "maintenance.ics").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//MkStatus//Artifacts Status//EN"
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert list(events) == ["2025-08-01-database-upgrade", "2025-11-10-portal-upgrade",
                            "2025-10-20-api-maintenance", "2025-12-01-backend-migration"]
    assert all(str(e["UID"]).endswith("@status.example.com") for e in events.values())
    cancelled = events["2025-10-20-api-maintenance"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2
    assert int(events["2025-08-01-database-upgrade"]["SEQUENCE"]) == 2
    assert int(events["2025-11-10-portal-upgrade"]["SEQUENCE"]) == 0
    for event in events.values():
        for key in ("DTSTART", "DTEND", "DTSTAMP"):
            assert event.decoded(key).utcoffset().total_seconds() == 0
            assert event[key].to_ical().endswith(b"Z")
        assert event.decoded("DTSTAMP") <= CLOCK.astimezone(timezone.utc)
        assert str(event["URL"]) in str(event["DESCRIPTION"])
    migration = events["2025-12-01-backend-migration"]
    assert [str(c) for c in migration["CATEGORIES"].cats] == ["Cloud Services - Charger backend",
                                                             "Cloud Services - OCPP"]
