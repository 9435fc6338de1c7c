"""Atom and RSS feeds: the incident history, every posted update, and per-component updates.

Entries are built from the model once and then written by feedgen in both formats. Every date
comes from the incident files, never from the build clock, so two builds are byte-identical.
Text is in the site's language, which each feed declares (RSS <language>, Atom xml:lang).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable
from html import escape

from feedgen.feed import FeedGenerator

from ..i18n import language_for
from ..core.markup import absolute_urls
from ..core.model import ZONE_UTC, Incident, Site, SiteConfig
from ..core.status import affected_component_ids, statuses_after_each
from .kept import Kept, fresh
from .timefmt import display, display_range
from .urls import SiteUrls, component_name, update_keys
from .wording import COMPONENT_STATUS_LABELS, IMPACT_NAMES, labelled, update_label

MAX_ENTRIES = 50
# The `updated` of a feed with no entries: a fixed instant, because the build time would change it.
NO_DATA = datetime(1970, 1, 1, tzinfo=ZONE_UTC)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    content_html: str
    categories: tuple[tuple[str, str], ...]  # (term, label)


@dataclass(frozen=True)
class Feed:
    path: str  # without extension: "history", "components/api/updates"
    language: str  # "nb", "pt-BR": the site's language
    author: str  # the site's name
    title: str
    description: str
    entries: tuple[Entry, ...]  # newest first, at most MAX_ENTRIES

    @property
    def updated(self) -> datetime:
        return max((e.updated for e in self.entries), default=NO_DATA)


def build_feeds(site: Site, urls: SiteUrls, kept: Kept | None = None) -> dict[str, bytes]:
    """Every feed in Atom and RSS, keyed by path. With `kept` (mkdocs serve), entries and feeds whose
    incidents did not change since the last build are reused."""
    kept = kept or fresh(site.config)
    files: dict[str, bytes] = {}
    for feed in site_feeds(site, urls, kept):
        files[feed.path + ".atom"] = kept.value(("atom", feed, urls), lambda: render_atom(feed, urls))
        files[feed.path + ".rss"] = kept.value(("rss", feed, urls), lambda: render_rss(feed, urls))
    return files


def feed_files(config: SiteConfig) -> list[str]:
    """Every file build_feeds writes, known before it runs: the history and updates feeds and each
    component's, in Atom and RSS (tests/test_feeds.py holds the two to the same list)."""
    paths = ["history", "updates", *(f"components/{c.id}/updates" for c in config.components)]
    return [path + extension for path in paths for extension in (".atom", ".rss")]


def site_feeds(site: Site, urls: SiteUrls, kept: Kept | None = None) -> list[Feed]:
    name, language = site.config.name, site.config.language
    lang = language_for(language)
    kept = kept or fresh(site.config)

    def update_entries_of(incidents: list[Incident]) -> list[Entry]:
        return [e for i in incidents
                for e in kept.of(i, "feed updates", lambda: update_entries(site, i, urls), urls)]

    history = [kept.of(i, "feed entry", lambda: incident_entry(site, i, urls), urls)
               for i in could_be_newest(site.incidents)]
    feeds = [
        Feed("history", language, name, lang.gettext("%(site)s - Incident History") % {"site": name},
             lang.gettext("Incidents and maintenance of %(site)s, one entry per incident with all its updates.")
             % {"site": name}, newest(history)),
        Feed("updates", language, name, lang.gettext("%(site)s - Updates") % {"site": name},
             lang.gettext("Every update posted about incidents and maintenance of %(site)s.") % {"site": name},
             newest(update_entries_of(could_be_newest(site.incidents)))),
    ]
    affected = {i.id: set(affected_component_ids(i)) for i in site.incidents}
    for component in site.config.components:
        incidents = could_be_newest(i for i in site.incidents if component.id in affected[i.id])
        feeds.append(Feed(f"components/{component.id}/updates", language, name,
                          lang.gettext("%(site)s - %(component)s - Updates")
                          % {"site": name, "component": component_name(site.config, component.id)},
                          lang.gettext("Every update posted about incidents and maintenance affecting %(component)s.")
                          % {"component": component.name},
                          newest(update_entries_of(incidents))))
    return feeds


def could_be_newest(incidents: Iterable[Incident]) -> list[Incident]:
    """The incidents that can have an entry among a feed's newest MAX_ENTRIES; entries are made only for them.

    Each incident has an entry dated at its `updated_at` (its history entry, or its latest update or
    postmortem). So at least MAX_ENTRIES entries are at least as new as the MAX_ENTRIES-th latest
    `updated_at`, and no entry of an incident updated before it can rank among the newest. Ties
    are kept, so the feeds are exactly those built from every incident.
    """
    incidents = list(incidents)
    if len(incidents) <= MAX_ENTRIES:
        return incidents
    cutoff = sorted((i.updated_at for i in incidents), reverse=True)[MAX_ENTRIES - 1]
    return [i for i in incidents if i.updated_at >= cutoff]


def newest(entries) -> tuple[Entry, ...]:
    """Newest first; ties broken by id so the order never depends on input order."""
    return tuple(sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:MAX_ENTRIES])


def incident_entry(site: Site, incident: Incident, urls: SiteUrls) -> Entry:
    """One entry per incident, like Statuspage's history feed: every update, newest first."""
    zone, lang = site.config.timezone, language_for(site.config.language)
    page = urls.incident(incident)
    posts = [(u.at, _post_html(u.at, update_label(u, lang), u.body_html, zone, lang, page)) for u in incident.updates]
    if incident.postmortem:
        pm = incident.postmortem
        posts.append((pm.at, _post_html(pm.at, lang.gettext("Postmortem"), pm.body_html, zone, lang, page)))
    body = "".join(html for _, html in sorted(posts, key=lambda p: p[0], reverse=True))
    return Entry(urls.tag(incident), incident.title, urls.incident(incident), incident.created_at,
                 incident.updated_at, _window_html(incident, zone, lang) + body, _categories(site, incident))


def update_entries(site: Site, incident: Incident, urls: SiteUrls) -> tuple[Entry, ...]:
    """One entry per posted update and for the postmortem, so readers are told of every step."""
    zone, categories, page = site.config.timezone, _categories(site, incident), urls.incident(incident)
    lang = language_for(site.config.language)
    entries = []
    after = statuses_after_each(incident)  # one pass, however many updates
    for index, (update, key) in enumerate(zip(incident.updates, update_keys(incident))):
        changes = dict(incident.components) if index == 0 else {}
        changes.update(update.component_changes)
        statuses = after[index]
        label = update_label(update, lang)
        html = (_post_html(update.at, label, update.body_html, zone, lang, page)
                + _components_html(site, {c: statuses[c] for c in changes if c in statuses}))
        entries.append(Entry(urls.tag(incident, "update", key), labelled(lang, label, incident.title),
                             urls.update(incident, update), update.at, update.at, html, categories))
    if incident.postmortem:
        pm, label = incident.postmortem, lang.gettext("Postmortem")
        entries.append(Entry(urls.tag(incident, "postmortem"), labelled(lang, label, incident.title),
                             urls.postmortem(incident), pm.at, pm.at,
                             _post_html(pm.at, label, pm.body_html, zone, lang, page), categories))
    return tuple(entries)


def _post_html(at: datetime, label: str, body_html: str, zone, lang, page_url: str) -> str:
    """Statuspage's shape: time, then the label in bold, then the (already sanitised) body, whose
    relative links and images are resolved against the incident page (a feed reader has no base)."""
    return (f"<p><small>{escape(display(at, zone, lang))}</small><br><strong>{escape(label)}</strong></p>"
            f"{absolute_urls(body_html, page_url)}")


def _window_html(incident: Incident, zone, lang) -> str:
    if not incident.is_maintenance:
        return ""
    state = lang.gettext("Cancelled maintenance") if incident.cancelled else lang.gettext("Scheduled maintenance")
    return "<p>" + labelled(lang, f"<strong>{escape(state)}</strong>",
                            escape(display_range(incident.start, incident.end, zone, lang))) + "</p>"


def _components_html(site: Site, statuses: dict) -> str:
    if not statuses:
        return ""
    lang = language_for(site.config.language)
    items = "".join("<li>" + escape(labelled(lang, component_name(site.config, c), lang.gettext(COMPONENT_STATUS_LABELS[s]))) + "</li>"
                    for c, s in statuses.items())
    return f"<ul>{items}</ul>"


def _categories(site: Site, incident: Incident) -> tuple[tuple[str, str], ...]:
    """The impact and each affected component, with machine terms and readable labels."""
    lang = language_for(site.config.language)
    impact = ("impact:" + incident.impact.value,
              labelled(lang, lang.gettext("Impact"), lang.gettext(IMPACT_NAMES[incident.impact])))
    return (impact,) + tuple(("component:" + c, component_name(site.config, c))
                             for c in affected_component_ids(incident))


def _generator(feed: Feed, urls: SiteUrls, self_path: str, self_type: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(urls.at(self_path))
    generator.title(feed.title)
    generator.description(feed.description)
    generator.author(name=feed.author)
    generator.generator("MkStatus")
    generator.language(feed.language)  # RSS <language>, Atom xml:lang
    generator.link(href=urls.at(self_path), rel="self", type=self_type)
    # RSS takes the last link as the channel link: the site's home page.
    generator.link(href=urls.base, rel="alternate", type="text/html")
    # Sets Atom <updated> and RSS <lastBuildDate>, which feedgen otherwise fills from the clock.
    generator.updated(feed.updated)
    return generator


def render_atom(feed: Feed, urls: SiteUrls) -> bytes:
    generator = _generator(feed, urls, feed.path + ".atom", "application/atom+xml")
    for entry in feed.entries:
        item = generator.add_entry(order="append")
        item.id(entry.id)
        item.title(entry.title)
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.published(entry.published)
        item.updated(entry.updated)
        item.content(entry.content_html, type="html")
        item.category([{"term": term, "label": label} for term, label in entry.categories])
    return generator.atom_str(pretty=True)


def render_rss(feed: Feed, urls: SiteUrls) -> bytes:
    generator = _generator(feed, urls, feed.path + ".rss", "application/rss+xml")
    for entry in feed.entries:
        item = generator.add_entry(order="append")
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.link)
        # RSS has one date; like Statuspage, it is the latest change.
        item.published(entry.updated)
        item.updated(entry.updated)
        item.description(entry.content_html)
        item.category([{"term": term, "label": label} for term, label in entry.categories])
    return generator.rss_str(pretty=True)
