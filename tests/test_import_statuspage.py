"""`mkstatus import statuspage`: real Statuspage samples in, valid incident files and config out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkstatus.cli import cli
from mkstatus.authoring.importer.statuspage import import_statuspage
from mkstatus.core.incident_file import parse_incident_file
from mkstatus.core.siteconfig import load_site_config
from mkstatus.i18n import english
from mkstatus.outputs.wording import update_label

SAMPLES = Path(__file__).resolve().parent / "statuspage-samples"
SAMPLE_FILES = ["discord-incidents.json", "discord-scheduled-maintenances.json", "github-summary.json"]
CLOCK = "1757000000"
SITE_HEAD = """\
site_name: Imported status
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  font: false
"""


def invoke(*args: str, cwd: Path):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def import_site(tmp_path: Path, *names: str) -> Path:
    """Import samples into a fresh site in tmp_path, with the printed config as its plugins block."""
    (tmp_path / "pages").mkdir()
    result = invoke("import", "statuspage", *(str(SAMPLES / n) for n in names), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    (tmp_path / "mkdocs.yml").write_text(SITE_HEAD + result.stdout, encoding="utf-8")
    return tmp_path


def build(site: Path) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=CLOCK, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "out"], cwd=site,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return site / "out"


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def body(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_each_sample_imports_to_files_that_pass_check(tmp_path: Path, name: str) -> None:
    site = import_site(tmp_path, name)
    assert list((site / "incidents").glob("*.md"))
    result = invoke("check", cwd=site)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name, key", [
    ("discord-incidents.json", "incidents"),
    ("github-summary.json", "incidents"),
    ("discord-scheduled-maintenances.json", "scheduled_maintenances"),
])
def test_built_api_gives_back_what_was_imported(tmp_path: Path, name: str, key: str) -> None:
    source = json.loads((SAMPLES / name).read_text(encoding="utf-8"))[key]
    api_file = "incidents.json" if key == "incidents" else "scheduled-maintenances.json"
    built = json.loads((build(import_site(tmp_path, name)) / "api/v2" / api_file).read_text(encoding="utf-8"))[key]
    by_name = {item["name"]: item for item in built}
    assert sorted(by_name) == sorted(item["name"] for item in source)
    for original in source:
        copy = by_name[original["name"]]
        assert (copy["status"], copy["impact"]) == (original["status"], original["impact"])
        if original.get("started_at") and key == "incidents":
            assert instant(copy["started_at"]) == instant(original["started_at"])
        if original["status"] == "resolved":
            assert instant(copy["resolved_at"]) == instant(original["resolved_at"])
        copied = {(u["status"], instant(u["display_at"]), body(u["body"])) for u in copy["incident_updates"]}
        for update in original["incident_updates"]:
            assert (update["status"], instant(update["display_at"]), body(update["body"])) in copied


def test_resolved_incident_without_resolved_update_gets_one_and_a_warning(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    result = invoke("import", "statuspage", str(SAMPLES / "discord-incidents.json"), cwd=tmp_path)
    assert "warning: discord-incidents.json: 'Messaging issues' is resolved but has no Resolved update" in result.stderr
    text = (tmp_path / "incidents/2022-02-15-messaging-issues.md").read_text()
    assert "end: 2022-02-15 13:37:37.388 -08:00\n" in text
    assert text.endswith("## Resolved - 2022-02-15 13:37:37.388 -08:00\n\nThis incident has been resolved.\n")


def test_summary_keeps_instants_offsets_and_component_changes() -> None:
    result = import_statuspage([("s.json", json.loads((SAMPLES / "github-summary.json").read_text()))])
    assert not result.problems
    text = result.files["2022-11-25-incident-with-packages-and-pages"]
    assert "start: 2022-11-25 14:39:09.542 +00:00\n" in text
    assert "\n## Update - 2022-11-25 14:39:29.123 +00:00\ncomponents: packages=partial_outage\n" in text
    assert "\n## Update - 2022-11-25 15:40:46.461 +00:00\ncomponents: packages=major_outage\n" in text
    assert "end:" not in text  # still investigating
    assert "      name: Git Operations\n" in result.config_yaml and "timezone: Etc/UTC\n" in result.config_yaml


# --- synthetic documents for the tricky cases --------------------------------------------------------

def update(status: str, at: str, text: str, affected=None, created: str | None = None) -> dict:
    return {"id": at, "status": status, "body": text, "created_at": created or at, "display_at": at,
            "affected_components": affected}


def incident(updates: list[dict], **fields) -> dict:
    return {"id": "abc123", "name": "Login errors", "status": "resolved", "impact": "major",
            "created_at": "2024-03-01T10:00:00.000+01:00", "updated_at": "2024-03-01T12:00:00.000+01:00",
            "started_at": "2024-03-01T09:50:00.000+01:00", "resolved_at": "2024-03-01T11:00:00.000+01:00",
            "incident_updates": list(reversed(updates)), "components": []} | fields


def document(*incidents: dict) -> dict:
    return {"page": {"id": "p", "name": "Example", "time_zone": "Europe/Berlin"}, "incidents": list(incidents)}


def convert(*incidents: dict):
    result = import_statuspage([("incidents.json", document(*incidents))])
    config, problems = load_site_config(__import__("yaml").safe_load(result.config_yaml)["plugins"][0]["status"],
                                        source="mkdocs.yml")
    assert config is not None, problems
    return result, config


def parsed(result, config, incident_id: str):
    parsed_incident, problems = parse_incident_file(result.files[incident_id].encode(), "x.md", incident_id, config)
    assert parsed_incident is not None, problems
    return parsed_incident


def test_headings_components_lines_and_open_fences_in_bodies_are_kept_safely() -> None:
    tricky = "components: api, web\n\n## Impact\nLogins failed.\n# Scope\n```\n## inside code\n"
    result, config = convert(incident([
        update("investigating", "2024-03-01T10:00:00.000+01:00", tricky),
        update("resolved", "2024-03-01T11:00:00.000+01:00", "Fixed."),
    ]))
    assert not result.problems, result.problems
    imported = parsed(result, config, "2024-03-01-login-errors")
    assert [u.status.value for u in imported.updates] == ["investigating", "resolved"]
    first = imported.updates[0]
    assert first.component_changes == {}
    assert first.body_markdown == "&#99;omponents: api, web\n\n### Impact\nLogins failed.\n### Scope\n```\n## inside code\n```"
    assert "components: api, web" in first.body_html and "## inside code" in first.body_html


def test_groups_from_group_component_names_and_affected_statuses() -> None:
    affected = [{"code": "c1", "name": "Cloud - API", "old_status": "operational", "new_status": "major_outage"}]
    later = [{"code": "c1", "name": "Cloud - API", "old_status": "major_outage", "new_status": "degraded_performance"}]
    result, config = convert(incident([
        update("investigating", "2024-03-01T10:00:00.000+01:00", "Down.", affected),
        update("monitoring", "2024-03-01T10:30:00.000+01:00", "Better.", later),
        update("resolved", "2024-03-01T11:00:00.000+01:00", "Fixed."),
    ], components=[{"id": "c1", "name": "API", "group_id": "g1"}]))
    assert [(g.id, g.name) for g in config.groups] == [("cloud", "Cloud")]
    assert [(c.id, c.name, c.group_id) for c in config.components] == [("api", "API", "cloud")]
    imported = parsed(result, config, "2024-03-01-login-errors")
    assert imported.components == {"api": "major_outage"}
    assert imported.updates[1].component_changes == {"api": "degraded_performance"}
    assert imported.end.isoformat() == "2024-03-01T11:00:00+01:00"


def test_display_at_orders_and_times_updates_and_postmortem_becomes_its_section() -> None:
    result, config = convert(incident([
        update("investigating", "2024-03-01T09:55:00.000+01:00", "Backdated first.",
               created="2024-03-01T10:20:00.000+01:00"),
        update("identified", "2024-03-01T10:10:00.000+01:00", "Found it."),
        update("resolved", "2024-03-01T11:00:00.000+01:00", "Fixed."),
        update("postmortem", "2024-03-02T09:00:00.000+01:00", "## Root cause\nA bad deploy."),
    ]))
    imported = parsed(result, config, "2024-03-01-login-errors")
    assert [u.at.isoformat() for u in imported.updates] == [
        "2024-03-01T09:55:00+01:00", "2024-03-01T10:10:00+01:00", "2024-03-01T11:00:00+01:00"]
    assert imported.postmortem.at.isoformat() == "2024-03-02T09:00:00+01:00"
    assert imported.postmortem.body_markdown == "### Root cause\nA bad deploy."


def test_reopened_incident_stays_valid_and_says_so() -> None:
    result, config = convert(incident([
        update("investigating", "2024-03-01T10:00:00.000+01:00", "Down."),
        update("resolved", "2024-03-01T10:30:00.000+01:00", "Fixed."),
        update("investigating", "2024-03-01T10:40:00.000+01:00", "Back again."),
        update("resolved", "2024-03-01T11:00:00.000+01:00", "Fixed for good."),
    ]))
    assert any("was reopened" in w for w in result.warnings)
    imported = parsed(result, config, "2024-03-01-login-errors")
    assert [update_label(u, english()) for u in imported.updates] == ["Investigating", "Resolved", "Update", "Update"]
    assert imported.updates[2].body_markdown == "Back again."


@pytest.mark.parametrize("change, message", [
    ({"incident_updates": "nope"}, "incidents[0].incident_updates: must be a list"),
    ({"started_at": "2024-03-01T09:50:00"}, "has no UTC offset"),
    ({"impact": "huge"}, "'huge' is not one of none, minor, major, critical"),
    ({"incident_updates": [update("exploded", "2024-03-01T10:00:00Z", "x")]}, "'exploded' is not an incident status"),
])
def test_wrong_shapes_are_problems_not_tracebacks(change: dict, message: str) -> None:
    result = import_statuspage([("incidents.json", document(incident([], **change)))])
    assert result.files == {}
    assert any(message in problem for problem in result.problems), result.problems


def test_cli_refuses_bad_json_and_existing_files_without_writing(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"incidents": [', encoding="utf-8")
    (tmp_path / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    result = invoke("import", "statuspage", "broken.json", "other.json", "missing.json", cwd=tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "broken.json:1:16: not valid JSON" in result.stderr
    assert "other.json: (top level): not a Statuspage API v2 response" in result.stderr
    assert "missing.json: cannot read it" in result.stderr
    assert not (tmp_path / "incidents").exists()

    sample = str(SAMPLES / "github-summary.json")
    first = invoke("import", "statuspage", sample, "--config-out", "status.yml", cwd=tmp_path)
    assert first.exit_code == 0 and first.stdout == "" and (tmp_path / "status.yml").read_text().startswith("# From")
    written = tmp_path / "incidents/2022-11-25-incident-with-packages-and-pages.md"
    written.write_text("edited", encoding="utf-8")
    again = invoke("import", "statuspage", sample, cwd=tmp_path)
    assert again.exit_code == 1 and "already exists" in again.stderr and written.read_text() == "edited"
    forced = invoke("import", "statuspage", sample, "--force", cwd=tmp_path)
    assert forced.exit_code == 0 and written.read_text().startswith("---\ntitle: Incident with Packages and Pages")


def test_imported_site_shows_the_sources_status_at_the_sources_time(tmp_path: Path) -> None:
    """GitHub moved Packages back to partial outage without an update: the page must still say so."""
    source = json.loads((SAMPLES / "github-summary.json").read_text(encoding="utf-8"))
    site = import_site(tmp_path, "github-summary.json")
    at_source_time = str(int(instant(source["page"]["updated_at"]).timestamp()) + 60)
    env = dict(os.environ, SOURCE_DATE_EPOCH=at_source_time, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "out"], cwd=site,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    summary = json.loads((site / "out/api/v2/summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == source["status"] == {"indicator": "minor", "description": "Minor Service Outage"}
    statuses = {c["name"]: c["status"] for c in summary["components"]}
    assert statuses == {c["name"]: c["status"] for c in source["components"]}


def test_an_unreadable_input_is_the_only_error(tmp_path: Path) -> None:
    result = invoke("import", "statuspage", "missing.json", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["missing.json: cannot read it: No such file or directory",
                                          "nothing was written"]
