"""Site-wide facts computed once per build (statuses, uptime, incidents per component) and the rows
and links several pages share, so each page's context costs only what that page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from ...core.model import Component, Incident, Site, SiteConfig
from ...core.status import StatusSnapshot, affected_component_ids
from ...core.uptime import SiteUptime, site_uptime
from ...i18n import language_for
from ..kept import Kept
from .routes import API_SUMMARY, BADGE, CALENDAR, HOME, Link, component_src, feed_links, history_src
from .uptime_bars import bar_view
from .views import ComponentRow, GroupRow, LinkView, status_badge


@dataclass
class SiteView:
    site: Site
    now: datetime
    status: StatusSnapshot
    uptime: SiteUptime
    newest_first: list[Incident]
    by_component: dict[str, list[Incident]] = field(default_factory=dict)  # newest first
    by_id: dict[str, Incident] = field(default_factory=dict)
    kept: Kept | None = None  # mkdocs serve: incidents' views from the last build (outputs/kept.py)


def build_view(site: Site, status: StatusSnapshot, kept: Kept | None = None) -> SiteView:
    now = status.now
    newest_first = sorted(site.incidents, key=lambda i: (i.start, i.id), reverse=True)
    by_component: dict[str, list[Incident]] = defaultdict(list)
    for incident in newest_first:
        for component_id in affected_component_ids(incident):
            by_component[component_id].append(incident)
    return SiteView(site, now, status, site_uptime(site, now), newest_first, dict(by_component), {i.id: i for i in site.incidents},
                    kept)


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
            rows.append(component_row(view, component, link))
        elif component.group_id not in placed:
            placed.add(component.group_id)
            group = config.group(component.group_id)
            members = tuple(component_row(view, c, link) for c in config.components if c.group_id == group.id)
            rows.append(GroupRow(group.id, group.name, group.description,
                                 status_badge(view.status.groups[group.id], lang),
                                 bar_view(view.uptime.groups[group.id], link, lang), members))
    return rows


def component_row(view: SiteView, component: Component, link: Link) -> ComponentRow:
    lang = language_for(view.site.config.language)
    return ComponentRow(component.id, component.name, component.description, link(component_src(component.id)),
                        status_badge(view.status.components[component.id], lang),
                        bar_view(view.uptime.components[component.id], link, lang),
                        view.status.without_maintenance[component.id].value)
