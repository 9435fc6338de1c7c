"""Home page weight as a reader gets it: every byte Chromium fetches until the network is idle.

The site is served by a local http.server, which records each response body it sends; that log is
the byte count (workers' fetches included, e.g. Material's search index). The browser's own request
events count requests and catch any request to another host, which is aborted, never sent.
"""

from __future__ import annotations

import functools
import gzip
import shutil
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SETTLE_SECONDS = 1.0  # after network idle, so a late worker fetch is not missed


@dataclass
class PageWeight:
    raw_bytes: int
    gzip_bytes: int
    requests: int
    external: list[str]
    failed: list[str]
    responses: list[tuple[str, int, int]] = field(default_factory=list)  # (path, raw, gzip), biggest first


class _RecordingHandler(SimpleHTTPRequestHandler):
    """Serves files and remembers (path, body) of every response it sends."""

    def __init__(self, *args, served: list, **kwargs):
        self.served = served
        super().__init__(*args, **kwargs)

    def copyfile(self, source, outputfile):
        body = source.read()
        self.served.append((self.path, body))
        outputfile.write(body)

    def log_message(self, format, *args):
        pass


def wait_for_chromium(timeout: float = 900) -> bool:
    """Chromium may still be being installed by apt; its binary appears when it is usable."""
    deadline = time.monotonic() + timeout
    while not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        if time.monotonic() > deadline:
            return False
        time.sleep(5)
    return True


def measure_home_page(site_dir: Path, *, path: str = "/") -> PageWeight:
    from playwright.sync_api import sync_playwright  # only this step needs a browser

    served: list[tuple[str, bytes]] = []
    handler = functools.partial(_RecordingHandler, directory=str(site_dir), served=served)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: a random free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    requested, external, failed = [], [], []

    def only_local(route) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(service_workers="block")
            context.route("**/*", only_local)
            context.on("request", lambda request: requested.append(request.url))
            context.on("requestfailed", lambda request: failed.append(request.url))
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}{path}", wait_until="networkidle")
            page.wait_for_timeout(SETTLE_SECONDS * 1000)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    sizes = sorted(((p, len(body), len(gzip.compress(body, compresslevel=6, mtime=0))) for p, body in served),
                   key=lambda item: -item[1])
    http_requests = [url for url in requested if urlsplit(url).scheme in ("http", "https")]
    # The larger count: a worker's fetch may be missing from the browser's events, never from the server's log.
    return PageWeight(sum(s[1] for s in sizes), sum(s[2] for s in sizes), max(len(http_requests), len(served)),
                      sorted(set(external) | {url for url in http_requests if not _is_local(url)}),
                      sorted(set(failed) - set(external)), sizes)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS
