"""Artifacts other than HTML pages, each a pure function of the model and the build clock."""

from __future__ import annotations

from typing import Callable

from ..core.model import Site
from ..core.status import StatusSnapshot
from .badges import build_badges
from .calendar import build_calendar
from .feeds import build_feeds
from .statuspage_api import build_api
from .urls import SiteUrls


def build_artifacts(site: Site, status: StatusSnapshot,
                    calendar: Callable[[Site, SiteUrls], dict[str, bytes]] = build_calendar) -> dict[str, str | bytes]:
    """Every feed, API response, badge and calendar, keyed by its path in the built site.
    `calendar` lets a caller reuse the last calendar while the maintenance it lists is unchanged."""
    urls = SiteUrls.for_config(site.config)
    return {
        **build_feeds(site, urls),
        **build_api(site, status, urls),
        **build_badges(site, status),
        **calendar(site, urls),
    }
