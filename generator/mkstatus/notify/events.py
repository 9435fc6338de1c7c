"""The site and the clock -> notification events: one per published update, plus maintenance windows.

An event's id is the id of its entry in `updates.atom` (taken from `outputs.feeds`, never derived
again here), so one id names one update in the feed, the delivery record and every message. A
maintenance window's start and end have no feed entry; their ids follow the same tag scheme:
`tag:<host>,<year>:incident/<id>/window/start` and `.../window/end`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..i18n import english
from ..core.model import CLOSING_STATUS, ComponentStatus, Incident, Site, UpdateStatus
from ..outputs.feeds import update_entries
from ..outputs.urls import SiteUrls
from ..outputs.wording import UPDATE_LABELS, update_label
from ..core.status import incident_component_statuses, maintenance_end
from ..core.event_types import CLOSING_EVENTS, EventType


@dataclass(frozen=True)
class Event:
    id: str  # the updates.atom entry id
    type: EventType
    at: datetime
    incident: Incident
    label: str  # what readers see as the status: "Identified", "Postmortem", "In progress"
    body_html: str  # sanitised at load time, like the pages
    link: str  # absolute URL of the update's anchor
    components: tuple[tuple[str, ComponentStatus], ...]  # affected components, status after this event
    index: int = 0  # the update's position in its file (window events: after every update)

    @property
    def title(self) -> str:
        return self.incident.title


def site_events(site: Site, now: datetime, urls: SiteUrls, since: datetime | None = None) -> list[Event]:
    """Every event that happened by `now` (and not before `since`), oldest first."""
    events: list[Event] = []
    for incident in site.incidents:
        if since is not None and not _may_have_events_since(incident, since):
            continue
        events.extend(incident_events(site, incident, now, urls))
    return sorted((e for e in events if e.at <= now and (since is None or e.at >= since)),
                  key=lambda e: (e.at, e.incident.id, e.index))


def _may_have_events_since(incident: Incident, since: datetime) -> bool:
    latest = incident.updated_at
    if incident.is_maintenance and incident.end is not None:
        latest = max(latest, incident.end)
    return latest >= since


def incident_events(site: Site, incident: Incident, now: datetime, urls: SiteUrls) -> list[Event]:
    entries = update_entries(site, incident, urls)  # the feed's entries: updates in order, then the postmortem
    closing = next((i for i, u in enumerate(incident.updates) if u.status is CLOSING_STATUS[incident.kind]), None)
    events = []
    for index, (update, entry) in enumerate(zip(incident.updates, entries)):
        kind = _update_type(incident, index, closing)
        label = "Cancelled" if kind is EventType.MAINTENANCE_CANCELLED else update_label(update, english())
        events.append(Event(entry.id, kind, update.at, incident, label, update.body_html, entry.link,
                            _components(incident, update.at, kind), index))
    if incident.postmortem:
        pm, entry = incident.postmortem, entries[-1]
        events.append(Event(entry.id, EventType.POSTMORTEM_PUBLISHED, pm.at, incident, "Postmortem",
                            pm.body_html, entry.link, _components(incident, pm.at, EventType.INCIDENT_RESOLVED),
                            len(incident.updates)))
    if incident.is_maintenance:
        events.extend(window_events(incident, now, urls))
    return events


def _update_type(incident: Incident, index: int, closing: int | None) -> EventType:
    status = incident.updates[index].status
    last = index == len(incident.updates) - 1
    if not incident.is_maintenance:
        if index == 0:
            return EventType.INCIDENT_CREATED
        return EventType.INCIDENT_RESOLVED if index == closing else EventType.INCIDENT_UPDATED
    if incident.cancelled and last:
        return EventType.MAINTENANCE_CANCELLED
    if index == 0:
        return EventType.MAINTENANCE_SCHEDULED
    if index == closing:
        return EventType.MAINTENANCE_COMPLETED
    if status is UpdateStatus.IN_PROGRESS and incident.updates[index - 1].status is UpdateStatus.SCHEDULED:
        return EventType.MAINTENANCE_STARTED
    return EventType.MAINTENANCE_UPDATED


def window_events(incident: Incident, now: datetime, urls: SiteUrls) -> list[Event]:
    """A maintenance window's start and end, once the clock has passed them.

    Not raised when the author already said so: the start when an update posted by then moved
    the maintenance past Scheduled, the end when a Completed update closed it. A cancelled
    maintenance has neither.
    """
    if incident.cancelled:
        return []
    events = []
    after_updates = len(incident.updates)
    start, end = incident.start, maintenance_end(incident)
    announced = any(u.status is not UpdateStatus.SCHEDULED for u in incident.updates if u.at <= start)
    if start <= now and not announced and start < end:
        events.append(Event(urls.tag(incident, "window", "start"), EventType.MAINTENANCE_STARTED, start, incident,
                            UPDATE_LABELS[UpdateStatus.IN_PROGRESS], "<p>The scheduled maintenance has started.</p>",
                            urls.incident(incident), _components(incident, start, EventType.MAINTENANCE_STARTED),
                            after_updates))
    if end <= now and incident.closed_at is None:
        events.append(Event(urls.tag(incident, "window", "end"), EventType.MAINTENANCE_COMPLETED, end, incident,
                            UPDATE_LABELS[UpdateStatus.COMPLETED], "<p>The scheduled maintenance has been completed.</p>",
                            urls.incident(incident), _components(incident, end, EventType.MAINTENANCE_COMPLETED),
                            after_updates + 1))
    return events


def _components(incident: Incident, at: datetime, kind: EventType) -> tuple[tuple[str, ComponentStatus], ...]:
    statuses = incident_component_statuses(incident, until=at)
    if kind in CLOSING_EVENTS:
        return tuple((c, ComponentStatus.OPERATIONAL) for c in statuses)
    return tuple(statuses.items())
