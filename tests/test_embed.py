"""Status where customers are: the banner script, the frameless /embed/ page, the Subscribe menu, component feeds.

The built artifacts site (2025-11-10 12:00 UTC) has an open incident and a maintenance in progress.
The banner's behaviour in a browser is in test_embed_browser.py.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sites.kit import make_site, parse, q, text, utc
from test_freshness import mirrored_site  # noqa: F401  (the artifacts site with two mirrors)

from mkstatus.outputs.embed import embed_script
from mkstatus.outputs.pages import build_view, embed_context
from mkstatus.core.status import status_snapshot

ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1h2"/></svg>'


def settings_of(script: str) -> dict:
    match = re.search(r"^var SETTINGS = (.*);$", script, re.M)
    assert match, "the settings are written into the script"
    return json.loads(match.group(1))


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a relative link on `page` names in the built site."""
    url = urljoin("http://site/" + page.relative_to(site).as_posix(), href)
    path = urlsplit(url).path.lstrip("/")
    target = site / path
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def test_script_stays_under_five_kilobytes_gzipped(artifacts_site):
    script = (artifacts_site / "embed" / "status.js").read_bytes()
    assert len(gzip.compress(script, compresslevel=9)) < 5 * 1024


def test_script_carries_the_sites_settings(artifacts_site):
    script = (artifacts_site / "embed" / "status.js").read_text(encoding="utf-8")
    settings = settings_of(script)
    assert settings["mirrors"] == []
    assert settings["colors"]["major"] == "#b34700" and set(settings["icons"]) == set(settings["colors"])
    assert settings["text"]["impact"]["maintenance"] == "Maintenance"
    assert "customElements.define(\"mkstatus-banner\"" in script
    assert "/*" not in script.replace("/*settings*/", ""), "comments are for the package's readers"


def test_script_knows_the_sites_mirrors(mirrored_site):
    settings = settings_of((mirrored_site / "embed" / "status.js").read_text(encoding="utf-8"))
    assert settings["mirrors"] == ["https://status-mirror.example.net/", "https://example.r2.dev/status/"]


def test_mirrors_are_written_as_inert_json():
    hostile = "https://mirror.example/</script><!--\u2028'\"&x=<b>"
    script = embed_script([hostile, "javascript:alert(1)", "http://plain.example/"], {"major": ICON})
    assert "</script" not in script and "<!--" not in script and "\u2028" not in script
    settings = settings_of(script)
    assert settings["mirrors"] == [hostile, "http://plain.example/"], "only http(s) mirrors"
    assert settings["icons"] == {"major": "M1 1h2"}


def test_script_builds_the_banner_from_text_nodes_only():
    """Titles and labels come from another site's JSON: none of it is ever parsed as markup."""
    script = embed_script([], {})
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", script)


def test_embed_page_is_frameless_and_complete_without_javascript(artifacts_site):
    page = artifacts_site / "embed" / "index.html"
    tree = parse(page)
    assert not q(tree, "//*[.md-header]") and not q(tree, "//*[.md-sidebar]"), "no Material chrome"
    assert not tree.xpath("//script"), "static: complete without JavaScript"
    assert tree.xpath("//base/@target") == ["_blank"], "links leave the frame"
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    rows = q(tree, "//li[.mks-embed__row]")
    assert [text(q(r, ".//*[.mks-embed__title]")[0]) for r in rows] == ["Payment confirmations delayed",
                                                                          "Portal upgrade"]
    assert [text(q(r, ".//*[.mks-embed__chip]")[0]) for r in rows] == ["Minor impact", "Maintenance"]
    assert [text(q(r, ".//*[.mks-embed__meta]")[0]) for r in rows] == [
        "Update · Nov 10, 2025 - 10:40 CET", "In progress · Nov 10, 2025 - 12:00 CET"]
    for row in rows:
        assert resolve(artifacts_site, page, q(row, ".//a")[0].get("href")).is_file()
    for href in tree.xpath("//link[@rel='stylesheet']/@href"):
        assert resolve(artifacts_site, page, href).is_file(), href


def test_embed_page_says_all_is_well_when_it_is(tmp_path):
    site = make_site(tmp_path, {"2025-08-20-old-outage": """
        ---
        title: Old outage
        impact: major
        components: {api: major_outage}
        start: 2025-08-20 10:00 +02:00
        end: 2025-08-20 11:00 +02:00
        ---

        ## Resolved - 2025-08-20 11:00 +02:00

        Fixed.
        """})
    context = embed_context(build_view(site, status_snapshot(site, utc(2025, 9, 1))), lambda src: "/" + src)
    assert context["now"] == [] and context["banner"].label == "All Systems Operational"


def test_subscribe_menu_works_without_javascript(artifacts_site):
    page = artifacts_site / "index.html"
    tree = parse(page)
    menu = q(tree, "//details[.mks-subscribe]")
    assert len(menu) == 1 and text(menu[0].xpath("./summary")[0]) == "Subscribe to updates"
    links = {text(a): a.get("href") for a in menu[0].xpath(".//a")}
    for label in ("Incident history (Atom)", "Incident history (RSS)", "Every update (Atom)", "Every update (RSS)",
                  "download .ics", "Status API (Statuspage-compatible JSON)", "Incident history"):
        assert resolve(artifacts_site, page, links[label]).is_file(), label
    assert links["Subscribe to the maintenance calendar"] == "webcal://status.example.com/maintenance.ics"
    per_component = q(menu[0], ".//ul[.mks-subscribe__components]/li")
    assert [text(li) for li in per_component][:2] == ["API: Atom · RSS", "Charger backend: Atom · RSS"]
    assert len(per_component) == 6
    for a in q(menu[0], ".//ul[.mks-subscribe__components]//a"):
        assert resolve(artifacts_site, page, a.get("href")).is_file()
    assert "Payments & Billing updates (RSS)" in {a.get("aria-label") for a in menu[0].xpath(".//a")}
    assert "Chat and webhook notifications" not in links, "no notifications page in this site"


def test_subscribe_menu_links_the_sites_notifications_page(example_site):
    links = {text(a): a.get("href") for a in q(parse(example_site / "index.html"), "//details[.mks-subscribe]//a")}
    assert links["Chat and webhook notifications"] == "notifications/"
    assert (example_site / "notifications" / "index.html").is_file()


def test_component_page_offers_its_own_feeds(artifacts_site):
    page = artifacts_site / "components" / "payments" / "index.html"
    tree = parse(page)
    alternates = {link.get("title"): link.get("href") for link in tree.xpath("//head/link[@rel='alternate']")}
    assert alternates["Artifacts Status: Payments & Billing updates (Atom)"] == "updates.atom"
    assert alternates["Artifacts Status: Payments & Billing updates (RSS)"] == "updates.rss"
    assert len(alternates) == 6, "the site's four feeds and the component's two"
    visible = q(tree, "//p[.mks-feeds]")[0]
    assert text(visible) == "Follow updates about Payments & Billing: Atom · RSS"
    for a in visible.xpath(".//a"):
        assert resolve(artifacts_site, page, a.get("href")) == artifacts_site / "components/payments" / a.get("href")
        assert (artifacts_site / "components" / "payments" / a.get("href")).is_file()
