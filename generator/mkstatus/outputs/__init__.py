"""Artifacts other than HTML pages, each a pure function of the model and the build clock."""

from __future__ import annotations

from datetime import datetime

from ..model import Site
from .badges import build_badges
from .calendar import build_calendar
from .feeds import build_feeds
from .statuspage_api import build_api
from .urls import SiteUrls


def build_artifacts(site: Site, now: datetime) -> dict[str, str | bytes]:
    """Every feed, API response, badge and calendar, keyed by its path in the built site."""
    urls = SiteUrls.for_config(site.config)
    return {
        **build_feeds(site, urls),
        **build_api(site, now, urls),
        **build_badges(site, now),
        **build_calendar(site, urls),
    }
