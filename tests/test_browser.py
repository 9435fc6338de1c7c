"""The example site in Debian's Chromium: readable with and without JavaScript, in both palettes, on a phone."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from sites.kit import ROOT, build, utc

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REFERENCE = "incidents/2025-09-04-underlying-connectivity-problems/"
PHONE = {"width": 390, "height": 844}


def unavailable(reason: str):
    """Without a browser, skip locally; in CI a missing browser is a failure, not a silent pass."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found; install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed; pip install -e '.[test]'")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken browser install reports itself in many ways
            unavailable(f"Chromium at {CHROMIUM} does not start: {exc}")
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser") / "site"
    result = build(ROOT, site, utc(2026, 11, 24, 12))
    assert result.returncode == 0, result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(url: str, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()


def test_home_page_shows_status_components_and_uptime(open_page, base_url):
    page = open_page(base_url, timezone_id="Europe/Oslo")
    assert page.locator(".mks-banner").inner_text().strip() == "Partially Degraded Service"
    assert page.locator(".mks-component", has_text="Payments").locator(".mks-badge").inner_text().strip() \
        == "Degraded Performance"
    assert page.locator(".mks-bar").first.bounding_box()["width"] > 300
    label = page.locator(".mks-component", has_text="Payments").locator(".mks-day").last.locator(".mks-day__label")
    assert label.bounding_box()["height"] <= 1, "a day's label stays hidden until asked for"
    page.locator(".mks-component", has_text="Payments").locator(".mks-day").last.focus()
    assert label.bounding_box()["height"] > 10
    assert "Slow payment confirmations" in label.inner_text()


def test_reference_incident_reads_in_order(open_page, base_url):
    page = open_page(base_url + REFERENCE, timezone_id="Europe/Oslo")
    assert page.locator("h1").inner_text().strip() == "Underlying connectivity problems"
    labels = page.locator(".mks-updates .mks-update__label").all_inner_texts()
    assert [x.strip() for x in labels] == ["Resolved", "Monitoring", "Update", "Update", "Update", "Investigating"]
    assert page.locator(".mks-updates time").last.inner_text() == "Sep 4, 2025 - 16:33 CEST"
    assert page.locator(".mks-local").count() == 0, "no second time when the visitor is in the site's zone"


def test_script_adds_the_visitors_time_next_to_the_sites(open_page, base_url):
    page = open_page(base_url + REFERENCE, timezone_id="America/New_York", locale="en-US")
    first_update = page.locator(".mks-updates > li").last
    assert first_update.locator("time").inner_text() == "Sep 4, 2025 - 16:33 CEST"
    assert "10:33 AM EDT your time" in first_update.locator(".mks-local").inner_text()


def contrast(page, selector: str) -> float:
    """WCAG contrast ratio between an element's text colour and its background colour."""
    return page.evaluate("""(selector) => {
        const element = document.querySelector(selector);
        const style = getComputedStyle(element);
        const luminance = (css) => {
            const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
                v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
    }""", selector)


def test_palette_toggle_keeps_status_readable(open_page, base_url):
    page = open_page(base_url, color_scheme="light")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    light = {s: contrast(page, s) for s in (".mks-banner", ".mks-badge--status-degraded_performance")}
    page.locator("label[title='Switch to dark mode']").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    dark = {s: contrast(page, s) for s in light}
    assert min(light.values()) >= 4.5 and min(dark.values()) >= 4.5, (light, dark)
    assert page.locator(".mks-banner").inner_text().strip() == "Partially Degraded Service"


def test_complete_without_javascript_on_a_phone(open_page, base_url):
    home = open_page(base_url, java_script_enabled=False, viewport=PHONE)
    assert home.locator(".mks-banner").is_visible()
    assert home.locator(".mks-component").count() == 8
    assert home.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    visible_days = home.locator(".mks-bar").first.locator(".mks-day:visible").count()
    assert visible_days == 30, "phones show the last 30 days"
    incident = open_page(base_url + REFERENCE, java_script_enabled=False, viewport=PHONE)
    assert incident.locator(".mks-updates > li").count() == 6
    assert incident.locator(".mks-affected").inner_text().strip() == \
        "This incident affected: Zaptec Cloud Services (API, Charger backend, OCPP)"
    assert incident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
