"""`mkdocs serve` rebuilds in one process, reusing unchanged incident pages; after an edit the site
must be byte-identical to a fresh full build of the edited files."""

from __future__ import annotations

import logging
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ROOT
from test_render_parallel import assert_same_site
from test_render_parallel import build as fresh_build

sys.path.insert(0, str(ROOT / "bench"))
import synthetic  # noqa: E402 - the benchmark's generator lives outside the package

INCIDENTS = 40


def serve_build(project, site_dir) -> None:
    """One rebuild as `mkdocs serve` runs it: a fresh config each time, in this process."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")


def test_an_edited_incident_rebuilds_to_the_same_site_as_a_full_build(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(synthetic.SOURCE_DATE_EPOCH))
    project = synthetic.generate(tmp_path / "project", INCIDENTS, repo=ROOT).root
    served = tmp_path / "served"
    serve_build(project, served)

    edited = sorted((project / "incidents").glob("*.md"))[INCIDENTS // 2]
    text = edited.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    edited.write_text(text.replace(title, title + " (edited)").rstrip("\n") + "\n\nOne more sentence.\n",
                      encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.mkstatus"):
        serve_build(project, served)
    reused = [r.getMessage() for r in caplog.records if "reused" in r.getMessage()]
    # Every other incident page; and history pages other than the edited incident's, whose context
    # (the incidents they list) is unchanged. Home and component pages show the edit's dates and titles.
    assert reused[0] == f"MkStatus: reused {INCIDENTS - 1} unchanged incident pages from the last build"
    assert len(reused) == 2 and reused[1].startswith("MkStatus: reused the content of ")

    fresh = tmp_path / "fresh"
    fresh_build(project, fresh)
    assert_same_site(fresh, served)
    page = (served / "incidents" / edited.stem / "index.html").read_text(encoding="utf-8")
    assert "One more sentence." in page and "(edited)" in page


def test_an_edited_maintenance_rebuilds_the_calendar_and_history_pages(tmp_path, monkeypatch):
    """The calendar is reused only while no maintenance changed; history pages only while the
    incidents they list are the same."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(synthetic.SOURCE_DATE_EPOCH))
    project = synthetic.generate(tmp_path / "project", INCIDENTS, repo=ROOT).root
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8")
                                        .replace("- status:\n", "- status:\n    history_page_size: 5\n", 1),
                                        encoding="utf-8")
    served = tmp_path / "served"
    serve_build(project, served)
    maintenance = next(p for p in sorted((project / "incidents").glob("*.md"))
                       if "type: maintenance" in p.read_text(encoding="utf-8"))
    text = maintenance.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    maintenance.write_text(text.replace(title, "title: Replacing the lift motors"), encoding="utf-8")
    serve_build(project, served)

    fresh = tmp_path / "fresh"
    fresh_build(project, fresh)
    assert_same_site(fresh, served)
    assert "Replacing the lift motors" in (served / "maintenance.ics").read_text(encoding="utf-8")
    assert any("Replacing the lift motors" in p.read_text(encoding="utf-8")
               for p in (served / "history").rglob("index.html"))
