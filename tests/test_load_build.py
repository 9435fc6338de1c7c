"""`mkdocs build` on a broken site fails with the loader's diagnostics, never a traceback.

The example site's successful build is tested on its pages in test_site.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkstatus.core.project import read_project

SOURCE_DATE_EPOCH = "1795521600"  # 2026-11-24T12:00:00Z, after every update of the example site


def copy_example_site(repo_root: Path, target: Path) -> Path:
    shutil.copy(repo_root / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(repo_root / "incidents", target / "incidents")
    shutil.copytree(repo_root / "site_template", target / "site_template")
    return target


def mkdocs_build(site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site / "out")],
                          cwd=site, env=env, capture_output=True, text=True, timeout=300)


def test_broken_site_fails_the_build_with_the_same_diagnostics(repo_root, tmp_path):
    site = copy_example_site(repo_root, tmp_path)
    reference = site / "incidents" / "2025-09-04-underlying-connectivity-problems.md"
    reference.write_text(reference.read_text().replace("impact: major", "impact: majr")
                         .replace("start: 2025-09-04 15:30 +02:00", "start: 2025-09-04 15:30"))
    (site / "incidents" / "notes.txt").write_text("not an incident")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("group: apps", "group: appz", 1))

    project, _ = read_project(config)
    expected = [str(d) for d in project.load().diagnostics]
    assert len(expected) == 4

    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    for line in expected:
        assert line in result.stderr
    assert not (site / "out" / "index.html").exists()

