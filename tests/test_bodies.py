"""Links, images and footnotes in incident bodies: they work on every page and feed they appear on,
and no image loads from a host the site does not allow."""

from __future__ import annotations

import lxml.html
import feedparser

from mkstatus.core.load import load_site
from mkstatus.core.markup import MarkdownRenderer, absolute_urls, foreign_images_as_links, scope_footnotes, update_anchor
from mkstatus.outputs import pages
from mkstatus.outputs.feeds import build_feeds
from mkstatus.outputs.urls import SiteUrls
from mkstatus.core.status import status_snapshot
from sites.kit import OSLO_OPTIONS, utc

SITE_URL = "https://status.example.com/"
BODY = """\
Details in the [history](../../history/) and the graph below[^1].

![Error rate](graph.png) ![Vendor status](https://vendor.example/status.png) ![](https://cdn.example.com/a.png)

[^1]: Measured at the load balancer.
"""
INCIDENT = f"""\
---
title: API errors
impact: major
components:
  api: major_outage
start: 2025-11-01 09:00 +01:00
---

## Investigating - 2025-11-01 09:10 +01:00

{BODY}
## Identified - 2025-11-01 09:40 +01:00

A second note[^1].

[^1]: Not the first update's note.
"""
CLOCK = utc(2025, 11, 1, 12)


def load(tmp_path, **options):
    folder = tmp_path / "incidents"
    folder.mkdir()
    (folder / "2025-11-01-api-errors.md").write_text(INCIDENT, encoding="utf-8")
    result = load_site({**OSLO_OPTIONS, **options}, incidents_dir=folder, root=tmp_path, site_url=SITE_URL, now=CLOCK)
    assert result.ok, result.diagnostics
    return result.site


def link(src_uri: str) -> str:
    return src_uri.removesuffix(".md").removesuffix("index") + ("/" if not src_uri.endswith("index.md") else "")


def test_footnote_links_reach_their_note_in_each_update(tmp_path):
    incident = load(tmp_path).incidents[0]
    page = lxml.html.fromstring("".join(u.body_html for u in incident.updates))
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)) == 4, ids
    for anchor in page.xpath("//a[starts-with(@href, '#')]"):
        assert anchor.get("href")[1:] in ids, anchor.get("href")
    first, second = (update_anchor(update.at) for update in incident.updates)
    assert f"{first}-fn:1" in ids and f"{second}-fn:1" in ids


def test_page_ids_and_hostile_ids_are_not_kept():
    html = MarkdownRenderer().render('<p id="__palette">x</p><sup id="fn:1 x">y</sup><li id="fn:a">z</li>')
    assert "__palette" not in html and 'id="fn:1 x"' not in html
    assert scope_footnotes(html, "u") .count('id="u-fn:a"') == 1


def test_images_from_other_hosts_become_links_unless_allowed(tmp_path):
    incident = load(tmp_path, allowed_image_hosts=["cdn.example.com"]).incidents[0]
    body = lxml.html.fromstring(incident.updates[0].body_html)
    assert body.xpath("//img/@src") == ["graph.png", "https://cdn.example.com/a.png"]
    vendor = body.xpath("//a[@href='https://vendor.example/status.png']")
    assert [a.text_content() for a in vendor] == ["Vendor status"]


def test_an_image_turned_link_keeps_its_alt_text_as_text():
    html = MarkdownRenderer().render('<img alt="&lt;script&gt;alert(1)&lt;/script&gt; a>b" src="https://x.example/i.png">')
    linked = foreign_images_as_links(html, ())
    assert "<script" not in linked and lxml.html.fromstring(linked).text_content() == "<script>alert(1)</script> a>b"


def test_relative_urls_become_absolute_in_feeds(tmp_path):
    site = load(tmp_path)
    feed = feedparser.parse(build_feeds(site, SiteUrls.for_config(site.config))["history.atom"])
    content = lxml.html.fromstring(feed.entries[0].content[0].value)
    page = SITE_URL + "incidents/2025-11-01-api-errors/"
    assert SITE_URL + "history/" in content.xpath("//a/@href")
    assert content.xpath("//img/@src")[0] == page + "graph.png"
    assert all(href.startswith("https://") for href in content.xpath("//a/@href"))


def test_relative_urls_become_absolute_on_the_home_page(tmp_path):
    site = load(tmp_path)
    context = pages.home_context(pages.build_view(site, status_snapshot(site, CLOCK)), link)
    [card] = context["active"]
    body = lxml.html.fromstring(card.latest.body_html)
    assert body.xpath("//a/@href")[0] == SITE_URL + "incidents/2025-11-01-api-errors/#" + \
        update_anchor(site.incidents[0].updates[-1].at) + "-fn:1"


def test_absolute_urls_leaves_absolute_and_mail_links_alone():
    html = '<a href="https://a.example/x">a</a> <a href="mailto:ops@example.com">m</a> <a href="x?a=1&amp;b=2">r</a>'
    assert absolute_urls(html, "https://s.example/incidents/i/") == (
        '<a href="https://a.example/x">a</a> <a href="mailto:ops@example.com">m</a> '
        '<a href="https://s.example/incidents/i/x?a=1&amp;b=2">r</a>')
