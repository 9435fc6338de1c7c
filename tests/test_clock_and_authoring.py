"""Times after the build clock, `check` as strict as the build, and the authoring CLI mid-outage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkstatus.cli import cli
from mkstatus.outputs.statuspage_api import build_api
from mkstatus.outputs.urls import SiteUrls
from mkstatus.core.status import status_snapshot
from mkstatus.core.project import read_project
from sites.kit import ROOT, build, epoch, make_site, utc
from test_validation_site import MKDOCS_YML, VALID
from test_validation_site import make_site as make_project

CLOCK = utc(2025, 9, 10, 12)  # 14:00 CEST
TYPO = VALID + "\n## Update - 2062-09-04 18:00 +02:00\n\nA year typo.\n"


def run(*args: str, clock=CLOCK, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": epoch(clock)}, input=stdin)


def problems(site: Path, clock=CLOCK) -> list[str]:
    project, found = read_project(site / "mkdocs.yml")
    return [str(d) for d in (project.load(clock).diagnostics if project else found)]


# --- times after the clock ------------------------------------------------------------------------

def test_an_update_after_the_clock_names_the_time_and_the_clock(tmp_path):
    site = make_project(tmp_path, {"2025-09-04-api-errors.md": TYPO})
    [problem] = problems(site)
    assert problem.startswith("incidents/2025-09-04-api-errors.md:")
    assert "update at 2062-09-04 18:00 +02:00 is after the build clock (2025-09-10 14:00 +02:00)" in problem


def test_a_few_minutes_of_clock_skew_pass(tmp_path):
    site = make_project(tmp_path, {"2025-09-04-api-errors.md": VALID})
    assert problems(site, utc(2025, 9, 4, 14, 30)) == []  # the update (16:33 CEST) is 3 minutes ahead
    assert len(problems(site, utc(2025, 9, 4, 14, 25))) == 1


def test_postmortem_and_impact_times_after_the_clock_are_errors(tmp_path):
    late = (VALID.replace("start: 2025-09-04 15:30 +02:00", "start: 2026-09-04 15:30 +02:00")
            + "\n## Postmortem - 2026-09-05 10:00 +02:00\n\nWhat happened.\n")
    site = make_project(tmp_path, {"2025-09-04-api-errors.md": late})
    found = problems(site)
    assert any("`start` 2026-09-04 15:30 +02:00 is after the build clock" in p for p in found), found
    assert any("postmortem at 2026-09-05 10:00 +02:00 is after the build clock" in p for p in found), found


def test_a_maintenance_window_may_lie_ahead_but_not_its_posts(tmp_path):
    window = ("---\ntype: maintenance\ntitle: Upgrade\ncomponents:\n  - api\nstart: 2025-12-01 22:00 +01:00\n"
              "end: 2025-12-01 23:00 +01:00\n---\n\n## Scheduled - 2025-09-10 13:00 +02:00\n\nWe upgrade.\n")
    site = make_project(tmp_path, {"2025-12-01-upgrade.md": window})
    assert problems(site) == []
    posted_later = window.replace("## Scheduled - 2025-09-10 13:00", "## Scheduled - 2025-11-10 13:00")
    (site / "incidents" / "2025-12-01-upgrade.md").write_text(posted_later)
    [problem] = problems(site)
    assert "update at 2025-11-10 13:00 +02:00 is after the build clock" in problem


def test_build_and_check_both_refuse_a_year_typo(tmp_path):
    site = make_project(tmp_path, {"2025-09-04-api-errors.md": TYPO})
    built = build(site, tmp_path / "out", CLOCK)
    assert built.returncode == 1 and "update at 2062-09-04 18:00 +02:00 is after the build clock" in built.stderr
    checked = run("check", "-f", str(site / "mkdocs.yml"))
    assert checked.exit_code == 1 and "update at 2062-09-04 18:00 +02:00 is after the build clock" in checked.stdout


def test_the_cli_says_when_source_date_epoch_is_now(tmp_path, monkeypatch):
    site = make_project(tmp_path, {"2025-09-04-api-errors.md": VALID})
    monkeypatch.chdir(site)
    result = run("check")
    assert f"using SOURCE_DATE_EPOCH={epoch(CLOCK)} (2025-09-10 12:00:00 UTC) as now" in result.stderr
    plain = CliRunner().invoke(cli, ["check"], env={"SOURCE_DATE_EPOCH": ""})
    assert "SOURCE_DATE_EPOCH" not in plain.stderr


def test_an_empty_site_was_updated_at_its_build(tmp_path):
    site = make_site(tmp_path, {})
    api = build_api(site, status_snapshot(site, CLOCK), SiteUrls.for_config(site.config))
    assert json.loads(api["api/v2/summary.json"])["page"]["updated_at"] == "2025-09-10T14:00:00.000+02:00"


# --- check validates what the build validates -----------------------------------------------------

@pytest.mark.parametrize("edit, message", [
    (lambda site: (site / "mkdocs.yml").write_text(MKDOCS_YML.replace("site_url: https://status.example.com/\n", "")),
     "mkdocs.yml:1:1: site_url is not set"),
    (lambda site: (site / "docs").rmdir(), "docs_dir: The path"),
    (lambda site: (site / "mkdocs.yml").write_text(MKDOCS_YML.replace("timezone:", "history_page_size: 0\n      timezone:")),
     "`history_page_size` must be a whole number of at least 1, not 0"),
    (lambda site: (site / "mkdocs.yml").write_text(MKDOCS_YML.replace("timezone:", "histroy_page_size: 5\n      timezone:")),
     "histroy_page_size"),
])
def test_check_fails_on_what_the_build_fails_on(tmp_path, edit, message):
    site = make_project(tmp_path, {"2025-09-04-api-errors.md": VALID})
    edit(site)
    assert build(site, tmp_path / "out", CLOCK).returncode == 1
    result = run("check", "-f", str(site / "mkdocs.yml"))
    assert result.exit_code == 1 and message in result.stdout, result.output


# --- the authoring CLI ----------------------------------------------------------------------------

@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("incidents", "site_template"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


NOW = utc(2026, 11, 24, 12)  # the example site's clock: the payments incident is open


def test_three_updates_in_one_second_all_post(example):
    created = run("new", "API errors", "--impact", "major", "-c", "api=major_outage", clock=NOW)
    incident_id = Path(created.stdout.strip()).stem
    for text in ("One.", "Two.", "Three."):
        result = run("update", incident_id, text, clock=NOW)
        assert result.exit_code == 0, result.output
    body = (example / "incidents" / f"{incident_id}.md").read_text()
    assert [line for line in body.splitlines() if line.startswith("## ")] == [
        "## Investigating - 2026-11-24 13:00 +01:00", "## Update - 2026-11-24 13:00:01 +01:00",
        "## Update - 2026-11-24 13:00:02 +01:00", "## Update - 2026-11-24 13:00:03 +01:00"]
    assert run("check", clock=NOW).exit_code == 0


def test_every_command_finds_the_site_above_and_properdocs_yml(example, monkeypatch):
    (example / "mkdocs.yml").rename(example / "properdocs.yml")
    monkeypatch.chdir(example / "site_template")
    result = run("update", "2026-11-23-slow-payment-confirmations", "Still watching.", clock=NOW)
    assert result.exit_code == 0, result.output
    checked = run("check", clock=NOW)
    assert checked.exit_code == 0 and "7 files checked" in checked.stderr


def test_a_missing_config_has_no_made_up_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = run("update", "x", "Text.")
    assert found.exit_code == 1 and "no mkdocs.yml or properdocs.yml here or in any folder above" in found.output
    given = run("update", "x", "Text.", "-f", "nothere.yml")
    assert given.exit_code == 1 and "nothere.yml: nothere.yml not found" in given.output
    assert "nothere.yml:1:1" not in given.output


def test_maintenance_that_is_already_over_is_refused(example):
    result = run("maintenance", "Upgrade", "--start", "2026-11-20 22:00", "--end", "2026-11-20 23:00", clock=NOW)
    assert result.exit_code == 2 and "the window ended at 2026-11-20 23:00 +01:00, before now" in result.output
    assert not (example / "incidents" / "2026-11-20-upgrade.md").exists()


def test_update_refuses_a_component_the_incident_does_not_list(example):
    incident = "2026-11-23-slow-payment-confirmations"
    before = (example / "incidents" / f"{incident}.md").read_bytes()
    refused = run("update", incident, "-c", "api=major_outage", "Text.", clock=NOW)
    assert refused.exit_code == 2 and "api is not affected by this incident" in refused.output
    assert "--add-component" in refused.output
    assert (example / "incidents" / f"{incident}.md").read_bytes() == before
    listed = run("update", incident, "-c", "payments=operational", "Recovered.", clock=NOW)
    assert listed.exit_code == 0 and "  payments: degraded_performance -> operational" in listed.stdout
    added = run("update", incident, "-c", "api=degraded_performance", "--add-component", "Also API.", clock=NOW)
    assert added.exit_code == 0 and "  api: not affected (added) -> degraded_performance" in added.stdout


def test_postmortem_waits_for_the_resolution(example):
    result = run("postmortem", "2026-11-23-slow-payment-confirmations", clock=NOW)
    assert result.exit_code == 1 and "still monitoring" in result.output and "mkstatus resolve" in result.output


@pytest.mark.parametrize("args", [["new", "API", "errors", "--impact", "major"],
                                  ["update", "2026-11-23-slow-payment-confirmations", "A", "fix"]])
def test_unquoted_words_are_told_to_be_quoted(example, args):
    result = run(*args, clock=NOW)
    assert result.exit_code == 2 and "in quotes" in result.output
