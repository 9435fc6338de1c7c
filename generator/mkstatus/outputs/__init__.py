"""Artifacts other than HTML pages, each a pure function of the model and the build clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..core.model import Site
    from ..core.status import StatusSnapshot
    from .kept import Kept
    from .urls import SiteUrls


def build_artifacts(site: Site, status: StatusSnapshot,
                    calendar: Callable[[Site, SiteUrls], dict[str, bytes]] | None = None,
                    kept: Kept | None = None) -> dict[str, str | bytes]:
    """Every feed, API response, badge and calendar, keyed by its path in the built site.
    `calendar` lets a caller reuse the last calendar while the maintenance it lists is unchanged;
    `kept` the last build's feed and API entries of unchanged incidents (outputs/kept.py)."""
    # Imported here, not with the package: every module of outputs/ imports this file first, and
    # feedgen, lxml and icalendar are a fifth of a second that `mkstatus check` and notify never use.
    from .badges import build_badges
    from .calendar import build_calendar
    from .feeds import build_feeds
    from .statuspage_api import build_api
    from .urls import SiteUrls

    calendar = calendar or build_calendar
    urls = SiteUrls.for_config(site.config)
    return {
        **build_feeds(site, urls, kept),
        **build_api(site, status, urls, kept),
        **build_badges(site, status),
        **calendar(site, urls),
    }
