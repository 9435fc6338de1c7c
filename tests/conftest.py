"""Shared fixtures: the repository root and a fixed build clock."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
if "MKSTATUS_CACHE" not in os.environ:
    # Every run starts with empty caches (compiled templates, Markdown renders, stylesheets) and fills
    # its own, so what the user's ~/.cache/mkstatus holds cannot change a result; builds in
    # subprocesses inherit it.
    os.environ["MKSTATUS_CACHE"] = tempfile.mkdtemp(prefix="mkstatus-test-cache-")
    atexit.register(shutil.rmtree, os.environ["MKSTATUS_CACHE"], True)


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/goldens/ from the current outputs (see tests/test_golden.py)")


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def artifacts_site(tmp_path_factory) -> Path:
    """tests/sites/artifacts-site built once at 2025-11-10 12:00 UTC, shared by the artifact tests."""
    from sites.kit import build, utc

    site_dir = tmp_path_factory.mktemp("artifacts") / "site"
    result = build(ROOT / "tests" / "sites" / "artifacts-site", site_dir, utc(2025, 11, 10, 12))
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example site (the repository root) built once at 2026-11-24 12:00 UTC, during its payments incident."""
    from sites.kit import build, utc

    site_dir = tmp_path_factory.mktemp("example") / "site"
    result = build(ROOT, site_dir, utc(2026, 11, 24, 12))
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session", params=[True, False], ids=["directory-urls", "file-urls"])
def oslo_site(request, tmp_path_factory) -> tuple[Path, bool]:
    """tests/sites/oslo built once per URL style at 2025-11-01 12:00 UTC (13:00 CET, during its open
    API incident): (site folder, use_directory_urls), shared by the page and link tests."""
    from sites.kit import build, utc

    site_dir = tmp_path_factory.mktemp("oslo") / "site"
    flag = "--use-directory-urls" if request.param else "--no-directory-urls"
    result = build(ROOT / "tests" / "sites" / "oslo", site_dir, utc(2025, 11, 1, 12), flag)
    assert result.returncode == 0, result.stderr
    return site_dir, request.param
