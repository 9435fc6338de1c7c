"""`mkdocs serve` during an incident: seconds from saving one incident file to its rebuilt page being served."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from build import build_environment


@dataclass(frozen=True)
class ServeResult:
    first_build_seconds: float  # from starting `mkdocs serve` to the home page being served
    edit_seconds: list[float]  # per edit: saving the file -> the page with the new text is served
    log_tail: str = ""


def measure_serve(config_path: Path, *, edits: int = 3, timeout: float = 600,
                  options: tuple[str, ...] = ()) -> ServeResult:
    """Start `mkdocs serve` (with `options`, e.g. "--dirty"), then edit one incident `edits` times,
    polling its page every 10 ms."""
    port = _free_port()
    log_path = config_path.parent / "serve.log"
    incident = sorted((config_path.parent / "incidents").glob("*.md"))[-1]
    original = incident.read_text(encoding="utf-8")
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                                   "-f", str(config_path), *options], cwd=config_path.parent, env=build_environment(),
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            root = _served_root(log_path, started + timeout)  # under site_url's path, e.g. /mkstatus/
            page = f"{root}incidents/{incident.stem}/"
            _wait_for(page, "</html>", started + timeout)
            first = time.perf_counter() - started
            times = []
            for number in range(1, edits + 1):
                marker = f"benchmark-edit-{number}-{os.getpid()}"
                time.sleep(1.0)  # a quiet moment, as between two edits by a person
                saved = time.perf_counter()
                incident.write_text(original.rstrip("\n") + f"\n\nEdited: {marker}\n", encoding="utf-8")
                _wait_for(page, marker, saved + timeout)
                times.append(time.perf_counter() - saved)
        finally:
            incident.write_text(original, encoding="utf-8")
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    return ServeResult(first, times, log_path.read_text(encoding="utf-8", errors="replace")[-2000:])


def _served_root(log_path: Path, deadline: float) -> str:
    while time.perf_counter() < deadline:
        found = re.search(r"Serving on (http://\S+/)", log_path.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise TimeoutError("`mkdocs serve` did not start serving in time")


def _wait_for(url: str, text: str, deadline: float) -> None:
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", errors="replace"):
                    return
        except OSError:
            pass
        time.sleep(0.01)
    raise TimeoutError(f"{url} did not show {text!r} in time")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
