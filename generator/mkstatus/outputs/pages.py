"""The status site's HTML pages as data: which pages exist, and each page's template context.

Everything is a pure function of the Site and the build clock. Contexts hold display-ready values
(times already in the site's zone and language, labels translated), so templates only lay things
out and put values into their own translated sentences. Each page's context costs
work proportional to what that page shows: an incident page never looks at other incidents, and
site-wide facts (statuses, uptime, per-component lists) are computed once in `SiteView`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Callable
from urllib.parse import urljoin

from . import timefmt
from ..i18n import N_, Language, language_for
from ..core.markup import absolute_urls
from ..core.model import Component, ComponentStatus, Impact, Incident, Site, SiteConfig, Update, UpdateStatus
from ..core.status import OverallStatus, StatusSnapshot, affected_component_ids, maintenance_end, maintenance_status
from ..core.uptime import Day, SiteUptime, Uptime, format_percent, site_uptime
from .wording import IMPACT_LABELS, UPDATE_LABELS, update_label

# Resolves a page's source path ("incidents/<id>.md") to its URL from the site root, as MkDocs
# computes it for the current `use_directory_urls`.
Link = Callable[[str], str]

HOME = "index.md"
EMBED = "embed/index.md"
# A hand-written page of this name tells readers how to get chat or webhook notifications;
# the Subscribe menu links to it when the site has one.
NOTIFICATIONS = "notifications.md"
PAST_DAYS = 14
# Incident titles named in one uptime day's full label (component pages); the rest are counted.
DAY_TITLES = 3
TEMPLATES = {"home": "status/home.html", "incident": "status/incident.html",
             "history": "status/history.html", "component": "status/component.html",
             "embed": "status/embed.html"}

# Machine-readable outputs linked from every page; written by the other outputs/ modules.
FEEDS = (("history.atom", "application/atom+xml", N_("Incident history (Atom)")),
         ("history.rss", "application/rss+xml", N_("Incident history (RSS)")),
         ("updates.atom", "application/atom+xml", N_("Every update (Atom)")),
         ("updates.rss", "application/rss+xml", N_("Every update (RSS)")))
API_SUMMARY = "api/v2/summary.json"
EMBED_SCRIPT = "embed/status.js"
CALENDAR = "maintenance.ics"
BADGE = "badges/status.svg"

# Material icons (bundled with the theme) that go with each status, so colour is never the only cue.
STATUS_ICONS = {
    ComponentStatus.OPERATIONAL: "material/check-circle",
    ComponentStatus.DEGRADED_PERFORMANCE: "material/minus-circle",
    ComponentStatus.PARTIAL_OUTAGE: "material/alert",
    ComponentStatus.MAJOR_OUTAGE: "material/close-circle",
    ComponentStatus.UNDER_MAINTENANCE: "material/wrench",
}
IMPACT_ICONS = {Impact.NONE: "material/information", Impact.MINOR: "material/minus-circle",
                Impact.MAJOR: "material/alert", Impact.CRITICAL: "material/close-circle",
                Impact.MAINTENANCE: "material/wrench"}
INDICATOR_ICONS = {"none": "material/check-circle", "minor": "material/minus-circle", "major": "material/alert",
                   "critical": "material/close-circle", "maintenance": "material/wrench"}
# Icons the packaged templates name directly.
TEMPLATE_ICONS = ("material/arrow-left", "material/history", "material/rss", "material/calendar-sync",
                  "material/api", "material/shield-check", "material/file-document-outline",
                  "material/bell-outline", "material/message-text-outline")
PROGRESS_ICONS = {"cancelled": "material/calendar-remove", "closed": "material/check-circle",
                  "open": "material/progress-clock"}
# Every icon the status pages show. Each is drawn once, in icons.css, instead of inline in every page.
ICONS = tuple(sorted({*STATUS_ICONS.values(), *IMPACT_ICONS.values(), *INDICATOR_ICONS.values(),
                      *PROGRESS_ICONS.values(), *TEMPLATE_ICONS}))
STATUS_SENTENCES = {
    UpdateStatus.INVESTIGATING: N_("This incident is being investigated."),
    UpdateStatus.IDENTIFIED: N_("The cause has been identified and a fix is being worked on."),
    UpdateStatus.MONITORING: N_("A fix has been applied and the results are being monitored."),
    UpdateStatus.RESOLVED: N_("This incident has been resolved."),
    UpdateStatus.SCHEDULED: N_("This maintenance is scheduled."),
    UpdateStatus.IN_PROGRESS: N_("This maintenance is in progress."),
    UpdateStatus.VERIFYING: N_("This maintenance is being verified."),
    UpdateStatus.COMPLETED: N_("This maintenance has been completed."),
}
CANCELLED_SENTENCE = N_("This maintenance has been cancelled.")


# --- which pages exist ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    kind: str  # a key of TEMPLATES
    key: str | int | None = None  # incident id, component id or history page number
    title: str | None = None
    in_nav: bool = False
    # The navigation's name for a page without a title: MkDocs would call the home page "Home".
    nav_title: str | None = None

    @property
    def in_sitemap(self) -> bool:
        """Incident pages and later history pages stay out of sitemap.xml: Material's script
        downloads it once per feed link on every page view, so it must not grow with the history.
        Crawlers still reach every incident through /history/."""
        return self.kind in ("home", "component") or (self.kind == "history" and self.key == 1)


def history_src(number: int) -> str:
    return "history/index.md" if number == 1 else f"history/{number}/index.md"


def incident_src(incident_id: str) -> str:
    return f"incidents/{incident_id}.md"


def component_src(component_id: str) -> str:
    return f"components/{component_id}.md"


def history_page_count(site: Site, page_size: int) -> int:
    return max(1, -(-len(site.incidents) // page_size))


def page_specs(site: Site, page_size: int) -> list[PageSpec]:
    """Every generated page. Only the home page joins the navigation; the rest would bloat every page."""
    lang = language_for(site.config.language)
    specs = [PageSpec(HOME, "home", in_nav=True, nav_title=lang.gettext("Home"))]
    count = history_page_count(site, page_size)
    specs += [PageSpec(history_src(n), "history", n, lang.gettext("History") if n == 1 else
                       lang.gettext("History, page %(number)s of %(count)s") % {"number": n, "count": count})
              for n in range(1, count + 1)]
    specs += [PageSpec(component_src(c.id), "component", c.id, c.name) for c in site.config.components]
    specs += [PageSpec(incident_src(i.id), "incident", i.id, i.title) for i in site.incidents]
    specs.append(PageSpec(EMBED, "embed", title=site.config.name))
    return specs


def page_meta(spec: PageSpec) -> dict:
    """The generated page's front-matter as data, exactly what `page_markdown` writes."""
    meta: dict = {"template": TEMPLATES[spec.kind], "hide": ["navigation", "toc"], "search": {"exclude": True}}
    if spec.title is not None:
        meta["title"] = spec.title
    if not spec.in_sitemap:
        meta["sitemap"] = False
    return meta


def page_markdown(spec: PageSpec) -> str:
    """The generated page's source: front-matter only; the body comes from its template."""
    lines = ["---", f"template: {TEMPLATES[spec.kind]}", "hide:", "  - navigation", "  - toc",
             "search:", "  exclude: true"]
    if spec.title is not None:
        lines.append("title: " + _yaml_string(spec.title))
    if not spec.in_sitemap:
        lines.append("sitemap: false")
    return "\n".join(lines + ["---", ""])


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar; JSON escaping is valid YAML and keeps any title intact."""
    return json.dumps(value, ensure_ascii=False)


# --- the pieces pages are made of ----------------------------------------------------------------

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
    days: tuple[DayView, ...]


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
    return Badge(status.value, lang.gettext(status.label), STATUS_ICONS[status])


def impact_badge(impact: Impact, lang: Language) -> Badge:
    return Badge(impact.value, lang.gettext(IMPACT_LABELS[impact]), IMPACT_ICONS[impact])


def progress_badge(incident: Incident, lang: Language, status: UpdateStatus | None = None) -> Badge:
    """Where the incident stands: Investigating ... Resolved, or Cancelled (`status`: by the clock)."""
    if incident.cancelled:
        return Badge("cancelled", lang.gettext("Cancelled"), PROGRESS_ICONS["cancelled"])
    status = status or incident.status
    key = "closed" if incident.is_closed or status is UpdateStatus.COMPLETED else "open"
    return Badge(key, lang.gettext(UPDATE_LABELS[status]), PROGRESS_ICONS[key])


def feed_links(lang: Language) -> tuple[tuple[str, str, str], ...]:
    """(path, type, label) of each feed, for the <link rel="alternate"> on every page."""
    return tuple((path, mime, lang.gettext(label)) for path, mime, label in FEEDS)


def affected_text(incident: Incident, config: SiteConfig) -> str:
    """Group name then members in parentheses; ungrouped components by name; in configuration order."""
    affected = set(affected_component_ids(incident))
    parts: list[str] = []
    members: dict[str, list[str]] = {}
    for component in config.components:
        if component.id not in affected:
            continue
        if component.group_id is None:
            parts.append(component.name)
            continue
        if component.group_id not in members:
            members[component.group_id] = []
            parts.append(component.group_id)
        members[component.group_id].append(component.name)
    names = {g.id: g.name for g in config.groups}
    lang = language_for(config.language)
    # Translators: between the names in a list of components ("API, OCPP").
    comma = lang.pgettext("list", ", ")
    # Translators: a group and its affected members, e.g. "Cloud Services (API, OCPP)".
    grouped = lang.gettext("%(group)s (%(members)s)")
    return comma.join(grouped % {"group": names[p], "members": comma.join(members[p])} if p in members else p
                      for p in parts)


def update_view(update: Update, config: SiteConfig) -> UpdateView:
    lang = language_for(config.language)
    changes = tuple(ChangeView(_component_name(config, cid), status_badge(status, lang))
                    for cid, status in update.component_changes.items())
    return UpdateView(update.anchor, update_label(update, lang), time_view(update.at, config), update.body_html,
                      changes)


def _component_name(config: SiteConfig, component_id: str) -> str:
    component = config.component(component_id)
    return component.name if component else component_id


def incident_view(incident: Incident, config: SiteConfig, link: Link, now: datetime | None = None) -> IncidentView:
    """One incident's summary; a maintenance's status follows the build clock `now` when given."""
    status = maintenance_status(incident, now) if incident.is_maintenance and now else incident.status
    clock_window = clock_affects = ""
    if incident.is_maintenance and not incident.is_closed and status is not UpdateStatus.COMPLETED:
        clock_window = " ".join((timefmt.rfc3339(incident.start), timefmt.rfc3339(maintenance_end(incident)),
                                 incident.status.value))
        clock_affects = " ".join(f"{cid}:{status.value}" for cid, status in incident.components.items())
    lang = language_for(config.language)
    return IncidentView(
        id=incident.id, url=link(incident_src(incident.id)), title=incident.title,
        is_maintenance=incident.is_maintenance, impact=impact_badge(incident.impact, lang),
        status=progress_badge(incident, lang, status),
        status_sentence=lang.gettext(CANCELLED_SENTENCE if incident.cancelled else STATUS_SENTENCES[status]),
        window=timefmt.display_range(incident.start, incident.end, config.timezone, lang),
        start=time_view(incident.start, config), end=time_view(incident.end, config) if incident.end else None,
        affected=affected_text(incident, config),
        latest=update_view(incident.updates[-1], config), cancelled=incident.cancelled,
        clock_window=clock_window, clock_affects=clock_affects,
    )


def home_incident_view(incident: Incident, config: SiteConfig, link: Link, now: datetime | None = None) -> IncidentView:
    """An incident card whose latest update is shown away from the incident page: its relative links
    and images are resolved against that page (absolute with site_url, else from the site root)."""
    view = incident_view(incident, config, link, now)
    page = urljoin(config.site_url, link(incident_src(incident.id)))
    return replace(view, latest=replace(view.latest, body_html=absolute_urls(view.latest.body_html, page)))


def day_view(day: Day, link: Link, lang: Language) -> DayView:
    when = timefmt.display_date(day.date, lang)
    if day.uptime is None:
        no_data = lang.gettext("%(date)s: no data (before this component was tracked).") % {"date": when}
        return DayView("no-data", no_data, (), brief=no_data, label=no_data)
    percent = format_percent(day.uptime * 100, lang)
    parts = [lang.gettext("%(date)s: %(percent)s uptime.") % {"date": when, "percent": percent}]
    parts += [lang.gettext("%(status)s for %(duration)s.") % {
        "status": lang.gettext(status.label), "duration": timefmt.duration(timedelta(seconds=seconds), lang)}
        for status, seconds in day.seconds.items()]
    if day.worst != ComponentStatus.OPERATIONAL:
        brief = lang.gettext("%(date)s: %(percent)s uptime, %(status)s.") % {
            "date": when, "percent": percent, "status": lang.gettext(day.worst.label)}
    else:
        brief = lang.gettext("%(date)s: %(percent)s uptime.") % {"date": when, "percent": percent}
    summary = " ".join(parts)
    listed = day.incidents[:DAY_TITLES]
    more = len(day.incidents) - len(listed)
    count = len(day.incidents)
    if listed:
        titles = "; ".join(i.title for i in listed)
        if more:
            titles += lang.ngettext("; and %(num)s more", "; and %(num)s more", more) % {"num": more}
        label = lang.ngettext("%(summary)s Incident: %(titles)s.", "%(summary)s Incidents: %(titles)s.",
                              count) % {"summary": summary, "titles": titles}
    else:
        label = lang.gettext("%(summary)s No incidents.") % {"summary": summary}
    return DayView(day.worst.value, summary, tuple((i.title, link(incident_src(i.id))) for i in listed),
                   more, brief, lang.ngettext("Incident:", "Incidents:", count), label)


def bar_view(uptime: Uptime, link: Link, lang: Language) -> BarView:
    return BarView(format_percent(uptime.percent, lang), tuple(day_view(d, link, lang) for d in uptime.days))


# --- site-wide facts, computed once per build ---------------------------------------------------

@dataclass
class SiteView:
    site: Site
    now: datetime
    status: StatusSnapshot
    uptime: SiteUptime
    newest_first: list[Incident]
    by_component: dict[str, list[Incident]] = field(default_factory=dict)  # newest first
    by_id: dict[str, Incident] = field(default_factory=dict)


def build_view(site: Site, status: StatusSnapshot) -> SiteView:
    now = status.now
    newest_first = sorted(site.incidents, key=lambda i: (i.start, i.id), reverse=True)
    by_component: dict[str, list[Incident]] = defaultdict(list)
    for incident in newest_first:
        for component_id in affected_component_ids(incident):
            by_component[component_id].append(incident)
    return SiteView(site, now, status, site_uptime(site, now), newest_first, dict(by_component), {i.id: i for i in site.incidents})


def component_feeds(component_id: str) -> tuple[LinkView, LinkView]:
    """A component's own update feeds (written by outputs/feeds.py)."""
    path = f"components/{component_id}/updates"
    return (LinkView(path + ".atom", "Atom", "application/atom+xml"), LinkView(path + ".rss", "RSS", "application/rss+xml"))


def common_links(link: Link, config: SiteConfig) -> dict:
    """Links every status page offers: history, feeds, API, calendar, badge."""
    # Calendar apps subscribe (and keep refreshing) through webcal://, which needs the absolute URL.
    subscribe = ""
    if config.site_url.startswith(("https://", "http://")):
        subscribe = "webcal://" + config.site_url.split("://", 1)[1].rstrip("/") + "/" + CALENDAR
    return {
        "calendar_subscribe": subscribe,
        "home_url": link(HOME),
        "history_url": link(history_src(1)),
        "feeds": tuple(LinkView(path, label, mime) for path, mime, label in feed_links(language_for(config.language))),
        "api_url": API_SUMMARY,
        "calendar_url": CALENDAR,
        "badge_url": BADGE,
    }


def component_rows(view: SiteView, link: Link) -> list[GroupRow | ComponentRow]:
    """Components in configuration order; a group appears where its first member is configured."""
    config = view.site.config
    lang = language_for(config.language)
    rows: list[GroupRow | ComponentRow] = []
    placed: set[str] = set()
    for component in config.components:
        if component.group_id is None:
            rows.append(_component_row(view, component, link))
        elif component.group_id not in placed:
            placed.add(component.group_id)
            group = config.group(component.group_id)
            members = tuple(_component_row(view, c, link) for c in config.components if c.group_id == group.id)
            rows.append(GroupRow(group.id, group.name, group.description,
                                 status_badge(view.status.groups[group.id], lang),
                                 bar_view(view.uptime.groups[group.id], link, lang), members))
    return rows


def _component_row(view: SiteView, component: Component, link: Link) -> ComponentRow:
    lang = language_for(view.site.config.language)
    return ComponentRow(component.id, component.name, component.description, link(component_src(component.id)),
                        status_badge(view.status.components[component.id], lang),
                        bar_view(view.uptime.components[component.id], link, lang),
                        view.status.without_maintenance[component.id].value)


def overall_badge(overall: OverallStatus, lang: Language) -> Badge:
    return Badge(overall.indicator.value, lang.gettext(overall.description), INDICATOR_ICONS[overall.indicator.value])


# --- page contexts -------------------------------------------------------------------------------

def home_context(view: SiteView, link: Link, notifications_url: str | None = None) -> dict:
    config, now = view.site.config, view.now
    return {
        "banner": overall_badge(view.status.overall, language_for(config.language)),
        "calm": view.status.calm,
        "active": [home_incident_view(i, config, link, view.now) for i in view.status.active],
        "maintenance_now": [home_incident_view(i, config, link, view.now) for i in view.status.in_progress],
        "maintenance_upcoming": [home_incident_view(i, config, link, view.now) for i in view.status.upcoming],
        "rows": component_rows(view, link),
        "past_days": past_days(view, link),
        "built": time_view(now, config),
        "zone": config.timezone.key,
        "component_feeds": [(c.name, component_feeds(c.id)) for c in config.components],
        "notifications_url": notifications_url,
        **common_links(link, config),
    }


def embed_context(view: SiteView, link: Link) -> dict:
    """The frameless /embed/ page: the overall status and what is happening now, nothing else."""
    config = view.site.config
    return {
        "banner": overall_badge(view.status.overall, language_for(config.language)),
        "now": [_latest_news(i, config, link) for i in [*view.status.active, *view.status.in_progress]],
        "home_url": link(HOME),
        "zone": config.timezone.key,
    }


def _latest_news(incident: Incident, config: SiteConfig, link: Link) -> tuple[IncidentView, str, TimeView]:
    """An incident with its latest update's label and time; a maintenance with no update since it
    was scheduled is in progress since its start, as the API says (Statuspage's auto-transition)."""
    summary = incident_view(incident, config, link)
    if incident.is_maintenance and incident.updates[-1].status is UpdateStatus.SCHEDULED:
        return (summary, language_for(config.language).gettext(UPDATE_LABELS[UpdateStatus.IN_PROGRESS]),
                time_view(incident.start, config))
    return summary, summary.latest.label, summary.latest.time


def past_days(view: SiteView, link: Link, count: int = PAST_DAYS) -> list[tuple[str, list[IncidentView]]]:
    """The last `count` days in the site's zone, newest first, each with what started that day."""
    zone = view.site.config.timezone
    today = view.now.astimezone(zone).date()
    first = today - timedelta(days=count - 1)
    found: dict[date, list[Incident]] = defaultdict(list)
    for incident in view.newest_first:
        started = incident.start.astimezone(zone).date()
        if started < first:
            break
        if incident.start <= view.now and not incident.cancelled:
            found[started].append(incident)
    days = [today - timedelta(days=n) for n in range(count)]
    lang = language_for(view.site.config.language)
    return [(timefmt.display_date(d, lang), [incident_view(i, view.site.config, link, view.now) for i in found[d]])
            for d in days]


def incident_context(view: SiteView, incident: Incident, link: Link) -> dict:
    config = view.site.config
    lang = language_for(config.language)
    summary = incident_view(incident, config, link, view.now)
    lasted = None
    if incident.end is not None:
        lasted = timefmt.duration(incident.end - incident.start, lang)
    elif not incident.is_maintenance and view.now > incident.start:
        lasted = lang.gettext("%(duration)s so far") % {"duration": timefmt.duration(view.now - incident.start, lang)}
    source = config.source_url + incident.source_path if config.source_url else ""
    postmortem = None
    if incident.postmortem:
        postmortem = {"time": time_view(incident.postmortem.at, config), "body_html": incident.postmortem.body_html}
    return {
        "incident": summary,
        "updates": [update_view(u, config) for u in reversed(incident.updates)],
        "postmortem": postmortem,
        "window_start": time_view(incident.start, config),
        "window_end": time_view(incident.end, config) if incident.end else None,
        "duration": lasted,
        "source_url": source,
        "zone": config.timezone.key,
        **common_links(link, config),
    }


def history_context(view: SiteView, number: int, page_size: int, link: Link) -> dict:
    """One page of history: `page_size` incidents and maintenance, newest first, grouped by month."""
    config = view.site.config
    count = history_page_count(view.site, page_size)
    chunk = view.newest_first[(number - 1) * page_size: number * page_size]
    months: list[tuple[str, list[IncidentView]]] = []
    for incident in chunk:
        started = incident.start.astimezone(config.timezone)
        title = timefmt.month_title(started.year, started.month, language_for(config.language))
        if not months or months[-1][0] != title:
            months.append((title, []))
        months[-1][1].append(incident_view(incident, config, link, view.now))
    return {
        "months": months,
        "number": number,
        "count": count,
        "pages": [(n, link(history_src(n))) for n in range(1, count + 1)],
        "newer_url": link(history_src(number - 1)) if number > 1 else None,
        "older_url": link(history_src(number + 1)) if number < count else None,
        "zone": config.timezone.key,
        **common_links(link, config),
    }


def component_context(view: SiteView, component: Component, link: Link, limit: int) -> dict:
    """A component's status, uptime day by day, and its most recent `limit` incidents."""
    config = view.site.config
    incidents = view.by_component.get(component.id, [])
    group = config.group(component.group_id) if component.group_id else None
    row = _component_row(view, component, link)
    return {
        "component": row,
        "group": group.name if group else None,
        "days": list(reversed(row.bar.days)),
        "incidents": [incident_view(i, config, link, view.now) for i in incidents[:limit]],
        "more_incidents": max(len(incidents) - limit, 0),
        "page_feeds": component_feeds(component.id),
        "zone": config.timezone.key,
        **common_links(link, config),
    }


def context_for(spec: PageSpec, view: SiteView, link: Link, page_size: int,
                notifications_url: str | None = None) -> dict:
    if spec.kind == "home":
        return home_context(view, link, notifications_url)
    if spec.kind == "embed":
        return embed_context(view, link)
    if spec.kind == "history":
        return history_context(view, int(spec.key), page_size, link)
    if spec.kind == "component":
        return component_context(view, view.site.config.component(str(spec.key)), link, page_size)
    return incident_context(view, view.by_id[str(spec.key)], link)
