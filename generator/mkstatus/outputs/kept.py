"""Values computed from one incident, kept from one build to the next in one process (`mkdocs serve`).

A save changes one incident file, and the loader hands back the same Incident object for every
unchanged file; feeds, the API and the pages then recompute only what the edited incident changes.
A value is reused only while its incident and the site config are equal to those it was computed
from (compared by value), so a rebuild gives what a full build gives, byte for byte.
"""

from __future__ import annotations

from typing import Callable, Hashable, TypeVar

from ..core.model import Incident, SiteConfig

T = TypeVar("T")


class Kept:
    """Per-incident values of this build and the last. Values the last build computed and this one
    does not ask for are dropped, so a deleted incident's values do not outlive the next build."""

    def __init__(self) -> None:
        self._config: SiteConfig | None = None
        self._last: dict[Hashable, tuple] = {}
        self._this: dict[Hashable, tuple] = {}

    def start(self, config: SiteConfig) -> None:
        """A new build; the last build's values count only if it had the same site config."""
        self._last = self._this if config == self._config else {}
        self._this, self._config = {}, config

    def of(self, incident: Incident, what: str, compute: Callable[[], T], *depends: Hashable) -> T:
        """`what` of an incident, e.g. its feed entries: `compute()` unless it was computed for an equal
        incident with equal `depends` (anything else the value depends on but the site config)."""
        key = (what, incident.id, *depends)
        hit = self._this.get(key) or self._last.get(key)
        if hit is None or not (hit[0] is incident or hit[0] == incident):
            hit = (incident, compute())
        self._this[key] = hit
        return hit[1]

    def of_all(self, incidents: tuple[Incident, ...], what: str, compute: Callable[[], T]) -> T:
        """`what` of several incidents together, e.g. the maintenance calendar: `compute()` unless it was
        computed for the same number of incidents, each equal to this build's."""
        hit = self._this.get(what) or self._last.get(what)
        if hit is None or len(hit[0]) != len(incidents) \
                or not all(a is b or a == b for a, b in zip(hit[0], incidents)):
            hit = (incidents, compute())
        self._this[what] = hit
        return hit[1]

    def value(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value that depends on `key` alone (and the site config), e.g. a feed's XML from its entries."""
        hit = self._this.get(key) or self._last.get(key)
        if hit is None:
            hit = (compute(),)
        self._this[key] = hit
        return hit[0]


def fresh(config: SiteConfig) -> Kept:
    """A Kept for one build that keeps nothing from another."""
    kept = Kept()
    kept.start(config)
    return kept
