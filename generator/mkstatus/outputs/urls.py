"""Absolute URLs, permanent ids and full component names for machine outputs (feeds, API, calendar).

Feeds and calendars need absolute links, so without `site_url` every output uses the reserved
placeholder host `status.invalid` (RFC 2606) and the build warns; see docs/urls.md.
Ids derive from the site host and the incident file name only, so they never change between
builds and survive edits to an incident's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..core.markup import update_anchor
from ..core.model import ZONE_UTC, Incident, SiteConfig, Update

PLACEHOLDER_SITE_URL = "https://status.invalid/"
MISSING_SITE_URL = (f"site_url is not set: feeds, the API and the calendar link to the placeholder {PLACEHOLDER_SITE_URL}. "
                    "Set `site_url:` in mkdocs.yml to the address the status site is published at.")


@dataclass(frozen=True)
class SiteUrls:
    """Where things live on the published site, absolute."""

    base: str  # "https://status.example.com/", always ending in "/"
    directory_urls: bool = True  # MkDocs' use_directory_urls: "incidents/<id>/" or "incidents/<id>.html"

    @classmethod
    def for_config(cls, config: SiteConfig) -> SiteUrls:
        base = config.site_url.strip() or PLACEHOLDER_SITE_URL  # the adapters warn (MISSING_SITE_URL)
        return cls(base if base.endswith("/") else base + "/", config.directory_urls)

    @property
    def host(self) -> str:
        """The DNS name of the site, as a tag: URI authority (no port, lower case)."""
        return (urlsplit(self.base).hostname or "status.invalid").lower()

    @property
    def path(self) -> str:
        """The site's path below the host without the leading slash: "" or "mkstatus/"."""
        return urlsplit(self.base).path.lstrip("/")

    def at(self, path: str) -> str:
        return self.base + path

    def page(self, stem: str) -> str:
        """A generated page ("incidents/<id>") where MkDocs writes it for the site's URL style."""
        return self.at(stem + "/" if self.directory_urls else stem + ".html")

    def incident(self, incident: Incident) -> str:
        return self.page(f"incidents/{incident.id}")

    def update(self, incident: Incident, update: Update) -> str:
        return self.incident(incident) + "#" + update_anchor(update.at)

    def postmortem(self, incident: Incident) -> str:
        return self.incident(incident) + "#" + POSTMORTEM_ANCHOR

    def component(self, component_id: str) -> str:
        return self.page(f"components/{component_id}")

    def tag(self, incident: Incident, *parts: str) -> str:
        """'tag:status.example.com,2025:incident/<id>/update/20250904T1433Z'.

        The tag date is the incident's own date (its file name starts with it), a day on which the
        site's owner held the host; the path keeps two status sites on one host apart.
        """
        year = incident.id[:4]
        return f"tag:{self.host},{year}:{self.path}" + "/".join(("incident", incident.id, *parts))


POSTMORTEM_ANCHOR = "postmortem"


def update_keys(incident: Incident) -> list[str]:
    """A key per update, unique within the incident: its UTC minute, '-2', '-3' for repeats.

    Ids stay at minute precision, as first published; updates posted within one minute (seconds
    apart) get the suffix, and since updates are only ever appended, an existing key never changes.
    """
    keys: list[str] = []
    seen: dict[str, int] = {}  # minute -> updates in it so far, so a long file stays linear
    for update in incident.updates:
        stamp = update.at.astimezone(ZONE_UTC).strftime("%Y%m%dT%H%MZ")
        repeats = seen[stamp] = seen.get(stamp, 0) + 1
        keys.append(stamp if repeats == 1 else f"{stamp}-{repeats}")
    return keys


def component_name(config: SiteConfig, component_id: str) -> str:
    """'Zaptec Cloud Services - API': Statuspage's name for a component inside a group."""
    component = config.component(component_id)
    if component is None:
        return component_id
    group = config.group(component.group_id) if component.group_id else None
    return f"{group.name} - {component.name}" if group else component.name
