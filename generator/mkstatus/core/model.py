"""The domain model: what a status site is made of, independent of any site generator.

Everything here is immutable plain data. Loading (`load.py`) builds it from files; status rules
(`status.py`), uptime (`uptime.py`) and every output (`outputs/`) are pure functions over it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo


class Impact(enum.StrEnum):
    """How bad an incident is, as Statuspage names it. `maintenance` is for maintenance only."""

    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"
    MAINTENANCE = "maintenance"


class ComponentStatus(enum.StrEnum):
    OPERATIONAL = "operational"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNDER_MAINTENANCE = "under_maintenance"


class Kind(enum.StrEnum):
    INCIDENT = "incident"
    MAINTENANCE = "maintenance"


class UpdateStatus(enum.StrEnum):
    """The status an update puts an incident (first four) or a maintenance (last four) in."""

    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    VERIFYING = "verifying"
    COMPLETED = "completed"


INCIDENT_STATUSES = (
    UpdateStatus.INVESTIGATING,
    UpdateStatus.IDENTIFIED,
    UpdateStatus.MONITORING,
    UpdateStatus.RESOLVED,
)
MAINTENANCE_STATUSES = (
    UpdateStatus.SCHEDULED,
    UpdateStatus.IN_PROGRESS,
    UpdateStatus.VERIFYING,
    UpdateStatus.COMPLETED,
)
# The status that closes an incident or a maintenance.
CLOSING_STATUS = {Kind.INCIDENT: UpdateStatus.RESOLVED, Kind.MAINTENANCE: UpdateStatus.COMPLETED}


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    description: str = ""
    group_id: str | None = None
    # Uptime is counted from this day on; earlier days show "no data".
    start_date: date | None = None


@dataclass(frozen=True)
class Channel:
    """Where `mkstatus notify` sends events: a platform, the environment variables holding its
    destination (and secret), and optional filters. Empty filters mean every component / event."""

    id: str
    type: str  # webhook, slack, discord, teams, mattermost, google_chat, mastodon, email
    url_env: str
    secret_env: str = ""
    components: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    to: tuple[str, ...] = ()  # email recipients
    sender: str = ""  # email From; empty: derived from the SMTP URL
    visibility: str = "public"  # mastodon


@dataclass(frozen=True)
class SiteConfig:
    name: str
    timezone: ZoneInfo
    groups: tuple[Group, ...] = ()
    components: tuple[Component, ...] = ()
    # Absolute base URL of the published site ("https://status.example.com/"), "" when unknown.
    site_url: str = ""
    # Where an incident's source file can be viewed, e.g. "https://github.com/o/r/blob/main/"; "" for none.
    source_url: str = ""
    # MkDocs' use_directory_urls: pages at "incidents/<id>/" (True) or "incidents/<id>.html" (False).
    directory_urls: bool = True
    # Notification channels (`notify: channels:`), used only by `mkstatus notify`.
    channels: tuple[Channel, ...] = ()
    # Absolute base URLs of other hosts that publish the same site ("https://mirror.example.net/").
    mirrors: tuple[str, ...] = ()
    # Hosts whose images incident bodies may show ("images.example.com"); others become links.
    allowed_image_hosts: tuple[str, ...] = ()
    # Minutes after which a page published during an unresolved incident tells readers it may be out of date.
    stale_after: int = 60
    # The language readers see (Material's theme.language, "nb"); see i18n.language_for.
    language: str = "en"

    def component(self, component_id: str) -> Component | None:
        return next((c for c in self.components if c.id == component_id), None)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


@dataclass(frozen=True)
class Update:
    """One posted update. `keeps_status`: it did not change the status (an `## Update` heading, or
    the status of the update before it), so readers see "Update" rather than the status."""

    at: datetime
    status: UpdateStatus
    keeps_status: bool
    body_markdown: str
    body_html: str
    # Component statuses this update changes, from its time on: {component id: status}.
    component_changes: dict[str, ComponentStatus] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class Postmortem:
    at: datetime
    body_markdown: str
    body_html: str
    line: int = 0


@dataclass(frozen=True)
class Incident:
    """An incident or a maintenance, read from `incidents/<id>.md`.

    For an incident, `start`/`end` is the impact window (end is None while unresolved). For a
    maintenance it is the scheduled window, and `cancelled` may be set.
    """

    id: str
    source_path: str  # relative to the site root, with forward slashes: "incidents/<id>.md"
    kind: Kind
    title: str
    impact: Impact
    components: dict[str, ComponentStatus]  # initial status of each affected component
    start: datetime
    end: datetime | None
    updates: tuple[Update, ...]  # oldest first, as written
    postmortem: Postmortem | None = None
    cancelled: bool = False
    # sha256 of the file's bytes: lets outputs notice that a file changed (e.g. ICS SEQUENCE).
    content_hash: str = ""
    # Lines of `start` and `end` in the file, for messages about them found after parsing.
    start_line: int = 0
    end_line: int = 0

    @property
    def is_maintenance(self) -> bool:
        return self.kind is Kind.MAINTENANCE

    @property
    def status(self) -> UpdateStatus:
        """The status of the latest update."""
        return self.updates[-1].status

    @property
    def is_closed(self) -> bool:
        return self.status is CLOSING_STATUS[self.kind] or self.cancelled

    @property
    def created_at(self) -> datetime:
        return self.updates[0].at

    @property
    def updated_at(self) -> datetime:
        """Latest time anything was posted: an update or the postmortem."""
        latest = self.updates[-1].at
        if self.postmortem and self.postmortem.at > latest:
            return self.postmortem.at
        return latest

    @property
    def closed_at(self) -> datetime | None:
        """Time of the first closing update (resolved / completed), None while open."""
        closing = CLOSING_STATUS[self.kind]
        return next((u.at for u in self.updates if u.status is closing), None)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    incidents: tuple[Incident, ...]  # incidents and maintenance, sorted by id (file name)

    def incident(self, incident_id: str) -> Incident | None:
        return next((i for i in self.incidents if i.id == incident_id), None)


ZONE_UTC = ZoneInfo("UTC")
