"""Status rules: component status now, the overall indicator, and status timelines."""

from datetime import timedelta

import pytest

from mkstatus.core.model import ComponentStatus as S
from mkstatus.core.status import component_statuses, component_timelines, group_statuses, status_snapshot, upcoming_maintenance
from sites.kit import make_site, utc

OPEN_INCIDENT = """
---
title: Trouble
impact: {impact}
components:
{components}
start: 2025-10-01 10:00 +02:00
---

## Investigating - 2025-10-01 10:05 +02:00

Looking into it.
"""

MAINTENANCE = """
---
type: maintenance
title: Database upgrade
components:
  - api
start: 2025-10-02 22:00 +02:00
end: 2025-10-02 23:00 +02:00
{cancelled}
---

## Scheduled - 2025-09-25 12:00 +02:00

We will upgrade the database.
"""

DURING = utc(2025, 10, 2, 20, 30)


def open_incident(impact: str, **components: str) -> str:
    lines = "\n".join(f"  {c}: {s}" for c, s in components.items())
    return OPEN_INCIDENT.replace("{impact}", impact).replace("{components}", lines)


@pytest.mark.parametrize("impact, components, indicator, banner", [
    ("minor", {"api": "degraded_performance"}, "minor", "Partially Degraded Service"),
    ("minor", {"api": "partial_outage"}, "minor", "Minor Service Outage"),
    ("major", {"api": "major_outage"}, "major", "Partial System Outage"),
    ("critical", {"api": "major_outage", "backend": "major_outage", "web": "major_outage"},
     "critical", "Major System Outage"),
    ("major", {}, "major", "Partial System Outage"),
])
def test_banner_follows_worst_component(tmp_path, impact, components, indicator, banner):
    site = make_site(tmp_path, {"2025-10-01-trouble": open_incident(impact, **components)})
    overall = status_snapshot(site, DURING).overall
    assert (overall.indicator, overall.description) == (indicator, banner)


def test_all_operational_without_incidents(tmp_path):
    site = make_site(tmp_path, {})
    assert status_snapshot(site, DURING).overall.description == "All Systems Operational"
    assert set(component_statuses(site, DURING).values()) == {S.OPERATIONAL}


def test_maintenance_counts_only_inside_its_window(tmp_path):
    site = make_site(tmp_path, {"2025-10-02-db": MAINTENANCE.replace("{cancelled}", "")})
    before, after = utc(2025, 10, 2, 19, 59), utc(2025, 10, 2, 21, 0)
    assert component_statuses(site, before)["api"] is S.OPERATIONAL
    assert status_snapshot(site, before).overall.description == "All Systems Operational"
    assert [i.id for i in upcoming_maintenance(site, before)] == ["2025-10-02-db"]
    assert component_statuses(site, DURING)["api"] is S.UNDER_MAINTENANCE
    assert status_snapshot(site, DURING).overall.description == "Service Under Maintenance"
    assert component_statuses(site, after)["api"] is S.OPERATIONAL
    ids = lambda incidents: [i.id for i in incidents]  # noqa: E731
    early, during = status_snapshot(site, before), status_snapshot(site, DURING)
    assert (ids(early.upcoming), ids(early.in_progress), ids(early.active)) == (["2025-10-02-db"], [], [])
    assert (ids(during.upcoming), ids(during.in_progress)) == ([], ["2025-10-02-db"])


def test_cancelled_maintenance_changes_nothing(tmp_path):
    site = make_site(tmp_path, {"2025-10-02-db": MAINTENANCE.replace("{cancelled}", "cancelled: true")})
    assert component_statuses(site, DURING)["api"] is S.OPERATIONAL
    assert upcoming_maintenance(site, utc(2025, 10, 1)) == []
    assert component_timelines(site, DURING)["api"] == []


def test_outage_outranks_maintenance_and_group_shows_worst(tmp_path):
    site = make_site(tmp_path, {
        "2025-10-01-trouble": open_incident("minor", backend="partial_outage"),
        "2025-10-02-db": MAINTENANCE.replace("{cancelled}", ""),
    })
    statuses = component_statuses(site, DURING)
    assert statuses["api"] is S.UNDER_MAINTENANCE
    assert group_statuses(site.config, statuses) == {"cloud": S.PARTIAL_OUTAGE}
    assert status_snapshot(site, DURING).overall.description == "Minor Service Outage"


RESOLVED = """
---
title: Slow API
impact: major
components:
  api: major_outage
start: 2025-10-01 10:00 +02:00
end: 2025-10-01 12:00 +02:00
---

## Investigating - 2025-10-01 10:10 +02:00

Errors.

## Identified - 2025-10-01 11:00 +02:00
components: api=partial_outage, backend=degraded_performance

Partly back.

## Resolved - 2025-10-01 12:30 +02:00
components: api=operational

Fixed.
"""


def test_timeline_applies_update_changes_from_their_time(tmp_path):
    site = make_site(tmp_path, {"2025-10-01-slow": RESOLVED})
    timelines = component_timelines(site, DURING)
    assert [(iv.start, iv.end, iv.status) for iv in timelines["api"]] == [
        (utc(2025, 10, 1, 8), utc(2025, 10, 1, 9), S.MAJOR_OUTAGE),
        (utc(2025, 10, 1, 9), utc(2025, 10, 1, 10), S.PARTIAL_OUTAGE),
    ]
    assert [(iv.start, iv.end, iv.status) for iv in timelines["backend"]] == [
        (utc(2025, 10, 1, 9), utc(2025, 10, 1, 10), S.DEGRADED_PERFORMANCE),
    ]
    assert component_statuses(site, DURING)["api"] is S.OPERATIONAL


def test_open_incident_runs_until_the_build_clock(tmp_path):
    site = make_site(tmp_path, {"2025-10-01-trouble": open_incident("major", api="major_outage")})
    now = utc(2025, 10, 1, 9)
    [interval] = component_timelines(site, now)["api"]
    assert (interval.start, interval.end) == (now - timedelta(hours=1), now)


def test_degraded_performance_outranks_maintenance(tmp_path):
    """docs/status-rules.md: worst first is ... degraded_performance, then under_maintenance."""
    site = make_site(tmp_path, {
        "2025-10-01-trouble": open_incident("minor", api="degraded_performance"),
        "2025-10-02-db": MAINTENANCE.replace("{cancelled}", ""),
    })
    statuses = component_statuses(site, DURING)
    assert statuses["api"] is S.DEGRADED_PERFORMANCE
    assert group_statuses(site.config, statuses) == {"cloud": S.DEGRADED_PERFORMANCE}
    assert status_snapshot(site, DURING).overall.description == "Partially Degraded Service"


COMPLETED_EARLY = MAINTENANCE.replace("{cancelled}", "") + """
## Completed - 2025-10-01 09:00 +02:00

Done a day early; nothing left to do in the window.
"""


def test_maintenance_completed_before_its_window_is_not_upcoming(tmp_path):
    site = make_site(tmp_path, {"2025-10-02-db": COMPLETED_EARLY})
    before = utc(2025, 10, 1, 12)
    assert upcoming_maintenance(site, before) == []
    assert component_statuses(site, DURING)["api"] is S.OPERATIONAL
    assert component_timelines(site, DURING)["api"] == []
