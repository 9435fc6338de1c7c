"""Incident Markdown becomes HTML that cannot run code, frame other pages or submit data."""

from __future__ import annotations

import lxml.html
import pytest

from mkstatus.core import diskcache, markup
from mkstatus.core.markup import MAX_NESTING, MarkdownRenderer, MarkupError, link_scan_cost, nesting_depth

ATTACKS = {
    "script": "<script>alert(1)</script>",
    "event handler": '<img src="https://example.com/x.png" onerror="alert(1)">',
    "event handler via attr_list": "A paragraph\n{: onclick=\"alert(1)\" }",
    "javascript link": "[click](javascript:alert(1))",
    "javascript link, mixed case": '<a href="JaVaScRiPt:alert(1)">click</a>',
    "data link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    "iframe": '<iframe src="https://example.com"></iframe>',
    "form": '<form action="https://evil.example"><input name="password"><button>Go</button></form>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "style element": "<style>body { display: none }</style>",
    "style attribute": '<p style="position:fixed;top:0">cover the page</p>',
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
}


def render(text: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(MarkdownRenderer().render(text), create_parent="div")


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_nothing_executable_survives(text):
    tree = render(text)
    assert not tree.xpath("//script | //iframe | //form | //input | //button | //object | //embed | //style"
                          " | //meta | //svg")
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on"), (name, value)
            assert name != "style" or value.replace(" ", "") in ("", "text-align:left", "text-align:right",
                                                                  "text-align:center")
            if name in ("href", "src"):
                assert value.split(":")[0].lower() in ("http", "https", "mailto") or ":" not in value, value


def test_ordinary_formatting_is_kept():
    html = MarkdownRenderer().render(
        "**Bold**, *em*, `code`, [status](https://example.com/status).\n\n"
        "| Time | Event |\n|:-----|------:|\n| 15:30 | Begins |\n\n- one\n- two\n\n### Root cause\n")
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert tree.xpath("//strong")[0].text == "Bold"
    assert tree.xpath("//em")[0].text == "em"
    assert tree.xpath("//code")[0].text == "code"
    link = tree.xpath("//a")[0]
    assert link.get("href") == "https://example.com/status"
    assert link.get("rel") == "noopener noreferrer nofollow"
    assert [th.get("style") for th in tree.xpath("//th")] == ["text-align:left", "text-align:right"]
    assert [li.text for li in tree.xpath("//li")] == ["one", "two"]
    assert tree.xpath("//h3")[0].text == "Root cause"


def test_renderer_is_reusable_after_a_failure():
    renderer = MarkdownRenderer()
    with pytest.raises(MarkupError):
        renderer.render("- " * 5000 + "x")
    assert renderer.render("*fine*") == "<p><em>fine</em></p>"


def test_nesting_limit_is_the_same_however_deep_the_caller_stack_is():
    """A file renders or fails alike in the CLI, the build and a pool worker."""
    within, beyond = "- " * MAX_NESTING + "x", "- " * (MAX_NESTING + 1) + "x"

    def at_depth(frames: int, text: str) -> str:
        return at_depth(frames - 1, text) if frames else MarkdownRenderer().render(text)

    for frames in (0, 400):
        assert at_depth(frames, within).count("<ul>") == MAX_NESTING
        with pytest.raises(MarkupError, match=f"more than {MAX_NESTING} levels"):
            at_depth(frames, beyond)
    assert nesting_depth("- a\n    - b\n        > c") == 3 and nesting_depth("Text - not a list") == 0


def test_link_scan_cost_is_small_for_real_text_and_quadratic_for_unclosed_brackets():
    links = "See [the API docs](https://example.com/api) and [status][s]. " * 40
    table = "| endpoint | docs |\n|---|---|\n" + "| `/v2/x` | [docs](https://example.com/x) |\n" * 500
    assert link_scan_cost(links) == (link_scan_cost(links)[0], 0) and link_scan_cost(links)[0] < 10_000
    assert link_scan_cost(table)[0] < 50_000
    assert link_scan_cost("[" * 8000) == (8000 * 8001 // 2, 8000)
    assert link_scan_cost("[](" * 4000)[1] == 4000  # every '](' runs to the end looking for ')'
    assert link_scan_cost("[x]\n\n" * 3 + "[")[0] == 2 + 2 + 2 + 1  # blank lines end the scan


def test_the_same_text_renders_to_the_same_html_once():
    renderer = MarkdownRenderer()
    text = "We are investigating[^1].\n\n[^1]: Footnote."
    first = renderer.render(text)
    assert renderer.render("Other *text*.") == "<p>Other <em>text</em>.</p>"
    assert renderer.render(text) is first and first == MarkdownRenderer().render(text)


# --- the on-disk cache of python-markdown's output -------------------------------------------------

CACHED_TEXT = "We are *investigating*[^1].\n\n[^1]: A [note](https://example.com/n)."


def cache_entries(folder):
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def test_a_second_renderer_reads_the_render_from_disk_and_gives_the_same_html(tmp_path, monkeypatch):
    cold = MarkdownRenderer(tmp_path).render(CACHED_TEXT)
    assert len(cache_entries(tmp_path)) == 1
    # Not even a Markdown instance is made (its extensions are found through every package's entry points).
    monkeypatch.setattr(markup.markdown, "Markdown", lambda *a, **k: pytest.fail("rendered again"))
    assert MarkdownRenderer(tmp_path).render(CACHED_TEXT) == cold


def test_a_planted_cache_entry_is_sanitised_like_a_fresh_render(tmp_path):
    MarkdownRenderer(tmp_path).render(CACHED_TEXT)
    [entry] = cache_entries(tmp_path)
    planted = ('<p>ok</p><script>alert(1)</script><img src="x" onerror="alert(1)">'
               '<a href="javascript:alert(1)">x</a><p style="position:fixed">cover</p>')
    diskcache.write_entry(tmp_path, entry.name, planted.encode("utf-8"))  # a whole, well-formed entry
    html = MarkdownRenderer(tmp_path).render(CACHED_TEXT)
    assert html.startswith("<p>ok</p>")  # the planted entry was read ...
    for unsafe in ("<script", "onerror", "javascript:", "style="):  # ... and sanitised
        assert unsafe not in html


@pytest.mark.parametrize("damage", ["truncated", "garbage", "not utf-8", "other key", "a folder"])
def test_a_damaged_or_unreadable_entry_is_rendered_afresh(tmp_path, damage):
    fresh = MarkdownRenderer(tmp_path).render(CACHED_TEXT)
    [entry] = cache_entries(tmp_path)
    data = entry.read_bytes()
    other = diskcache.key_for("other")
    entry.unlink()
    if damage == "truncated":
        entry.write_bytes(data[:-10])
    elif damage == "garbage":
        entry.write_bytes(b"\x00\xff" * 50)
    elif damage == "not utf-8":
        diskcache.write_entry(tmp_path, entry.name, b"<p>\xff\xfe</p>")
    elif damage == "other key":  # a whole entry copied to another name
        entry.write_bytes(data.replace(entry.name.encode(), other.encode(), 1))
    else:
        entry.mkdir()
    assert MarkdownRenderer(tmp_path).render(CACHED_TEXT) == fresh


def test_the_key_holds_the_text_and_what_changes_python_markdowns_output(tmp_path, monkeypatch):
    MarkdownRenderer(tmp_path).render(CACHED_TEXT)
    MarkdownRenderer(tmp_path).render(CACHED_TEXT + " ")
    assert len(cache_entries(tmp_path)) == 2
    monkeypatch.setattr(markup, "_RENDER_SETTINGS", (*markup._RENDER_SETTINGS[:2], "99.0", *markup._RENDER_SETTINGS[3:]))
    MarkdownRenderer(tmp_path).render(CACHED_TEXT)  # another python-markdown: its own entry
    assert len(cache_entries(tmp_path)) == 3


def test_the_cache_folder_comes_from_the_environment_and_zero_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MKSTATUS_CACHE", str(tmp_path / "chosen"))
    MarkdownRenderer().render(CACHED_TEXT)
    assert len(cache_entries(tmp_path / "chosen" / "markdown")) == 1
    monkeypatch.setenv("MKSTATUS_CACHE", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert MarkdownRenderer().render("*x*") == "<p><em>x</em></p>"
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()
    monkeypatch.delenv("MKSTATUS_CACHE")
    MarkdownRenderer().render("*x*")
    assert len(cache_entries(tmp_path / "xdg" / "mkstatus" / "markdown")) == 1


def test_a_cache_folder_that_cannot_be_written_still_renders(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert MarkdownRenderer(blocked / "markdown").render(CACHED_TEXT) == MarkdownRenderer(tmp_path / "ok").render(
        CACHED_TEXT)
    assert blocked.read_text(encoding="utf-8") == "not a folder"
