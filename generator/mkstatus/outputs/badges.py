"""SVG status badges and their shields.io endpoint twins, for READMEs and dashboards.

Text widths are estimated from a fixed table of Verdana 11px advances instead of measuring with a
font, so a badge is the same on every machine; the estimate errs wide, never clipping text.
The text is in the site's language; the file names and the endpoint's keys are not.
"""

from __future__ import annotations

import json
import math
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .colors import COMPONENT_COLORS, INDICATOR_COLORS
from ..i18n import language_for
from ..core.model import Site
from ..core.status import StatusSnapshot
from .wording import COMPONENT_STATUS_LABELS

OVERALL_NAME = "status"  # /badges/status.svg; a component with this id would collide with it
LABEL_COLOR = "#555"  # white on it reaches 7.5:1
HEIGHT = 20
PADDING = 6
FONT = "Verdana,Geneva,DejaVu Sans,sans-serif"

# Approximate advances in Verdana 11px, by character class; anything else counts as DEFAULT_WIDTH.
_WIDTHS = {
    **dict.fromkeys(" ", 3.9),
    **dict.fromkeys("il.,:;'!|", 3.1),
    **dict.fromkeys("fjrt()[]{}I-/", 4.6),
    **dict.fromkeys("abcdeghknopqsuvxyz0123456789", 6.9),
    **dict.fromkeys("ABCDEFGHJKLNOPRSTUVXYZ", 7.7),
    **dict.fromkeys("mw", 10.7),
    **dict.fromkeys("MW%@", 11.0),
}
DEFAULT_WIDTH = 8.0
# Chinese and Japanese characters fill a square em; fallback fonts draw them about 11px wide.
WIDE_WIDTH = 11.5


@dataclass(frozen=True)
class ShieldsBadge:
    name: str  # file name without extension
    label: str
    message: str
    color: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.message}"


def build_badges(site: Site, status: StatusSnapshot) -> dict[str, str]:
    """/badges/<name>.svg and /badges/<name>.json for the overall status and each component."""
    files = {}
    for badge in site_badges(site, status):
        files[f"badges/{badge.name}.svg"] = render_svg(badge)
        files[f"badges/{badge.name}.json"] = render_endpoint(badge)
    return files


def site_badges(site: Site, snapshot: StatusSnapshot) -> list[ShieldsBadge]:
    overall = snapshot.overall
    lang = language_for(site.config.language)
    badges = [ShieldsBadge(OVERALL_NAME, lang.pgettext("badge", "status"), lang.gettext(overall.description),
                           INDICATOR_COLORS[overall.indicator.value])]
    # The loader refuses a component named OVERALL_NAME (siteconfig.RESERVED_IDS).
    for component_id, status in snapshot.components.items():
        component = site.config.component(component_id)
        badges.append(ShieldsBadge(component_id, component.name, lang.gettext(COMPONENT_STATUS_LABELS[status]), COMPONENT_COLORS[status]))
    return badges


def text_width(text: str) -> int:
    return math.ceil(sum(_WIDTHS.get(char, WIDE_WIDTH if unicodedata.east_asian_width(char) in "WF" else DEFAULT_WIDTH)
                         for char in text))


def render_svg(badge: ShieldsBadge) -> str:
    """A flat badge: grey label, coloured message, a <title> for screen readers."""
    label_width = text_width(badge.label) + 2 * PADDING
    message_width = text_width(badge.message) + 2 * PADDING
    width = label_width + message_width
    svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", width=str(width), height=str(HEIGHT),
                     viewBox=f"0 0 {width} {HEIGHT}", role="img")
    svg.set("aria-label", badge.text)
    ET.SubElement(svg, "title").text = badge.text
    clip = ET.SubElement(svg, "clipPath", id="r")
    ET.SubElement(clip, "rect", width=str(width), height=str(HEIGHT), rx="3", fill="#fff")
    shapes = ET.SubElement(svg, "g", {"clip-path": "url(#r)"})
    ET.SubElement(shapes, "rect", width=str(label_width), height=str(HEIGHT), fill=LABEL_COLOR)
    ET.SubElement(shapes, "rect", x=str(label_width), width=str(message_width), height=str(HEIGHT), fill=badge.color)
    texts = ET.SubElement(svg, "g", {"fill": "#fff", "text-anchor": "middle", "font-family": FONT, "font-size": "11"})
    for text, centre in ((badge.label, label_width / 2), (badge.message, label_width + message_width / 2)):
        ET.SubElement(texts, "text", x=_number(centre), y="14").text = text
    return ET.tostring(svg, encoding="unicode") + "\n"


def render_endpoint(badge: ShieldsBadge) -> str:
    """shields.io's endpoint format: https://img.shields.io/endpoint?url=<this file's URL>."""
    return json.dumps({"schemaVersion": 1, "label": badge.label, "message": badge.message, "color": badge.color},
                      ensure_ascii=False) + "\n"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"
