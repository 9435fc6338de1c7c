"""Malformed files and a hostile mkdocs.yml: each case has its exact outcome, the same from the
loader, `mkstatus check` and `mkdocs build`; odd but valid files build into clean pages.

The cases are loaded in-process once (the loader is the code the build runs), and checked and
built once each as a whole folder, so the suite stays quick however many cases there are.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

from hostile.files import HOSTILE_CONFIG_PROBLEMS, write_hostile_config, write_project
from hostile.malformed import CLEAN_CASES, ERROR_CASES, Case
from hostile.site import CLOCK
from mkstatus.core.project import read_project
from sites.kit import build


def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from mkstatus.cli import main; main()", "check"], cwd=project,
                          capture_output=True, text=True, timeout=300)


def load(config: Path) -> list:
    project, problems = read_project(config)
    assert problems == []
    return project.load().diagnostics


@pytest.fixture(scope="session")
def error_outcomes(tmp_path_factory):
    """(in-process diagnostics, `mkstatus check` output, `mkdocs build` output) for every error case."""
    root = tmp_path_factory.mktemp("malformed")
    config = write_project(root / "errors", ERROR_CASES)
    checked, built = check(config.parent), build(config.parent, root / "site", CLOCK)
    assert checked.returncode == 1 and built.returncode == 1
    assert not (root / "site").exists(), "a failed build publishes nothing"
    return load(config), checked.stdout, built.stderr


@pytest.fixture(scope="session")
def clean_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("odd")
    config = write_project(root / "clean", CLEAN_CASES)
    assert load(config) == []
    assert check(config.parent).returncode == 0
    result = build(config.parent, root / "site", CLOCK)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_corpus_counts():
    print(f"\nmalformed corpus: {len(ERROR_CASES)} files refused with a line, {len(CLEAN_CASES)} odd files built, "
          f"{len(HOSTILE_CONFIG_PROBLEMS)} hostile config values")
    assert len(ERROR_CASES) + len(CLEAN_CASES) >= 50


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda case: case.name)
def test_refused_with_its_line_by_check_and_build_alike(case: Case, error_outcomes):
    diagnostics, checked, built = error_outcomes
    mine = sorted((d for d in diagnostics if d.path == case.file), key=lambda d: (d.line, d.message))
    assert [d.line for d in mine] == [line for line, _ in sorted(case.expected)]
    for diagnostic, (_, message) in zip(mine, sorted(case.expected)):
        assert diagnostic.message.startswith(message)
        assert diagnostic.hint, "every problem says how to fix it"
        assert str(diagnostic) in checked.splitlines()
        assert str(diagnostic) in built
    assert "Traceback" not in checked + built


def test_links_out_of_the_repository_are_never_read(error_outcomes):
    _, checked, built = error_outcomes
    assert "Secret outside the repository" not in checked + built


@pytest.mark.parametrize("case", CLEAN_CASES, ids=lambda case: case.name)
def test_odd_but_valid_files_build_clean_pages(case: Case, clean_site):
    incident_id = Path(case.file).stem
    page = html.fromstring((clean_site / "incidents" / incident_id / "index.html").read_bytes())
    assert [h.text_content().strip() for h in page.xpath("//h1")] == [case.title]


def test_template_syntax_is_shown_not_run(clean_site):
    page = (clean_site / "incidents" / "2025-10-02-template-syntax" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }} {% raw %}" in page and "<p>{{ config }} {% include 'x' %}</p>" in page


def test_a_hostile_config_is_refused_line_by_line(tmp_path):
    config = write_hostile_config(tmp_path / "project")
    diagnostics = load(config)
    assert len(diagnostics) == len(HOSTILE_CONFIG_PROBLEMS)
    assert [(d.line, d.message[:len(m)]) for d, (_, m) in zip(diagnostics, HOSTILE_CONFIG_PROBLEMS)] \
        == HOSTILE_CONFIG_PROBLEMS
    checked, built = check(config.parent), build(config.parent, tmp_path / "site", CLOCK)
    for diagnostic in diagnostics:
        assert str(diagnostic) in checked.stdout.splitlines() and str(diagnostic) in built.stderr


@pytest.mark.parametrize("page", ["history.md", "components/api/index.md", "incidents/2025-10-01-web-login.md"])
def test_a_hand_written_page_on_a_generated_url_is_an_error(tmp_path, page):
    from sites.kit import copy_fixture

    project = copy_fixture("artifacts-site", tmp_path)
    (project / "pages" / page).parent.mkdir(parents=True, exist_ok=True)
    (project / "pages" / page).write_text("# Mine\n", encoding="utf-8")
    result = build(project, tmp_path / "site", CLOCK)
    assert result.returncode == 1
    assert f"pages/{page}: MkStatus generates " in result.stderr and "rename or remove yours" in result.stderr


def test_every_hand_written_page_on_a_generated_url_is_named_in_one_build(tmp_path):
    from sites.kit import copy_fixture

    project = copy_fixture("artifacts-site", tmp_path)
    mine = ["history.md", "components/api/index.md", "history.rss"]
    for page in mine:
        (project / "pages" / page).parent.mkdir(parents=True, exist_ok=True)
        (project / "pages" / page).write_text("# Mine\n", encoding="utf-8")
    result = build(project, tmp_path / "site", CLOCK)
    assert result.returncode == 1
    named = [page for page in mine if f"pages/{page}: MkStatus generates " in result.stderr]
    assert named == mine, result.stderr
