"""Artifacts other than HTML pages, each a pure function of the model and the build clock."""

from __future__ import annotations

from datetime import datetime

from ..model import Site


def build_artifacts(site: Site, now: datetime) -> dict[str, str | bytes]:
    """Every feed, API response, badge and calendar, keyed by its path in the built site."""
    return {}
