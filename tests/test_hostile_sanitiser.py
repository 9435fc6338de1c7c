"""The sanitiser on its own: what may never leave an update body, whatever Markdown or HTML wrote it."""

from __future__ import annotations

import pytest
from lxml import html

from mkstatus.core.markup import MarkdownRenderer

FORBIDDEN = ["script", "style", "iframe", "object", "embed", "form", "input", "base", "meta", "link", "svg", "math",
             "frame", "frameset", "applet", "template", "noscript", "textarea", "button", "select"]


def rendered(text: str):
    return html.fragment_fromstring(MarkdownRenderer().render(text), create_parent="div")


@pytest.mark.parametrize("tag", FORBIDDEN)
def test_tags_that_run_load_or_submit_are_dropped(tag):
    body = rendered(f"<{tag} src=x href=x action=x>inside</{tag}>\n\nAfter <{tag}>inline</{tag}> text.")
    assert [e.tag for e in body.iter() if e.tag == tag] == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
                                 "jav&#x09;ascript:alert(1)", "&#106;avascript:alert(1)", "java\nscript:alert(1)"])
def test_links_and_images_keep_only_web_and_mail_urls(url):
    body = rendered(f'[a]({url}) <a href="{url}">b</a> <img src="{url}" alt="c"> ![d]({url})')
    urls = [e.get("href") or e.get("src") for e in body.iter() if e.get("href") or e.get("src")]
    assert urls == []


def test_event_handlers_and_styles_are_dropped():
    body = rendered('<p onclick="alert(1)" style="position:fixed;top:0">x</p><img src="https://e.example/a.png" '
                    'onerror="alert(2)">')
    assert [(e.tag, dict(e.attrib)) for e in body.iter() if e.attrib] == [("img", {"src": "https://e.example/a.png"})]


def test_links_get_rel_and_keep_their_address():
    (link,) = rendered("[status](https://status.example.org/a?b=1&c=2)").iter("a")
    assert link.get("href") == "https://status.example.org/a?b=1&c=2"
    assert set(link.get("rel").split()) == {"nofollow", "noopener", "noreferrer"}
