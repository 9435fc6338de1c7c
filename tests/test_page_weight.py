"""What a reader's browser fetches for a page: the home page stays under 50 KB gzipped (issue 16), and
Material's 35 KB bundle is loaded only by sites that use what only it does."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from sites.kit import ROOT, build, parse, utc
from mkstatus.plugin import theme_script
from mkstatus.plugin import config_problems

BUDGET = 50 * 1024
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""")


def fetched(site_dir: Path, page: str = "index.html") -> dict[str, bytes]:
    """The page and every file it makes the browser fetch: stylesheets, scripts, icon, and the
    stylesheets' own url()s. Keyed by path in the site."""
    files = {page: (site_dir / page).read_bytes()}
    doc = parse(site_dir / page)
    queue = [urljoin(page, ref) for ref in doc.xpath("//link[@rel='stylesheet' or @rel='icon']/@href | //script/@src")]
    while queue:
        ref = queue.pop()
        if urlsplit(ref).scheme or ref in files:  # data: URIs are in their file already
            continue
        path = urlsplit(ref).path
        files[path] = (site_dir / path).read_bytes()
        if path.endswith(".css"):
            queue += [urljoin(path, url) for url in CSS_URL.findall(files[path].decode("utf-8"))]
    return files


def gzipped(files: dict[str, bytes]) -> dict[str, int]:
    return {path: len(gzip.compress(body, compresslevel=6, mtime=0)) for path, body in files.items()}


def scripts(site_dir: Path, page: str) -> list[str]:
    return [urlsplit(src).path.rsplit("assets/", 1)[-1] for src in parse(site_dir / page).xpath("//script/@src")]


def test_home_page_is_under_50_kb_gzipped_with_everything_it_fetches(example_site):
    sizes = gzipped(fetched(example_site))
    assert "assets/mkstatus/theme.js" in sizes
    assert [path for path in sizes if path.startswith("assets/stylesheets/palette.")], "Material's palettes stay"
    assert not [path for path in sizes if "/javascripts/bundle." in path], "no Material bundle"
    assert sum(sizes.values()) < BUDGET, sorted(sizes.items(), key=lambda item: -item[1])
    assert sizes["assets/mkstatus/theme.js"] < 3 * 1024


@pytest.mark.parametrize("page", ["index.html", "404.html", "about/index.html", "history/index.html",
                                  "incidents/2025-09-04-underlying-connectivity-problems/index.html"])
def test_every_page_loads_the_theme_script_before_the_sites_own(example_site, page):
    """Generated and hand-written pages alike: one site, one behaviour; extra_javascript still follows."""
    assert scripts(example_site, page) == ["mkstatus/theme.js", "mkstatus/localtime.js", "mkstatus/fresh.js"]
    html = (example_site / page).read_text(encoding="utf-8")
    assert 'data-md-component="palette"' in html and "__md_get(\"__palette\")" in html, "Material's toggle markup"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> Path:
    """The example site with Material's search plugin: the search box needs Material's own script."""
    project = tmp_path_factory.mktemp("search")
    for name in ("incidents", "site_template"):
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nplugins:\n" in config
    (project / "mkdocs.yml").write_text(config.replace("\nplugins:\n", "\nplugins:\n  - search\n"), encoding="utf-8")
    result = build(project, project / "site", utc(2026, 11, 24, 12))
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_a_site_with_search_keeps_materials_script(search_site):
    for page in ("index.html", "about/index.html"):
        names = scripts(search_site, page)
        assert names[0].startswith("javascripts/bundle.") and names[1:] == ["mkstatus/localtime.js", "mkstatus/fresh.js"]
        assert 'name="search"' in (search_site / page).read_text(encoding="utf-8"), "the form the bundle drives"


def test_the_build_says_why_it_keeps_materials_script(tmp_path):
    project = tmp_path / "p"
    for name in ("incidents", "site_template"):
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("    - navigation.top\n", "    - navigation.top\n    - navigation.instant\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build(project, project / "site", utc(2026, 11, 24, 12), "-v")
    assert result.returncode == 0, result.stderr
    assert "MkStatus: pages load Material's full script for: theme feature navigation.instant" in result.stderr
    assert scripts(project / "site", "index.html")[0].startswith("javascripts/bundle.")


def test_material_script_accepts_auto_or_always(tmp_path):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    shutil.copytree(ROOT / "site_template", tmp_path / "site_template")
    for value, ok in (("always", True), ("auto", True), ("sometimes", False)):
        (tmp_path / "mkdocs.yml").write_text(
            config.replace("  - status:\n", f"  - status:\n      material_script: {value}\n"), encoding="utf-8")
        problems = config_problems(tmp_path / "mkdocs.yml")
        script_problems = [message for _, message in problems if "material_script" in message or "always" in message]
        assert (script_problems == []) is ok, (value, problems)


def reasons(features=(), plugins=(), extra=None, mdx_configs=None) -> list[str]:
    return theme_script.bundle_reasons(features=features, plugins=plugins, extra=extra or {},
                                       mdx_configs=mdx_configs or {})


def test_what_needs_materials_script():
    assert reasons(["navigation.top", "navigation.sections", "toc.integrate"], ["status", "mkdocs-redirects"]) == []
    assert reasons(["navigation.instant", "content.code.copy"]) == ["theme feature navigation.instant",
                                                                  "theme feature content.code.copy"]
    assert reasons(plugins=["material/search"]) == ["plugin material/search"]
    assert reasons(plugins=["offline"]) == ["plugin offline"]
    assert reasons(extra={"consent": {"title": "Cookies"}, "version": None}) == ["extra.consent"]
    mermaid = {"pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid", "format": "x"}]}}
    assert reasons(mdx_configs=mermaid) == ["Mermaid diagrams (pymdownx.superfences)"]
    assert theme_script.theme_script("auto", []) == "assets/mkstatus/theme.js"
    assert theme_script.theme_script("auto", ["plugin search"]) is None
    assert theme_script.theme_script("always", []) is None


@pytest.mark.parametrize("name", ["theme.js", "localtime.js", "fresh.js"])
def test_scripts_are_served_without_their_comments_and_nothing_else(example_site, name):
    source = (ROOT / "generator" / "mkstatus" / "assets" / name).read_text(encoding="utf-8")
    served = (example_site / "assets" / "mkstatus" / name).read_text(encoding="utf-8")
    assert "/*" not in served and "*/" not in served and not re.search(r"(?m)^\s*//|\s//\s", served)
    assert len(served) < 0.95 * len(source)
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    for line in code.splitlines():
        kept = line.split("  // ")[0].rstrip()
        if kept.strip() and not kept.strip().startswith("//"):
            assert kept in served, line


MATERIAL_CSS = "assets/stylesheets/main.57a0d79d.min.css"


def test_materials_stylesheet_loses_only_what_the_bundle_draws(example_site, search_site):
    """Pages with the theme script get main.css less search, tooltips, code buttons, ...: those rules'
    markup only ever comes from the bundle. A site keeping the bundle gets Material's file as is."""
    from material import templates

    original = (Path(templates.__file__).parent / MATERIAL_CSS).read_text(encoding="utf-8")
    served = (example_site / MATERIAL_CSS).read_text(encoding="utf-8")
    assert (search_site / MATERIAL_CSS).read_text(encoding="utf-8") == original
    assert len(served) < 0.85 * len(original)
    dropped = re.compile(r"\.(?:" + "|".join(theme_script.BUNDLE_ONLY_CLASSES) + ")")
    assert dropped.search(original) and not [s for s in re.findall(r"[^{}]+(?=\{)", served)
                                             if dropped.search(re.sub(r":(?:not|is|where|has)\([^)]*\)", "", s))]
    # Every rule of the original that names none of them is served byte for byte.
    for rule in re.findall(r"[^{}@]+\{[^{}]*\}", original):
        if not dropped.search(rule.split("{")[0]):
            assert rule in served, rule


def test_css_without_classes_keeps_selectors_that_do_not_need_them():
    from mkstatus.outputs.stylesheets import css_without_classes

    css = ("a,.md-search b{x:1}@media screen{.md-tabs{y:2}.k{v:1}}@media print{.md-tabs__x{y:3}}"
           ".c:not(.md-search){z:1}:is(.a,.md-tooltip) d{w:1}@keyframes md-search{0%{a:b}}")
    assert css_without_classes(css, ("md-search", "md-tabs", "md-tooltip")) == (
        "a{x:1}@media screen{.k{v:1}}.c:not(.md-search){z:1}:is(.a,.md-tooltip) d{w:1}@keyframes md-search{0%{a:b}}")
