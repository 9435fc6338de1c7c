"""Status pages rendered in forked worker processes and the build process, each page's HTML in order.

This module knows processes, not MkDocs: the plugin gives it a function that renders one page.
"""

from __future__ import annotations

import ctypes
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
# At most this many processes render, the build process among them; 1: the build process alone.
RENDER_WORKERS_ENV = "MKSTATUS_RENDER_WORKERS"


def pool_size(pages: int) -> tuple[int, str]:
    """How many processes render this many pages (the build process and its workers), and why when it is one."""
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
    """Renders pages (by key) in forked workers, while the build process renders a share of them in
    MkDocs' page loop; the workers' HTML comes back in key order.

    The keys are cut into chunks, handed out in order as the page loop reaches them, a share of
    them to the build process itself. The share starts at one per process and follows the loop:
    it grows when the loop had to wait for a worker's chunk and shrinks when every worker had
    finished all it was given. So the build process renders what its page loop leaves it time for
    (on 2 CPUs, one worker beside it, about a third of the pages), waiting seldom, and only a few
    chunks per worker are in flight.
    Memory: each process gradually copies the pages of the site's memory it touches, so one process
    fewer, and no pile of finished pages waiting for the loop, keep a large site's build small.
    """

    AHEAD = 4  # chunks per worker submitted ahead of the page loop: enough to keep every worker busy

    def __init__(self, render_one: Callable[[str], str], keys: list[str], processes: int) -> None:
        global _render_one
        _render_one = render_one  # inherited by the workers at the fork, never pickled
        self.workers = processes - 1
        self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_start_worker)
        # Small chunks: the build process waits less when it catches up with a worker; still few trips.
        size = max(1, min(16, -(-len(keys) // (processes * 8))))
        self._chunks = iter([keys[i:i + size] for i in range(0, len(keys), size)])
        self._order: deque[tuple[list[str], Future | None]] = deque()  # None: the build process renders it
        self._in_flight = 0
        self._ready: dict[str, str] = {}
        self._own: set[str] = set()
        self._share, self._credit = 1 / processes, 0.0  # the build process' share of the chunks
        self.failed = False
        # The workers share the build process' memory until either side writes to a page. Freed memory
        # goes back to the system first, so neither copies it; the collector stays off what exists at
        # the fork (in the workers and, until close(), here: a full collection writes to every object).
        _return_free_memory()
        gc.freeze()
        try:
            self._hand_out()  # the first submission forks the workers
        except BaseException:
            gc.unfreeze()
            raise

    def _hand_out(self) -> None:
        """Chunks in key order until each worker has AHEAD in flight, the build process' share among them."""
        while self._in_flight < self.workers * self.AHEAD:
            chunk = next(self._chunks, None)
            if chunk is None:
                return
            self._credit += self._share
            if self._credit >= 1:
                self._credit -= 1
                self._order.append((chunk, None))
            else:
                self._order.append((chunk, self._executor.submit(_render_chunk, chunk)))
                self._in_flight += 1

    def renders(self, key: str) -> bool:
        """Whether a worker renders that page (take() then hands its HTML) or the build process does.
        Asked in MkDocs' page order, before the page's context is made."""
        while key not in self._ready and key not in self._own and not self.failed:
            if not self._order:
                return False
            chunk, future = self._order.popleft()
            if future is None:
                self._own.update(chunk)
                continue
            self._in_flight -= 1
            if not future.done():  # the loop caught up with the workers: render more here
                self._share = min(0.9, self._share + 0.05)
            elif all(f.done() for _, f in self._order if f is not None):  # the workers ran out of work
                self._share = max(0.0, self._share - 0.05)
            try:
                self._ready.update(zip(chunk, future.result()))
                self._hand_out()
            except Exception:  # noqa: BLE001 - a worker's error or death; the build process takes over
                self.failed = True
        self._own.discard(key)
        return key in self._ready

    def take(self, key: str) -> str | None:
        """That page's HTML (once), or None when a worker did not render it: the caller then renders
        it itself, so an error is reported as any page's would be."""
        return self._ready.pop(key, None)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _return_free_memory() -> None:
    """glibc's malloc_trim: memory the build process freed (e.g. the load's file contents) is
    otherwise kept mapped, and forked workers would inherit it."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


def _start_worker() -> None:
    global IN_WORKER
    IN_WORKER = True


def _render_chunk(keys: list[str]) -> list[str]:
    return [_render_one(key) for key in keys]
