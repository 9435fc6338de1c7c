"""How fresh a page is: build.json, the "Published ..." footer on every page, and mirrors."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkstatus.buildinfo import Commit, find_commit, manifest
from mkstatus.cli import cli
from sites.kit import build, copy_fixture, parse, q, text, utc

CLOCK = utc(2025, 11, 10, 12)
COMMIT = "0123456789abcdef0123456789abcdef01234567"
MIRRORS = """\
      mirrors:
        - https://status-mirror.example.net
        - https://example.r2.dev/status/
"""


def with_options(project: Path, options: str) -> Path:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - status:\n", "  - status:\n" + options, 1),
                      encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def mirrored_site(tmp_path_factory) -> Path:
    project = with_options(copy_fixture("artifacts-site", tmp_path_factory.mktemp("mirrored")), MIRRORS)
    os.environ["MKSTATUS_COMMIT"] = COMMIT
    try:
        result = build(project, project.parent / "site", CLOCK)
    finally:
        del os.environ["MKSTATUS_COMMIT"]
    assert result.returncode == 0, result.stderr
    return project.parent / "site"


def test_build_json_records_time_commit_mirrors_and_every_file(mirrored_site):
    record = json.loads((mirrored_site / "build.json").read_text(encoding="utf-8"))
    assert record["built_at"] == "2025-11-10T12:00:00Z"
    assert record["commit"] == COMMIT and record["uncommitted_changes"] is False
    assert record["mirrors"] == ["https://status-mirror.example.net/", "https://example.r2.dev/status/"]
    assert record["site_url"] == "https://status.example.com/"
    files = sorted(p for p in mirrored_site.rglob("*") if p.is_file() and p.name != "build.json" or
                   p.is_file() and p.parent != mirrored_site)
    assert record["manifest"]["files"] == len(files)
    # The documented recipe: sha256sum lines sorted by path, hashed again.
    lines = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(mirrored_site).as_posix()}\n"
                    for p in sorted(files, key=lambda p: p.relative_to(mirrored_site).as_posix().encode()))
    assert record["manifest"]["sha256"] == hashlib.sha256(lines.encode()).hexdigest()


@pytest.mark.parametrize("page", ["index.html", "incidents/2025-11-10-api-errors/index.html", "about/index.html"])
def test_every_page_says_when_and_from_what_it_was_published(mirrored_site, page):
    path = mirrored_site / page
    if not path.exists():  # the fixture's hand-written page, or the first incident page there is
        path = next(mirrored_site.glob(page.split("/")[0] + "/*/index.html"))
    tree = parse(path)
    (published,) = q(tree, "//p[.mks-published]")
    assert text(published) == "Published Nov 10, 2025 - 13:00 CET from commit 0123456789ab."
    (time,) = published.xpath("time")
    assert time.get("datetime") == "2025-11-10T12:00:00+00:00"
    assert published.get("data-mks-built") == "2025-11-10T12:00:00+00:00"
    mirrors = q(tree, "//p[.mks-mirrors]//a")
    assert [a.text for a in mirrors] == ["status-mirror.example.net", "example.r2.dev/status"]
    relative = path.relative_to(mirrored_site).as_posix().removesuffix("index.html")
    assert mirrors[0].get("href") == "https://status-mirror.example.net/" + relative


def test_the_page_carries_the_status_it_was_built_with(mirrored_site):
    status = json.loads((mirrored_site / "api/v2/status.json").read_text(encoding="utf-8"))
    (published,) = q(parse(mirrored_site / "index.html"), "//p[.mks-published]")
    assert published.get("data-mks-updated") == status["page"]["updated_at"]
    assert published.get("data-mks-indicator") == status["status"]["indicator"]
    assert published.get("data-mks-api") == "api/v2/status.json"
    assert published.get("data-mks-unresolved") == "1" and published.get("data-mks-stale-after") == "60"
    texts = json.loads(published.get("data-mks-texts"))
    assert "more than 1 hour ago, while an incident was unresolved" in texts["stale"]
    assert texts["progress"]["completed"][0] == "Completed"


def test_commit_comes_from_the_environment_then_git(tmp_path):
    assert find_commit(tmp_path, {"GITHUB_SHA": COMMIT.upper()}) == Commit(COMMIT)
    assert find_commit(tmp_path, {"MKSTATUS_COMMIT": "none", "GITHUB_SHA": COMMIT}) is None
    assert find_commit(tmp_path, {"GITHUB_SHA": "not a commit"}) is None  # and tmp_path is no repository
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.com",
                    "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    head = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert find_commit(tmp_path, {}) == Commit(head.strip(), dirty=False)
    (tmp_path / "new-incident.md").write_text("x", encoding="utf-8")
    assert find_commit(tmp_path, {}) == Commit(head.strip(), dirty=True)


def test_manifest_is_order_independent():
    assert manifest([("b", b"2"), ("a", b"1")]) == manifest([("a", b"1"), ("b", b"2")])
    assert manifest([("a", b"1")]) != manifest([("a", b"2")])


BAD_MIRRORS = {
    "      mirrors: https://one.example.net/\n": "mkdocs.yml:12:16: `mirrors` must be a list of URLs",
    "      mirrors:\n        - status-mirror.example.net\n":
        "mkdocs.yml:13:11: mirrors[0] 'status-mirror.example.net' is not an absolute http(s) base URL",
    "      mirrors:\n        - https://a.example.net/\n        - https://a.example.net\n":
        "mkdocs.yml:14:11: mirrors[1] 'https://a.example.net/' is listed twice",
    "      stale_after: soon\n": "mkdocs.yml:12:20: `stale_after` must be a whole number of minutes",
}


@pytest.mark.parametrize("options", sorted(BAD_MIRRORS))
def test_bad_mirrors_fail_build_and_check_on_their_line(tmp_path, options):
    project = with_options(copy_fixture("artifacts-site", tmp_path), options)
    result = build(project, tmp_path / "site", CLOCK)
    assert result.returncode != 0 and BAD_MIRRORS[options] in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    checked = CliRunner().invoke(cli, ["check", str(project)])
    assert checked.exit_code == 1 and BAD_MIRRORS[options] in checked.stdout, checked.stdout


def test_the_freshness_script_is_small_and_inserts_text_only():
    script = (Path(__file__).parent.parent / "generator/mkstatus/assets/fresh.js").read_text(encoding="utf-8")
    assert len(gzip.compress(script.encode(), 9)) < 3 * 1024
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script
    assert 'cache: "no-store"' in script and "POLL = 60000" in script
