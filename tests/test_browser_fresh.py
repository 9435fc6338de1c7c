"""The freshness script in Chromium: an open page learns of a new build and follows maintenance windows.

The visitor's clock is Playwright's, so a minute of polling or a maintenance window passes at once.
"""

from __future__ import annotations

import json
import os
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from sites.kit import build, copy_fixture, loopback_server, utc
from test_browser import browser  # noqa: F401  (the shared Chromium fixture)

pytestmark = pytest.mark.browser

CLOCK = utc(2025, 11, 10, 12)
MAINTENANCE = "incidents/2025-12-01-backend-migration/"
MAINTENANCE_START = utc(2025, 12, 1, 21)  # 22:00 CET
MAINTENANCE_END = utc(2025, 12, 2, 1)
NEW_UPDATE = """
## Resolved - 2025-11-10 12:30 +01:00

Payments are processed on time again.
"""


def resolve(incident: Path) -> None:
    """One more update: the incident is resolved (which needs the end of its impact window)."""
    text = incident.read_text(encoding="utf-8").replace("\nstart:", "\nend: 2025-11-10 12:30 +01:00\nstart:", 1)
    incident.write_text(text + textwrap.dedent(NEW_UPDATE), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """Build 1 of the fixture site, and build 2 with one more update."""
    root = tmp_path_factory.mktemp("fresh")
    project = copy_fixture("artifacts-site", root)
    assert build(project, root / "build-1", CLOCK).returncode == 0
    resolve(project / "incidents/2025-11-10-payment-delays.md")
    result = build(project, root / "build-2", CLOCK + timedelta(minutes=40))
    assert result.returncode == 0, result.stderr
    return root / "build-1", root / "build-2"


@pytest.fixture
def server(sites):
    """Serves whichever build `server.root` points at, with GitHub Pages' cache header."""
    with loopback_server(sites[0], headers={"Cache-Control": "max-age=600"}) as httpd:
        yield httpd


def url(httpd, path: str = "") -> str:
    return f"http://127.0.0.1:{httpd.server_port}/{path}"


@pytest.fixture
def context(browser):  # noqa: F811
    contexts = []

    def opener(**options):
        created = browser.new_context(service_workers="block", timezone_id="Europe/Oslo", **options)
        contexts.append(created)
        return created

    yield opener
    for created in contexts:
        created.close()


def test_an_open_page_learns_of_a_new_build_within_a_minute(context, server, sites):
    page = context().new_page()
    page.clock.install(time=CLOCK + timedelta(minutes=5))
    page.goto(url(server))
    notice = page.locator(".mks-notice[role=status]")
    assert notice.count() == 1 and notice.inner_text() == ""
    page.clock.run_for(61_000)  # the first poll: build 1's status.json, which the server says to cache
    page.wait_for_timeout(500)
    assert notice.inner_text() == ""

    server.root = sites[1]
    page.clock.run_for(61_000)
    notice.filter(has_text="This page has been updated since you opened it.").wait_for(timeout=10_000)
    assert notice.locator("a").inner_text() == "Reload to see the latest."
    assert page.locator(".mks-banner__text").inner_text() == "Service Under Maintenance"
    assert "Payment confirmations delayed" in page.locator("article.mks-card").first.inner_text(), \
        "the rest of the page stays as built"


def test_without_javascript_the_page_is_complete_and_shows_no_notice(context, server):
    page = context(java_script_enabled=False).new_page()
    page.goto(url(server))
    assert page.locator(".mks-banner__text").inner_text() == "Minor Service Outage"
    assert page.locator(".mks-component").count() >= 6
    assert page.locator(".mks-published time").inner_text() == "Nov 10, 2025 - 13:00 CET"
    assert page.locator(".mks-notice").count() == 0


def test_an_unresolved_incident_on_an_old_page_says_so(context, server):
    page = context().new_page()
    page.clock.install(time=CLOCK + timedelta(minutes=61))
    page.goto(url(server))
    assert "more than 1 hour ago, while an incident was unresolved" in page.locator(".mks-notice").inner_text()


def test_maintenance_follows_the_visitors_clock_without_a_rebuild(context, server):
    page = context().new_page()
    page.clock.install(time=MAINTENANCE_START - timedelta(minutes=2))
    page.goto(url(server))
    card = page.locator("article.mks-card", has_text="Charger backend migration")
    progress = card.locator("[class*='mks-badge--progress-']")
    backend = page.locator("li.mks-component[data-mks-component=charger-backend] .mks-badge")
    assert progress.inner_text() == "Scheduled"
    assert backend.inner_text() == "Operational"

    page.clock.run_for(3 * 60_000)
    assert progress.inner_text() == "In progress"
    assert backend.inner_text() == "Under Maintenance"
    assert page.locator("li.mks-component[data-mks-component=ocpp] .mks-badge").inner_text() \
        == "Degraded Performance"
    group = page.locator(".mks-component--group", has_text="Cloud Services").locator(".mks-badge")
    assert group.inner_text() == "Degraded Performance"

    page.clock.run_for(int((MAINTENANCE_END - MAINTENANCE_START).total_seconds() * 1000))
    assert progress.inner_text() == "Completed"
    assert backend.inner_text() == "Operational"


def test_maintenance_page_follows_the_clock_too(context, server):
    page = context().new_page()
    page.clock.install(time=MAINTENANCE_START - timedelta(minutes=2))
    page.goto(url(server, MAINTENANCE))
    assert page.locator(".mks-status-sentence").inner_text() == "This maintenance is scheduled."
    page.clock.run_for(3 * 60_000)
    assert page.locator(".mks-status-sentence").inner_text() == "This maintenance is in progress."
    assert page.locator(".mks-badges [class*='mks-badge--progress-']").inner_text() == "In progress"


def test_the_live_status_is_inserted_as_text(context, server):
    page = context().new_page()
    page.clock.install(time=CLOCK + timedelta(minutes=5))
    hostile = '<img src=x onerror="document.title=1">All good'
    page.route("**/api/v2/status.json", lambda route: route.fulfill(
        status=200, content_type="application/json",
        body='{"page": {"updated_at": "2030-01-01T00:00:00Z"}, "status": {"indicator": "none", "description": %s}}'
        % json.dumps(hostile)))
    page.goto(url(server))
    page.clock.run_for(61_000)
    page.locator(".mks-notice", has_text="updated since you opened it").wait_for(timeout=10_000)
    assert page.locator(".mks-banner__text").inner_text() == hostile
    assert page.locator(".mks-banner img").count() == 0
