"""The example site in Chromium: readable with and without JavaScript, in both palettes, on a phone, offline."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from sites.kit import build, example_in_language, utc

pytestmark = pytest.mark.browser

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REFERENCE = "incidents/2025-09-04-underlying-connectivity-problems/"
PHONE = {"width": 390, "height": 844}


def unavailable(reason: str):
    """Without a browser, skip locally; in CI a missing browser is a failure, not a silent pass."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


def chromium_executable() -> str | None:
    """$MKSTATUS_CHROMIUM, else Debian's /usr/bin/chromium, else None: Playwright's own Chromium
    (`playwright install chromium`, as on GitHub's runners)."""
    if os.environ.get("MKSTATUS_CHROMIUM"):
        return os.environ["MKSTATUS_CHROMIUM"]
    return str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed; pip install -e '.[test]'")
    executable = chromium_executable()
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:  # a missing or broken browser reports itself in many ways
            unavailable(f"Chromium ({executable or 'Playwright’s own'}) does not start: {exc}; set MKSTATUS_CHROMIUM, "
                        f"install Debian's chromium package or run `playwright install chromium`")
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(example_site):
    yield from serve(example_site)


@pytest.fixture(scope="module")
def arabic_url(tmp_path_factory):
    """The example site in Arabic, right to left."""
    project = example_in_language(tmp_path_factory.mktemp("arabic"), "ar")
    result = build(project, project / "site", utc(2026, 11, 24, 12))
    assert result.returncode == 0, result.stderr
    yield from serve(project / "site")


def serve(site: Path):
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
        context = browser.new_context(service_workers="block", **options)
        contexts.append(context)
        page = context.new_page()
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
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
    assert label.inner_text() == "Nov 24, 2026: 100.00% uptime, Degraded Performance."


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


@pytest.mark.parametrize("path", ["", REFERENCE])
def test_pages_fetch_nothing_from_elsewhere(open_page, base_url, path):
    """A status page must load while everything else is down: no request leaves the site's server."""
    page = open_page(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.requested and all(url.startswith(base_url) for url in page.requested), page.requested
    feeds = page.evaluate("[...document.querySelectorAll('link')].filter(l => l.relList.contains('alternate'))"
                          ".map(l => l.getAttribute('href').split('/').pop())")
    assert feeds == ["history.atom", "history.rss", "updates.atom", "updates.rss"], "autodiscovery still works"


def test_icons_are_painted_from_css(open_page, base_url):
    page = open_page(base_url + REFERENCE)
    icon = page.locator(".mks-badge .mks-icon").first
    box = icon.bounding_box()
    assert box["width"] > 8 and box["height"] > 8
    assert icon.evaluate("e => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage").startswith(
        'url("data:image/svg+xml')
    repository = page.locator(".md-header__source .md-source__icon .mks-icon")
    assert repository.evaluate("e => getComputedStyle(e).maskImage").startswith('url("data:image/svg+xml')


AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
# Every element the status content draws that sticks out of a phone's width, in either direction.
OUTSIDE_THE_VIEWPORT = """() => [...document.querySelectorAll('.mks *, .mks')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 1 && getComputedStyle(e).visibility !== 'hidden'
        && (box.left < -0.5 || box.right > window.innerWidth + 0.5);
}).map(e => e.className || e.tagName)"""


@pytest.mark.parametrize("path", ["", REFERENCE, "components/api/", "history/"])
def test_arabic_reads_right_to_left_on_a_phone(open_page, arabic_url, path):
    page = open_page(arabic_url + path, viewport=PHONE)
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("body").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.mks')).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    assert page.evaluate(OUTSIDE_THE_VIEWPORT) == []
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_arabic_uptime_bars_run_oldest_to_newest_from_the_right(open_page, arabic_url):
    page = open_page(arabic_url, viewport={"width": 1200, "height": 900})
    days = page.locator(".mks-bar").first.locator(".mks-day")
    oldest, newest = days.first.bounding_box(), days.last.bounding_box()
    assert oldest["x"] > newest["x"], "the first (oldest) day starts the line on the right"
    start = page.locator(".mks-bar__start").first.bounding_box()
    end = page.locator(".mks-bar__end").first.bounding_box()
    assert start["x"] > end["x"], "'90 days ago' under the oldest day, 'today' under the newest"
    card = page.locator(".mks-card").first
    assert card.evaluate("e => getComputedStyle(e).borderRightWidth") != "1px", "the impact edge is on the start side"


@pytest.mark.parametrize("width", [390, 1280])
def test_every_components_day_columns_line_up(open_page, base_url, width):
    """Grouped or not, day N of every bar is at the same x: the bars read as one chart."""
    page = open_page(base_url, viewport={"width": width, "height": 900})
    columns = page.evaluate("""[...document.querySelectorAll('.mks-bar')].map(bar =>
        [...bar.querySelectorAll('.mks-day')].filter(day => day.offsetWidth > 0)
            .map(day => { const box = day.getBoundingClientRect(); return [box.left, box.right]; }))""")
    assert len(columns) == 6 and len(columns[0]) == (30 if width < 700 else 90)
    assert all(bar == columns[0] for bar in columns), [bar[0] for bar in columns]


def test_a_phone_says_the_figure_is_for_90_days_under_30_bars(open_page, base_url):
    page = open_page(base_url, viewport=PHONE)
    legend = page.locator(".mks-component", has_text="Payments").locator(".mks-bar__legend")
    assert " ".join(legend.inner_text().split()) == "30 days ago 100.00% uptime (90 days) Today"
    wide = open_page(base_url, viewport={"width": 1280, "height": 900})
    legend = wide.locator(".mks-component", has_text="Payments").locator(".mks-bar__legend")
    assert " ".join(legend.inner_text().split()).startswith("90 days ago 100.00% uptime")
    assert legend.locator(".mks-bar__short").all(), "(90 days) is for phones only"
    assert not any(short.is_visible() for short in legend.locator(".mks-bar__short").all())


def test_home_maintenance_window_is_shown_in_the_visitors_zone_too(open_page, base_url):
    page = open_page(base_url, timezone_id="America/New_York", locale="en-US")
    window = page.locator("#mks-maintenance-upcoming ~ .mks-card .mks-window, "
                          ".mks-section:has(#mks-maintenance-upcoming) .mks-window").first
    assert window.locator("time").count() == 2
    assert window.locator(".mks-local").count() == 2 and "your time" in window.inner_text()


def test_a_screen_reader_hears_one_uptime_summary_per_component_on_the_home_page(open_page, base_url):
    page = open_page(base_url)
    components = page.locator(".mks-components .mks-component:not(.mks-component--group)")
    assert components.count() == 6
    assert page.get_by_role("listitem").count() < 60, "not 540 uptime days"
    summaries = page.locator(".mks-uptime > .mks-visually-hidden").all_inner_texts()
    assert len(summaries) == 6 and all(s.endswith("uptime over the past 90 days. Day by day on the component's page.")
                                       for s in summaries)
    component = open_page(base_url + "components/api/")
    assert component.get_by_role("listitem").filter(has_text="uptime").count() == 90, "details where asked"


AXE_PAGES = ["", REFERENCE, "history/", "components/payments/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violation(open_page, base_url, path, scheme):
    page = open_page(base_url + path, color_scheme=scheme)
    assert page.locator("body").get_attribute("data-md-color-scheme") == ("default" if scheme == "light" else "slate")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []
