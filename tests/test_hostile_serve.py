"""`mkdocs serve` survives an incident file that breaks mid-edit: it reports the file and line,
keeps serving the last good site, and shows the fixed file once it is saved again."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from sites.kit import copy_fixture

INCIDENT = "incidents/2025-10-01-web-login.md"
WAIT = 120  # seconds for a (re)build on a busy CI machine; the test ends as soon as the page is right


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for {what}")


def test_serve_reports_a_broken_file_keeps_serving_and_recovers(tmp_path):
    project = copy_fixture("artifacts-site", tmp_path)
    incident = project / INCIDENT
    good = incident.read_text(encoding="utf-8")
    port = free_port()
    log: list[str] = []
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                               "-f", str(project / "mkdocs.yml")], cwd=project, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    reader = threading.Thread(target=lambda: log.extend(server.stdout), daemon=True)
    reader.start()
    page = f"http://127.0.0.1:{port}/incidents/2025-10-01-web-login/"
    try:
        wait_until(lambda: fetch(page)[0] == 200, "the first build")
        assert "Web login failures" in fetch(page)[1]

        incident.write_text(good.replace("impact:", "impact: [unclosed\nx:"), encoding="utf-8")
        wait_until(lambda: any(INCIDENT + ":" in line for line in log), "the error in the log")
        assert server.poll() is None, "serve keeps running"
        assert any("still serving the last site that built" in line for line in log)
        assert fetch(page)[0] == 200, "the last good site is still served"
        assert not any("Traceback" in line for line in log)

        incident.write_text(good.replace("title: ", "title: Recovered after the fix - ", 1), encoding="utf-8")
        wait_until(lambda: "Recovered after the fix" in fetch(page)[1], "the fixed page")
    except AssertionError:
        print("".join(log))
        raise
    finally:
        server.terminate()
        server.wait(timeout=30)
