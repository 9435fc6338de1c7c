"""The forked worker that makes the feeds and calendar of a large build (plugin/background.py):
its result, or word that the build process must make them itself."""

from __future__ import annotations

import os

import pytest

from mkstatus.plugin.background import Background

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")


def test_the_childs_result_comes_back_whole():
    made = {"history.atom": b"<feed/>" * 100_000, "maintenance.ics": b"BEGIN:VCALENDAR"}
    assert Background(lambda: made).result() == (True, made)


def test_a_failure_or_death_in_the_child_leaves_the_work_to_the_build_process():
    assert Background(lambda: 1 / 0).result() == (False, None)
    assert Background(lambda: os._exit(3)).result() == (False, None)


def test_a_failed_build_stops_the_child():
    worker = Background(lambda: __import__("time").sleep(60))
    worker.stop()
    assert not worker._process.is_alive()
