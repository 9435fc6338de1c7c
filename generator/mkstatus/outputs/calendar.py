"""The maintenance calendar (/maintenance.ics): every maintenance window, for calendar apps.

Calendar apps replace an event when its SEQUENCE grows, so SEQUENCE must rise with every change
that readers should see. It counts what the file has posted: one per update after the first,
plus one once the maintenance is cancelled. Updates are only ever appended and cancelling is
one-way, so the number never falls; a moved window is announced with an update (docs/urls.md).
"""

from __future__ import annotations

from icalendar import Calendar, Event

from ..model import ZONE_UTC, Incident, Site
from ..timefmt import display_range
from .urls import SiteUrls, component_name


def build_calendar(site: Site, urls: SiteUrls) -> dict[str, bytes]:
    calendar = Calendar()
    calendar.add("prodid", f"-//MkStatus//{site.config.name}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{site.config.name} - Maintenance")
    for incident in sorted((i for i in site.incidents if i.is_maintenance), key=lambda i: (i.start, i.id)):
        calendar.add_component(maintenance_event(site, incident, urls))
    return {"maintenance.ics": calendar.to_ical()}


def sequence(incident: Incident) -> int:
    return len(incident.updates) - 1 + (1 if incident.cancelled else 0)


def maintenance_event(site: Site, incident: Incident, urls: SiteUrls) -> Event:
    link = urls.incident(incident)
    names = [component_name(site.config, c) for c in incident.components]
    event = Event()
    event.add("uid", f"{incident.id}@{urls.host}")
    # The last change to the file, so the stamp moves only when the data does.
    event.add("dtstamp", incident.updated_at.astimezone(ZONE_UTC))
    event.add("created", incident.created_at.astimezone(ZONE_UTC))
    event.add("last-modified", incident.updated_at.astimezone(ZONE_UTC))
    event.add("sequence", sequence(incident))
    event.add("dtstart", incident.start.astimezone(ZONE_UTC))
    event.add("dtend", incident.end.astimezone(ZONE_UTC))
    event.add("summary", f"Cancelled: {incident.title}" if incident.cancelled else incident.title)
    event.add("status", "CANCELLED" if incident.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a maintenance window does not make the reader busy
    event.add("url", link)
    if names:
        event.add("categories", names)
    event.add("description", _description(site, incident, names, link))
    return event


def _description(site: Site, incident: Incident, names: list[str], link: str) -> str:
    latest = incident.updates[-1]
    lines = [f"{latest.label}: {latest.body_markdown}", "",
             f"Window: {display_range(incident.start, incident.end, site.config.timezone)}"]
    if names:
        lines.append(f"Affected: {', '.join(names)}")
    lines.append(f"Details: {link}")
    return "\n".join(lines)
