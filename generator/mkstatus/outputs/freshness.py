"""How fresh a page is: the "Published ..." footer of every page, and what the freshness script needs.

The footer says when the site was built (in the site's zone) and from which commit, and links the
mirrors. Its data attributes let assets/fresh.js notice a newer build and a stale page; the
script's words come from here, so pages and script speak with one voice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from markupsafe import Markup

from ..buildinfo import Commit
from ..i18n import N_, language_for
from ..core.model import ComponentStatus, Site, UpdateStatus
from ..core.status import active_incidents
from . import stylesheets
from .pages.icons import INDICATOR_ICONS, PROGRESS_ICONS, STATUS_ICONS
from .pages.incidents import STATUS_SENTENCES
from .pages.views import LinkView, TimeView, time_view
from .wording import COMPONENT_STATUS_LABELS, UPDATE_LABELS

STATUS_JSON = "api/v2/status.json"
# Overall descriptions the script can reach on its own: a maintenance window opening or closing on a calm page.
CALM_DESCRIPTIONS = {"none": N_("All Systems Operational"), "maintenance": N_("Service Under Maintenance")}


@dataclass(frozen=True)
class Published:
    time: TimeView
    commit: Commit | None
    commit_url: str  # the commit on the repository host, "" when unknown
    mirrors: tuple[LinkView, ...]
    status_json: str  # path from the site root
    updated_at: str  # status.json's page.updated_at and status.indicator as built: the script compares them
    indicator: str
    unresolved: int
    stale_after: int  # minutes
    texts: str  # JSON: the script's words and icon classes

    @property
    def texts_attribute(self) -> Markup:
        """The JSON for a single-quoted attribute: 40 % shorter than escaping every double quote."""
        return Markup(self.texts.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                      .replace("'", "&#39;"))


def published(site: Site, now: datetime, commit: Commit | None, repo_url: str, status_json: str) -> Published:
    """The footer of every page. `status_json` is the built api/v2/status.json, whose state the page carries."""
    config = site.config
    api = json.loads(status_json)
    built = time_view(now, config)
    minutes = config.stale_after
    lang = language_for(config.language)
    age = lang.unit(minutes, "minute") if minutes % 60 else lang.unit(minutes // 60, "hour")
    texts = {
        "updated": lang.gettext("This page has been updated since you opened it."),
        "reload": lang.gettext("Reload to see the latest."),
        "stale": lang.gettext("This page was published %(time)s, more than %(age)s ago, while an incident was "
                              "unresolved: it may be out of date. Reload to check for newer updates.")
                 % {"time": built.text, "age": age},
        "status": {s.value: [lang.gettext(COMPONENT_STATUS_LABELS[s]), stylesheets.icon_class(STATUS_ICONS[s])] for s in ComponentStatus},
        "progress": {s.value: [lang.gettext(UPDATE_LABELS[s]), lang.gettext(STATUS_SENTENCES[s]),
                               stylesheets.icon_class(PROGRESS_ICONS[key])]
                     for s, key in ((UpdateStatus.IN_PROGRESS, "open"), (UpdateStatus.COMPLETED, "closed"))},
        "banner": {key: [lang.gettext(CALM_DESCRIPTIONS[key]) if key in CALM_DESCRIPTIONS else "",
                         stylesheets.icon_class(icon)]
                   for key, icon in INDICATOR_ICONS.items()},
    }
    return Published(
        time=built, commit=commit, commit_url=_commit_url(repo_url, commit),
        mirrors=tuple(LinkView(url, urlsplit(url).netloc + urlsplit(url).path.rstrip("/")) for url in config.mirrors),
        status_json=STATUS_JSON, updated_at=api["page"]["updated_at"], indicator=api["status"]["indicator"],
        unresolved=len(active_incidents(site)), stale_after=minutes,
        texts=json.dumps(texts, ensure_ascii=False, separators=(",", ":")),
    )


def _commit_url(repo_url: str, commit: Commit | None) -> str:
    repo_url = (repo_url or "").rstrip("/")
    if commit is None or not repo_url.startswith("https://"):
        return ""
    if urlsplit(repo_url).hostname in ("github.com", "gitlab.com", "codeberg.org"):
        return f"{repo_url}/commit/{commit.sha}"
    return ""
