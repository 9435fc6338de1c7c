"""The status site's HTML pages as data: which pages exist, and each page's template context.

Everything is a pure function of the Site and the build clock. Contexts hold display-ready values
(times already in the site's zone and language, labels translated), so templates only lay things
out and put values into their own translated sentences. Each page's context costs
work proportional to what that page shows: an incident page never looks at other incidents, and
site-wide facts (statuses, uptime, per-component lists) are computed once in `SiteView`.

  routes.py       which pages exist: PageSpec, source paths, templates, front-matter; output paths
  icons.py        the Material icon of each status, impact and indicator
  views.py        the display-ready values (TimeView, Badge, IncidentView, DayView, rows) and badges
  incidents.py    an incident as pages show it: window, affected components, status sentence, updates
  uptime_bars.py  uptime bars, day by day, and the percent as readers see it
  site.py         SiteView (facts computed once per build), component rows, links every page offers
  contexts.py     each page's template context

This module names what the MkDocs adapter and the tests use.
"""

from .contexts import (component_context, context_for, embed_context, history_context, home_context,
                       incident_context, past_days)
from .icons import ICONS, IMPACT_ICONS, INDICATOR_ICONS, PROGRESS_ICONS, STATUS_ICONS
from .incidents import STATUS_SENTENCES, affected_text, home_incident_view, incident_view, update_view
from .routes import (EMBED, HOME, NOTIFICATIONS, TEMPLATES, Link, PageSpec, component_src, feed_links,
                     history_page_count, history_src, incident_src, page_markdown, page_meta, page_specs)
from .site import SiteView, build_view
from .uptime_bars import bar_view, day_view
from .views import Badge, IncidentView, TimeView, time_view

__all__ = [
    "Badge", "EMBED", "HOME", "ICONS", "IMPACT_ICONS", "INDICATOR_ICONS", "IncidentView", "Link", "NOTIFICATIONS",
    "PROGRESS_ICONS", "PageSpec", "STATUS_ICONS", "STATUS_SENTENCES", "SiteView", "TEMPLATES", "TimeView",
    "affected_text", "bar_view", "build_view", "component_context", "component_src", "context_for", "day_view",
    "embed_context", "feed_links", "history_context", "history_page_count", "history_src", "home_context",
    "home_incident_view", "incident_context", "incident_src", "incident_view", "page_markdown", "page_meta",
    "page_specs", "past_days", "time_view", "update_view",
]
