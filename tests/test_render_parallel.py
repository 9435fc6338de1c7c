"""Status pages render in worker processes and with the chrome once; the site must be byte-identical
to rendering every page whole in one process, as MkDocs does, also with templates overridden."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkstatus.plugin import chrome, workers

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import synthetic  # noqa: E402 - the benchmark's generator lives outside the package

INCIDENTS = 230  # with components and history pages, above MIN_PAGES_FOR_POOL
# Titles an escape, striptags or white-space rule would change: these pages render whole.
HOSTILE_TITLES = ["Payments &amp; refunds <b>late</b>", "Drivers' app \"slow\"", "Two  spaces   here"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    site = synthetic.generate(tmp_path_factory.mktemp("render"), INCIDENTS, repo=ROOT)
    incidents = sorted((site.root / "incidents").glob("*.md"))
    for path, title in zip(incidents[::50], HOSTILE_TITLES):
        text = path.read_text(encoding="utf-8").split("\n")
        text[1] = "title: " + json.dumps(title)  # JSON is YAML
        path.write_text("\n".join(text), encoding="utf-8")
    return site.root


def build(project: Path, site_dir: Path, **env: str) -> str:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(synthetic.SOURCE_DATE_EPOCH), "NO_MKDOCS_2_WARNING": "1",
                   **env}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(site_dir)], env=environment, capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stderr
    return result.stderr


def tree(site_dir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site_dir)): path.read_bytes() for path in sorted(site_dir.rglob("*")) if path.is_file()}


def assert_same_site(expected: Path, actual: Path) -> None:
    want, got = tree(expected), tree(actual)
    assert sorted(want) == sorted(got)
    different = [name for name in want if want[name] != got[name]]
    assert different == [], f"{len(different)} files differ, e.g. {different[:5]}"


@pytest.fixture(scope="module")
def whole(project, tmp_path_factory) -> Path:
    """Every page rendered whole, in the build process: what MkDocs itself would write."""
    site_dir = tmp_path_factory.mktemp("whole") / "site"
    log = build(project, site_dir, **{workers.RENDER_WORKERS_ENV: "1", chrome.RENDER_WHOLE_ENV: "1"})
    assert "status pages in the build process (" in log
    return site_dir


@pytest.mark.skipif(sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
                    reason="workers are forked on Linux with two or more CPUs")
def test_workers_write_the_same_site_as_one_process(project, whole, tmp_path):
    log = build(project, tmp_path / "site")
    assert "status pages in the build process and 1 worker process" in log or "worker processes" in log
    assert_same_site(whole, tmp_path / "site")


def test_chrome_once_writes_the_same_site_as_rendering_each_page_whole(project, whole, tmp_path):
    log = build(project, tmp_path / "site", **{workers.RENDER_WORKERS_ENV: "1"})
    # Incident and later history pages share their chrome; component pages carry their own feed links.
    assert "(MKSTATUS_RENDER_WORKERS=1); chrome once for history, incident pages" in log
    assert_same_site(whole, tmp_path / "site")
    page = (tmp_path / "site" / "incidents").glob("*/index.html")
    assert any("&amp;amp;" in p.read_text(encoding="utf-8") or "<b>late</b>" in p.read_text(encoding="utf-8")
               for p in page)  # the hostile title reached a page (escaped however the theme escapes it)


def test_overrides_of_main_html_and_status_templates_still_apply(project, tmp_path):
    """A main.html that prints more of the page than title and address, and an incident template of
    one's own: the chrome check sees the difference and those pages come out as MkDocs renders them."""
    custom = project.parent / "custom-overrides"
    (custom / "status").mkdir(parents=True, exist_ok=True)
    (custom / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}{{ super() }}'
        '<meta name="x-page" content="{{ page.url | upper }} {{ page.title | length }}">{% endblock %}',
        encoding="utf-8")
    (custom / "status" / "component.html").write_text(
        (ROOT / "generator/mkstatus/templates/status/component.html").read_text(encoding="utf-8")
        .replace("{% block content %}", "{% block content %}<p class=\"x-own\">{{ mkstatus.component.name }}</p>"),
        encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"custom_dir: {ROOT / 'site_template'}\n" in config
    overridden = project / "mkdocs-overridden.yml"
    overridden.write_text(config.replace(f"custom_dir: {ROOT / 'site_template'}\n", f"custom_dir: {custom}\n"),
                          encoding="utf-8")
    results = {}
    for name, env in (("whole", {workers.RENDER_WORKERS_ENV: "1", chrome.RENDER_WHOLE_ENV: "1"}), ("fast", {})):
        site_dir = tmp_path / name
        environment = {**os.environ, "SOURCE_DATE_EPOCH": str(synthetic.SOURCE_DATE_EPOCH), **env}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(overridden),
                                 "-d", str(site_dir)], env=environment, capture_output=True, text=True, cwd=project)
        assert result.returncode == 0, result.stderr
        results[name] = site_dir
    assert_same_site(results["whole"], results["fast"])
    incident = next((results["fast"] / "incidents").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<meta name="x-page" content="INCIDENTS/' in incident
    component = (results["fast"] / "components" / "api" / "index.html").read_text(encoding="utf-8")
    assert '<p class="x-own">API</p>' in component
