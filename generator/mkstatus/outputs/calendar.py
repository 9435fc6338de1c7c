"""The maintenance calendar (/maintenance.ics): every maintenance window, for calendar apps.

Calendar apps replace an event when its SEQUENCE grows, so SEQUENCE must rise with every change
that readers should see. It counts what the file has posted: one per update after the first,
plus one once the maintenance is cancelled. Updates are only ever appended and cancelling is
one-way, so the number never falls; a moved window is announced with an update (docs/urls.md).
"""

from __future__ import annotations

from icalendar import Calendar, Event

from ..i18n import language_for
from ..core.model import ZONE_UTC, Incident, Site
from .timefmt import display_range
from .urls import SiteUrls, component_name
from .wording import labelled, update_label


CALENDAR_FILE = "maintenance.ics"


def build_calendar(site: Site, urls: SiteUrls) -> dict[str, bytes]:
    calendar = Calendar()
    lang = language_for(site.config.language)
    # The last field is the language of the calendar's text (RFC 5545).
    calendar.add("prodid", f"-//MkStatus//{site.config.name}//{site.config.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", lang.gettext("%(site)s - Maintenance") % {"site": site.config.name})
    for incident in sorted((i for i in site.incidents if i.is_maintenance), key=lambda i: (i.start, i.id)):
        calendar.add_component(maintenance_event(site, incident, urls))
    return {CALENDAR_FILE: calendar.to_ical()}


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
    lang = language_for(site.config.language)
    event.add("summary", labelled(lang, lang.gettext("Cancelled"), incident.title) if incident.cancelled
              else incident.title)
    event.add("status", "CANCELLED" if incident.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a maintenance window does not make the reader busy
    event.add("url", link)
    if names:
        event.add("categories", names)
    event.add("description", _description(site, incident, names, link))
    return event


def _description(site: Site, incident: Incident, names: list[str], link: str) -> str:
    latest, lang = incident.updates[-1], language_for(site.config.language)
    lines = [labelled(lang, update_label(latest, lang), latest.body_markdown), "",
             labelled(lang, lang.gettext("Window"),
                      display_range(incident.start, incident.end, site.config.timezone, lang))]
    if names:
        lines.append(labelled(lang, lang.gettext("Affected"), lang.pgettext("list", ", ").join(names)))
    lines.append(labelled(lang, lang.gettext("Details"), link))
    return "\n".join(lines)
