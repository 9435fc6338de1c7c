"""Artifacts other than HTML pages, each a pure function of the model and the build clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Site, SiteConfig
    from ..core.status import StatusSnapshot
    from .kept import Kept

# The artifact builders are imported in the functions below, not with the package: every module of
# outputs/ imports this file first, and feedgen, lxml and icalendar are a fifth of a second that
# `mkstatus check` and notify never use.


def feeds_and_calendar(site: Site, kept: Kept | None = None) -> dict[str, bytes]:
    """The feeds and the maintenance calendar: most of the artifacts' time (feedgen, icalendar), and
    no status snapshot needed, so a large build makes them in a worker process while pages render.
    With `kept` (mkdocs serve) the calendar is reused while no maintenance changed: icalendar's
    writer is ~0.5 s at 1,000 incidents, and most saves touch no maintenance."""
    from .calendar import build_calendar
    from .feeds import build_feeds
    from .urls import SiteUrls

    urls = SiteUrls.for_config(site.config)
    maintenance = tuple(i for i in site.incidents if i.is_maintenance)
    calendar = (kept.of_all(maintenance, "calendar", lambda: build_calendar(site, urls)) if kept is not None
                else build_calendar(site, urls))
    return {**build_feeds(site, urls, kept), **calendar}


def feeds_and_calendar_files(config: SiteConfig) -> list[str]:
    """The paths feeds_and_calendar writes, known before it runs."""
    from .calendar import CALENDAR_FILE
    from .feeds import feed_files

    return [*feed_files(config), CALENDAR_FILE]


def api_and_badges(site: Site, status: StatusSnapshot, kept: Kept | None = None) -> dict[str, str]:
    """The Statuspage API and the badges (api/v2/status.json is what every page's footer shows)."""
    from .badges import build_badges
    from .statuspage_api import build_api
    from .urls import SiteUrls

    urls = SiteUrls.for_config(site.config)
    return {**build_api(site, status, urls, kept), **build_badges(site, status)}
