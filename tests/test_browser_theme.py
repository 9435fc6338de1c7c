"""MkStatus' theme script in Chromium, in place of Material's bundle: the palette toggle and its stored
choice, the scroll effects, and no errors, on generated and hand-written pages."""

from __future__ import annotations

import json

import pytest

from test_browser import PHONE, REFERENCE, base_url, browser, open_page  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.browser

PAGES = ["", REFERENCE, "components/api/", "history/", "about/"]
STORAGE_KEY = "/.__palette"  # Material's key: the site's base path, then __palette


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def stored(page) -> dict | None:
    value = page.evaluate(f"localStorage.getItem({json.dumps(STORAGE_KEY)})")
    return json.loads(value) if value else None


def toggle(page) -> None:
    page.locator("[data-md-component=palette] label:not([hidden])").click()


def test_the_palette_toggle_switches_and_the_choice_holds_on_every_page(open_page, base_url):
    page = open_page(base_url, color_scheme="light")
    assert scheme(page) == "default"
    assert page.locator("[data-md-component=palette] label:not([hidden])").get_attribute("title") == "Switch to dark mode"
    toggle(page)
    assert scheme(page) == "slate"
    # Stored exactly as Material's bundle stores it, so pages with either script read the same choice.
    assert stored(page) == {"index": 1, "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
                                                  "primary": "indigo", "accent": "indigo"}}
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "dark"
    assert page.evaluate("document.querySelector('meta[name=theme-color]').content") == "#4051b5"
    for path in (REFERENCE, "about/"):
        page.goto(base_url + path)
        assert scheme(page) == "slate", path
        assert page.locator("[data-md-component=palette] label:not([hidden])").get_attribute("title") \
            == "Switch to light mode"
    toggle(page)
    page.goto(base_url)
    assert scheme(page) == "default" and stored(page)["index"] == 0


def test_the_system_palette_applies_until_the_reader_chooses_and_enter_switches(open_page, base_url):
    page = open_page(base_url, color_scheme="dark")
    assert scheme(page) == "slate" and stored(page)["index"] == 1
    page.focus("#__palette_1")
    page.keyboard.press("Enter")
    assert scheme(page) == "default" and stored(page)["index"] == 0


def test_scrolling_shows_the_page_title_and_the_back_to_top_button(open_page, base_url):
    page = open_page(base_url + REFERENCE, viewport={"width": 1280, "height": 700})
    title, top = page.locator("[data-md-component=header-title]"), page.locator("[data-md-component=top]")
    hidden = "document.querySelector('[data-md-component=top]').hidden"  # Material fades it, never removes it
    assert "md-header__title--active" not in title.get_attribute("class") and page.evaluate(hidden)
    page.mouse.wheel(0, 900)
    page.wait_for_function("scrollY > 600")
    page.wait_for_function("document.querySelector('[data-md-component=header-title]')"
                           ".classList.contains('md-header__title--active')")
    assert page.evaluate(hidden), "scrolling down: no button"
    page.mouse.wheel(0, -200)
    page.wait_for_function(f"!{hidden}")
    top.click()
    page.wait_for_function("scrollY === 0")
    page.wait_for_function(hidden)
    assert "md-header__title--active" not in title.get_attribute("class")


@pytest.mark.parametrize("path", PAGES)
def test_pages_run_without_errors_and_fetch_no_sitemap(open_page, base_url, path):
    errors = []
    page = open_page("about:blank")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert not [url for url in page.requested if "sitemap.xml" in url or "/javascripts/bundle." in url]
    assert page.evaluate("typeof document$.subscribe") == "function", "scripts written for Material still start"


@pytest.mark.parametrize("path", ["", REFERENCE, "about/"])
def test_no_sideways_scrolling_on_a_phone_with_the_script(open_page, base_url, path):
    page = open_page(base_url + path, viewport=PHONE)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator(".md-header label[for=__drawer]").click()
    page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    assert page.locator(".md-sidebar--primary").get_by_role("link", name="Notifications").is_visible()
