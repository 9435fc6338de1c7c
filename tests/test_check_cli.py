"""`mkstatus check` and `mkstatus schema` as users and CI run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkstatus.cli import cli
from mkstatus.core.diagnostics import Diagnostic, github_annotation

from test_validation_site import MKDOCS_YML, VALID, make_site

BAD = VALID.replace("impact: minor", "impact: minr")


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    site = make_site(tmp_path / "site", {"2025-09-04-api-errors.md": VALID, "2025-09-05-bad.md": BAD,
                                         "old/2025-09-06-also-bad.md": BAD.replace("api:", "apx:")})
    monkeypatch.chdir(site)
    return site


def run(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


def test_example_site_is_clean(repo_root, monkeypatch):
    monkeypatch.chdir(repo_root)
    result = run()
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("mkstatus check: no problems, ")


def test_reports_every_problem_and_exits_1(site):
    result = run()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "incidents/2025-09-05-bad.md:3:9: impact 'minr' is not one of none, minor, major, critical"
        " (did you mean 'minor'?)",
        "incidents/old/2025-09-06-also-bad.md:3:9: impact 'minr' is not one of none, minor, major, critical"
        " (did you mean 'minor'?)",
        "incidents/old/2025-09-06-also-bad.md:5:3: unknown component 'apx' (did you mean 'api'?)"
        " (hint: known components: api, portal)",
    ]
    assert result.stderr == "mkstatus check: 3 problems in 2 files, 4 files checked\n"


def test_paths_limit_the_report_to_those_files(site):
    result = run("incidents/old")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["incidents/old/2025-09-06-also-bad.md"] * 2
    assert "1 more problem in other files" in result.stderr
    clean = run("incidents/2025-09-04-api-errors.md")
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_config_problems_are_reported_even_when_paths_are_given(site):
    (site / "mkdocs.yml").write_text(MKDOCS_YML.replace("Europe/Oslo", "Europe/Olso"))
    result = run("incidents/2025-09-04-api-errors.md")
    assert result.exit_code == 1
    assert result.stdout.startswith("mkdocs.yml:5:17: unknown time zone 'Europe/Olso'")


def test_a_site_folder_or_its_mkdocs_yml_may_be_given_from_elsewhere(site, monkeypatch):
    monkeypatch.chdir(site.parent)
    for target in ("site", "site/mkdocs.yml"):
        result = run(target)
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0].startswith("site/incidents/2025-09-05-bad.md:3:9: ")
    from_file = run("site/incidents/2025-09-05-bad.md")  # the site is found upwards from the file
    assert from_file.stdout.startswith("site/incidents/2025-09-05-bad.md:3:9: ")


@pytest.mark.parametrize("args, message", [
    (["README.md"], "is not in the incidents folder"),
    (["mkdocs.yml", "../other"], "more than one site"),
    (["missing.md"], "does not exist"),
    (["--format", "json"], "'json' is not one of"),
])
def test_usage_errors_exit_2(site, args, message):
    (site / "README.md").write_text("# Site\n")
    make_site(site.parent / "other", {})
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_site_found_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 2
    assert "no mkdocs.yml or properdocs.yml found" in result.stderr


def test_github_format_prints_workflow_annotations(site):
    result = run("--format", "github", "incidents/2025-09-05-bad.md")
    assert result.stdout == (
        "::error file=incidents/2025-09-05-bad.md,line=3,col=9,title=mkstatus check::"
        "impact 'minr' is not one of none, minor, major, critical (did you mean 'minor'?)\n")


def test_github_annotation_escapes_data_and_properties():
    diagnostic = Diagnostic("incidents/a,b:c%.md", 7, 2, "100% wrong\r\nreally", "fix: this, now")
    assert github_annotation(diagnostic) == (
        "::error file=incidents/a%2Cb%3Ac%25.md,line=7,col=2,title=mkstatus check::"
        "100%25 wrong%0D%0Areally%0AHint: fix: this, now")


def test_real_process_exit_codes_and_streams(site):
    """The installed entry point, not only click's runner: stdout holds problems, stderr the summary."""
    command = [sys.executable, "-c", "from mkstatus.cli import main; main()", "check"]
    failed = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1
    assert len(failed.stdout.splitlines()) == 3 and "Traceback" not in failed.stderr
    (site / "incidents" / "2025-09-05-bad.md").unlink()
    (site / "incidents" / "old" / "2025-09-06-also-bad.md").unlink()
    clean = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120)
    assert (clean.returncode, clean.stdout) == (0, "")
    assert clean.stderr == "mkstatus check: no problems, 2 files checked\n"


def test_schema_prints_draft_2020_12_json(repo_root):
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "pattern" in schema["$defs"]["componentId"]
    site_specific = json.loads(CliRunner().invoke(cli, ["schema", "--config", str(repo_root / "mkdocs.yml")]).stdout)
    assert site_specific["$defs"]["componentId"]["enum"] == ["api", "charger-backend", "ocpp", "portal", "app", "payments"]


@pytest.mark.parametrize("site_url, pages_url, refused", [
    ("https://example.github.io/mkstatus/", "https://acme.github.io/status", True),  # the template's, kept
    ("", "https://acme.github.io/status", True),
    ("https://acme.github.io/status/", "https://acme.github.io/status", False),
    ("https://acme.github.io/status", "https://acme.github.io/status/", False),
    ("https://status.acme.com/", "https://acme.github.io/status", False),  # a custom domain
    ("https://acme.github.io/status/", "https://status.acme.com", True),  # Pages serves the custom domain
])
def test_pages_url_must_be_the_site_url_unless_a_custom_domain(tmp_path, monkeypatch, site_url, pages_url, refused):
    site = make_site(tmp_path / "site", {"2025-09-04-api-errors.md": VALID},
                     MKDOCS_YML.replace("site_url: https://status.example.com/\n",
                                        f"site_url: {site_url}\n" if site_url else ""))
    monkeypatch.chdir(site)
    result = run("--pages-url", pages_url)
    wanted = pages_url.rstrip("/") + "/"
    assert (f"GitHub Pages publishes this repository at {wanted}" in result.stdout) == refused, result.output
    if refused:
        assert f"set `site_url: {wanted}` in mkdocs.yml" in result.stdout and result.exit_code == 1
