"""One function run in a forked process while the build goes on, its result fetched later.

This module knows processes, not MkDocs. The feeds and the calendar (~1 s of CPU at 1,000 incidents,
on the build process' path before the pages) are made this way while MkDocs reads the pages and
the chrome is rendered: a second core otherwise idle then.
"""

from __future__ import annotations

import gc
import multiprocessing
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """`compute()` in a forked child (which inherits everything it reads; nothing is pickled but
    the result). Start it only where workers.pool_size allows forking: no other thread running."""

    def __init__(self, compute: Callable[[], T]) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(compute, send), daemon=True)
        gc.freeze()  # as for the page workers: the collector leaves the inherited site's pages alone
        try:
            self._process.start()  # forks; no thread is started in this process
        finally:
            gc.unfreeze()
        send.close()  # so that a child that dies is seen as the end of the pipe, not waited for

    def result(self) -> tuple[bool, T | None]:
        """(True, the result), or (False, None) when the child failed or died: the caller computes it
        itself, so an error is reported as it would be without the child."""
        try:
            ok, value = self._receive.recv()
        except Exception:  # noqa: BLE001 - EOFError when the child died; anything torn counts as failed
            ok, value = False, None
        self._receive.close()
        self._process.join()
        return ok, value if ok else None

    def stop(self) -> None:
        """The build failed before the result was needed."""
        self._receive.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def _run(compute: Callable[[], T], send) -> None:
    try:
        result = (True, compute())
    except BaseException:  # noqa: BLE001 - the parent computes it again and reports the error itself
        result = (False, None)
    send.send(result)
    send.close()
