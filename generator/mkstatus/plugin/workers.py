"""Status pages rendered in forked worker processes, each page's HTML handed back in order.

This module knows processes, not MkDocs: the plugin gives it a function that renders one page.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable

# Rendering is CPU-bound and each page is independent, so large sites render in forked workers
# (which inherit the loaded site, the theme and the chrome). Below this many pages forking does not
# pay off; rebuilds in `mkdocs serve` run in threads, where forking is not safe, and render here.
MIN_PAGES_FOR_POOL = 200
RENDER_WORKERS_ENV = "MKSTATUS_RENDER_WORKERS"  # at most this many workers; 1 renders in the build process


def pool_size(pages: int) -> tuple[int, str]:
    """How many worker processes to render this many pages with, and why when it is one."""
    if pages < MIN_PAGES_FOR_POOL:
        return 1, f"{pages} pages: fewer than {MIN_PAGES_FOR_POOL}"
    if sys.platform != "linux":  # macOS's and Windows' system libraries are not fork-safe
        return 1, f"fork is not safe on {sys.platform}"
    if threading.active_count() > 1:  # a lock held by another thread at the fork stays held in the child
        return 1, "other threads are running (mkdocs serve)"
    cpus = len(os.sched_getaffinity(0))
    try:
        wanted = int(os.environ.get(RENDER_WORKERS_ENV, cpus))
    except ValueError:  # an unreadable setting must not fail the build; the default is safe
        wanted = cpus
    workers = max(1, min(wanted, cpus))
    if workers == 1:
        return 1, "one usable CPU" if cpus == 1 else f"{RENDER_WORKERS_ENV}={wanted}"
    return workers, ""


_render_one: Callable[[str], str] | None = None
IN_WORKER = False


class PagePool:
    """Renders pages (by key) in forked workers; results come back in submission order.

    Only a few chunks per worker are in flight at a time, and the next is submitted as MkDocs'
    page loop takes one: the workers render ahead of the loop, but the build process holds a few
    hundred pages' HTML at most, not the whole site's (at 10,000 pages that was ~160 MB).
    """

    AHEAD = 3  # chunks per worker submitted ahead of the page loop: enough to keep every worker busy

    def __init__(self, render_one: Callable[[str], str], keys: list[str], workers: int) -> None:
        global _render_one
        _render_one = render_one  # inherited by the workers at the fork, never pickled
        self.workers = workers
        self._executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_start_worker)
        size = max(1, min(64, -(-len(keys) // (workers * 8))))  # a few chunks each: an even share, few trips
        self._chunks = iter([keys[i:i + size] for i in range(0, len(keys), size)])
        self._pending: deque[tuple[list[str], Future]] = deque()
        gc.freeze()  # the workers inherit the site; keeping the collector off it spares copying its pages
        try:
            for _ in range(workers * self.AHEAD):  # the first submission forks the workers
                if not self._submit():
                    break
        finally:
            gc.unfreeze()
        self._ready: dict[str, str] = {}
        self.failed = False

    def _submit(self) -> bool:
        chunk = next(self._chunks, None)
        if chunk is None:
            return False
        self._pending.append((chunk, self._executor.submit(_render_chunk, chunk)))
        return True

    def take(self, key: str) -> str | None:
        """That page's HTML (once), or None when it was not submitted or the pool failed: the
        caller then renders it itself, so an error is reported as any page's would be."""
        while key not in self._ready and not self.failed:
            if not self._pending:
                return None
            chunk, future = self._pending.popleft()
            try:
                htmls = future.result()
            except Exception:  # noqa: BLE001 - a worker's error or death; the build process takes over
                self.failed = True
                return None
            self._submit()
            self._ready.update(zip(chunk, htmls))
        return self._ready.pop(key, None)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _start_worker() -> None:
    global IN_WORKER
    IN_WORKER = True


def _render_chunk(keys: list[str]) -> list[str]:
    return [_render_one(key) for key in keys]
