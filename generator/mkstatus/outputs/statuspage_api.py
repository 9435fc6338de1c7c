"""A static copy of Atlassian Statuspage's public API v2, so tools built for Statuspage work unchanged.

Keys, key order, types and enums follow real responses (tests/statuspage-samples). Ids are the
incident file names and component ids; every timestamp comes from the data (never the build
clock) and is written like Statuspage writes it: RFC 3339 with milliseconds, in the page's zone.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from functools import cached_property

from ..core.model import (
    CLOSING_STATUS,
    ZONE_UTC,
    Component,
    ComponentStatus,
    Group,
    Incident,
    Site,
    UpdateStatus,
)
from ..core.status import (
    StatusSnapshot,
    affected_component_ids,
    maintenance_end,
    maintenance_status,
    status_snapshot,
    statuses_after_each,
)
from .kept import Kept, fresh
from .urls import SiteUrls, component_name, update_keys

MAX_ITEMS = 50  # Statuspage returns the 50 most recent incidents and maintenances
NO_DATA = datetime(1970, 1, 1, tzinfo=ZONE_UTC)
# Zones Statuspage writes with "Z" rather than "+00:00".
UTC_ZONE_KEYS = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "Universal", "Etc/Universal"}


def build_api(site: Site, status: StatusSnapshot, urls: SiteUrls, kept: Kept | None = None) -> dict[str, str]:
    """Every API v2 endpoint as a JSON file, keyed by path. With `kept` (mkdocs serve), the incidents
    that did not change since the last build are not converted again."""
    api = StatuspageObjects(site, status, urls, kept)
    page = api.page()
    components = api.component_list
    incidents = [i for i in site.incidents if not i.is_maintenance]
    maintenances = [i for i in site.incidents if i.is_maintenance]
    recent_incidents = sorted(incidents, key=lambda i: (i.start, i.id), reverse=True)[:MAX_ITEMS]
    recent_maintenances = sorted(maintenances, key=lambda i: (i.start, i.id), reverse=True)[:MAX_ITEMS]
    unresolved = [api.incident(i) for i in status.active]
    upcoming = [api.incident(i) for i in status.upcoming]
    active = [api.incident(i) for i in status.in_progress]
    indicator = api.status()
    responses = {
        "summary.json": {"page": page, "components": components, "incidents": unresolved,
                         "scheduled_maintenances": active + upcoming, "status": indicator},
        "status.json": {"page": page, "status": indicator},
        "components.json": {"page": page, "components": components},
        "incidents.json": {"page": page, "incidents": [api.incident(i) for i in recent_incidents]},
        "incidents/unresolved.json": {"page": page, "incidents": unresolved},
        "scheduled-maintenances.json": {"page": page, "scheduled_maintenances":
                                        [api.incident(i) for i in recent_maintenances]},
        "scheduled-maintenances/upcoming.json": {"page": page, "scheduled_maintenances": upcoming},
        "scheduled-maintenances/active.json": {"page": page, "scheduled_maintenances": active},
    }
    return {"api/v2/" + path: to_json(body) for path, body in responses.items()}


def incident_and_status(site: Site, incident: Incident, now: datetime, urls: SiteUrls) -> tuple[dict, dict, str]:
    """(incident as the API lists it, page status, page id) at `now`: for Statuspage-shaped webhooks."""
    api = StatuspageObjects(site, status_snapshot(site, now), urls)
    return api.incident(incident), api.status(), api.page_id


def to_json(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n"


class StatuspageObjects:
    """The model as Statuspage API objects (page, components, incidents) at the snapshot's clock."""

    def __init__(self, site: Site, status: StatusSnapshot, urls: SiteUrls, kept: Kept | None = None):
        self.site, self.snapshot, self.now, self.urls = site, status, status.now, urls
        self.config = site.config
        self.zone = site.config.timezone
        self.page_id = page_id(site, urls)
        self.kept = kept or fresh(site.config)

    def timestamp(self, moment: datetime | None) -> str | None:
        """'2025-09-04T16:33:00.000+02:00' in the page's zone; 'Z' for a UTC page, as Statuspage does."""
        if moment is None:
            return None
        text = moment.astimezone(self.zone).isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z") if self.zone.key in UTC_ZONE_KEYS else text

    # --- page and status -----------------------------------------------------------------------

    def page(self) -> dict:
        return {"id": self.page_id, "name": self.config.name, "url": self.urls.base.rstrip("/"),
                "time_zone": self.zone.key, "updated_at": self.timestamp(self.page_updated_at())}

    def page_updated_at(self) -> datetime:
        """The latest moment the data changed anything; the build clock when nothing ever happened
        (a new page is as fresh as its build, not 55 years stale)."""
        return max((t for i in self.site.incidents for t in changes_of(i, self.now)), default=self.now)

    def status(self) -> dict:
        overall = self.snapshot.overall
        return {"indicator": overall.indicator.value, "description": overall.description}

    # --- components ----------------------------------------------------------------------------

    @cached_property
    def component_list(self) -> list[dict]:
        return self.components()

    def components(self) -> list[dict]:
        """Page order: each group right before its members, at the place of its first member."""
        entries: list[dict] = []
        shown_groups: set[str] = set()
        for component in self.config.components:
            group = self.config.group(component.group_id) if component.group_id else None
            if group and group.id not in shown_groups:
                shown_groups.add(group.id)
                entries.append(self.group(group, len(entries) + 1))
                for member in self.members(group):
                    entries.append(self.component(member, len(entries) + 1))
            elif not group:
                entries.append(self.component(component, len(entries) + 1))
        return entries

    def members(self, group: Group) -> list[Component]:
        return [c for c in self.config.components if c.group_id == group.id]


    def component(self, component: Component, position: int) -> dict:
        created = self.component_created_at(component)
        return {
            "id": component.id,
            "name": component.name,
            "status": self.snapshot.components[component.id].value,
            "created_at": self.timestamp(created),
            "updated_at": self.timestamp(max(self.component_updated_at(component.id), created)),
            "position": position,
            "description": component.description or None,
            # Every MkStatus component shows its uptime bars, which is what `showcase` means.
            "showcase": True,
            "start_date": component.start_date.isoformat() if component.start_date else None,
            "group_id": component.group_id,
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def group(self, group: Group, position: int) -> dict:
        members = self.members(group)
        created = min(self.component_created_at(c) for c in members)
        updated = max(max(self.component_updated_at(c.id), created) for c in members)
        return {
            "id": group.id,
            "name": group.name,
            "status": self.snapshot.groups[group.id].value,
            "created_at": self.timestamp(created),
            "updated_at": self.timestamp(updated),
            "position": position,
            "description": group.description or None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": self.page_id,
            "group": True,
            "only_show_if_degraded": False,
            "components": [c.id for c in members],
        }

    def component_created_at(self, component: Component) -> datetime:
        """Midnight of its start_date in the page's zone, else the first moment the site has data."""
        if component.start_date:
            return datetime.combine(component.start_date, time(), self.zone)
        return min((i.created_at for i in self.site.incidents), default=NO_DATA)

    def component_updated_at(self, component_id: str) -> datetime:
        """The latest moment an incident or maintenance changed its status."""
        moments = [t for i in self.affecting[component_id] for t in changes_of(i, self.now, component_id)]
        return max(moments, default=NO_DATA)

    @cached_property
    def affecting(self) -> dict[str, list[Incident]]:
        """Each component's incidents and maintenance, in the site's order (one pass over the site)."""
        affecting: dict[str, list[Incident]] = {c.id: [] for c in self.config.components}
        for incident in self.site.incidents:
            for component_id in affected_component_ids(incident):
                affecting.setdefault(component_id, []).append(incident)
        return affecting

    # --- incidents and maintenance -------------------------------------------------------------

    def incident(self, incident: Incident) -> dict:
        # All but the components' entries, which show every component's current status; a
        # maintenance's status and resolution follow the build clock.
        head, tail = self.kept.of(incident, "api incident", lambda: self._incident(incident),
                                  self.page_id, self.now if incident.is_maintenance else None)
        return {**head, "components": self.affected_components(incident), **tail}

    def _incident(self, incident: Incident) -> tuple[dict, dict]:
        after, closing = statuses_after_each(incident), first_closing_index(incident)
        posted = [((update.at, index), self.update(incident, f"{incident.id}-{key}", update.status.value,
                                                   update.body_markdown, update.at,
                                                   self.update_components(incident, index, after, closing)))
                  for index, (update, key) in enumerate(zip(incident.updates, update_keys(incident)))]
        if incident.postmortem:
            pm = incident.postmortem
            posted.append(((pm.at, len(posted)), self.update(incident, f"{incident.id}-postmortem", "postmortem",
                                                             pm.body_markdown, pm.at, None)))
        body = {
            "id": incident.id,
            "name": incident.title,
            "status": self.incident_status(incident).value,
            "created_at": self.timestamp(incident.created_at),
            "updated_at": self.timestamp(incident.updated_at),
            "monitoring_at": self.timestamp(self.first_at(incident, (UpdateStatus.MONITORING, UpdateStatus.VERIFYING))),
            "resolved_at": self.timestamp(self.resolved_at(incident)),
            "impact": incident.impact.value,
            "shortlink": self.urls.incident(incident),
            "started_at": self.timestamp(incident.start),
            "page_id": self.page_id,
            # Newest first, as Statuspage lists them; a later line in the file wins a tie.
            "incident_updates": [update for _, update in sorted(posted, key=lambda p: p[0], reverse=True)],
        }
        tail = {}
        if incident.is_maintenance:
            tail["scheduled_for"] = self.timestamp(incident.start)
            tail["scheduled_until"] = self.timestamp(incident.end)
        return body, tail

    def update(self, incident: Incident, update_id: str, status: str, body: str, at: datetime,
               affected: list[dict] | None) -> dict:
        stamp = self.timestamp(at)
        return {"id": update_id, "status": status, "body": body, "incident_id": incident.id,
                "created_at": stamp, "updated_at": stamp, "display_at": stamp,
                "affected_components": affected, "deliver_notifications": True,
                "custom_tweet": None, "tweet_id": None}

    def update_components(self, incident: Incident, index: int, after: list[dict[str, ComponentStatus]],
                          closing: int | None) -> list[dict] | None:
        """What this update changed, as Statuspage lists it; None when it changed nothing.

        An incident's first update sets its components' initial statuses and its first Resolved
        update returns them to operational. A maintenance affects components through its window,
        not its updates, so only explicit `components:` lines count there.
        """
        update = incident.updates[index]
        before = after[index - 1] if index > 0 else {}
        if incident.is_maintenance:
            changes = dict(update.component_changes)
        elif index == 0:
            changes = after[0]
        elif index == closing:
            changes = {c: ComponentStatus.OPERATIONAL for c in before}
        else:
            changes = dict(update.component_changes)
        if not changes:
            return None
        return [{"code": c, "name": component_name(self.config, c),
                 "old_status": before.get(c, ComponentStatus.OPERATIONAL).value, "new_status": s.value}
                for c, s in changes.items()]

    def affected_components(self, incident: Incident) -> list[dict]:
        affected = affected_component_ids(incident)
        return [entry for entry in self.component_list if not entry["group"] and entry["id"] in affected]

    def incident_status(self, incident: Incident) -> UpdateStatus:
        """An incident's latest status; a maintenance follows the clock like Statuspage's auto-transitions.

        A cancelled maintenance reads `completed`: Statuspage has no cancelled status, and its text
        says it was cancelled.
        """
        return maintenance_status(incident, self.now) if incident.is_maintenance else incident.status

    def resolved_at(self, incident: Incident) -> datetime | None:
        if incident.closed_at:
            return incident.closed_at
        if incident.is_maintenance and self.incident_status(incident) is UpdateStatus.COMPLETED:
            return incident.updates[-1].at if incident.cancelled else maintenance_end(incident)
        return None

    @staticmethod
    def first_at(incident: Incident, statuses: tuple[UpdateStatus, ...]) -> datetime | None:
        return next((u.at for u in incident.updates if u.status in statuses), None)


def first_closing_index(incident: Incident) -> int | None:
    return next((i for i, u in enumerate(incident.updates) if u.status is CLOSING_STATUS[incident.kind]), None)


def changes_of(incident: Incident, now: datetime, component_id: str | None = None) -> list[datetime]:
    """Moments an incident or maintenance changed something (for one component, if given).

    Posted updates count as written, like the status rules count them; a maintenance window's
    start and end count once the build clock has passed them, since that is when they act.
    """
    if incident.is_maintenance:
        window = [] if incident.cancelled else [incident.start, maintenance_end(incident)]
        posts = [] if component_id else [u.at for u in incident.updates]
        return posts + [t for t in window if t <= now]
    moments = [incident.created_at]
    moments += [u.at for u in incident.updates if component_id is None or component_id in u.component_changes]
    if incident.closed_at:
        moments.append(incident.closed_at)
    if component_id is None and incident.postmortem:
        moments.append(incident.postmortem.at)
    return moments


def page_id(site: Site, urls: SiteUrls) -> str:
    """A stable id for the page: its host and path, e.g. 'status.example.com' or 'example.github.io-mkstatus'."""
    path = urls.path.strip("/").replace("/", "-")
    return f"{urls.host}-{path}" if path else urls.host
