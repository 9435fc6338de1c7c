"""One colour per status, shared by HTML badges, SVG badges and the uptime bar.

Each is dark enough for white text at WCAG AA (4.5:1) on its own, so badges never rely on the
page palette. Status is never shown by colour alone: every use pairs it with an icon and a label.
"""

from __future__ import annotations

from ..core.model import ComponentStatus, Impact

COMPONENT_COLORS = {
    ComponentStatus.OPERATIONAL: "#1e7d34",
    ComponentStatus.DEGRADED_PERFORMANCE: "#8a5a00",
    ComponentStatus.PARTIAL_OUTAGE: "#b34700",
    ComponentStatus.MAJOR_OUTAGE: "#b3261e",
    ComponentStatus.UNDER_MAINTENANCE: "#1f5fa8",
}

IMPACT_COLORS = {
    Impact.NONE: "#4d5663",
    Impact.MINOR: "#8a5a00",
    Impact.MAJOR: "#b34700",
    Impact.CRITICAL: "#b3261e",
    Impact.MAINTENANCE: "#1f5fa8",
}

# Overall indicator (status.Indicator values) to colour.
INDICATOR_COLORS = {
    "none": COMPONENT_COLORS[ComponentStatus.OPERATIONAL],
    "minor": IMPACT_COLORS[Impact.MINOR],
    "major": IMPACT_COLORS[Impact.MAJOR],
    "critical": IMPACT_COLORS[Impact.CRITICAL],
    "maintenance": IMPACT_COLORS[Impact.MAINTENANCE],
}
