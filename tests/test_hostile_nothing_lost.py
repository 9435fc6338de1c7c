"""A large synthetic site loses nothing and builds byte-identically under another hash seed, working
folder, TZ, LANG and number of parse workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import ROOT
from test_reproducible import first_difference

sys.path.insert(0, str(ROOT / "bench"))
import synthetic  # noqa: E402 - the benchmark's generator lives outside the package

from mkstatus.core.project import read_project  # noqa: E402

FILES = 240  # above the loader's MIN_FILES_FOR_POOL, so several workers really parse in parallel
ENVIRONMENTS = {
    "one worker": {"PYTHONHASHSEED": "0", "TZ": "UTC", "LANG": "C.UTF-8", "MKSTATUS_LOAD_WORKERS": "1"},
    "several workers": {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Chatham", "LANG": "de_DE.UTF-8",
                        "LC_ALL": "", "MKSTATUS_LOAD_WORKERS": "2"},
}


def build_in(project: Path, site_dir: Path, cwd: Path, env: dict) -> None:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(synthetic.SOURCE_DATE_EPOCH), "NO_MKDOCS_2_WARNING": "1",
                   **env}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                             str(project / "mkdocs.yml"), "-d", str(site_dir)],
                            env=environment, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def synthetic_builds(tmp_path_factory) -> dict[str, Path]:
    """The same synthetic site generated twice (two folders) and built once in each environment."""
    sites = {}
    for number, (name, env) in enumerate(ENVIRONMENTS.items()):
        root = tmp_path_factory.mktemp(f"synthetic{number}")
        project = synthetic.generate(root / "project", FILES, repo=ROOT).root
        sites[name] = root / "site"
        build_in(project, sites[name], project if number == 0 else Path("/"), env)
    return sites


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_builds_are_byte_identical_across_environments(synthetic_builds):
    first, second = (files_below(site) for site in synthetic_builds.values())
    assert sorted(first) == sorted(second)
    differing = {path: first_difference(first[path], second[path]) for path in first if first[path] != second[path]}
    assert not differing, "\n".join(f"{path}: {why}" for path, why in sorted(differing.items()))


@pytest.fixture(scope="session")
def incidents(synthetic_builds):
    """Every incident as the loader reads the generated files."""
    project, problems = read_project(next(iter(synthetic_builds.values())).parent / "project" / "mkdocs.yml")
    assert problems == []
    result = project.load()
    assert result.ok
    assert len(result.site.incidents) == FILES
    return result.site.incidents


def test_every_incident_has_its_page_and_one_place_in_the_history(synthetic_builds, incidents):
    site = synthetic_builds["one worker"]
    assert sorted(p.name for p in (site / "incidents").iterdir()) == sorted(i.id for i in incidents)
    listed = []
    for page in sorted((site / "history").rglob("index.html")):
        tree = html.fromstring(page.read_bytes())
        listed += [a.get("href").rstrip("/").split("/")[-1] for a in tree.xpath("//main//a[contains(@href, 'incidents/')]")
                   if "#" not in a.get("href")]
    assert sorted(listed) == sorted(i.id for i in incidents), "each incident exactly once across the history pages"


def test_api_feeds_and_calendar_hold_what_their_windows_promise(synthetic_builds, incidents):
    site = synthetic_builds["one worker"]
    newest = sorted(incidents, key=lambda i: (i.start, i.id), reverse=True)
    api = json.loads((site / "api" / "v2" / "incidents.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in api["incidents"]] == [i.id for i in newest if not i.is_maintenance][:50]
    maintenances = json.loads((site / "api" / "v2" / "scheduled-maintenances.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in maintenances["scheduled_maintenances"]] == [i.id for i in newest if i.is_maintenance][:50]
    atom = etree.parse(str(site / "history.atom"))
    links = atom.xpath("//a:entry/a:link/@href", namespaces={"a": "http://www.w3.org/2005/Atom"})
    by_update = sorted(incidents, key=lambda i: (i.updated_at, i.id), reverse=True)
    assert sorted(link.rstrip("/").split("/")[-1] for link in links) == sorted(i.id for i in by_update[:50])
    calendar = (site / "maintenance.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    uids = [line.removeprefix("UID:").split("@")[0] for line in calendar.split("\r\n") if line.startswith("UID:")]
    assert sorted(uids) == sorted(i.id for i in incidents if i.is_maintenance)
