"""The MkDocs adapter: options, events, generated files. All logic lives in the core."""

from __future__ import annotations

import copy
import dataclasses
import logging
import os
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta as front_matter

from . import i18n
from . import rendering
from .buildinfo import BUILD_RECORD, build_record, find_commit, site_files
from .core.clock import ClockError, build_clock
from .core.load import load_site
from .core.siteconfig import DEFAULT_HISTORY_PAGE_SIZE
from .core.model import Site
from .core.status import status_snapshot
from .outputs import build_artifacts
from .outputs import compact_html, embed, freshness, pages, stylesheets
from .outputs.urls import MISSING_SITE_URL
from .core.project import read_project, source_url_for, status_options

log = logging.getLogger("mkdocs.plugins.mkstatus")
TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
ASSETS_URI = "assets/mkstatus/"
COLORS_CSS = ASSETS_URI + "colors.css"
ICONS_CSS = ASSETS_URI + "icons.css"
REPO_ICON = "fontawesome/brands/git-alt"  # Material's default for theme.icon.repo


class StatusConfig(base.Config):
    enabled = c.Type(bool, default=True)
    incidents_dir = c.Dir(exists=False, default="incidents")
    name = c.Optional(c.Type(str))
    timezone = c.Type(str, default="UTC")
    groups = c.Type(list, default=[])
    components = c.Type(list, default=[])
    # Any value: the loader checks it with a line number, the same way for `mkstatus check`.
    history_page_size = c.Type(object, default=DEFAULT_HISTORY_PAGE_SIZE)
    # Notification channels for `mkstatus notify`; any value, so the site's own validation
    # (siteconfig) reports a wrong one on its line, as `mkstatus check` does.
    notify = c.Optional(c.Type(object))
    # Any value here: siteconfig.py checks them and reports the mkdocs.yml line, as `mkstatus check` does.
    mirrors = c.Optional(c.Type(object))
    allowed_image_hosts = c.Optional(c.Type(object))
    stale_after = c.Optional(c.Type(object))


class StatusPlugin(BasePlugin[StatusConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.specs: dict[str, pages.PageSpec] = {}
        self.view: pages.SiteView | None = None
        self.files: Files | None = None
        self.notifications_url: str | None = None
        self.icons: list[str] = list(pages.ICONS)
        self.published: freshness.Published | None = None
        self.generated: list[File] = []
        self.pages: StatusPages | None = None
        self.nav = None
        self.serving = False
        self.last_good: Site | None = None  # kept across `mkdocs serve` rebuilds (on_startup makes it so)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Early: a broken incident fails the build before other plugins start their work, and their
    # on_config already sees the status templates and stylesheets registered.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            self.now = build_clock()
        except ClockError as exc:
            raise PluginError(str(exc)) from None
        config_path = Path(config.config_file_path or "mkdocs.yml")
        project, _ = read_project(config_path) if config_path.is_file() else (None, [])
        result = load_site(
            status_options(self.config), incidents_dir=Path(self.config.incidents_dir), root=config_path.parent,
            source=config_path.name, positions=project.positions if project else None,
            prefix=project.prefix if project else (), site_url=config.site_url or "",
            source_url=source_url_for(config.repo_url or "", config.edit_uri), default_name=config.site_name,
            directory_urls=config.use_directory_urls,  # feeds, API and calendar link where MkDocs writes pages
            now=self.now,
            history_page_size=self.config.history_page_size,
        )
        if result.ok:
            self.site = self.last_good = _with_language(result.site,
                                                        config.theme.get("language") or i18n.SOURCE_LANGUAGE)
        elif self.serving and self.last_good is not None:
            # A file saved half-way through an edit must not stop the preview: MkDocs would hold
            # every request until a build succeeds. Report it and keep showing the last good site.
            for diagnostic in result.diagnostics:
                log.error(str(diagnostic))
            log.error("status: still serving the last site that built; fix the problems above to see your changes")
            self.site = self.last_good
        else:
            raise PluginError("\n".join(str(d) for d in result.diagnostics))
        if not (config.site_url or "").strip():  # under mkdocs.plugins.*, so --strict fails, as `check` does
            log.warning(MISSING_SITE_URL)
        if config.copyright:  # Material prints it as HTML; it comes from mkdocs.yml, not from incident files
            config.copyright = Markup(config.copyright)
        self.commit = find_commit(config_path.parent)
        config.watch.append(str(self.config.incidents_dir))
        # After the user's custom_dir, so site_template/status/<name>.html overrides one template.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        config.extra_css.extend([ASSETS_URI + "status.css", COLORS_CSS, ICONS_CSS])
        for name in ("localtime.js", "fresh.js"):  # enhancements only: every page is complete without them
            script = c.ExtraScriptValue(ASSETS_URI + name)
            script.defer = True
            config.extra_javascript.append(script)
        return config

    # Early: other plugins' on_files (search exclusions, redirects, translations) find the status
    # pages and feeds in `files`; on_nav checks at the end that none of them was replaced.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.site is None:
            return None
        specs = pages.page_specs(self.site, self.config.history_page_size)
        generated: list[File] = []
        for spec in specs:
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, spec.src_uri, content=pages.page_markdown(spec), inclusion=inclusion)
            GeneratedPage(file, config, pages.page_meta(spec), spec.nav_title)  # becomes file.page, as MkDocs' Page does
            generated.append(file)
        status = status_snapshot(self.site, self.now)  # once: pages and artifacts read the same statuses
        artifacts = build_artifacts(self.site, status)
        self.published = freshness.published(self.site, self.now, self.commit, config.repo_url or "",
                                             artifacts[freshness.STATUS_JSON])
        for path, content in sorted(artifacts.items()):
            generated.append(File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        for asset in sorted(ASSETS.iterdir()):
            if asset.suffix == ".css":  # its comments are for readers of the package, not for every visitor
                generated.append(File.generated(config, ASSETS_URI + asset.name,
                                                content=stylesheets.css_without_comments(asset.read_text(encoding="utf-8"))))
            else:
                generated.append(File.generated(config, ASSETS_URI + asset.name, abs_src_path=str(asset)))
        generated.append(File.generated(config, COLORS_CSS, content=stylesheets.colors_css()))
        generated.append(File.generated(config, embed.SCRIPT_PATH, content=embed.embed_script(
            self.site.config.mirrors,
            {impact.value: _theme_icon(config, name) for impact, name in pages.IMPACT_ICONS.items()},
            i18n.language_for(self.site.config.language))))
        # The repository link's icon too: Material's header and drawer would inline it twice a page.
        self.icons = sorted({*pages.ICONS, (config.theme.get("icon") or {}).get("repo") or REPO_ICON})
        generated.append(File.generated(config, ICONS_CSS, content=stylesheets.icons_css(
            {name: _theme_icon(config, name) for name in self.icons})))
        _drop_unused_theme_assets(files, config)
        # A hand-written history.md is published at history/ as the generated history/index.md is:
        # MkDocs would let one silently replace the other, so both the source and the URL count.
        published = {f.dest_uri: f for f in files}
        for file in generated:
            existing = files.get_file_from_path(file.src_uri) or published.get(file.dest_uri)
            if existing is not None:
                what = "this file" if existing.src_uri == file.src_uri else f"{file.dest_uri}, where yours would go,"
                raise PluginError(f"{Path(config.docs_dir).name}/{existing.src_uri}: MkStatus generates {what} "
                                  f"itself; rename or remove yours (the status pages and feeds are built from incidents/)")
            files.append(file)
        self.specs = {spec.src_uri: spec for spec in specs}
        self.view = pages.build_view(self.site, status)
        self.files = files
        notifications = files.get_file_from_path(pages.NOTIFICATIONS)
        self.notifications_url = notifications.url if notifications else None
        self.generated = generated
        return files

    # Last: every plugin's on_files has run by now.
    @event_priority(-100)
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """Warn (fatal under --strict) when another plugin replaced or removed a file MkStatus generated,
        as literate-nav does: the site would publish something the incidents do not say."""
        if not self.config.enabled:
            return None
        self.nav = nav  # the status pages render with it (StatusPages), before MkDocs' own page loop
        for file in self.generated:
            if files.get_file_from_path(file.src_uri) is not file:
                log.warning("%s: another plugin replaced or removed this file after MkStatus generated it; "
                            "the published site would not match incidents/. Remove that plugin's handling of "
                            "this path or turn it off for the status site.", file.src_uri)
        return None

    # Last, so no other plugin's change to the environment turns autoescaping back off.
    @event_priority(-100)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled:
            return None
        # MkDocs renders themes without autoescaping, so Material prints titles, component names and
        # site_name as HTML in a dozen places (header, <title>, aria-labels, nav, footer). Escaping
        # every template, Material's included, makes each of those places safe at once; what is
        # HTML on purpose (page bodies, headings' titles, copyright) is marked Markup in the events.
        env.autoescape = True
        if env.bytecode_cache is None:
            env.bytecode_cache = rendering.COMPILED_TEMPLATES
        # Newstyle gettext: _() and ngettext() escape the values put into a translation.
        env.add_extension("jinja2.ext.i18n")
        lang = i18n.language_for(self.site.config.language if self.site else None)
        env.install_gettext_translations(lang.translations, newstyle=True)
        env.globals["mkstatus_feeds"] = pages.feed_links(lang)
        env.globals["mkstatus_published"] = self.published
        env.globals["mkstatus_icons"] = {name: stylesheets.icon_class(name) for name in self.icons}
        if self.view is not None and self.nav is not None:
            self.pages = StatusPages(self, env, config, files, self.nav)
        return env

    # Last, so the HTML that other plugins produced or changed is what gets marked as trusted.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.title is not None:
            # Escaped text as Markup prints exactly, also through Material's `striptags` in <title>.
            page.meta["title"] = page.title = escape(spec.title)
        else:
            _trust_markdown_titles(page)
        return Markup(html)

    # Last, so a page body that another plugin replaced is still printed as HTML.
    @event_priority(-100)
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict | None:
        if not self.config.enabled:
            return None
        if page.content is not None and not isinstance(page.content, Markup):
            page.content = Markup(page.content)
        if self.view is None:
            return None
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and not (self.pages and (self.pages.renders_elsewhere(page) or self.pages.reuses(page))):
            context["mkstatus"] = self.page_context(spec)
        return context

    def page_context(self, spec: pages.PageSpec) -> dict:
        return pages.context_for(spec, self.view, self._link, self.config.history_page_size,
                                 self.notifications_url)

    # Last: compacts the chrome of the final HTML, whatever other plugins added to it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        if self.pages and self.pages.compacted(output):
            return output
        # Every page, hand-written ones too: Material's indentation is 8 % of an incident page.
        return compact_html.compact_chrome(output)

    # Last of all plugins (priority -100): build.json hashes every file the build wrote, theirs too.
    # A failed build stops the page workers too (on_build_error).
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_rendering()
        if not self.config.enabled or self.site is None:
            return
        site_dir = Path(config.site_dir)
        (site_dir / BUILD_RECORD).write_text(build_record(
            built_at=self.now, commit=self.commit, site_url=self.site.config.site_url,
            mirrors=self.site.config.mirrors, files=site_files(site_dir)), encoding="utf-8")

    # Default priority: stopping the page workers does not depend on what other plugins do.
    def on_build_error(self, *, error: Exception) -> None:
        self._stop_rendering()

    def _stop_rendering(self) -> None:
        if self.pages is not None:
            self.pages.close()
            self.pages = None

    def _link(self, src_uri: str) -> str:
        """A generated page's URL from the site root, as MkDocs computed it for use_directory_urls."""
        return self.files.get_file_from_path(src_uri).url


def _trust_markdown_titles(page: Page) -> None:
    """A hand-written page's heading titles are HTML text (python-markdown escaped them), as MkDocs
    hands them to themes; a `title:` in its front-matter is plain text and gets escaped."""
    if "title" not in page.meta and page.title is not None and page.title == page._title_from_render:
        page.title = Markup(page.title)
    stack = list(page.toc or [])
    while stack:
        item = stack.pop()
        item.title = Markup(item.title)
        stack.extend(item.children)


def config_problems(config_file: Path) -> list[tuple[str, str]]:
    """(top-level key, message) for everything in mkdocs.yml that `mkdocs build --strict` rejects before
    it reads incidents: MkDocs' own validation (docs_dir, theme, plugin options), its warnings (fatal
    under --strict), the status plugin's option checks and a missing site_url. For `mkstatus check`,
    which validates the status options and incidents itself, with line numbers.
    """
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as handle:
            config.load_file(handle)
        errors, warnings = config.validate()
    except (ConfigurationError, OSError) as exc:
        return [("", str(exc))]
    problems = [(key, f"{message}") for key, message in [*errors, *warnings]]
    if not errors:
        plugin = config.plugins.get("status") or config.plugins.get("mkstatus")
        if isinstance(plugin, StatusPlugin) and plugin.config.enabled:
            if not (config.site_url or "").strip():
                problems.append(("site_url", MISSING_SITE_URL))
            language = config.theme.get("language") or i18n.SOURCE_LANGUAGE
            if not i18n.has_catalog(language):  # a warning in the build, so --strict fails
                problems.append(("theme", _no_catalog(language)))
    return problems


# Theme files no reader fetches: source maps (only a developer's browser tools ask for them), and
# with no search plugin the search worker and lunr's language support (0.9 MB, e.g. wordcut.js).
SOURCE_MAP = ".map"
SEARCH_ASSETS = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


def _drop_unused_theme_assets(files: Files, config: MkDocsConfig) -> None:
    searching = any(name == "search" or name.endswith("/search") for name in config.plugins)
    for file in list(files):
        if file.is_documentation_page() or not file.abs_src_path or not _from_theme(file, config):
            continue
        if file.src_uri.endswith(SOURCE_MAP) or (not searching and file.src_uri.startswith(SEARCH_ASSETS)):
            files.remove(file)


def _from_theme(file: File, config: MkDocsConfig) -> bool:
    """Whether MkDocs took the file from the installed theme (not from docs/ or custom_dir)."""
    custom = config.theme.custom_dir
    return not file.abs_src_path.startswith(config.docs_dir) and not (custom and file.abs_src_path.startswith(custom))


def _with_language(site: Site, language: str) -> Site:
    """The site in Material's theme.language; one without a catalog is built in English, with a warning."""
    if not i18n.has_catalog(language):
        log.warning(_no_catalog(language))
        language = i18n.SOURCE_LANGUAGE
    return dataclasses.replace(site, config=dataclasses.replace(site.config, language=language))


def _no_catalog(language: str) -> str:
    return (f"theme.language '{language}' has no MkStatus catalog, so the status pages are in English. "
            f"Translate generator/mkstatus/locale/mkstatus.pot (see docs/translations.md), "
            f"or choose one of: {', '.join(i18n.shipped_languages())}")


def _theme_icon(config: MkDocsConfig, name: str) -> str:
    """An icon's SVG as the theme resolves it (custom_dir first), e.g. "material/check-circle"."""
    for folder in config.theme.dirs:
        path = Path(folder, ".icons", name + ".svg")
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise PluginError(f"status: icon {name!r} not found in the theme's .icons folders ({', '.join(config.theme.dirs)})")


class GeneratedPage(Page):
    """A status page: its template writes the whole body, so its empty Markdown is neither parsed nor converted.

    MkDocs would parse each page's front-matter with PyYAML and build a Markdown instance with
    every extension to convert nothing (0.98 s of a profiled 1,000-incident build; now 0.04 s).
    A source or Markdown that another plugin supplies for the page still goes the usual way.
    """

    def __init__(self, file: File, config: MkDocsConfig, meta: dict, nav_title: str | None = None) -> None:
        super().__init__(None, file, config)
        self._generated_meta = meta
        self._nav_title = nav_title

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:
            self.markdown, self.meta = front_matter.get_data(source)
        else:
            self.markdown, self.meta = "", copy.deepcopy(self._generated_meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown and self.markdown.strip():
            return super().render(config, files)
        self.content, self.toc = "", get_toc([])
        self.present_anchor_ids, self.links_to_anchors = set(), {}
        # In the site's language, where MkDocs names a title-less home page "Home". Not a `title:`,
        # which Material would also put into the home page's <title>.
        self._title_from_render = self._nav_title


# Handlers of on_page_context known to leave the template context alone (they index the page).
READ_ONLY_CONTEXT_HANDLERS = ("mkdocs.contrib.search", "material.plugins.search")
CHROME_KINDS = {"incident": pages.incident_src, "component": pages.component_src, "history": pages.history_src}


class StatusPages:
    """Renders the generated status pages for MkDocs' page loop: the chrome once per kind of page
    (rendering.Chrome) and, on large sites, every page ahead in forked workers.

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
        self.chromes: dict[str, tuple[rendering.Chrome, Page]] = {}
        if self._context_is_ours() and os.environ.get(rendering.RENDER_WHOLE_ENV) != "1":
            for kind in CHROME_KINDS:
                self._make_chrome(kind)
        keys = [file.src_uri for file in self.doc_files if file.src_uri in plugin.specs]
        workers, why = rendering.pool_size(len(keys))
        self.pool = rendering.PagePool(self._render_in_worker, keys, workers) if workers > 1 else None
        self.pooled = set(keys) if self.pool else set()
        # Rebuilds in one process (mkdocs serve) reuse each incident page's content block while its
        # incident, its templates and mkdocs.yml are unchanged; pages that list incidents re-render.
        self.fingerprint = _templates_fingerprint(config) if not self.pool else None
        self.contents: dict[str, tuple[tuple, str]] = {}
        self.reused = 0
        chrome = f"; chrome once for {', '.join(sorted(self.chromes))} pages" if self.chromes else ""
        log.info(f"MkStatus: rendering {len(keys)} status pages in {workers} worker processes{chrome}"
                 if self.pool else f"MkStatus: rendering {len(keys)} status pages in the build process ({why}){chrome}")
        env.get_template = self._template_for_mkdocs

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.env.get_template = self.get_template
        if self.fingerprint is not None:
            rendering.LAST_CONTENTS = self.contents
            if self.reused:
                log.info(f"MkStatus: reused {self.reused} unchanged incident pages from the last build")

    def reuses(self, page: Page) -> bool:
        """Whether the page's content block is the last build's (its context is not needed)."""
        key = self._content_key(page)
        return key is not None and rendering.LAST_CONTENTS.get(page.file.src_uri, (None,))[0] == key

    def _content_key(self, page: Page) -> tuple | None:
        """What an incident page's content block depends on, or None when it is not kept."""
        spec = self.plugin.specs.get(page.file.src_uri)
        chrome = self.chromes.get("incident")
        if self.fingerprint is None or spec is None or spec.kind != "incident" or chrome is None \
                or not self._fits(page, spec, chrome[1]):
            return None
        incident = self.plugin.view.by_id[str(spec.key)]
        # The loader hands back the same Incident object for an unchanged file and site config.
        # An incident without an end shows how long it has lasted so far: it depends on the clock.
        return (self.fingerprint, chrome[0].parts, page.url, incident,
                self.plugin.now if incident.end is None else None)

    def renders_elsewhere(self, page: Page) -> bool:
        return not rendering.IN_WORKER and page.file.src_uri in self.pooled and not self.pool.failed

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
        """The page's HTML for MkDocs: from a worker, or rendered here with MkDocs' context."""
        html = self.pool.take(page.file.src_uri) if page.file.src_uri in self.pooled else None
        key = self._content_key(page) if html is None else None
        if key is not None and rendering.LAST_CONTENTS.get(page.file.src_uri, (None,))[0] == key:
            content = rendering.LAST_CONTENTS[page.file.src_uri][1]
            html = self.chromes["incident"][0].fill(page.meta["title"], str(key[3].id), content)
            self.contents[page.file.src_uri] = (key, content)
            self.reused += 1
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
            content = rendering.render_content(template, context)
            if key is not None:
                self.contents[page.file.src_uri] = (key, content)
            return chrome[0].fill(page.meta["title"], str(spec.key), content)
        return compact_html.compact_chrome(template.render(context))

    def _fits(self, page: Page, spec: pages.PageSpec, stand_in: Page) -> bool:
        """Whether the page's chrome is the stand-in's with its title and key filled in."""
        key = str(spec.key)
        title = page.meta.get("title")
        return (rendering.fits_chrome(title, key) and page.title == title
                and page.url == stand_in.url.replace(rendering.KEY, key)
                and page.canonical_url == (stand_in.canonical_url.replace(rendering.KEY, key)
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
        """The chrome of one kind of page, if two real pages come out the same with it as without."""
        specs = [s for s in self.plugin.specs.values() if s.kind == kind and not (kind == "history" and s.key == 1)]
        if not specs:
            return
        src_uri = CHROME_KINDS[kind](rendering.KEY)
        stand_in = GeneratedPage(File.generated(self.config, src_uri, content=""), self.config,
                                 pages.page_meta(replace(specs[0], src_uri=src_uri, key=rendering.KEY,
                                                         title=rendering.TITLE)))
        stand_in.read_source(self.config)
        stand_in.render(self.config, self.files)
        try:
            with _current(self.config, stand_in):
                template = self.get_template(stand_in.meta.get("template", "main.html"))
                html = rendering.render_chrome(template, get_context(self.nav, self.doc_files, self.config,
                                                                             stand_in))
        except Exception as exc:  # noqa: BLE001 - a template that needs a real page renders each page whole
            log.debug(f"MkStatus: {kind} pages render whole: their chrome needs a real page ({exc!r})")
            return
        chrome = rendering.Chrome(compact_html.compact_chrome(html))
        if not chrome.complete:
            return
        self.chromes[kind] = (chrome, stand_in)
        samples = [page for page in (self.files.get_file_from_path(s.src_uri).page for s in (specs[0], specs[-1]))
                   if self._fits(page, self.plugin.specs[page.file.src_uri], stand_in)]
        for page in samples:
            with _current(self.config, page):
                template = self.get_template(page.meta.get("template", "main.html"))
                context = get_context(self.nav, self.doc_files, self.config, page)
                context["mkstatus"] = self.plugin.page_context(self.plugin.specs[page.file.src_uri])
                try:
                    same = self._render(page, template, context) == compact_html.compact_chrome(template.render(context))
                except Exception as exc:  # noqa: BLE001 - e.g. a content block needing what only the chrome sets
                    same = False
                    log.debug(f"MkStatus: {kind} pages' content block fails on its own: {exc!r}")
                if not same:
                    log.debug(f"MkStatus: {kind} pages render whole: the chrome differs between them")
                    del self.chromes[kind]
                    return


def _templates_fingerprint(config: MkDocsConfig) -> tuple:
    """mkdocs.yml and every template the theme may load (path, size, modification time)."""
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
