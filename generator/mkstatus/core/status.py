"""Pure status rules: what each component's status is now, and the page's overall indicator.

Rules (documented in docs/status-rules.md):
- An incident counts while its latest update is not Resolved. It gives each affected component the
  status from its front-matter, changed by each update's `components:` line in order.
- A maintenance counts while the clock is inside its window, unless cancelled or completed early;
  it gives its components `under_maintenance` (or the status its file names).
- A component's status is the worst of what counts, by SEVERITY; else operational.
- The overall indicator follows Statuspage: derived from component statuses.
- Timelines (for uptime): an incident affects its components from `start` to `end` (or now while
  open), each update's `components:` line applying from the update's time; a maintenance affects
  them from its start until its end or Completed update, and never before it begins.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from ..i18n import N_
from .model import CLOSING_STATUS, ComponentStatus, Impact, Incident, Site, SiteConfig, UpdateStatus

# Worst last: an outage outranks maintenance, which outranks nothing.
SEVERITY = {
    ComponentStatus.OPERATIONAL: 0,
    ComponentStatus.UNDER_MAINTENANCE: 1,
    ComponentStatus.DEGRADED_PERFORMANCE: 2,
    ComponentStatus.PARTIAL_OUTAGE: 3,
    ComponentStatus.MAJOR_OUTAGE: 4,
}


class Indicator(enum.StrEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"
    MAINTENANCE = "maintenance"


@dataclass(frozen=True)
class OverallStatus:
    indicator: Indicator
    description: str  # Statuspage's wording: "All Systems Operational", ...; English, pages translate it


def worst(statuses) -> ComponentStatus:
    return max(statuses, key=SEVERITY.__getitem__, default=ComponentStatus.OPERATIONAL)


def incident_component_statuses(incident: Incident, until: datetime | None = None, *,
                                updates: int | None = None) -> dict[str, ComponentStatus]:
    """Each affected component's status in the incident after its updates: those posted by `until`,
    or the first `updates` of them, if given (updates posted in one minute tell apart only by count)."""
    statuses = dict(incident.components)
    for update in incident.updates[:updates]:
        if until is not None and update.at > until:
            break
        statuses.update(update.component_changes)
    return statuses


def statuses_after_each(incident: Incident) -> list[dict[str, ComponentStatus]]:
    """`incident_component_statuses` after each update in turn, in one pass: a long file stays linear."""
    statuses = dict(incident.components)
    result = []
    for update in incident.updates:
        statuses.update(update.component_changes)
        result.append(dict(statuses))
    return result


def affected_component_ids(incident: Incident) -> list[str]:
    """Every component the incident names, in front-matter order, then in order of first change."""
    ids = list(incident.components)
    for update in incident.updates:
        ids.extend(i for i in update.component_changes if i not in ids)
    return ids


def is_active_incident(incident: Incident) -> bool:
    return not incident.is_maintenance and incident.status is not CLOSING_STATUS[incident.kind]


def maintenance_end(incident: Incident) -> datetime:
    """When a maintenance stops counting: its window's end, or its Completed update if earlier."""
    assert incident.end is not None
    closed = incident.closed_at
    return min(incident.end, closed) if closed else incident.end


def is_maintenance_in_progress(incident: Incident, now: datetime) -> bool:
    return (incident.is_maintenance and not incident.cancelled
            and incident.start <= now < maintenance_end(incident))


def maintenance_status(incident: Incident, now: datetime) -> UpdateStatus:
    """A maintenance's status by the clock, like Statuspage's auto-transitions: a Scheduled one is In
    progress inside its window, and any is Completed once the window is over. Pages, the API and the
    pages' script (assets/fresh.js, by the visitor's clock) follow this one rule."""
    if incident.is_closed or now >= maintenance_end(incident):
        return UpdateStatus.COMPLETED
    if is_maintenance_in_progress(incident, now) and incident.status is UpdateStatus.SCHEDULED:
        return UpdateStatus.IN_PROGRESS
    return incident.status


def is_maintenance_upcoming(incident: Incident, now: datetime) -> bool:
    return incident.is_maintenance and not incident.cancelled and now < incident.start and not incident.is_closed


def component_statuses(site: Site, now: datetime, maintenance: bool = True) -> dict[str, ComponentStatus]:
    """Current status of every configured component, in configuration order.

    maintenance=False leaves maintenance windows out: what pages give their script, which adds the
    windows by the visitor's clock.
    """
    found: dict[str, list[ComponentStatus]] = {c.id: [] for c in site.config.components}
    for incident in site.incidents:
        if is_active_incident(incident):
            for component_id, status in incident_component_statuses(incident).items():
                found[component_id].append(status)
        elif maintenance and is_maintenance_in_progress(incident, now):
            for component_id, status in incident.components.items():
                found[component_id].append(status)
    return {component_id: worst(statuses) for component_id, statuses in found.items()}


def overall_from(statuses: list[ComponentStatus], active: list[Incident]) -> OverallStatus:
    """Statuspage's rule: the worst component status decides; all components down is critical.

    An active incident that names no component still raises the indicator to its impact, so an
    open incident is never shown under "All Systems Operational".
    """
    top = worst(statuses)
    if top is ComponentStatus.MAJOR_OUTAGE:
        if statuses and all(s is ComponentStatus.MAJOR_OUTAGE for s in statuses):
            return OverallStatus(Indicator.CRITICAL, N_("Major System Outage"))
        return OverallStatus(Indicator.MAJOR, N_("Partial System Outage"))
    if top is ComponentStatus.PARTIAL_OUTAGE:
        return OverallStatus(Indicator.MINOR, N_("Minor Service Outage"))
    if top is ComponentStatus.DEGRADED_PERFORMANCE:
        return OverallStatus(Indicator.MINOR, N_("Partially Degraded Service"))
    impacts = [i.impact for i in active if i.impact not in (Impact.NONE, Impact.MAINTENANCE)]
    if impacts:
        impact = max(impacts, key=[Impact.MINOR, Impact.MAJOR, Impact.CRITICAL].index)
        return OverallStatus(Indicator(impact.value), IMPACT_DESCRIPTIONS[impact])
    if top is ComponentStatus.UNDER_MAINTENANCE:
        return OverallStatus(Indicator.MAINTENANCE, N_("Service Under Maintenance"))
    return OverallStatus(Indicator.NONE, N_("All Systems Operational"))


IMPACT_DESCRIPTIONS = {
    Impact.MINOR: N_("Minor Service Outage"),
    Impact.MAJOR: N_("Partial System Outage"),
    Impact.CRITICAL: N_("Major System Outage"),
}


def active_incidents(site: Site) -> list[Incident]:
    """Unresolved incidents, most recently started first."""
    return sorted((i for i in site.incidents if is_active_incident(i)), key=lambda i: (i.start, i.id), reverse=True)


def maintenance_in_progress(site: Site, now: datetime) -> list[Incident]:
    return sorted((i for i in site.incidents if is_maintenance_in_progress(i, now)), key=lambda i: (i.start, i.id))


def upcoming_maintenance(site: Site, now: datetime) -> list[Incident]:
    """Maintenance not yet started, soonest first."""
    return sorted((i for i in site.incidents if is_maintenance_upcoming(i, now)), key=lambda i: (i.start, i.id))


def group_statuses(config: SiteConfig, statuses: dict[str, ComponentStatus]) -> dict[str, ComponentStatus]:
    """A group shows the worst status among its members."""
    return {g.id: worst(statuses[c.id] for c in config.components if c.group_id == g.id) for g in config.groups}


@dataclass(frozen=True)
class StatusSnapshot:
    """What the rules say at the build clock, derived once per build; every output reads it.

    Plain facts only: statuses and incidents, no labels or anchors, so pages (translated), the API
    (Statuspage's English) and badges present them each their own way.
    """

    now: datetime
    components: dict[str, ComponentStatus]  # every configured component, in configuration order
    groups: dict[str, ComponentStatus]
    overall: OverallStatus
    active: tuple[Incident, ...]  # unresolved incidents, most recently started first
    in_progress: tuple[Incident, ...]  # maintenance inside its window, soonest first
    upcoming: tuple[Incident, ...]  # maintenance not yet started, soonest first
    # Statuses as if no maintenance window were open, and whether the banner would then say "All
    # Systems Operational": pages give these to their script, which adds windows by the visitor's clock.
    without_maintenance: dict[str, ComponentStatus] = field(default_factory=dict)
    calm: bool = False


def status_snapshot(site: Site, now: datetime) -> StatusSnapshot:
    statuses = component_statuses(site, now)
    active = active_incidents(site)
    base = component_statuses(site, now, maintenance=False)
    return StatusSnapshot(now, statuses, group_statuses(site.config, statuses),
                          overall_from(list(statuses.values()), active), tuple(active),
                          tuple(maintenance_in_progress(site, now)), tuple(upcoming_maintenance(site, now)),
                          base, overall_from(list(base.values()), active).indicator is Indicator.NONE)


# --- status timelines ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Interval:
    """A stretch of time in which one incident or maintenance gave one component one status."""

    start: datetime
    end: datetime
    status: ComponentStatus
    incident: Incident


def impact_window(incident: Incident, now: datetime) -> tuple[datetime, datetime] | None:
    """The time the incident or maintenance affected its components, up to `now`; None if none yet."""
    if incident.is_maintenance:
        if incident.cancelled:
            return None
        end = maintenance_end(incident)
    else:
        # The loader requires `end` once resolved; the Resolved time is only a fallback.
        end = incident.end or incident.closed_at or now
    end = min(end, now)
    return (incident.start, end) if incident.start < end else None


def incident_intervals(incident: Incident, now: datetime) -> dict[str, list[Interval]]:
    """Each affected component's statuses over the impact window, in time order.

    Statuses start from the front-matter at `start`; an update's `components:` line applies from the
    update's time (or from `start`, if it was posted earlier). Operational stretches are left out.
    """
    window = impact_window(incident, now)
    if window is None:
        return {}
    start, end = window
    changes = [(start, dict(incident.components))]
    changes += [(max(u.at, start), u.component_changes) for u in incident.updates if u.component_changes and u.at < end]
    result: dict[str, list[Interval]] = {}
    for component_id in affected_component_ids(incident):
        points: list[tuple[datetime, ComponentStatus]] = []
        for at, statuses in changes:
            if component_id in statuses:
                points.append((at, statuses[component_id]))
        intervals = [Interval(at, points[i + 1][0] if i + 1 < len(points) else end, status, incident)
                     for i, (at, status) in enumerate(points)]
        kept = [iv for iv in intervals if iv.start < iv.end and iv.status is not ComponentStatus.OPERATIONAL]
        if kept:
            result[component_id] = kept
    return result


def component_timelines(site: Site, now: datetime) -> dict[str, list[Interval]]:
    """Every configured component's intervals from all incidents and maintenance, sorted by start."""
    timelines: dict[str, list[Interval]] = {c.id: [] for c in site.config.components}
    for incident in site.incidents:
        for component_id, intervals in incident_intervals(incident, now).items():
            timelines.setdefault(component_id, []).extend(intervals)
    for intervals in timelines.values():
        intervals.sort(key=lambda iv: (iv.start, iv.end, iv.incident.id))
    return timelines
