"""The banner on someone else's page: the example site at a sub-path of one origin, a host page on another.

The site's server sends `Access-Control-Allow-Origin: *`, as GitHub Pages does. The example site is
built at 2026-11-24 12:00 UTC, while "Slow payment confirmations" (Payments) is being monitored.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sites.kit import ROOT, loopback_server
from test_browser import browser  # noqa: F401  (the shared Chromium fixture)

from mkstatus.outputs.embed import embed_script

pytestmark = pytest.mark.browser

INCIDENT = "Slow payment confirmations"
INCIDENT_PAGE = "incidents/2026-11-23-slow-payment-confirmations/"
GITHUB_SUMMARY = ROOT / "tests" / "statuspage-samples" / "github-summary.json"
SHOWN_WITHIN_MS = 2000  # the promise, checked once; other tests only wait for the banner
SETTLE_MS = 10000


@pytest.fixture(scope="module")
def servers(example_site):
    site_routes: dict[str, bytes] = {"/github/api/v2/summary.json": GITHUB_SUMMARY.read_bytes()}
    host_routes: dict[str, bytes] = {}
    # The built site under /status/, plus fixed responses a test may swap; CORS open like GitHub Pages.
    cors = {"Access-Control-Allow-Origin": "*"}
    with loopback_server(example_site, prefix="/status/", routes=site_routes, headers=cors) as site, \
            loopback_server(example_site, prefix="/status/", routes=host_routes, headers=cors) as host:
        yield {"site": f"http://127.0.0.1:{site.server_port}/status/", "host": f"http://127.0.0.1:{host.server_port}/",
               "site_routes": site_routes, "host_routes": host_routes, "built": example_site}


@pytest.fixture
def host_page(browser, servers):  # noqa: F811
    """Opens a host page holding `<mkstatus-banner attributes>`; records every request the browser makes."""
    context = browser.new_context(service_workers="block", locale="en-US", timezone_id="Europe/Oslo")

    def opener(attributes: str = "", script: str | None = None, fake_clock: bool = False, head: str = ""):
        name = f"/page-{len(servers['host_routes'])}.html"
        servers["host_routes"][name] = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Charging app</title>{head}
<script src="{script or servers['site'] + 'embed/status.js'}" defer></script></head>
<body><header><mkstatus-banner {attributes}></mkstatus-banner></header>
<main><h1>Charging app</h1><p>Your chargers and sessions.</p></main></body></html>""".encode()
        page = context.new_page()
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        if fake_clock:
            page.clock.install()
        page.goto(servers["host"] + name.lstrip("/"))
        return page

    yield opener
    context.close()


def rows(page):
    return page.locator("mkstatus-banner .row")


def settled(page) -> None:
    """The banner has read the summary (or given up): nothing is left on the network."""
    page.wait_for_load_state("networkidle")


def test_banner_shows_the_active_incident_and_links_to_it(host_page, servers):
    page = host_page()
    row = rows(page).first
    row.wait_for(state="visible", timeout=SHOWN_WITHIN_MS)
    assert rows(page).count() == 1
    assert row.locator(".chip").inner_text().strip() == "Minor impact"
    link = row.locator("a.title")
    assert link.inner_text() == INCIDENT
    assert link.get_attribute("href") == servers["site"] + INCIDENT_PAGE, "the page it was read from, not site_url"
    assert row.locator(".meta").inner_text() == "Monitoring · Nov 24, 2026, 12:30 AM"
    assert page.locator("mkstatus-banner [aria-live=polite]").count() == 1
    with page.context.expect_page() as opened:
        link.focus()
        page.keyboard.press("Enter")
    incident = opened.value
    incident.wait_for_load_state()
    assert incident.locator("h1").inner_text().strip() == INCIDENT
    settled(page)
    origins = (servers["site"], servers["host"])
    assert all(url.startswith(origins) for url in page.requested), page.requested


def test_host_page_passes_axe(host_page):
    page = host_page()
    rows(page).first.wait_for(state="visible", timeout=SETTLE_MS)
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    violations = page.evaluate("async () => (await axe.run()).violations")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_components_that_are_fine_keep_it_hidden(host_page):
    hidden = host_page('components="api, ocpp"')
    by_name = host_page('components="ocpp,PAYMENTS"')
    rows(by_name).first.wait_for(state="visible", timeout=SETTLE_MS)
    settled(hidden)
    assert rows(hidden).count() == 0
    assert hidden.locator("mkstatus-banner").bounding_box()["height"] == 0


def test_dismissed_banner_returns_with_a_newer_update(host_page, servers):
    page = host_page()
    rows(page).first.wait_for(state="visible", timeout=SETTLE_MS)
    rows(page).first.locator("button").focus()
    assert rows(page).first.locator("button").get_attribute("aria-label") == "Dismiss: " + INCIDENT
    page.keyboard.press("Enter")
    assert rows(page).count() == 0
    page.reload()
    settled(page)
    assert rows(page).count() == 0, "a dismissal is remembered"

    summary = json.loads((servers["built"] / "api/v2/summary.json").read_text(encoding="utf-8"))
    incident = next(i for i in summary["incidents"] if i["name"] == INCIDENT)
    newer = dict(incident["incident_updates"][0], id="newer", display_at="2026-11-24T14:00:00.000+01:00")
    incident["incident_updates"].insert(0, newer)
    servers["site_routes"]["/status/api/v2/summary.json"] = json.dumps(summary).encode()
    try:
        page.reload()
        rows(page).first.wait_for(state="visible", timeout=SETTLE_MS)
        assert rows(page).first.locator(".meta").inner_text() == "Update · Nov 24, 2026, 2:00 PM"
    finally:
        del servers["site_routes"]["/status/api/v2/summary.json"]


def test_banner_re_reads_the_summary_every_few_minutes(host_page, servers):
    page = host_page('components="api"', fake_clock=True)
    settled(page)
    assert rows(page).count() == 0, "the payments incident does not affect the API"
    summary = json.loads((servers["built"] / "api/v2/summary.json").read_text(encoding="utf-8"))
    incident = next(i for i in summary["incidents"] if i["name"] == INCIDENT)
    incident["components"].append(dict(incident["components"][0], id="api", name="API"))
    servers["site_routes"]["/status/api/v2/summary.json"] = json.dumps(summary).encode()
    try:
        page.clock.fast_forward("04:00")
        settled(page)
        assert rows(page).count() == 0, "not read again yet"
        page.clock.fast_forward("01:01")
        rows(page).first.wait_for(state="visible", timeout=SETTLE_MS)
    finally:
        del servers["site_routes"]["/status/api/v2/summary.json"]


def test_src_reads_a_statuspage_page(host_page, servers):
    source = servers["site"].replace("/status/", "/github/")
    page = host_page(f'src="{source}" components="Pages" theme="dark"')
    row = rows(page).first
    row.wait_for(state="visible", timeout=SETTLE_MS)
    assert row.locator("a.title").inner_text() == "Incident with Packages and Pages"
    assert row.locator("a.title").get_attribute("href") == "https://stspg.io/33vh8r7z43kh"
    assert row.locator(".chip").inner_text().strip() == "Major impact"
    assert row.locator(".meta").inner_text().startswith("Update · Nov 25, 2022")
    assert row.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(30, 33, 41)", "theme=dark"
    settled(page)
    assert all(url.startswith((servers["site"].replace("/status/", "/"), servers["host"])) for url in page.requested)


def test_mirror_answers_when_the_main_host_does_not(host_page, servers):
    # This copy of the script was published at /down/, whose summary.json is missing.
    script = embed_script([servers["site"]], {})
    servers["site_routes"]["/down/embed/status.js"] = script.encode()
    page = host_page(script=servers["site"].replace("/status/", "/down/") + "embed/status.js")
    row = rows(page).first
    row.wait_for(state="visible", timeout=SETTLE_MS)
    assert row.locator("a.title").get_attribute("href") == servers["site"] + INCIDENT_PAGE


def test_hostile_summary_stays_text(host_page, servers):
    title = '<img src=x onerror="document.title=1">Outage</script>'
    hostile = {"page": {"id": "evil", "url": "javascript:alert(1)"}, "incidents": [{
        "id": "constructor", "name": title, "status": "__proto__", "impact": "constructor",
        "shortlink": "javascript:document.title=2", "components": [], "incident_updates": [
            {"status": "toString", "display_at": "2026-11-24T10:00:00Z"}]}], "scheduled_maintenances": {}}
    servers["site_routes"]["/hostile/api/v2/summary.json"] = json.dumps(hostile).encode()
    page = host_page(f'src="{servers["site"].replace("/status/", "/hostile/")}"')
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    row = rows(page).first
    row.wait_for(state="visible", timeout=SETTLE_MS)
    assert row.locator(".title").inner_text() == title
    assert row.locator("a, img").count() == 0, "no javascript: link, no markup from the data"
    assert row.locator(".chip").inner_text().strip() == "No impact"
    assert row.locator(".meta").inner_text().startswith("toString · ")
    assert page.title() == "Charging app" and dialogs == []


def test_banner_keeps_its_style_under_a_strict_content_security_policy(host_page, servers):
    site = servers["site"].removesuffix("status/")
    csp = f"default-src 'none'; script-src {site}; connect-src {site}; style-src 'none'"
    page = host_page(head=f'<meta http-equiv="Content-Security-Policy" content="{csp}">')
    row = rows(page).first
    row.wait_for(state="visible", timeout=SETTLE_MS)
    assert row.evaluate("e => getComputedStyle(e).display") == "flex", "the shadow stylesheet applies"
    assert row.evaluate("e => getComputedStyle(e).borderLeftWidth") != "0px"


def test_subscribe_menu_opens_by_keyboard_without_javascript(browser, servers):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(servers["site"])
        feed = page.locator(".mks-subscribe__components a", has_text="RSS").first
        assert not feed.is_visible()
        page.locator(".mks-subscribe > summary").focus()
        page.keyboard.press("Enter")
        assert feed.is_visible() and feed.get_attribute("aria-label") == "API updates (RSS)"
        assert page.locator(".mks-subscribe a", has_text="Chat and webhook notifications").is_visible()
    finally:
        context.close()
