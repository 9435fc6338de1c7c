"""Helpers for tests of the status site: small sites from inline incident files, and built sites."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from lxml import html

from mkstatus.core.load import load_site
from mkstatus.core.model import Site

SITES = Path(__file__).resolve().parent
ROOT = SITES.parent.parent

OSLO_OPTIONS = {
    "name": "Test Status",
    "timezone": "Europe/Oslo",
    "groups": [{"id": "cloud", "name": "Cloud Services"}],
    "components": [
        {"id": "api", "name": "API", "group": "cloud", "start_date": "2025-01-01"},
        {"id": "backend", "name": "Backend", "group": "cloud", "start_date": "2025-01-01"},
        {"id": "web", "name": "Web <Portal>", "start_date": "2025-10-20"},
    ],
}


def make_site(tmp_path: Path, incidents: dict[str, str], options: dict | None = None) -> Site:
    """A Site from inline incident files ({id: text}), validated by the real loader."""
    folder = tmp_path / "incidents"
    folder.mkdir(parents=True, exist_ok=True)
    for incident_id, text in incidents.items():
        (folder / f"{incident_id}.md").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    result = load_site(options or OSLO_OPTIONS, incidents_dir=folder, root=tmp_path)
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return result.site


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def epoch(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def build(project: Path, site_dir: Path, clock: datetime, *extra: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project into site_dir with a fixed SOURCE_DATE_EPOCH."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(clock), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site_dir), *extra], env=env, capture_output=True, text=True, cwd=project)


def example_in_language(folder: Path, language: str) -> Path:
    """A copy of the repository's example site whose theme.language is `language` ("nb", "pt-BR")."""
    for name in ("incidents", "site_template"):
        shutil.copytree(ROOT / name, folder / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  language: en\n" in config, "the example's mkdocs.yml sets theme.language: en"
    (folder / "mkdocs.yml").write_text(config.replace("\n  language: en\n", f"\n  language: {language}\n"),
                                       encoding="utf-8")
    return folder


def copy_fixture(name: str, destination: Path) -> Path:
    """A fixture site from tests/sites/<name>, copied so a test may change it."""
    target = destination / name
    shutil.copytree(SITES / name, target)
    return target


def parse(path: Path):
    return html.fromstring(path.read_bytes())


def text(element) -> str:
    """Visible text with whitespace collapsed."""
    return " ".join(element.text_content().split())


def q(element, path: str) -> list:
    """XPath where `[.name]` means "has CSS class name": q(tree, "//li[.mks-day]")."""
    return element.xpath(re.sub(r"\[\.([\w-]+)\]", r"[contains(concat(' ', normalize-space(@class), ' '), ' \1 ')]", path))


def status_yml(site_name: str, *, web: str = "Web", more: str = "") -> str:
    """mkdocs.yml of a small status site in Oslo time: components api and web, tracked since 2025.
    `more`: further status plugin options, as lines indented six spaces (under `- status:`)."""
    return f"""site_name: {site_name}
site_url: https://status.example.com/
theme:
  name: material
  font: false
plugins:
  - status:
      timezone: Europe/Oslo
      components:
        - id: api
          name: API
          start_date: 2025-01-01
        - id: web
          name: {web}
          start_date: 2025-01-01
""" + more


class _StaticFiles(http.server.SimpleHTTPRequestHandler):
    """The files of `server.root` below `server.prefix`, `server.routes` answered as given, and
    `server.headers` on every response; no log lines. A test may change root and routes while serving."""

    def translate_path(self, path: str) -> str:
        self.directory = str(self.server.root)
        return super().translate_path(path)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path in self.server.routes:
            body = self.server.routes[path]
            self.send_response(200)
            self.send_header("Content-Type", {".js": "text/javascript", ".json": "application/json"}.get(
                Path(path).suffix, "text/html; charset=utf-8"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path.startswith(self.server.prefix):
            self.path = "/" + self.path[len(self.server.prefix):]
            super().do_GET()
        else:
            self.send_error(404)

    def end_headers(self) -> None:
        for name, value in self.server.headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def loopback_server(root: Path, *, prefix: str = "/", routes: dict[str, bytes] | None = None,
                    headers: dict[str, str] | None = None) -> Iterator[http.server.ThreadingHTTPServer]:
    """A static file server on 127.0.0.1 (a free port: `server.server_port`) in a thread, for browser tests."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StaticFiles)
    server.root, server.prefix, server.routes, server.headers = root, prefix, {} if routes is None else routes, headers or {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
