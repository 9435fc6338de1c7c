"""The MkDocs adapter: options, events, generated files. All logic lives in the core.

The package is the only part of MkStatus that imports MkDocs: this module the plugin's options and
events; page.py the generated pages' Page; render.py the status pages in MkDocs' page loop;
chrome.py (Jinja only) the theme's chrome rendered once; compiled.py (Jinja only) the compiled
templates kept between builds; workers.py (processes only) the forked render workers; background.py
(processes only) the forked worker making the feeds and calendar of large builds.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import i18n
from . import theme_script
from ..buildinfo import BUILD_RECORD, build_record, find_commit, site_files
from ..core import diskcache
from ..core.clock import ClockError, build_clock
from ..core.load import load_site
from ..core.siteconfig import DEFAULT_HISTORY_PAGE_SIZE
from ..core.model import Site
from ..outputs.kept import Kept
from ..outputs.urls import MISSING_SITE_URL
from ..core.project import read_project, source_url_for, status_options

# The outputs and the page renderer are imported in the events that use them: `mkstatus check`
# validates mkdocs.yml through this module and needs none of them (a fifth of its start-up).
if TYPE_CHECKING:
    from ..outputs import freshness, pages
    from .background import Background
    from .render import StatusPages

log = logging.getLogger("mkdocs.plugins.mkstatus")
TEMPLATES = Path(__file__).parent.parent / "templates"
ASSETS = Path(__file__).parent.parent / "assets"
ASSETS_URI = "assets/mkstatus/"
COLORS_CSS = ASSETS_URI + "colors.css"
ICONS_CSS = ASSETS_URI + "icons.css"
REPO_ICON = "fontawesome/brands/git-alt"  # Material's default for theme.icon.repo
LOGO_ICON = "material/library"  # and for theme.icon.logo


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
    # "auto": MkStatus' small theme script instead of Material's bundle unless the site uses what only
    # the bundle does (theme_script.py); "always": Material's bundle on every page.
    material_script = c.Choice(theme_script.CHOICES, default=theme_script.AUTO)


class StatusPlugin(BasePlugin[StatusConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.specs: dict[str, pages.PageSpec] = {}
        self.view: pages.SiteView | None = None
        self.files: Files | None = None
        self.notifications_url: str | None = None
        self.icons: list[str] = []  # the icons pages use (on_files)
        self.published: freshness.Published | None = None
        self.generated: list[File] = []
        self.pages: StatusPages | None = None
        self.theme_script: str | None = None  # MkStatus' script in place of Material's bundle, or None
        self.nav = None
        self.serving = False
        self.last_good: Site | None = None  # kept across `mkdocs serve` rebuilds (on_startup makes it so)
        self.kept = Kept()  # likewise: feed and API entries, page views and the calendar of unchanged incidents
        self.hashed: dict[str, tuple[bytes, str]] = {}  # likewise: build.json's hash of each file's bytes
        self.feeds: Background | None = None  # the feeds and calendar, made in a worker in large builds

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
        from ..core.status import status_snapshot
        from ..outputs import (api_and_badges, embed, feeds_and_calendar, feeds_and_calendar_files, freshness, pages,
                               stylesheets)
        from . import workers
        from .background import Background
        from .page import GeneratedPage

        specs = pages.page_specs(self.site, self.config.history_page_size)
        generated: list[File] = []
        for spec in specs:
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, spec.src_uri, content=pages.page_markdown(spec), inclusion=inclusion)
            GeneratedPage(file, config, pages.page_meta(spec), spec.nav_title)  # becomes file.page, as MkDocs' Page does
            generated.append(file)
        status = status_snapshot(self.site, self.now)  # once: pages and artifacts read the same statuses
        kept = self.kept if self.serving else None
        if kept is not None:
            kept.start(self.site.config)
        artifacts = api_and_badges(self.site, status, kept)
        if not self.serving and workers.pool_size(len(specs))[0] > 1:
            # Made in a worker while MkDocs reads the pages; on_env fills them in before MkDocs writes files.
            site = self.site
            self.feeds = Background(lambda: feeds_and_calendar(site))
            artifacts.update(dict.fromkeys(feeds_and_calendar_files(site.config), b""))
        else:
            artifacts.update(feeds_and_calendar(self.site, kept))
        self.published = freshness.published(self.site, self.now, self.commit, config.repo_url or "",
                                             artifacts[freshness.STATUS_JSON])
        for path, content in sorted(artifacts.items()):
            generated.append(File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        for asset in sorted(ASSETS.iterdir()):
            if asset.suffix == ".css":  # its comments are for readers of the package, not for every visitor
                generated.append(File.generated(config, ASSETS_URI + asset.name,
                                                content=stylesheets.css_without_comments(asset.read_text(encoding="utf-8"))))
            elif asset.suffix == ".js":
                generated.append(File.generated(config, ASSETS_URI + asset.name, content=stylesheets.script_without_comments(
                    asset.read_text(encoding="utf-8"))))
            else:
                generated.append(File.generated(config, ASSETS_URI + asset.name, abs_src_path=str(asset)))
        generated.append(File.generated(config, COLORS_CSS, content=stylesheets.colors_css() + stylesheets.phone_window_css()))
        generated.append(File.generated(config, embed.SCRIPT_PATH, content=embed.embed_script(
            self.site.config.mirrors,
            {impact.value: _theme_icon(config, name) for impact, name in pages.IMPACT_ICONS.items()},
            i18n.language_for(self.site.config.language))))
        # The repository link's icon too: Material's header and drawer would inline it twice a page;
        # and the palette toggle's and the logo's (partials/palette.html, logo.html) where the theme has them.
        self.icons = sorted({*pages.ICONS, (config.theme.get("icon") or {}).get("repo") or REPO_ICON,
                             *_chrome_icons(config)})
        generated.append(File.generated(config, ICONS_CSS, content=stylesheets.icons_css(
            {name: _theme_icon(config, name) for name in self.icons})))
        _drop_unused_theme_assets(files, config)
        self.theme_script = _theme_script(self.config.material_script, config)
        if self.theme_script:
            _without_bundle_only_styles(files, config)
        # A hand-written history.md is published at history/ as the generated history/index.md is:
        # MkDocs would let one silently replace the other, so both the source and the URL count.
        # Every such file is named at once, as for incidents.
        published = {f.dest_uri: f for f in files}
        clashes = []
        for file in generated:
            existing = files.get_file_from_path(file.src_uri) or published.get(file.dest_uri)
            if existing is not None:
                what = "this file" if existing.src_uri == file.src_uri else f"{file.dest_uri}, where yours would go,"
                clashes.append(f"{Path(config.docs_dir).name}/{existing.src_uri}: MkStatus generates {what} itself; "
                               "rename or remove yours (the status pages and feeds are built from incidents/)")
        if clashes:
            raise PluginError("\n".join(clashes))
        for file in generated:
            files.append(file)
        self.specs = {spec.src_uri: spec for spec in specs}
        self.view = pages.build_view(self.site, status, kept)
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
        from ..outputs import pages, stylesheets
        from .compiled import COMPILED_TEMPLATES
        from .render import StatusPages

        # MkDocs renders themes without autoescaping, so Material prints titles, component names and
        # site_name as HTML in a dozen places (header, <title>, aria-labels, nav, footer). Escaping
        # every template, Material's included, makes each of those places safe at once; what is
        # HTML on purpose (page bodies, headings' titles, copyright) is marked Markup in the events.
        env.autoescape = True
        if env.bytecode_cache is None:
            env.bytecode_cache = COMPILED_TEMPLATES
        # Newstyle gettext: _() and ngettext() escape the values put into a translation.
        env.add_extension("jinja2.ext.i18n")
        lang = i18n.language_for(self.site.config.language if self.site else None)
        env.install_gettext_translations(lang.translations, newstyle=True)
        env.globals["mkstatus_feeds"] = pages.feed_links(lang)
        env.globals["mkstatus_published"] = self.published
        env.globals["mkstatus_icons"] = {name: stylesheets.icon_class(name) for name in self.icons}
        env.globals["mkstatus_theme_script"] = self.theme_script
        if self.view is not None and self.nav is not None:
            self.pages = StatusPages(self, env, config, files, self.nav)  # forks the page workers first
        self._fill_feeds_and_calendar()
        return env

    def _fill_feeds_and_calendar(self) -> None:
        """The feeds and calendar from their worker into the files on_files added for them (or made
        here if the worker failed): MkDocs writes files right after on_env."""
        if self.feeds is None:
            return
        from ..outputs import feeds_and_calendar, feeds_and_calendar_files

        made_elsewhere, made = self.feeds.result()
        self.feeds = None
        if not made_elsewhere:
            made = feeds_and_calendar(self.site)
        generated = {file.src_uri: file for file in self.generated}
        if sorted(made) != sorted(feeds_and_calendar_files(self.site.config)):
            raise PluginError(f"MkStatus: internal error: the feeds and calendar written ({', '.join(sorted(made))}) "
                              "are not the files announced to MkDocs; please report this")
        for path, content in made.items():
            generated[path].content_bytes = content

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
        from ..outputs import pages

        return pages.context_for(spec, self.view, self._link, self.config.history_page_size,
                                 self.notifications_url)

    # Last: compacts the chrome of the final HTML, whatever other plugins added to it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        if self.pages and self.pages.compacted(output):
            return output
        from ..outputs import compact_html

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
            mirrors=self.site.config.mirrors, files=site_files(site_dir), known=self.hashed if self.serving else None),
            encoding="utf-8")

    # Default priority: stopping the page workers does not depend on what other plugins do.
    def on_build_error(self, *, error: Exception) -> None:
        self._stop_rendering()

    def _stop_rendering(self) -> None:
        if self.feeds is not None:
            self.feeds.stop()
            self.feeds = None
        if self.pages is not None:
            self.pages.close()
            self.pages = None

    def _link(self, src_uri: str) -> str:
        """A generated page's URL from the site root, as MkDocs computed it for use_directory_urls."""
        # src_uris, not get_file_from_path: our paths are MkDocs' own already, and pages ask ~3,000 times a build.
        return self.files.src_uris[src_uri].url


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


def _without_bundle_only_styles(files: Files, config: MkDocsConfig) -> None:
    """Material's main.css less the rules of what only its bundle draws (search, tooltips, ...), for
    pages that load MkStatus' theme script: same file name, everything else byte for byte."""
    for file in list(files):
        if re.fullmatch(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css", file.src_uri) and file.abs_src_path \
                and _from_theme(file, config):
            css = Path(file.abs_src_path).read_text(encoding="utf-8")
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=_css_without_bundle_classes(css)))


_filtered_css: dict[str, str] = {}  # the last result, for `mkdocs serve`'s rebuilds


def _css_without_bundle_classes(css: str) -> str:
    """stylesheets.css_without_classes of Material's main.css, kept in memory and on disk (diskcache's
    "stylesheets"): the same 0.1 s of work on the same file every build. The key is the stylesheet, the
    classes and the source of stylesheets.py, so an edited filter or another Material filters afresh."""
    from ..outputs import stylesheets

    key = diskcache.key_for(Path(stylesheets.__file__).read_text(encoding="utf-8"),
                            repr(theme_script.BUNDLE_ONLY_CLASSES), css)
    if key in _filtered_css:
        return _filtered_css[key]
    folder = diskcache.cache_folder("stylesheets")
    filtered = diskcache.read_text(folder, key)
    if filtered is None:
        filtered = stylesheets.css_without_classes(css, theme_script.BUNDLE_ONLY_CLASSES)
        diskcache.write_text(folder, key, filtered)
    _filtered_css.clear()
    _filtered_css[key] = filtered
    return filtered


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


def _theme_script(choice: str, config: MkDocsConfig) -> str | None:
    """MkStatus' theme script for main.html, or None where the site keeps Material's bundle (and why)."""
    reasons = theme_script.bundle_reasons(
        features=config.theme.get("features") or [], plugins=list(config.plugins), extra=config.extra or {},
        mdx_configs=config.mdx_configs or {})
    if choice == theme_script.AUTO and reasons:
        log.info(f"MkStatus: pages load Material's full script for: {', '.join(reasons)}")
    return theme_script.theme_script(choice, reasons)


def _chrome_icons(config: MkDocsConfig) -> list[str]:
    """The palette toggle's icons and the logo's (when no image is set) that the theme's .icons folders
    hold; the logo's only when square, as Material sizes it by its height. Any other is inlined, as
    Material does."""
    palette = config.theme.get("palette")
    options = palette if isinstance(palette, list) else []
    names = [(option.get("toggle") or {}).get("icon") for option in options if isinstance(option, dict)]
    found = [name for name in names if isinstance(name, str) and name and _icon_path(config, name)]
    logo = (config.theme.get("icon") or {}).get("logo") or LOGO_ICON
    path = None if config.theme.get("logo") or not isinstance(logo, str) else _icon_path(config, logo)
    if path is not None and _square(path.read_text(encoding="utf-8")):
        found.append(logo)
    return found


def _icon_path(config: MkDocsConfig, name: str) -> Path | None:
    for folder in config.theme.dirs:
        path = Path(folder, ".icons", name + ".svg")
        if path.is_file():
            return path
    return None


def _square(svg: str) -> bool:
    """Whether an SVG's viewBox is square (Material sizes the logo by height, a mask by its box)."""
    box = re.search(r'viewBox="([^"]*)"', svg)
    numbers = box.group(1).replace(",", " ").split() if box else []
    return len(numbers) == 4 and numbers[2] == numbers[3]


def _theme_icon(config: MkDocsConfig, name: str) -> str:
    """An icon's SVG as the theme resolves it (custom_dir first), e.g. "material/check-circle"."""
    for folder in config.theme.dirs:
        path = Path(folder, ".icons", name + ".svg")
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise PluginError(f"status: icon {name!r} not found in the theme's .icons folders ({', '.join(config.theme.dirs)})")
