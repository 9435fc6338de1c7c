"""`mkdocs serve` rebuilds in one process, reusing unchanged incident pages; after an edit the site
must be byte-identical to a fresh full build of the edited files."""

from __future__ import annotations

import json
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


FEED_INCIDENTS = 60  # above the feeds' and the API's 50 entries, so an edit can move one in or out


def test_feeds_and_api_after_each_kind_of_edit_equal_a_full_build(tmp_path, monkeypatch):
    """Feed entries, API objects and page views of unchanged incidents are kept between rebuilds
    (outputs/kept.py): after an edited title, a status change, a new and a deleted incident, the
    served site equals a fresh full build, feeds and API included."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(synthetic.SOURCE_DATE_EPOCH))
    project = synthetic.generate(tmp_path / "project", FEED_INCIDENTS, repo=ROOT).root
    incidents = sorted((project / "incidents").glob("*.md"))
    served = tmp_path / "served"
    serve_build(project, served)

    def rebuilt_as_fresh(step: str) -> None:
        serve_build(project, served)
        fresh = tmp_path / f"fresh-{step}"
        fresh_build(project, fresh)
        assert_same_site(fresh, served)

    newest = next(p for p in reversed(incidents) if "type: maintenance" not in p.read_text(encoding="utf-8")
                  and "\n## Resolved - " in p.read_text(encoding="utf-8"))
    text = newest.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    newest.write_text(text.replace(title, "title: Chargers & apps <offline>"), encoding="utf-8")
    rebuilt_as_fresh("title")
    assert "Chargers &amp; apps &lt;offline&gt;" in (served / "history.atom").read_text(encoding="utf-8")

    # Reopened: Resolved becomes Monitoring and the end goes; home, summary and feeds change.
    text = newest.read_text(encoding="utf-8")
    end = next(line for line in text.splitlines() if line.startswith("end: "))
    newest.write_text(text.replace(end + "\n", "").replace("\n## Resolved - ", "\n## Monitoring - "),
                      encoding="utf-8")
    rebuilt_as_fresh("status")
    summary = json.loads((served / "api" / "v2" / "summary.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in summary["incidents"]] == [newest.stem]
    assert summary["incidents"][0]["status"] == "monitoring"

    added = project / "incidents" / "2025-12-31-new-incident.md"
    added.write_text(newest.read_text(encoding="utf-8").replace("title: Chargers & apps <offline>",
                                                                "title: A brand new incident"), encoding="utf-8")
    rebuilt_as_fresh("new")
    assert "A brand new incident" in (served / "updates.rss").read_text(encoding="utf-8")

    incidents[-1].unlink()
    rebuilt_as_fresh("deleted")
    assert incidents[-1].stem not in (served / "api" / "v2" / "incidents.json").read_text(encoding="utf-8")
