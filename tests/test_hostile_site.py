"""Every XSS payload in every author-controlled field, built once: pages show the text as text,
bodies are sanitised, feeds and JSON keep the text exactly, and Chromium opens no dialog."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path

import pytest
from lxml import etree, html

from hostile.payloads import PAYLOADS, SITE_NAME
from hostile.site import CLOCK, component_id, incident_id, write_site
from sites.kit import build
from test_browser import browser  # noqa: F401  (the shared Chromium fixture)

# Material's own inline scripts, identified by how they start; any other inline script is injected.
MATERIAL_SCRIPTS = ("__md_scope=", "var palette=", "var target=", "document.addEventListener")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcdoc")
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style", "math"}
# Material draws its icons as inline SVG; an author's body may not contain one.
BODY_FORBIDDEN_TAGS = FORBIDDEN_TAGS | {"svg", "form", "input", "meta", "link", "script", "noscript"}
DANGEROUS_URL = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)


def as_browser_reads(url: str) -> str:
    """A URL as the WHATWG parser sees it: outer C0 controls and spaces trimmed, tabs and newlines removed."""
    return re.sub(r"[\t\n\r]", "", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
                                              "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))


def words(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    write_site(project)
    site = project.parent / "site"
    result = build(project, site, CLOCK)
    assert result.returncode == 0, result.stderr
    return site


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_corpus_counts(hostile_site):
    pages = html_pages(hostile_site)
    print(f"\nhostile corpus: {len(PAYLOADS)} payloads in titles, names, descriptions, bodies and site_name; "
          f"{len(pages)} pages")
    assert len(PAYLOADS) >= 60
    assert len(list((hostile_site / "incidents").iterdir())) == len(PAYLOADS), "no incident dropped"


def test_no_page_carries_markup_an_author_injected(hostile_site):
    problems = []
    for path in html_pages(hostile_site):
        tree = html.fromstring(path.read_bytes())
        name = path.relative_to(hostile_site).as_posix()
        body = tree.find("body")
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, value in element.attrib.items():
                if attribute.lower().startswith("on"):
                    problems.append(f"{name}: <{element.tag} {attribute}>")
                if attribute.lower() in URL_ATTRIBUTES and DANGEROUS_URL.match(as_browser_reads(value)):
                    problems.append(f"{name}: <{element.tag} {attribute}={value!r}>")
            if element.tag in FORBIDDEN_TAGS and element in body.iter():
                problems.append(f"{name}: <{element.tag}> in the body")
            if element.tag == "script" and element.get("src") is None and element.get("type") != "application/json" \
                    and not (element.text or "").startswith(MATERIAL_SCRIPTS):
                problems.append(f"{name}: inline script {(element.text or '')[:60]!r}")
            if element.tag in ("form", "input", "textarea", "button") and not _in_search(element):
                problems.append(f"{name}: <{element.tag}> outside Material's search")
        for body_html in tree.xpath("//*[contains(@class, '__body')]"):
            problems += [f"{name}: <{e.tag}> in an update" for e in body_html.iter() if e.tag in BODY_FORBIDDEN_TAGS]
    assert problems == [], "\n".join(problems[:30])


def _in_search(element) -> bool:
    return any("md-search" in (a.get("class") or "") or "md-header" in (a.get("class") or "")
               or "md-toggle" in (a.get("class") or "") or a.tag == "nav" for a in element.iterancestors()) \
        or "md-toggle" in (element.get("class") or "") or element.get("type") == "checkbox"


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=lambda i: f"payload{i:02d}")
def test_titles_and_names_show_as_typed(hostile_site, index):
    payload = PAYLOADS[index]
    page = html.fromstring((hostile_site / "incidents" / incident_id(index) / "index.html").read_bytes())
    assert [words(h.text_content()) for h in page.xpath("//h1")] == [words(payload)]
    assert words(page.findtext(".//title")) == f"{words(payload)} - {words(SITE_NAME)}"
    topic = page.xpath("//*[contains(@class, 'md-header__topic')]")
    assert words(topic[0].text_content()) == words(SITE_NAME)
    assert words(topic[1].text_content()) == words(payload)
    component = html.fromstring((hostile_site / "components" / component_id(index) / "index.html").read_bytes())
    assert [words(h.text_content()) for h in component.xpath("//h1")] == [words(payload)]
    assert words(component.findtext(".//title")) == f"{words(payload)} - {words(SITE_NAME)}"


def test_site_name_shows_as_typed_in_labels(hostile_site):
    home = html.fromstring((hostile_site / "index.html").read_bytes())
    labels = [e.get("aria-label") for e in home.xpath("//*[@aria-label]") if SITE_NAME[:6] in e.get("aria-label")]
    assert labels and all(label == SITE_NAME for label in labels)
    assert "49" not in words(home.findtext(".//title")), "template syntax is never evaluated"


def test_hand_written_heading_titles_keep_their_text(hostile_site):
    about = html.fromstring((hostile_site / "about" / "index.html").read_bytes())
    assert words(about.findtext(".//title")) == f"About <img src=x onerror=alert(95)> & more - {words(SITE_NAME)}"
    toc = [words(a.text_content()) for a in about.xpath("//nav[contains(@class, 'md-nav--secondary')]//a")]
    assert "Section <script>alert(96)</script>" in toc


def test_feeds_and_json_keep_the_text_exactly(hostile_site):
    incidents = json.loads((hostile_site / "api" / "v2" / "incidents.json").read_text(encoding="utf-8"))
    names = {i["name"] for i in incidents["incidents"]}
    maintenances = json.loads((hostile_site / "api" / "v2" / "scheduled-maintenances.json").read_text("utf-8"))
    names |= {m["name"] for m in maintenances["scheduled_maintenances"]}
    assert names == set(PAYLOADS)
    atom = etree.parse(str(hostile_site / "history.atom"))
    titles = atom.xpath("//a:entry/a:title/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert len(titles) == 50 and set(titles) <= set(PAYLOADS), "the newest 50, as typed"
    components = json.loads((hostile_site / "api" / "v2" / "components.json").read_text(encoding="utf-8"))
    assert {c["name"] for c in components["components"]} >= set(PAYLOADS)


def test_calendar_summaries_are_one_line_each(hostile_site):
    calendar = (hostile_site / "maintenance.ics").read_bytes().decode("utf-8")
    unfolded = calendar.replace("\r\n ", "")
    summaries = [line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:")]
    assert len(summaries) == sum(1 for i in range(len(PAYLOADS)) if i % 2)
    expected = {"SUMMARY:" + PAYLOADS[i].replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                for i in range(len(PAYLOADS)) if i % 2}
    assert set(summaries) == expected


def test_badges_are_inert_svg(hostile_site):
    badges = sorted((hostile_site / "badges").glob("*.svg"))
    assert len(badges) == len(PAYLOADS) + 1
    for badge in badges:
        tree = etree.parse(str(badge))
        elements = [e for e in tree.iter() if isinstance(e.tag, str)]
        assert not [e for e in elements if etree.QName(e).localname in ("script", "foreignObject", "a", "image")]
        assert not [a for e in elements for a in e.attrib if a.lower().startswith("on")]
    (api,) = [b for b in badges if b.stem == component_id(0)]
    assert PAYLOADS[0] in "".join(etree.parse(str(api)).getroot().itertext())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.mark.browser
def test_chromium_opens_no_dialog_and_no_script_link(hostile_site, browser):  # noqa: F811
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(hostile_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/"
    dialogs: list[str] = []
    links: list[str] = []
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        pages = html_pages(hostile_site)
        for path in pages:
            page.goto(base + path.relative_to(hostile_site).as_posix(), wait_until="load")
            links += page.evaluate("""() => [...document.querySelectorAll('a[href], area[href], [src], [action]')]
                .map(e => e.href || e.src || e.action || '')
                .filter(u => /^\\s*(javascript|vbscript|data):/i.test(u))""")
        print(f"\nChromium opened {len(pages)} pages of the hostile site")
    finally:
        context.close()
        server.shutdown()
        thread.join()
    assert dialogs == [] and links == []
