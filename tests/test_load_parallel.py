"""A cold load parses in worker processes; it must give exactly what one process gives, or fall back."""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import pytest

from mkstatus.core import load
from mkstatus.core.project import read_project
from mkstatus.core.siteconfig import load_site_config

from conftest import ROOT
from test_validation_site import VALID

sys.path.insert(0, str(ROOT / "bench"))
import synthetic  # noqa: E402 - the benchmark's generator lives outside the package

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the pool forks, which it does on Linux only")

FILES = 250  # above MIN_FILES_FOR_POOL, so the default load uses the pool
# Broken files spread through the sorted file list, one per kind of problem the loader reports.
BROKEN = {
    "2021-06-01-unknown-component.md": VALID.replace("api: degraded_performance", "apii: degraded_performance"),
    "2022-01-01-bad-yaml.md": VALID.replace("impact: minor", "impact: [minor"),
    "2022-06-01-not-utf8.md": VALID.encode("utf-8").replace(b"Slow", b"Sl\xffw"),
    "2023-01-01-too-deep.md": VALID.replace("Slow responses.", "- " * 5000 + "x"),
    "2023-06-01-too-large.md": VALID + "x" * load.MAX_FILE_BYTES,
    "2024-01-01-no-updates.md": VALID.split("## ")[0],
    "notes.txt": "not an incident",
    "2024-06-01-duplicate.md": VALID,
    "again/2024-06-01-duplicate.md": VALID,
}


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> Path:
    return synthetic.generate(tmp_path_factory.mktemp("clean"), FILES, repo=ROOT).root


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> Path:
    root = synthetic.generate(tmp_path_factory.mktemp("broken"), FILES, repo=ROOT).root
    for name, content in BROKEN.items():
        path = root / "incidents" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def cold_load(site: Path):
    """(LoadResult, the rebuild cache it left) of a load that reuses nothing."""
    load._last_load = load._ParsedFiles()
    project, problems = read_project(site / "mkdocs.yml")
    assert problems == []
    return project.load(), load._last_load


def sequential_load(site: Path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setenv(load.LOAD_WORKERS_ENV, "1")
        return cold_load(site)


def load_incidents(site: Path, monkeypatch, workers: str | None = None):
    project = read_project(site / "mkdocs.yml")[0]
    config, problems = load_site_config(project.options, source="mkdocs.yml", default_name=project.site_name)
    assert problems == []
    load._last_load = load._ParsedFiles()
    with monkeypatch.context() as patch:
        if workers is not None:
            patch.setenv(load.LOAD_WORKERS_ENV, workers)
        return load.load_incidents(site / "incidents", config, root=site)


@pytest.fixture
def pools(monkeypatch) -> list:
    """The process pools the loader starts (to know the parallel path ran)."""
    started = []

    class RecordedPool(load.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(load, "ProcessPoolExecutor", RecordedPool)
    monkeypatch.delenv(load.LOAD_WORKERS_ENV, raising=False)
    monkeypatch.setattr(load, "_usable_cpus", lambda: 2)  # the same test on a 1-CPU runner
    return started


def test_a_parallel_load_gives_the_same_site_as_one_process(clean_site, pools, monkeypatch):
    parallel, parallel_cache = cold_load(clean_site)
    assert len(pools) == 1
    sequential, sequential_cache = sequential_load(clean_site, monkeypatch)
    assert len(pools) == 1
    assert parallel.ok and len(parallel.site.incidents) == FILES
    assert parallel.site == sequential.site
    assert repr(parallel.site) == repr(sequential.site)
    assert parallel_cache == sequential_cache


def test_a_parallel_load_gives_the_same_diagnostics_in_the_same_order(broken_site, pools, monkeypatch):
    parallel, parallel_cache = cold_load(broken_site)
    assert len(pools) == 1
    sequential, sequential_cache = sequential_load(broken_site, monkeypatch)
    assert parallel.site is None
    assert parallel.diagnostics == sequential.diagnostics
    shown = {d.path.rsplit("/", 1)[-1] for d in parallel.diagnostics}
    assert shown == {name.rsplit("/", 1)[-1] for name in BROKEN}
    assert parallel_cache == sequential_cache


def test_the_incidents_and_their_order_are_the_same(broken_site, pools, monkeypatch):
    parallel = load_incidents(broken_site, monkeypatch)
    assert len(pools) == 1
    assert parallel == load_incidents(broken_site, monkeypatch, workers="1")
    assert len(parallel[0]) == FILES + 1  # the first of the two duplicates is valid


def test_a_rebuild_after_a_parallel_load_reuses_every_parse(clean_site, pools):
    first, _ = cold_load(clean_site)
    project = read_project(clean_site / "mkdocs.yml")[0]
    again = project.load()
    assert len(pools) == 1  # nothing left to parse, so no second pool
    assert all(a is b for a, b in zip(first.site.incidents, again.site.incidents, strict=True))


# --- the pool failing: the whole load is done again in this process ------------------------------

class PoolThatCannotStart(load.ProcessPoolExecutor):
    def __init__(self, *args, **kwargs):
        raise OSError(38, "Function not implemented")


def _worker_that_dies(job):
    os._exit(1)


def _worker_with_an_unpicklable_result(job):
    return lambda: job


@pytest.mark.parametrize("failure", ["pool cannot start", "worker dies", "result cannot be pickled"])
def test_when_the_pool_fails_the_load_falls_back_to_one_process(failure, broken_site, pools, monkeypatch, capfd):
    sequential, sequential_cache = sequential_load(broken_site, monkeypatch)
    if failure == "pool cannot start":
        monkeypatch.setattr(load, "ProcessPoolExecutor", PoolThatCannotStart)
    elif failure == "worker dies":  # workers are forked, so they run the patched function
        monkeypatch.setattr(load, "_parse_in_worker", _worker_that_dies)
    else:
        with pytest.raises((pickle.PicklingError, AttributeError)):
            pickle.dumps(_worker_with_an_unpicklable_result(None))
        monkeypatch.setattr(load, "_parse_in_worker", _worker_with_an_unpicklable_result)
    capfd.readouterr()
    fallback, fallback_cache = cold_load(broken_site)
    assert fallback.diagnostics == sequential.diagnostics
    assert fallback_cache == sequential_cache
    assert capfd.readouterr().err == ""


# --- when the pool is used ------------------------------------------------------------------------

@pytest.mark.parametrize("setting, files, expected", [
    (None, load.MIN_FILES_FOR_POOL, "cpus"),
    (None, load.MIN_FILES_FOR_POOL - 1, 1),
    ("1", 10_000, 1),
    ("0", 10_000, 1),
    ("2", 10_000, "min(2, cpus)"),
    ("999", 10_000, "cpus"),
    ("many", 10_000, "cpus"),
])
def test_pool_size(setting, files, expected, monkeypatch):
    cpus = len(os.sched_getaffinity(0))
    expected = {"cpus": cpus, "min(2, cpus)": min(2, cpus)}.get(expected, expected)
    if setting is None:
        monkeypatch.delenv(load.LOAD_WORKERS_ENV, raising=False)
    else:
        monkeypatch.setenv(load.LOAD_WORKERS_ENV, setting)
    monkeypatch.setattr(load.threading, "active_count", lambda: 1)
    assert load._pool_size(files) == expected


def test_no_pool_while_other_threads_run(monkeypatch):
    monkeypatch.setattr(load.threading, "active_count", lambda: 2)
    assert load._pool_size(10_000) == 1
