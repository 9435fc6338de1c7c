"""Each page's template context: home, embed, incident, history and component pages."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from .. import timefmt
from ...core.uptime import DAYS
from ...core.model import Component, Incident, SiteConfig, UpdateStatus
from ...i18n import language_for
from ..wording import UPDATE_LABELS
from .incidents import home_incident_view, incident_view, update_view
from .routes import HOME, Link, PageSpec, history_page_count, history_src, incident_src
from .site import SiteView, common_links, component_feeds, component_row, component_rows
from .views import IncidentView, TimeView, overall_badge, time_view


PAST_DAYS = 14


def home_context(view: SiteView, link: Link, notifications_url: str | None = None) -> dict:
    config, now = view.site.config, view.now
    return {
        "banner": overall_badge(view.status.overall, language_for(config.language)),
        "calm": view.status.calm,
        "active": [home_incident_view(i, config, link, view.now) for i in view.status.active],
        "maintenance_now": [home_incident_view(i, config, link, view.now) for i in view.status.in_progress],
        "maintenance_upcoming": [home_incident_view(i, config, link, view.now) for i in view.status.upcoming],
        "rows": component_rows(view, link),
        "uptime_days": DAYS,
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
    return [(timefmt.display_date(d, lang), [_summary(view, i, link) for i in found[d]]) for d in days]


def _summary(view: SiteView, incident: Incident, link: Link) -> IncidentView:
    """incident_view at the build clock; under mkdocs serve the last build's while the incident is unchanged."""
    compute = lambda: incident_view(incident, view.site.config, link, view.now)  # noqa: E731
    if view.kept is None:
        return compute()
    return view.kept.of(incident, "incident view", compute, link(incident_src(incident.id)),
                        view.now if incident.is_maintenance else None)


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
        months[-1][1].append(_summary(view, incident, link))
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
    row = component_row(view, component, link)
    return {
        "component": row,
        "group": group.name if group else None,
        "days": list(reversed(row.bar.days)),
        "incidents": [_summary(view, i, link) for i in incidents[:limit]],
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
