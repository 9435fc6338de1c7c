"""Badges: a flat SVG and a shields.io endpoint JSON for the overall status and each component."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from mkstatus.outputs.colors import COMPONENT_COLORS, INDICATOR_COLORS
from mkstatus.core.model import ComponentStatus
from mkstatus.core.status import status_snapshot
from mkstatus.outputs.badges import ShieldsBadge, build_badges, render_svg, text_width
from sites.kit import make_site, utc

CLOCK = utc(2025, 11, 10, 12)
SVG = "{http://www.w3.org/2000/svg}"
COMPONENTS = ("api", "charger-backend", "ocpp", "payments", "portal", "web")


def parse_svg(text: str | bytes):
    return etree.fromstring(text.encode() if isinstance(text, str) else text)


def test_width_grows_with_text_and_is_the_same_every_time():
    assert text_width("Operational") < text_width("Partially Degraded Service")
    assert text_width("MMMM") > text_width("iiii")
    # Fixed advances, not a font on this machine: the same width everywhere, rounded up.
    assert (text_width("Major Outage"), text_width("Operational")) == (78, 65)


def test_svg_badge_names_label_and_message_for_screen_readers():
    svg = parse_svg(render_svg(ShieldsBadge("api", "API & <Edge>", "Major Outage", "#b3261e")))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.findtext(f"{SVG}title") == "API & <Edge>: Major Outage"
    assert svg.get("aria-label") == "API & <Edge>: Major Outage"
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["API & <Edge>", "Major Outage"]
    label, message = svg.findall(f"{SVG}g/{SVG}rect")
    assert message.get("fill") == "#b3261e"
    assert int(svg.get("width")) == int(label.get("width")) + int(message.get("width"))
    assert int(message.get("width")) >= text_width("Major Outage")


def test_component_badges_follow_the_component_status(tmp_path):
    site = make_site(tmp_path, {"2025-11-10-api-down": """
        ---
        title: API down
        impact: critical
        components:
          api: major_outage
        start: 2025-11-10 10:00 +01:00
        ---

        ## Investigating - 2025-11-10 10:05 +01:00

        Down.
        """})
    files = build_badges(site, status_snapshot(site, CLOCK))
    assert sorted(files) == ["badges/api.json", "badges/api.svg", "badges/backend.json", "badges/backend.svg",
                             "badges/status.json", "badges/status.svg", "badges/web.json", "badges/web.svg"]
    assert json.loads(files["badges/api.json"]) == {
        "schemaVersion": 1, "label": "API", "message": "Major Outage",
        "color": COMPONENT_COLORS[ComponentStatus.MAJOR_OUTAGE]}
    assert json.loads(files["badges/status.json"]) == {
        "schemaVersion": 1, "label": "status", "message": "Partial System Outage", "color": INDICATOR_COLORS["major"]}
    web = parse_svg(files["badges/web.svg"])
    assert web.findtext(f"{SVG}title") == "Web <Portal>: Operational"


# --- the built fixture site ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(artifacts_site: Path) -> Path:
    return artifacts_site


@pytest.mark.parametrize("name", ("status",) + COMPONENTS)
def test_built_badges_are_valid_svg_and_shields_json(built, name):
    svg = parse_svg((built / "badges" / f"{name}.svg").read_bytes())
    endpoint = json.loads((built / "badges" / f"{name}.json").read_text(encoding="utf-8"))
    assert list(endpoint) == ["schemaVersion", "label", "message", "color"]
    assert endpoint["schemaVersion"] == 1 and endpoint["message"]
    assert svg.findtext(f"{SVG}title") == f"{endpoint['label']}: {endpoint['message']}"
    assert svg.findall(f"{SVG}g/{SVG}rect")[1].get("fill") == endpoint["color"]


def test_built_badges_show_the_fixture_statuses(built):
    def message(name: str) -> tuple[str, str]:
        endpoint = json.loads((built / "badges" / f"{name}.json").read_text(encoding="utf-8"))
        return endpoint["label"], endpoint["message"]

    assert message("status") == ("status", "Minor Service Outage")
    assert message("payments") == ("Payments & Billing", "Partial Outage")
    assert message("portal") == ("Portal", "Under Maintenance")
    assert message("api") == ("API", "Operational")
