"""The status pages in MkDocs' page loop: each page's HTML from a worker, from the last build
(`mkdocs serve`), or rendered here with the theme's chrome once per kind of page."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..outputs import compact_html, pages
from . import workers
from .chrome import KEY, RENDER_WHOLE_ENV, TITLE, Chrome, fits_chrome, render_chrome, render_content
from .page import GeneratedPage

if TYPE_CHECKING:
    from . import StatusPlugin

log = logging.getLogger("mkdocs.plugins.mkstatus")

# Incident pages' content blocks of the last build in this process, with what each depends on.
LAST_CONTENTS: dict[str, tuple[tuple, str]] = {}
# Per kind of page, the chrome that passed the check in the last build in this process, with the
# templates and mkdocs.yml it came from (mkdocs serve checks again only when one of them changed).
CHECKED_CHROMES: dict[str, tuple] = {}
LAST_FINGERPRINT: tuple | None = None

# Handlers of on_page_context known to leave the template context alone (they index the page).
READ_ONLY_CONTEXT_HANDLERS = ("mkdocs.contrib.search", "material.plugins.search")
CHROME_KINDS = {"incident": pages.incident_src, "component": pages.component_src, "history": pages.history_src}


class StatusPages:
    """Renders the generated status pages for MkDocs' page loop: the chrome once per kind of page
    (Chrome) and, on large sites, most pages ahead in forked workers (PagePool).

    MkDocs still runs every event for every page in the build process (other plugins see each
    page as usual); only the template's render is replaced by the prerendered HTML. Workers run
    the same steps MkDocs' `_build_page` runs before rendering (get_context, on_page_context),
    so a page's HTML is the same whichever process renders it.
    """

    def __init__(self, plugin: StatusPlugin, env, config: MkDocsConfig, files: Files, nav) -> None:
        self.plugin, self.env, self.config, self.files, self.nav = plugin, env, config, files, nav
        self.get_template = env.get_template
        self.doc_files = files.documentation_pages()
        self._last_output: str | None = None
        self.chromes: dict[str, tuple[Chrome, Page]] = {}
        keys = [file.src_uri for file in self.doc_files if file.src_uri in plugin.specs]
        count, why = workers.pool_size(len(keys))
        if plugin.serving and count > 1:
            # mkdocs serve's first build (its rebuilds run beside the server's threads): rendered here,
            # so that the first save reuses its pages instead of rendering every one in this process.
            count, why = 1, "mkdocs serve keeps each page for the next rebuild"
        # Rebuilds in one process (mkdocs serve) reuse each incident page's content block while its
        # incident, its templates and mkdocs.yml are unchanged; pages that list incidents re-render.
        # A plain build keeps none: nothing would reuse them (10,000 pages' blocks are ~50 MB).
        self.fingerprint = _templates_fingerprint(config) if count == 1 and plugin.serving else None
        self.contents: dict[str, tuple[tuple, str]] = {}
        self.reused = self.reused_others = 0
        # Pages the chrome check rendered whole: that is their HTML, so the check costs no render twice.
        self.prerendered: dict[str, str] = {}
        if self._context_is_ours() and os.environ.get(RENDER_WHOLE_ENV) != "1":
            for kind in CHROME_KINDS:
                self._make_chrome(kind)
        pooled = [key for key in keys if key not in self.prerendered]
        self.pool = workers.PagePool(self._render_in_worker, pooled, count) if count > 1 else None
        self.pooled = set(pooled) if self.pool else set()
        chrome = f"; chrome once for {', '.join(sorted(self.chromes))} pages" if self.chromes else ""
        if self.pool:
            helpers = f"{self.pool.workers} worker process{'es' if self.pool.workers > 1 else ''}"
            log.info(f"MkStatus: rendering {len(keys)} status pages in the build process and {helpers}{chrome}")
        else:
            log.info(f"MkStatus: rendering {len(keys)} status pages in the build process ({why}){chrome}")
        env.get_template = self._template_for_mkdocs

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.env.get_template = self.get_template
        if self.fingerprint is not None:
            global LAST_CONTENTS
            LAST_CONTENTS = self.contents
            if self.reused:
                log.info(f"MkStatus: reused {self.reused} unchanged incident pages from the last build")
            if self.reused_others:
                log.info(f"MkStatus: reused the content of {self.reused_others} other status pages "
                         f"whose context is unchanged")

    def reuses(self, page: Page) -> bool:
        """Whether the page's content block is the last build's (its context is not needed)."""
        key = self._content_key(page)
        return key is not None and LAST_CONTENTS.get(page.file.src_uri, (None,))[0] == key

    def _content_key(self, page: Page, context: dict | None = None) -> tuple | None:
        """What a page's content block depends on, or None when it is not kept: for an incident page
        its Incident (no context needed), for other pages with a chrome their whole `mkstatus`
        context, compared by value (history and component pages show many incidents; most saves
        change none of theirs)."""
        spec = self.plugin.specs.get(page.file.src_uri)
        chrome = self.chromes.get(spec.kind) if spec is not None else None
        if self.fingerprint is None or chrome is None or not self._fits(page, spec, chrome[1]):
            return None
        if spec.kind != "incident":
            shown = (context or {}).get("mkstatus")
            return None if shown is None else (self.fingerprint, chrome[0].parts, page.url, shown)
        incident = self.plugin.view.by_id[str(spec.key)]
        # The loader hands back the same Incident object for an unchanged file and site config.
        # An incident without an end shows how long it has lasted so far: it depends on the clock.
        return (self.fingerprint, chrome[0].parts, page.url, incident,
                self.plugin.now if incident.end is None else None)

    def renders_elsewhere(self, page: Page) -> bool:
        """Whether the page's HTML comes from a worker or the chrome check (its context is not needed)."""
        return not workers.IN_WORKER and (page.file.src_uri in self.prerendered
                                          or (page.file.src_uri in self.pooled and self.pool.renders(page.file.src_uri)))

    def compacted(self, output: str) -> bool:
        """Whether this is the HTML handed to MkDocs, untouched: it is compacted already."""
        return output is self._last_output

    def _template_for_mkdocs(self, name, parent=None, globals=None):
        page = self.config._current_page
        if (parent is None and globals is None and page is not None and page.file.src_uri in self.plugin.specs
                and name == page.meta.get("template", "main.html")):
            return _Prerendered(self, page, self.get_template(name))
        return self.get_template(name, parent, globals)

    def html(self, page: Page, template, context: dict) -> str:
        """The page's HTML for MkDocs: from the chrome check or a worker, or rendered here with MkDocs' context."""
        html = self.prerendered.pop(page.file.src_uri, None)
        if html is None and page.file.src_uri in self.pooled:
            html = self.pool.take(page.file.src_uri)
        key = self._content_key(page, context) if html is None else None
        last = LAST_CONTENTS.get(page.file.src_uri)
        if key is not None and last is not None and last[0] == key:
            spec = self.plugin.specs[page.file.src_uri]
            html = self.chromes[spec.kind][0].fill(page.meta["title"], str(spec.key), last[1])
            self.contents[page.file.src_uri] = last
            if spec.kind == "incident":
                self.reused += 1
            else:
                self.reused_others += 1
        elif html is None:
            if "mkstatus" not in context:  # the pool failed after on_page_context left it to a worker
                context["mkstatus"] = self.plugin.page_context(self.plugin.specs[page.file.src_uri])
            html = self._render(page, template, context, key)
        self._last_output = html
        return html

    def _render_in_worker(self, src_uri: str) -> str:
        """What MkDocs' _build_page does up to the render, for one page, in a worker."""
        page = self.files.get_file_from_path(src_uri).page
        self.config._current_page, page.active = page, True
        try:
            context = get_context(self.nav, self.doc_files, self.config, page)
            template = self.get_template(page.meta.get("template", "main.html"))
            context = self.config.plugins.on_page_context(context, page=page, config=self.config, nav=self.nav)
            return self._render(page, template, context)
        finally:
            self.config._current_page, page.active = None, False

    def _render(self, page: Page, template, context: dict, key: tuple | None = None) -> str:
        spec = self.plugin.specs[page.file.src_uri]
        chrome = self.chromes.get(spec.kind)
        if chrome is not None and self._fits(page, spec, chrome[1]):
            content = render_content(template, context)
            if key is not None:
                self.contents[page.file.src_uri] = (key, content)
            return chrome[0].fill(page.meta["title"], str(spec.key), content)
        return compact_html.compact_chrome(template.render(context))

    def _fits(self, page: Page, spec: pages.PageSpec, stand_in: Page) -> bool:
        """Whether the page's chrome is the stand-in's with its title and key filled in."""
        key = str(spec.key)
        title = page.meta.get("title")
        return (fits_chrome(title, key) and page.title == title
                and page.url == stand_in.url.replace(KEY, key)
                and page.canonical_url == (stand_in.canonical_url.replace(KEY, key)
                                           if stand_in.canonical_url else None)
                and page.previous_page is None and page.next_page is None and page.parent is None
                and {k: v for k, v in page.meta.items() if k != "title"}
                == {k: v for k, v in stand_in.meta.items() if k != "title"})

    def _context_is_ours(self) -> bool:
        """No other plugin changes page contexts, so the chrome can be rendered for a stand-in page."""
        return all(getattr(handler, "__self__", None) is self.plugin
                   or type(getattr(handler, "__self__", None)).__module__.startswith(READ_ONLY_CONTEXT_HANDLERS)
                   for handler in self.config.plugins.events["page_context"])

    def _make_chrome(self, kind: str) -> None:
        """The chrome of one kind of page, if two real pages come out the same with it as without.

        Those two pages' whole renders are kept as their HTML: the check renders no page twice.
        """
        specs = [s for s in self.plugin.specs.values() if s.kind == kind and not (kind == "history" and s.key == 1)]
        if not specs:
            return
        src_uri = CHROME_KINDS[kind](KEY)
        stand_in = GeneratedPage(File.generated(self.config, src_uri, content=""), self.config,
                                 pages.page_meta(replace(specs[0], src_uri=src_uri, key=KEY,
                                                         title=TITLE)))
        stand_in.read_source(self.config)
        stand_in.render(self.config, self.files)
        try:
            with _current(self.config, stand_in):
                template = self.get_template(stand_in.meta.get("template", "main.html"))
                html = render_chrome(template, get_context(self.nav, self.doc_files, self.config,
                                                                             stand_in))
        except Exception as exc:  # noqa: BLE001 - a template that needs a real page renders each page whole
            log.debug(f"MkStatus: {kind} pages render whole: their chrome needs a real page ({exc!r})")
            return
        chrome = Chrome(compact_html.compact_chrome(html))
        if not chrome.complete:
            return
        self.chromes[kind] = (chrome, stand_in)
        verdict = (self.fingerprint, tuple(chrome.parts))
        if self.fingerprint is not None and CHECKED_CHROMES.get(kind) == verdict:
            return  # mkdocs serve: this chrome, from these templates and mkdocs.yml, passed in the last build
        samples = [page for page in (self.files.get_file_from_path(s.src_uri).page for s in (specs[0], specs[-1]))
                   if self._fits(page, self.plugin.specs[page.file.src_uri], stand_in)]
        for page in samples:
            src_uri = page.file.src_uri
            with _current(self.config, page):
                template = self.get_template(page.meta.get("template", "main.html"))
                context = get_context(self.nav, self.doc_files, self.config, page)
                context["mkstatus"] = self.plugin.page_context(self.plugin.specs[src_uri])
                try:
                    whole = compact_html.compact_chrome(template.render(context))
                except Exception as exc:  # noqa: BLE001 - MkDocs' page loop reports the page's error itself
                    log.debug(f"MkStatus: {kind} pages render whole: {src_uri} fails ({exc!r})")
                    del self.chromes[kind]
                    return
                self.prerendered[src_uri] = whole
                try:
                    same = self._render(page, template, context, self._content_key(page, context)) == whole
                except Exception as exc:  # noqa: BLE001 - e.g. a content block needing what only the chrome sets
                    same = False
                    log.debug(f"MkStatus: {kind} pages' content block fails on its own: {exc!r}")
                if not same:
                    log.debug(f"MkStatus: {kind} pages render whole: the chrome differs between them")
                    self.contents.pop(src_uri, None)
                    del self.chromes[kind]
                    return
        if self.fingerprint is not None:
            CHECKED_CHROMES[kind] = verdict


def _templates_fingerprint(config: MkDocsConfig) -> tuple:
    """mkdocs.yml and every template the theme may load (path, size, modification time); the last
    build's object when equal, so that each page's content key compares it by identity."""
    global LAST_FINGERPRINT
    fingerprint = _read_fingerprint(config)
    if fingerprint != LAST_FINGERPRINT:
        LAST_FINGERPRINT = fingerprint
    return LAST_FINGERPRINT


def _read_fingerprint(config: MkDocsConfig) -> tuple:
    seen = []
    for folder in config.theme.dirs:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in (".icons", "assets"))
            for name in sorted(names):
                if name.endswith(".html"):
                    stat = os.stat(os.path.join(root, name))
                    seen.append((root, name, stat.st_size, stat.st_mtime_ns))
    config_file = Path(config.config_file_path or "mkdocs.yml")
    return (config_file.read_bytes() if config_file.is_file() else b"", tuple(seen))


class _current:
    """The page MkDocs is building, as _build_page marks it, for the duration of a render."""

    def __init__(self, config: MkDocsConfig, page: Page) -> None:
        self.config, self.page = config, page

    def __enter__(self) -> None:
        self.config._current_page, self.page.active = self.page, True

    def __exit__(self, *exc) -> None:
        self.config._current_page, self.page.active = None, False


class _Prerendered:
    """Stands in for a status page's template in MkDocs' page loop: "renders" the page's HTML."""

    def __init__(self, pages_: StatusPages, page: Page, template) -> None:
        self.pages, self.page, self.template = pages_, page, template

    def render(self, context: dict) -> str:
        return self.pages.html(self.page, self.template, context)
