"""The static Statuspage API v2: same keys, key order, types and enums as real Statuspage responses.

The reference responses are real Statuspage outputs in tests/statuspage-samples (see its README.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from mkstatus.outputs.statuspage_api import build_api
from mkstatus.outputs.urls import SiteUrls
from mkstatus.core.status import status_snapshot
from sites.kit import ROOT, make_site, utc

SAMPLES = ROOT / "tests" / "statuspage-samples"
CLOCK = utc(2025, 11, 10, 12)  # 13:00 CET
REFERENCE = "2025-09-04-underlying-connectivity-problems"

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$")
TIMESTAMP_KEYS = {"created_at", "updated_at", "display_at", "monitoring_at", "resolved_at", "started_at",
                  "scheduled_for", "scheduled_until"}
ENUMS = {
    ("status", "indicator"): {"none", "minor", "major", "critical", "maintenance"},
    ("components", "status"): {"operational", "degraded_performance", "partial_outage", "major_outage",
                               "under_maintenance"},
    ("incidents", "status"): {"investigating", "identified", "monitoring", "resolved", "postmortem"},
    ("incidents", "impact"): {"none", "minor", "major", "critical"},
    ("scheduled_maintenances", "status"): {"scheduled", "in_progress", "verifying", "completed"},
    ("scheduled_maintenances", "impact"): {"none", "minor", "major", "critical", "maintenance"},
    ("incident_updates", "status"): {"investigating", "identified", "monitoring", "resolved", "postmortem",
                                     "scheduled", "in_progress", "verifying", "completed"},
    ("affected_components", "old_status"): {"operational", "degraded_performance", "partial_outage",
                                            "major_outage", "under_maintenance"},
    ("affected_components", "new_status"): {"operational", "degraded_performance", "partial_outage",
                                            "major_outage", "under_maintenance"},
}
# Documented by Statuspage but absent from the samples, which have no grouped components:
# a member's group_id is its group's id, and a group lists its members' ids last.
EXTRA_TYPES = {("components", "group_id"): {"str"}}
GROUP_ONLY_KEYS = ["components"]

MAINTENANCE_SAMPLES = ["discord-scheduled-maintenances.json", "discord-incidents.json", "github-summary.json"]
ENDPOINT_SAMPLES = {
    "summary.json": ["github-summary.json", "discord-scheduled-maintenances.json", "discord-incidents.json"],
    "status.json": ["github-summary.json"],
    "components.json": ["github-summary.json"],
    "incidents.json": ["discord-incidents.json", "github-summary.json"],
    "incidents/unresolved.json": ["discord-incidents.json", "github-summary.json"],
    "scheduled-maintenances.json": MAINTENANCE_SAMPLES,
    "scheduled-maintenances/upcoming.json": MAINTENANCE_SAMPLES,
    "scheduled-maintenances/active.json": MAINTENANCE_SAMPLES,
}


def sample(name: str) -> dict:
    path = SAMPLES / name
    if not path.is_file():
        pytest.fail(f"reference sample {path} is missing (see tests/statuspage-samples/README.md)")
    return json.loads(path.read_text(encoding="utf-8"))


def canonical(path: tuple) -> tuple:
    """A component is the same object everywhere; a maintenance has an incident's fields (and two more)."""
    if len(path) >= 2 and path[0] == "scheduled_maintenances":
        path = ("incidents",) + path[1:]
    if "components" in path[1:]:
        return path[len(path) - path[::-1].index("components") - 1:]
    return path


def shape(value, path=(), into=None) -> dict:
    """{key path: (key order or None, set of type names)}, list items merged under their list's path."""
    into = {} if into is None else into
    path = canonical(path)
    order, types = into.setdefault(path, (None, set()))
    types.add(type(value).__name__ if value is not None else "null")
    if isinstance(value, dict):
        into[path] = (order or list(value), types)
        for key, item in value.items():
            shape(item, path + (key,), into)
    elif isinstance(value, list):
        for item in value:
            shape(item, path, into)
    return into


def merged_shape(names: list[str]) -> dict:
    merged: dict = {}
    for name in names:
        for path, (order, types) in shape(sample(name)).items():
            old_order, old_types = merged.get(path, (None, set()))
            merged[path] = (old_order or order, old_types | types)
    return merged


def assert_same_shape(ours, reference: dict, path=()) -> None:
    """Every key ours has, the samples have, in their order and with one of their types."""
    where = "/".join(path) or "(top)"
    path = canonical(path)
    assert path in reference, f"{where}: no such key in the Statuspage samples"
    order, types = reference[path]
    allowed = types | EXTRA_TYPES.get(path, set())
    found = type(ours).__name__ if ours is not None else "null"
    assert found in allowed, f"{where}: {found}, but Statuspage has {sorted(allowed)}"
    if isinstance(ours, dict):
        keys = list(ours)
        if ours.get("group") is True:
            assert keys[-len(GROUP_ONLY_KEYS):] == GROUP_ONLY_KEYS, f"{where}: a group lists its members last"
            keys = keys[: -len(GROUP_ONLY_KEYS)]
        expected = [k for k in order if k in keys] if path == () else order
        assert keys == expected, f"{where}: keys {keys} differ from Statuspage's {order}"
        for key, item in ours.items():
            if ours.get("group") is True and key in GROUP_ONLY_KEYS:
                assert all(isinstance(i, str) for i in item)
                continue
            assert_same_shape(item, reference, path + (key,))
    elif isinstance(ours, list):
        for item in ours:
            assert_same_shape(item, reference, path)


def walk(value, path=()):
    """(path, key, value) for every key in nested JSON."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, path + (key,))
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, path)


# --- the samples themselves: the rules below hold for real Statuspage output -------------------

@pytest.mark.parametrize("name", ["github-summary.json", "discord-incidents.json",
                                  "discord-scheduled-maintenances.json"])
def test_the_timestamp_rule_holds_for_the_real_samples(name):
    stamps = [v for _, k, v in walk(sample(name)) if k in TIMESTAMP_KEYS and v is not None]
    assert stamps and all(TIMESTAMP.match(v) for v in stamps)


# --- the built fixture site --------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(artifacts_site: Path) -> Path:
    return artifacts_site


def endpoint(built: Path, name: str) -> dict:
    return json.loads((built / "api" / "v2" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(ENDPOINT_SAMPLES))
def test_every_endpoint_has_statuspage_keys_order_and_types(built, name):
    ours = endpoint(built, name)
    reference = merged_shape(ENDPOINT_SAMPLES[name])
    top_keys = [k for k in reference[()][0] if k in ours]
    assert list(ours) == top_keys and len(ours) >= 2
    assert_same_shape(ours, reference)


@pytest.mark.parametrize("name", sorted(ENDPOINT_SAMPLES))
def test_every_endpoint_uses_statuspage_enums_and_timestamps(built, name):
    ours = endpoint(built, name)
    for path, key, value in walk(ours):
        if key in TIMESTAMP_KEYS and value is not None:
            assert TIMESTAMP.match(value), f"{key}={value!r}"
            assert value.endswith(("+01:00", "+02:00")), "times are in the page's zone, Europe/Oslo"
        for (parent, enum_key), allowed in ENUMS.items():
            if key == enum_key and path and path[-1] == parent:
                assert value in allowed, f"{'/'.join(path)}/{key}={value!r}"


def test_page_object_is_stable_and_from_the_data(built):
    page = endpoint(built, "summary.json")["page"]
    assert page == {"id": "status.example.com", "name": "Artifacts Status", "url": "https://status.example.com",
                    "time_zone": "Europe/Oslo",
                    # The maintenance in progress started at 12:00 CET; nothing later happened yet.
                    "updated_at": "2025-11-10T12:00:00.000+01:00"}
    assert all(endpoint(built, name)["page"] == page for name in ENDPOINT_SAMPLES)


def test_summary_reports_the_status_the_components_and_what_is_going_on(built):
    summary = endpoint(built, "summary.json")
    assert summary["status"] == {"indicator": "minor", "description": "Minor Service Outage"}
    components = {c["id"]: c for c in summary["components"]}
    assert [c["id"] for c in summary["components"]] == [
        "cloud", "api", "charger-backend", "ocpp", "payments", "apps", "portal", "web"]
    assert [c["position"] for c in summary["components"]] == list(range(1, 9))
    assert components["payments"]["status"] == "partial_outage"
    assert components["portal"]["status"] == "under_maintenance"
    assert components["apps"] == {**components["apps"], "group": True, "components": ["portal"],
                                  "status": "under_maintenance", "group_id": None}
    assert components["api"]["group_id"] == "cloud" and components["api"]["group"] is False
    assert components["api"]["start_date"] == "2024-01-01"
    assert components["api"]["created_at"] == "2024-01-01T00:00:00.000+01:00"
    assert components["web"]["description"] is None
    assert [i["id"] for i in summary["incidents"]] == ["2025-11-10-payment-delays"]
    assert [m["id"] for m in summary["scheduled_maintenances"]] == [
        "2025-11-10-portal-upgrade", "2025-12-01-backend-migration"]


def test_reference_incident_reads_like_statuspage(built):
    incident = next(i for i in endpoint(built, "incidents.json")["incidents"] if i["id"] == REFERENCE)
    assert incident["name"] == "Underlying connectivity problems"
    assert incident["status"] == "resolved"
    assert incident["impact"] == "major"
    assert incident["started_at"] == "2025-09-04T15:30:00.000+02:00"
    assert incident["created_at"] == "2025-09-04T16:33:00.000+02:00"
    assert incident["monitoring_at"] == "2025-09-04T18:33:00.000+02:00"
    assert incident["resolved_at"] == "2025-09-04T22:26:00.000+02:00"
    assert incident["updated_at"] == "2025-09-05T14:00:00.000+02:00"
    assert incident["shortlink"] == f"https://status.example.com/incidents/{REFERENCE}/"
    updates = incident["incident_updates"]
    assert [u["status"] for u in updates] == [
        "postmortem", "resolved", "monitoring", "investigating", "investigating", "investigating", "investigating"]
    assert [u["display_at"] for u in updates] == sorted((u["display_at"] for u in updates), reverse=True)
    first = updates[-1]
    assert first["id"] == f"{REFERENCE}-20250904T1433Z"
    assert first["body"].startswith("We are seeing connectivity problems")
    assert first["affected_components"] == [
        {"code": c, "name": f"Cloud Services - {n}", "old_status": "operational", "new_status": "major_outage"}
        for c, n in (("api", "API"), ("charger-backend", "Charger backend"), ("ocpp", "OCPP"))]
    assert updates[-2]["affected_components"] is None
    assert [(a["code"], a["old_status"], a["new_status"]) for a in updates[2]["affected_components"]] == [
        (c, "major_outage", "degraded_performance") for c in ("api", "charger-backend", "ocpp")]
    assert {a["new_status"] for a in updates[1]["affected_components"]} == {"operational"}
    assert [c["id"] for c in incident["components"]] == ["api", "charger-backend", "ocpp"]


def test_unresolved_lists_only_open_incidents(built):
    unresolved = endpoint(built, "incidents/unresolved.json")["incidents"]
    assert [(i["id"], i["status"], i["resolved_at"]) for i in unresolved] == [
        ("2025-11-10-payment-delays", "identified", None)]
    updates = unresolved[0]["incident_updates"]
    # Two updates in the same minute: distinct ids, the later line first.
    assert [u["id"] for u in updates] == ["2025-11-10-payment-delays-20251110T0940Z-2",
                                          "2025-11-10-payment-delays-20251110T0940Z",
                                          "2025-11-10-payment-delays-20251110T0905Z"]


def test_incidents_json_lists_incidents_newest_first_without_maintenance(built):
    incidents = endpoint(built, "incidents.json")["incidents"]
    assert [i["id"] for i in incidents] == ["2025-11-10-payment-delays", "2025-10-01-web-login", REFERENCE]


def test_maintenance_endpoints_follow_the_clock(built):
    every = {m["id"]: m for m in endpoint(built, "scheduled-maintenances.json")["scheduled_maintenances"]}
    # Newest window first (the cancelled one was planned for Nov 20).
    assert list(every) == ["2025-12-01-backend-migration", "2025-10-20-api-maintenance",
                           "2025-11-10-portal-upgrade", "2025-08-01-database-upgrade"]
    assert every["2025-11-10-portal-upgrade"]["status"] == "in_progress"
    assert every["2025-12-01-backend-migration"]["status"] == "scheduled"
    assert every["2025-08-01-database-upgrade"]["status"] == "completed"
    assert every["2025-08-01-database-upgrade"]["resolved_at"] == "2025-08-01T22:48:00.000+02:00"
    # Statuspage has no cancelled status; a cancelled maintenance is completed when it was called off.
    assert every["2025-10-20-api-maintenance"]["status"] == "completed"
    assert every["2025-10-20-api-maintenance"]["resolved_at"] == "2025-11-01T09:15:00.000+01:00"
    migration = every["2025-12-01-backend-migration"]
    assert (migration["scheduled_for"], migration["scheduled_until"]) == (
        "2025-12-01T22:00:00.000+01:00", "2025-12-02T02:00:00.000+01:00")
    assert migration["impact"] == "maintenance"
    active = endpoint(built, "scheduled-maintenances/active.json")["scheduled_maintenances"]
    upcoming = endpoint(built, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"]
    assert [m["id"] for m in active] == ["2025-11-10-portal-upgrade"]
    assert [m["id"] for m in upcoming] == ["2025-12-01-backend-migration"]


def test_status_and_components_endpoints_repeat_the_summary(built):
    summary = endpoint(built, "summary.json")
    assert endpoint(built, "status.json") == {"page": summary["page"], "status": summary["status"]}
    assert endpoint(built, "components.json") == {"page": summary["page"], "components": summary["components"]}


# --- unit tests ---------------------------------------------------------------------------------

def test_a_utc_page_writes_z_like_statuspage(tmp_path):
    options = {"name": "UTC Status", "timezone": "UTC", "components": [{"id": "api", "name": "API"}]}
    folder = tmp_path / "incidents"
    folder.mkdir()
    (folder / "2025-09-04-api.md").write_text(
        "---\ntitle: API\nimpact: minor\ncomponents:\n  api: partial_outage\nstart: 2025-09-04 15:30 +02:00\n"
        "---\n\n## Investigating - 2025-09-04 16:33 +02:00\n\nLooking.\n", encoding="utf-8")
    from mkstatus.core.load import load_site
    site = load_site(options, incidents_dir=folder, root=tmp_path, site_url="https://s.example/").site
    summary = json.loads(build_api(site, status_snapshot(site, CLOCK), SiteUrls.for_config(site.config))["api/v2/summary.json"])
    assert summary["page"]["updated_at"] == "2025-09-04T14:33:00.000Z"
    assert summary["incidents"][0]["started_at"] == "2025-09-04T13:30:00.000Z"
    # A component without start_date was there when the site's first incident was written.
    assert summary["components"][0]["created_at"] == "2025-09-04T14:33:00.000Z"


INCIDENT_FILE = """
---
title: API errors
impact: minor
components:
  api: partial_outage
start: 2025-09-04 15:30 +02:00
---

## Investigating - 2025-09-04 16:33 +02:00

Looking.
"""


def test_json_does_not_depend_on_the_order_incidents_are_given_in(tmp_path):
    site = make_site(tmp_path, {"2025-09-04-api": INCIDENT_FILE, "2025-09-05-api": INCIDENT_FILE.replace("09-04", "09-05")})
    site = replace(site, config=replace(site.config, site_url="https://status.example.com/"))
    urls = SiteUrls.for_config(site.config)
    reversed_site = replace(site, incidents=site.incidents[::-1])
    assert build_api(reversed_site, status_snapshot(reversed_site, CLOCK), urls) == build_api(site, status_snapshot(site, CLOCK), urls)


def test_empty_site_is_operational_with_no_data_time(tmp_path):
    site = make_site(tmp_path, {})
    site = replace(site, config=replace(site.config, site_url="https://status.example.com/"))
    urls = SiteUrls.for_config(site.config)
    empty = json.loads(build_api(site, status_snapshot(site, CLOCK), urls)["api/v2/summary.json"])
    assert empty["status"] == {"indicator": "none", "description": "All Systems Operational"}
    assert empty["incidents"] == [] and empty["scheduled_maintenances"] == []
    assert empty["page"]["updated_at"] == "2025-11-10T13:00:00.000+01:00"  # the build clock: nothing happened yet
