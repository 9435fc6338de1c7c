"""Daily uptime from the status timelines, in the site's days (DST days included)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mkstatus.core.model import ComponentStatus as S
from mkstatus.core.uptime import DAYS, site_uptime
from mkstatus.outputs.pages.uptime_bars import format_percent
from sites.kit import make_site, utc

NOW = utc(2025, 11, 1, 12)  # 13:00 CET
OSLO = ZoneInfo("Europe/Oslo")


def incident(component: str, status: str, start: str, end: str | None, *, changes: str = "") -> str:
    closing = f"\n## Resolved - {end}\n\nFixed.\n" if end else ""
    return f"""
---
title: Trouble on {component}
impact: major
components:
  {component}: {status}
start: {start}
{"end: " + end if end else ""}
---

## Investigating - {start}
{changes}

Looking.
{closing}"""


@pytest.fixture
def uptime(tmp_path):
    site = make_site(tmp_path, {
        # One hour down on the 25-hour day when Oslo leaves summer time.
        "2025-10-26-dst": incident("api", "major_outage", "2025-10-26 00:00 +02:00", "2025-10-26 01:00 +02:00"),
        "2025-10-27-partial": incident("backend", "partial_outage", "2025-10-27 10:00 +01:00", "2025-10-27 12:00 +01:00"),
        "2025-10-28-degraded": incident("api", "degraded_performance", "2025-10-28 10:00 +01:00", "2025-10-28 18:00 +01:00"),
        "2025-10-29-midnight": incident("backend", "major_outage", "2025-10-29 23:00 +01:00", "2025-10-30 01:00 +01:00"),
        "2025-11-01-open": incident("web", "major_outage", "2025-11-01 12:00 +01:00", None),
    })
    return site_uptime(site, NOW)


def day(result, when: date):
    return next(d for d in result.days if d.date == when)


def test_window_is_ninety_site_days_ending_today(uptime):
    days = uptime.components["api"].days
    assert len(days) == DAYS
    assert (days[0].date, days[-1].date) == (date(2025, 8, 4), date(2025, 11, 1))


def test_dst_day_has_twenty_five_hours(uptime):
    assert day(uptime.components["api"], date(2025, 10, 26)).uptime == pytest.approx(1 - 1 / 25)
    assert format_percent(day(uptime.components["api"], date(2025, 10, 26)).uptime * 100) == "96.00%"


def test_partial_outage_counts_thirty_percent_and_degraded_counts_as_up(uptime):
    partial = day(uptime.components["backend"], date(2025, 10, 27))
    assert partial.uptime == pytest.approx(1 - 0.3 * 2 / 24)
    assert partial.worst is S.PARTIAL_OUTAGE and partial.seconds == {S.PARTIAL_OUTAGE: 7200}
    degraded = day(uptime.components["api"], date(2025, 10, 28))
    assert degraded.uptime == 1.0 and degraded.worst is S.DEGRADED_PERFORMANCE
    assert [i.id for i in degraded.incidents] == ["2025-10-28-degraded"]


def test_outage_across_midnight_is_split_between_days(uptime):
    backend = uptime.components["backend"]
    assert day(backend, date(2025, 10, 29)).uptime == pytest.approx(1 - 1 / 24)
    assert day(backend, date(2025, 10, 30)).uptime == pytest.approx(1 - 1 / 24)
    assert [i.id for i in day(backend, date(2025, 10, 30)).incidents] == ["2025-10-29-midnight"]


def test_today_counts_only_the_elapsed_part(uptime):
    # 13 hours of Nov 1 have passed at the build clock; the last one was down.
    assert day(uptime.components["web"], date(2025, 11, 1)).uptime == pytest.approx(1 - 1 / 13)


def test_days_before_start_date_have_no_data(uptime):
    web = uptime.components["web"]
    assert day(web, date(2025, 10, 19)).uptime is None
    assert day(web, date(2025, 10, 20)).uptime == 1.0
    elapsed = (NOW - datetime(2025, 10, 20, tzinfo=OSLO)).total_seconds()
    assert web.percent == pytest.approx(100 * (1 - 3600 / elapsed))


def test_ninety_day_percent_weights_days_by_length(uptime):
    elapsed = (NOW - datetime(2025, 8, 4, tzinfo=OSLO)).total_seconds()
    assert uptime.components["api"].percent == pytest.approx(100 * (1 - 3600 / elapsed))


def test_group_averages_its_members(uptime):
    cloud = uptime.groups["cloud"]
    assert day(cloud, date(2025, 10, 26)).uptime == pytest.approx((1 - 1 / 25 + 1) / 2)
    assert day(cloud, date(2025, 10, 26)).worst is S.MAJOR_OUTAGE
    assert cloud.percent == pytest.approx((uptime.components["api"].percent + uptime.components["backend"].percent) / 2)


def test_component_without_incidents_is_fully_up(tmp_path):
    result = site_uptime(make_site(tmp_path, {}), NOW)
    assert result.components["api"].percent == 100.0
    assert all(d.uptime == 1.0 and d.incidents == () for d in result.components["api"].days)


def test_percent_never_rounds_downtime_up_to_one_hundred():
    assert format_percent(99.999) == "99.99%"
    assert format_percent(100.0) == "100.00%"
    assert format_percent(None) == "No data"
