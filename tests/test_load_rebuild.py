"""Rebuilds in one process (`mkdocs serve`) reuse unchanged files' parse and give the same Site."""

from __future__ import annotations

import pytest

from mkstatus.core import load
from mkstatus.core.project import read_project

from test_validation_site import MKDOCS_YML, VALID, make_site


def load_site(site):
    project, problems = read_project(site / "mkdocs.yml")
    assert problems == []
    return project.load()


@pytest.fixture
def site(tmp_path):
    second = VALID.replace("API errors", "Portal errors").replace("api: degraded", "portal: degraded")
    return make_site(tmp_path, {"2025-09-04-api-errors.md": VALID, "2025-09-05-portal-errors.md": second})


def fresh_load(site):
    load._last_load = load._ParsedFiles()
    return load_site(site)


def test_a_rebuild_reuses_unchanged_incidents_and_equals_a_fresh_load(site):
    first = fresh_load(site).site
    again = load_site(site).site
    assert all(a is b for a, b in zip(first.incidents, again.incidents, strict=True))
    assert again == first == fresh_load(site).site


def test_a_changed_file_is_parsed_again(site):
    before = fresh_load(site).site
    path = site / "incidents" / "2025-09-04-api-errors.md"
    path.write_text(VALID.replace("Slow responses.", "Slower responses."), encoding="utf-8")
    after = load_site(site).site
    assert after.incidents[0].updates[0].body_markdown == "Slower responses."
    assert after.incidents[1] is before.incidents[1]
    assert after == fresh_load(site).site


def test_a_changed_config_parses_every_file_again(site):
    fresh_load(site)
    (site / "mkdocs.yml").write_text(MKDOCS_YML.replace("        - id: portal\n          name: Portal\n", ""))
    result = load_site(site)
    assert [d.message for d in result.diagnostics] == ["unknown component 'portal'"]


def test_problems_are_reported_again_on_every_rebuild(site):
    (site / "incidents" / "2025-09-04-api-errors.md").write_text(VALID.replace("impact: minor", "impact: minr"))
    first = fresh_load(site).diagnostics
    assert first and load_site(site).diagnostics == first
