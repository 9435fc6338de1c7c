"""The display-ready values templates lay out (times in the site's zone and language, translated
labels), and the badges: a status as icon and text on its colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import timefmt
from ...core.model import ComponentStatus, Impact, Incident, SiteConfig, UpdateStatus
from ...core.status import OverallStatus
from ...i18n import Language, language_for
from ..wording import COMPONENT_STATUS_LABELS, IMPACT_LABELS, UPDATE_LABELS
from .icons import IMPACT_ICONS, INDICATOR_ICONS, PROGRESS_ICONS, STATUS_ICONS


@dataclass(frozen=True)
class TimeView:
    iso: str  # RFC 3339, for <time datetime>
    text: str  # "Sep 4, 2025 - 16:33 CEST"


@dataclass(frozen=True)
class Badge:
    """A status shown as icon + text on its colour."""

    key: str  # CSS modifier: operational, major_outage, critical, ...
    label: str
    icon: str


@dataclass(frozen=True)
class ChangeView:
    name: str
    badge: Badge


@dataclass(frozen=True)
class UpdateView:
    anchor: str
    label: str
    time: TimeView
    body_html: str
    changes: tuple[ChangeView, ...] = ()


@dataclass(frozen=True)
class IncidentView:
    id: str
    url: str
    title: str
    is_maintenance: bool
    impact: Badge
    status: Badge
    status_sentence: str
    window: str  # "Sep 4, 2025 - 15:30 to 18:12 CEST"
    start: TimeView
    end: TimeView | None  # a maintenance's window end, an incident's impact end; None while open
    affected: str  # "Zaptec Cloud Services (API, Charger backend, OCPP)"
    affected_sentence: str  # "This incident affects: <affected>", escaped HTML
    latest: UpdateView
    cancelled: bool = False
    # For the freshness script, on open maintenance only: "<start> <end> <written status>" (RFC 3339)
    # and "<component>:<status> ..." it gives while the visitor's clock is inside the window.
    clock_window: str = ""
    clock_affects: str = ""


@dataclass(frozen=True)
class DayView:
    key: str  # CSS modifier: the day's worst status, or "no-data"
    summary: str  # date, uptime and time in each status
    incidents: tuple[tuple[str, str], ...]  # (title, url) of the first DAY_TITLES, in order of start
    more: int = 0  # incidents that day beyond those listed
    brief: str = ""  # date, uptime and worst status: the label on the home page
    heading: str = ""  # "Incident:" or "Incidents:", before the linked titles
    label: str = ""  # the whole story in plain text, incidents included


@dataclass(frozen=True)
class BarView:
    percent: str  # "99.87%" or "No data"
    days: tuple[DayView, ...]  # the whole window, oldest first (uptime.DAYS)
    phone_days: int  # how many of the newest days a phone shows (uptime_bars.PHONE_DAYS)


@dataclass(frozen=True)
class ComponentRow:
    id: str
    name: str
    description: str
    url: str
    badge: Badge
    bar: BarView
    base: str = ""  # its status without maintenance windows, which the freshness script adds by the clock


@dataclass(frozen=True)
class GroupRow:
    id: str
    name: str
    description: str
    badge: Badge
    bar: BarView
    members: tuple[ComponentRow, ...]


@dataclass(frozen=True)
class LinkView:
    url: str
    label: str
    type: str = ""


def time_view(moment: datetime, config: SiteConfig) -> TimeView:
    return TimeView(timefmt.rfc3339(moment), timefmt.display(moment, config.timezone, language_for(config.language)))


def status_badge(status: ComponentStatus, lang: Language) -> Badge:
    return Badge(status.value, lang.gettext(COMPONENT_STATUS_LABELS[status]), STATUS_ICONS[status])


def impact_badge(impact: Impact, lang: Language) -> Badge:
    return Badge(impact.value, lang.gettext(IMPACT_LABELS[impact]), IMPACT_ICONS[impact])


def progress_badge(incident: Incident, lang: Language, status: UpdateStatus | None = None) -> Badge:
    """Where the incident stands: Investigating ... Resolved, or Cancelled (`status`: by the clock)."""
    if incident.cancelled:
        return Badge("cancelled", lang.gettext("Cancelled"), PROGRESS_ICONS["cancelled"])
    status = status or incident.status
    key = "closed" if incident.is_closed or status is UpdateStatus.COMPLETED else "open"
    return Badge(key, lang.gettext(UPDATE_LABELS[status]), PROGRESS_ICONS[key])


def overall_badge(overall: OverallStatus, lang: Language) -> Badge:
    return Badge(overall.indicator.value, lang.gettext(overall.description), INDICATOR_ICONS[overall.indicator.value])
