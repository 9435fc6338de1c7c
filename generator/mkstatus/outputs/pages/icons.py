"""The Material icons (bundled with the theme) that go with each status, so colour is never the only
cue; every icon is drawn once, in icons.css, instead of inline in every page."""

from __future__ import annotations

from ...core.model import ComponentStatus, Impact


# Material icons (bundled with the theme) that go with each status, so colour is never the only cue.
STATUS_ICONS = {
    ComponentStatus.OPERATIONAL: "material/check-circle",
    ComponentStatus.DEGRADED_PERFORMANCE: "material/minus-circle",
    ComponentStatus.PARTIAL_OUTAGE: "material/alert",
    ComponentStatus.MAJOR_OUTAGE: "material/close-circle",
    ComponentStatus.UNDER_MAINTENANCE: "material/wrench",
}
IMPACT_ICONS = {Impact.NONE: "material/information", Impact.MINOR: "material/minus-circle",
                Impact.MAJOR: "material/alert", Impact.CRITICAL: "material/close-circle",
                Impact.MAINTENANCE: "material/wrench"}
INDICATOR_ICONS = {"none": "material/check-circle", "minor": "material/minus-circle", "major": "material/alert",
                   "critical": "material/close-circle", "maintenance": "material/wrench"}
# Icons the packaged templates name directly.
TEMPLATE_ICONS = ("material/arrow-left", "material/history", "material/rss", "material/calendar-sync",
                  "material/api", "material/shield-check", "material/file-document-outline",
                  "material/bell-outline", "material/message-text-outline")
PROGRESS_ICONS = {"cancelled": "material/calendar-remove", "closed": "material/check-circle",
                  "open": "material/progress-clock"}
# Every icon the status pages show. Each is drawn once, in icons.css, instead of inline in every page.
ICONS = tuple(sorted({*STATUS_ICONS.values(), *IMPACT_ICONS.values(), *INDICATOR_ICONS.values(),
                      *PROGRESS_ICONS.values(), *TEMPLATE_ICONS}))
