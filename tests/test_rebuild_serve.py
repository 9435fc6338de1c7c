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
    assert reused == [f"MkStatus: reused {INCIDENTS - 1} unchanged incident pages from the last build"]

    fresh = tmp_path / "fresh"
    fresh_build(project, fresh)
    assert_same_site(fresh, served)
    page = (served / "incidents" / edited.stem / "index.html").read_text(encoding="utf-8")
    assert "One more sentence." in page and "(edited)" in page
