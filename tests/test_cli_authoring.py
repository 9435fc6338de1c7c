"""`mkstatus new | update | resolve | postmortem | maintenance` on a copy of the example site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkstatus.cli import cli
from mkstatus.core.project import read_project

ROOT = Path(__file__).resolve().parent.parent
# 2025-09-04 14:33:20 UTC = 16:33 CEST, the reference incident's first update.
CLOCK = "1756996400"
LATER = "1757000000"  # 17:33 CEST
# After everything in the example site: the clock its checks run at (the site's 2026 files are not in the future).
BUILT = "1798761600"  # 2027-01-01 00:00 UTC
REFERENCE = "2025-09-04-underlying-connectivity-problems"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "incidents", tmp_path / "incidents")
    shutil.copytree(ROOT / "site_template", tmp_path / "site_template")  # custom_dir and docs_dir: check needs them
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, clock: str = CLOCK, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": clock}, input=stdin)


def check_ok(site: Path) -> None:
    result = run("check", "-f", str(site / "mkdocs.yml"), clock=BUILT)
    assert result.exit_code == 0, result.output


def load(site: Path, incident_id: str):
    project, diagnostics = read_project(site / "mkdocs.yml")
    loaded = project.load()  # without a clock: these tests post at several
    assert loaded.ok, loaded.diagnostics
    return loaded.site.incident(incident_id)


def test_new_writes_a_valid_investigating_incident(site: Path) -> None:
    result = run("new", "API errors: login", "--impact", "major", "-c", "api=major_outage",
                 "-c", "ocpp=partial_outage", "--start", "2025-09-04 15:30")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "incidents/2025-09-04-api-errors-login.md"
    text = (site / "incidents/2025-09-04-api-errors-login.md").read_text()
    assert text.startswith("---\ntitle: 'API errors: login'\nimpact: major\n")
    assert "start: 2025-09-04 15:30 +02:00\n" in text
    assert "\n## Investigating - 2025-09-04 16:33 +02:00\n" in text
    check_ok(site)
    incident = load(site, "2025-09-04-api-errors-login")
    assert incident.status.value == "investigating" and incident.end is None
    assert {k: v.value for k, v in incident.components.items()} == {"api": "major_outage", "ocpp": "partial_outage"}


def test_new_starts_now_and_takes_a_message_from_stdin(site: Path) -> None:
    result = run("new", "Slow app", "--impact", "minor", "-m", "-", stdin="The app is slow.\n")
    assert result.exit_code == 0, result.output
    incident = load(site, "2025-09-04-slow-app")
    assert incident.start.isoformat() == "2025-09-04T16:33:00+02:00"
    assert incident.updates[0].body_markdown == "The app is slow."


def test_new_refuses_a_title_used_that_day_unless_asked(site: Path) -> None:
    """Running `new` twice for one outage is the likelier mistake: refuse, and point at `update`."""
    refused = run("new", "Underlying connectivity problems", "--impact", "minor")
    assert refused.exit_code == 1 and not (site / f"incidents/{REFERENCE}-2.md").exists()
    assert f"incidents/{REFERENCE}.md already exists" in refused.output
    assert f"mkstatus update {REFERENCE}" in refused.output and "--duplicate" in refused.output


def test_new_gives_a_unique_name_and_the_same_file_for_the_same_clock(site: Path) -> None:
    first = run("new", "Underlying connectivity problems", "--impact", "minor", "--duplicate")
    assert first.stdout.strip() == f"incidents/{REFERENCE}-2.md"
    again = run("new", "Underlying connectivity problems", "--impact", "minor", "--duplicate")
    assert again.stdout.strip() == f"incidents/{REFERENCE}-3.md"
    assert (site / f"incidents/{REFERENCE}-2.md").read_bytes() == (site / f"incidents/{REFERENCE}-3.md").read_bytes()


@pytest.mark.parametrize("title, name", [
    ("Ærøå nede", "2025-09-04-aeroa-nede"),
    ("Сбой оплаты", "2025-09-04-sboi-oplaty"),
    ("!!!", "2025-09-04-incident"),
])
def test_new_names_files_readably_in_any_script(site: Path, title: str, name: str) -> None:
    """Titles are transliterated, not dropped: a Norwegian or Cyrillic title gives a name people can read."""
    result = run("new", title, "--impact", "minor")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"incidents/{name}.md"
    assert load(site, name).title == title


@pytest.mark.parametrize("component, message", [
    ("apii=major_outage", "unknown component 'apii' (did you mean 'api'?)"),
    ("api=down", "'down' is not a component status"),
    ("api", "'api' needs a status"),
])
def test_new_refuses_bad_components_and_writes_nothing(site: Path, component: str, message: str) -> None:
    before = sorted(p.name for p in (site / "incidents").iterdir())
    result = run("new", "API errors", "--impact", "major", "-c", component)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (site / "incidents").iterdir()) == before


def test_new_refuses_a_wall_time_that_happens_twice(site: Path) -> None:
    result = run("new", "API errors", "--impact", "major", "--start", "2025-10-26 02:30")
    assert result.exit_code == 2
    assert "happens twice in Europe/Oslo" in result.output and "2025-10-26 02:30 +01:00" in result.output


def test_update_appends_and_keeps_comments_and_formatting(site: Path) -> None:
    path = site / "incidents/2026-11-23-slow-payment-confirmations.md"
    original = path.read_text().replace("impact: minor\n", "impact: minor   # raise if refunds fail\n")
    path.write_text(original)
    result = run("update", "2026-11-23-slow-payment-confirmations", "--status", "identified",
                 "-c", "payments=partial_outage", "The provider found the cause.", clock="1795564800")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.startswith(original.rstrip("\n") + "\n\n")
    assert text.endswith("\n## Identified - 2026-11-25 01:00 +01:00\ncomponents: payments=partial_outage\n\n"
                         "The provider found the cause.\n")
    check_ok(site)
    incident = load(site, "2026-11-23-slow-payment-confirmations")
    assert incident.status.value == "identified"
    assert incident.updates[-1].component_changes == {"payments": "partial_outage"}


def test_update_without_status_is_shown_as_update(site: Path) -> None:
    result = run("update", "incidents/2026-11-23-slow-payment-confirmations.md", "Still watching.",
                 clock="1795564800")
    assert result.exit_code == 0, result.output
    incident = load(site, "2026-11-23-slow-payment-confirmations")
    assert incident.updates[-1].keeps_status and incident.status.value == "monitoring"


def test_update_goes_before_the_postmortem_and_escapes_headings(site: Path) -> None:
    result = run("update", REFERENCE, "--at", "2025-09-05 09:00", "Late note.\n## Not a new update", clock=BUILT)
    assert result.exit_code == 0, result.output
    text = (site / f"incidents/{REFERENCE}.md").read_text()
    assert "## Update - 2025-09-05 09:00 +02:00\n\nLate note.\n### Not a new update\n\n## Postmortem" in text
    check_ok(site)
    assert load(site, REFERENCE).postmortem is not None


def test_invalid_update_is_refused_and_the_file_untouched(site: Path) -> None:
    path = site / "incidents/2026-11-23-slow-payment-confirmations.md"
    before = path.read_bytes()
    # Before the latest update (Monitoring at 2026-11-24 00:30 +01:00).
    result = run("update", "2026-11-23-slow-payment-confirmations", "--at", "2026-11-23 22:00", "Too early")
    assert result.exit_code == 2 and "is before the latest update" in result.output
    result = run("update", "2026-11-23-slow-payment-confirmations", "--status", "completed", "x")
    assert result.exit_code == 2 and "not an incident status" in result.output
    assert path.read_bytes() == before


def test_edit_of_a_broken_file_is_refused_with_its_problems(site: Path) -> None:
    path = site / "incidents/2026-11-23-slow-payment-confirmations.md"
    broken = path.read_text().replace("impact: minor", "impact: huge")
    path.write_text(broken)
    result = run("update", "2026-11-23-slow-payment-confirmations", "More text", clock="1795564800")
    assert result.exit_code == 1
    assert "incidents/2026-11-23-slow-payment-confirmations.md:3:" in result.output
    assert "impact 'huge' is not one of" in result.output
    assert path.read_text() == broken


def test_unknown_incident_is_a_clear_error(site: Path) -> None:
    result = run("update", "2025-09-04-underlying-connectivity-problem", "x")
    assert result.exit_code == 1
    assert f"unknown incident '2025-09-04-underlying-connectivity-problem' (did you mean '{REFERENCE}'?)" in result.output
    assert "Traceback" not in result.output


def test_resolve_adds_resolved_and_sets_end_keeping_crlf(site: Path) -> None:
    path = site / "incidents/2026-11-23-slow-payment-confirmations.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = run("resolve", "2026-11-23-slow-payment-confirmations", "--end", "2026-11-24 01:10",
                 "Confirmations are instant again.", clock="1795564800")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode().replace("\r\n", "\n")
    assert "start: 2026-11-23 21:40 +01:00\nend: 2026-11-24 01:10 +01:00\n---" in text
    assert text.endswith("## Resolved - 2026-11-25 01:00 +01:00\n\nConfirmations are instant again.\n")
    check_ok(site)
    incident = load(site, "2026-11-23-slow-payment-confirmations")
    assert incident.is_closed and incident.end.isoformat() == "2026-11-24T01:10:00+01:00"


def test_resolve_without_end_uses_now_and_refuses_twice(site: Path) -> None:
    result = run("new", "API errors", "--impact", "major", "-c", "api=major_outage")
    incident_id = Path(result.stdout.strip()).stem
    result = run("resolve", incident_id, clock=LATER)
    assert result.exit_code == 0, result.output
    incident = load(site, incident_id)
    assert incident.end.isoformat() == "2025-09-04T17:33:00+02:00"
    assert incident.updates[-1].body_markdown == "This incident has been resolved."
    again = run("resolve", incident_id, clock=LATER)
    assert again.exit_code == 1 and "already resolved" in again.output


def test_resolve_with_end_before_start_is_refused(site: Path) -> None:
    result = run("new", "API errors", "--impact", "major", "--start", "2025-09-04 16:00")
    path = site / result.stdout.strip()
    before = path.read_bytes()
    result = run("resolve", path.stem, "--end", "2025-09-04 15:00", clock=LATER)
    assert result.exit_code == 1
    assert "was not changed" in result.output and "is not after start" in result.output
    assert path.read_bytes() == before


def test_postmortem_adds_the_sections_once(site: Path) -> None:
    incident_id = "2026-11-17-portal-login-failures"
    result = run("postmortem", incident_id, "--at", "2026-11-18 12:00", clock=BUILT)
    assert result.exit_code == 0, result.output
    text = (site / f"incidents/{incident_id}.md").read_text()
    section = text[text.index("## Postmortem - 2026-11-18 12:00 +01:00"):]
    for heading in ("### Summary", "### Timeline", "### Root cause", "### Next steps"):
        assert f"\n{heading}\n" in section
    check_ok(site)
    assert load(site, incident_id).postmortem.at.isoformat() == "2026-11-18T12:00:00+01:00"
    again = run("postmortem", incident_id, clock=BUILT)
    assert again.exit_code == 1 and "already has a postmortem" in again.output


def test_maintenance_writes_a_scheduled_window(site: Path) -> None:
    result = run("maintenance", "Database upgrade", "--start", "2025-09-10 22:00", "--end", "2025-09-10 23:30",
                 "-c", "api", "-c", "portal")
    assert result.exit_code == 0, result.output
    path = site / "incidents/2025-09-10-database-upgrade.md"
    assert result.stdout.strip() == "incidents/2025-09-10-database-upgrade.md"
    assert "type: maintenance\n" in path.read_text() and "components:\n  - api\n  - portal\n" in path.read_text()
    check_ok(site)
    window = load(site, "2025-09-10-database-upgrade")
    assert window.is_maintenance and window.status.value == "scheduled"
    assert window.updates[0].at.isoformat() == "2025-09-04T16:33:00+02:00"
    assert "API, Zaptec Portal" in window.updates[0].body_markdown

    result = run("update", path.stem, "-s", "in progress", "Started.", clock="1757534400")
    assert result.exit_code == 0, result.output
    result = run("resolve", path.stem, clock="1757538000")
    assert result.exit_code == 0, result.output
    window = load(site, "2025-09-10-database-upgrade")
    assert [u.status.value for u in window.updates] == ["scheduled", "in_progress", "completed"]
    assert window.end.isoformat() == "2025-09-10T23:30:00+02:00"  # the scheduled window stays


def test_maintenance_end_must_follow_start(site: Path) -> None:
    result = run("maintenance", "X", "--start", "2025-09-10 22:00", "--end", "2025-09-10 21:00")
    assert result.exit_code == 2 and "is not after the start" in result.output


def test_every_command_has_help() -> None:
    for command in ("new", "update", "resolve", "postmortem", "maintenance", "import", "import statuspage"):
        result = CliRunner().invoke(cli, command.split() + ["--help"])
        assert result.exit_code == 0 and "Usage: " in result.output, command


def test_two_posts_in_one_minute_keep_distinct_times(site: Path) -> None:
    """Mid-incident, a correction often follows within the minute: it gets seconds, not a refusal."""
    created = run("new", "API errors", "--impact", "major", "-c", "api=major_outage", clock="1757000000")
    assert created.exit_code == 0, created.output
    incident_id = Path(created.stdout.strip()).stem
    same_minute = str(1757000000 + 40)  # 17:33:20 -> 17:34:00 CEST
    result = run("update", incident_id, "Correction: only EU customers are affected.", clock=same_minute)
    assert result.exit_code == 0, result.output
    text = (site / "incidents" / f"{incident_id}.md").read_text()
    assert "\n## Investigating - 2025-09-04 17:33 +02:00\n" in text
    assert "\n## Update - 2025-09-04 17:34 +02:00\n" in text
    again = run("resolve", incident_id, "Fixed.", clock=str(1757000000 + 50))  # still 17:34, now 17:34:10
    assert again.exit_code == 0, again.output
    text = (site / "incidents" / f"{incident_id}.md").read_text()
    assert "\n## Resolved - 2025-09-04 17:34:10 +02:00\n" in text and "end: 2025-09-04 17:34:10 +02:00\n" in text
    check_ok(site)
