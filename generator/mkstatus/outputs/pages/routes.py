"""Which status pages exist and where: each page's source path, template and front-matter, and the
paths of the machine-readable outputs every page links to."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from ...core.model import Site
from ...i18n import N_, Language, language_for


# Resolves a page's source path ("incidents/<id>.md") to its URL from the site root, as MkDocs
# computes it for the current `use_directory_urls`.
Link = Callable[[str], str]
HOME = "index.md"
EMBED = "embed/index.md"
# A hand-written page of this name tells readers how to get chat or webhook notifications;
# the Subscribe menu links to it when the site has one.
NOTIFICATIONS = "notifications.md"
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


def feed_links(lang: Language) -> tuple[tuple[str, str, str], ...]:
    """(path, type, label) of each feed, for the <link rel="alternate"> on every page."""
    return tuple((path, mime, lang.gettext(label)) for path, mime, label in FEEDS)
