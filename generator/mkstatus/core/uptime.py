"""Daily uptime per component over the last 90 days, from the status timelines.

Days are calendar days in the site's zone, so a DST day has 23 or 25 hours. Major outage counts as
down in full, partial outage at 30 %, degraded performance and maintenance as up (Statuspage's
rule). Days before a component's `start_date` have no data rather than a flattering 100 %.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .model import ZONE_UTC, Component, ComponentStatus, Incident, Site
from .status import SEVERITY, Interval, component_timelines, worst

DAYS = 90
DOWNTIME_WEIGHT = {ComponentStatus.MAJOR_OUTAGE: 1.0, ComponentStatus.PARTIAL_OUTAGE: 0.3}


@dataclass(frozen=True)
class Day:
    date: date
    uptime: float | None  # 0..1; None: no data (before the component's start date)
    worst: ComponentStatus = ComponentStatus.OPERATIONAL  # worst status at any moment of the day
    seconds: dict[ComponentStatus, float] = field(default_factory=dict)  # time in each non-operational status
    incidents: tuple[Incident, ...] = ()  # what caused it, in order of start


@dataclass(frozen=True)
class Uptime:
    days: tuple[Day, ...]  # oldest first, the last one is today
    percent: float | None  # over the days with data, 0..100


@dataclass(frozen=True)
class _Segment:
    """A stretch in which the component's worst status does not change."""

    start: datetime
    end: datetime
    status: ComponentStatus


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight, in UTC (so DST days are 23 or 25 hours long)."""
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(ZONE_UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(ZONE_UTC)
    return start, end


def window_days(now: datetime, zone: ZoneInfo, count: int = DAYS) -> list[date]:
    today = now.astimezone(zone).date()
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def flatten(intervals: list[Interval]) -> list[_Segment]:
    """Overlapping intervals to consecutive segments, each with the worst status in force."""
    events: list[tuple[datetime, int, ComponentStatus]] = []
    for interval in intervals:
        events.append((interval.start, 1, interval.status))
        events.append((interval.end, -1, interval.status))
    events.sort(key=lambda e: e[0])
    active: Counter[ComponentStatus] = Counter()
    segments: list[_Segment] = []
    for index, (at, delta, status) in enumerate(events):
        active[status] += delta
        following = events[index + 1][0] if index + 1 < len(events) else at
        if following > at:
            current = worst(s for s, n in active.items() if n > 0)
            if current is not ComponentStatus.OPERATIONAL:
                segments.append(_Segment(at, following, current))
    return segments


def component_uptime(component: Component, intervals: list[Interval], now: datetime, zone: ZoneInfo,
                     count: int = DAYS) -> Uptime:
    days = window_days(now, zone, count)
    bounds = [day_bounds(d, zone) for d in days]
    starts = [b[0] for b in bounds]
    seconds: list[Counter[ComponentStatus]] = [Counter() for _ in days]
    incidents: list[dict[str, Incident]] = [{} for _ in days]

    def overlapping(start: datetime, end: datetime) -> range:
        first = max(bisect_right(starts, start) - 1, 0)
        return range(first, bisect_right(starts, end - timedelta(microseconds=1)))

    # Years of history lie outside the window and cannot change a segment inside it.
    intervals = [iv for iv in intervals if iv.end > starts[0] and iv.start < now]
    for segment in flatten(intervals):
        for index in overlapping(segment.start, segment.end):
            day_start, day_end = bounds[index]
            overlap = (min(segment.end, day_end, now) - max(segment.start, day_start)).total_seconds()
            if overlap > 0:
                seconds[index][segment.status] += overlap
    for interval in intervals:
        for index in overlapping(interval.start, interval.end):
            day_start, day_end = bounds[index]
            if interval.start < min(day_end, now) and interval.end > day_start:
                incidents[index].setdefault(interval.incident.id, interval.incident)

    result = []
    for index, day in enumerate(days):
        if component.start_date is not None and day < component.start_date:
            result.append(Day(day, None))
            continue
        day_start, day_end = bounds[index]
        elapsed = (min(day_end, now) - day_start).total_seconds()
        down = sum(DOWNTIME_WEIGHT.get(status, 0.0) * s for status, s in seconds[index].items())
        uptime = 1.0 - down / elapsed if elapsed > 0 else 1.0
        spent = dict(sorted(seconds[index].items(), key=lambda kv: -SEVERITY[kv[0]]))
        result.append(Day(day, max(uptime, 0.0), worst(spent), spent,
                          tuple(sorted(incidents[index].values(), key=lambda i: (i.start, i.id)))))
    return Uptime(tuple(result), _percent(result, bounds, now))


def _percent(days: list[Day], bounds: list[tuple[datetime, datetime]], now: datetime) -> float | None:
    """Uptime over the whole window, weighting each day by its length (elapsed part for today)."""
    total = up = 0.0
    for day, (start, end) in zip(days, bounds):
        if day.uptime is None:
            continue
        length = max((min(end, now) - start).total_seconds(), 0.0)
        total += length
        up += day.uptime * length
    return 100.0 * up / total if total else None


def group_uptime(members: list[Uptime]) -> Uptime:
    """A group's day is the average of its members' days with data; its worst status is theirs."""
    if not members:
        return Uptime((), None)
    days = []
    for index, day in enumerate(members[0].days):
        member_days = [m.days[index] for m in members]
        known = [d.uptime for d in member_days if d.uptime is not None]
        if not known:
            days.append(Day(day.date, None))
            continue
        spent: Counter[ComponentStatus] = Counter()
        incidents: dict[str, Incident] = {}
        for member_day in member_days:
            spent.update(member_day.seconds)
            incidents.update((i.id, i) for i in member_day.incidents)
        days.append(Day(day.date, sum(known) / len(known), worst(d.worst for d in member_days),
                        dict(sorted(spent.items(), key=lambda kv: -SEVERITY[kv[0]])),
                        tuple(sorted(incidents.values(), key=lambda i: (i.start, i.id)))))
    percents = [m.percent for m in members if m.percent is not None]
    return Uptime(tuple(days), sum(percents) / len(percents) if percents else None)


@dataclass(frozen=True)
class SiteUptime:
    components: dict[str, Uptime]
    groups: dict[str, Uptime]


def site_uptime(site: Site, now: datetime, count: int = DAYS) -> SiteUptime:
    """Uptime of every component and every group, keyed by id."""
    zone = site.config.timezone
    timelines = component_timelines(site, now)
    components = {c.id: component_uptime(c, timelines[c.id], now, zone, count) for c in site.config.components}
    groups = {g.id: group_uptime([components[c.id] for c in site.config.components if c.group_id == g.id])
              for g in site.config.groups}
    return SiteUptime(components, groups)
