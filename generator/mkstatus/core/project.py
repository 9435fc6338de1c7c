"""Reading a status site from its mkdocs.yml without MkDocs, for the CLI and for line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Mapping

from . import yamlsource
from .diagnostics import Diagnostic
from .load import MAX_FILE_BYTES, LoadResult, load_site
from .model import SiteConfig
from .siteconfig import DEFAULT_HISTORY_PAGE_SIZE, load_site_config

PLUGIN_NAMES = ("status", "mkstatus")
# MkDocs' names, and ProperDocs' (its fork asks users to rename the file), in the order looked for.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


@dataclass
class Project:
    config_path: Path
    options: dict
    positions: yamlsource.Positions
    prefix: tuple  # key path of the plugin options inside mkdocs.yml
    site_name: str
    site_url: str
    source_url: str

    @property
    def root(self) -> Path:
        return self.config_path.parent

    @property
    def incidents_dir(self) -> Path:
        return self.root / str(self.options.get("incidents_dir") or "incidents")

    def load(self, now: datetime | None = None) -> LoadResult:
        """The whole site: the configuration and every incident file (and, given the build clock, no
        time after it)."""
        return load_site(status_options(self.options), incidents_dir=self.incidents_dir, root=self.root,
                         now=now, history_page_size=self.options.get("history_page_size", DEFAULT_HISTORY_PAGE_SIZE),
                         **self._context())

    def load_config(self) -> tuple[SiteConfig | None, list[Diagnostic]]:
        """The configuration alone, for commands that edit one file."""
        return load_site_config(status_options(self.options), **self._context())

    def _context(self) -> dict:
        return dict(source=self.config_path.name, positions=self.positions, prefix=self.prefix,
                    site_url=self.site_url, source_url=self.source_url, default_name=self.site_name)


# Plugin options that steer the build rather than describe the status page.
PLUGIN_ONLY_OPTIONS = {"enabled", "incidents_dir", "history_page_size", "material_script"}


def status_options(options: Mapping) -> dict:
    """The plugin options that describe the status page (name, timezone, groups, components)."""
    return {key: value for key, value in options.items() if key not in PLUGIN_ONLY_OPTIONS}


def find_config(start: Path) -> Path | None:
    """The mkdocs.yml (or properdocs.yml) of the site that `start` (a file or folder) belongs to: the
    nearest one upwards. Every command finds its site this way."""
    folder = start.absolute() if start.is_dir() else start.absolute().parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
    return None


def source_url_for(repo_url: str, edit_uri: str | None) -> str:
    """Base URL to view source files: 'https://github.com/o/r/blob/main/' for GitHub repos."""
    repo_url = (repo_url or "").rstrip("/")
    if not repo_url:
        return ""
    if edit_uri:
        # MkDocs' edit_uri points into docs_dir ("edit/main/docs/"); incident files live at the root.
        branch = edit_uri.strip("/").split("/")
        if len(branch) >= 2 and branch[0] in ("edit", "blob"):
            return f"{repo_url}/blob/{branch[1]}/"
    return f"{repo_url}/blob/main/" if "github.com" in repo_url or "gitlab" in repo_url else ""


def read_project(config_path: Path) -> tuple[Project | None, list[Diagnostic]]:
    shown = config_path.name
    try:
        if config_path.stat().st_size > MAX_FILE_BYTES:
            return None, [Diagnostic(shown, 1, 1, f"{config_path} is larger than {MAX_FILE_BYTES // 1024} KiB")]
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Diagnostic(shown, 0, 0, f"{config_path} not found", "run in the site's folder or pass --config")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Diagnostic(shown, 1, 1, f"cannot read {config_path}: {exc}", "save it as UTF-8")]
    try:
        data, positions = yamlsource.load(text, unknown_tags_as_none=True)
    except yamlsource.YamlError as exc:
        return None, [Diagnostic(shown, exc.line, exc.column, exc.message, exc.hint)]
    if not isinstance(data, dict):
        return None, [Diagnostic(shown, 1, 1, "mkdocs.yml must be a mapping", "start from `site_name: ...`")]
    found = _plugin_options(data.get("plugins"))
    if found is None:
        return None, [Diagnostic(shown, positions.of(("plugins",))[0], 1, "the status plugin is not enabled",
                                 "add `- status:` with your components under `plugins:`")]
    prefix, options = found
    if options is not None and not isinstance(options, dict):
        line, column = positions.of(prefix)
        return None, [Diagnostic(shown, line, column, "the status plugin's options must be a mapping",
                                 "indent `timezone:`, `groups:` and `components:` below `- status:`")]
    return Project(config_path.resolve(), options or {}, positions, prefix,
                   _plain(data.get("site_name")), _plain(data.get("site_url")),
                   source_url_for(_plain(data.get("repo_url")), _plain(data.get("edit_uri")) or None)), []


def _plugin_options(plugins: object) -> tuple[tuple, object] | None:
    """(key path, options) of the status plugin in either form MkDocs accepts: a list or a mapping."""
    if isinstance(plugins, dict):
        name = next((n for n in PLUGIN_NAMES if n in plugins), None)
        return (("plugins", name), plugins[name]) if name else None
    for index, entry in enumerate(plugins if isinstance(plugins, list) else []):
        if isinstance(entry, str) and entry in PLUGIN_NAMES:
            return ("plugins", index), {}
        if isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
            if name in PLUGIN_NAMES:
                return ("plugins", index, name), options
    return None


def _plain(value: object) -> str:
    return value if isinstance(value, str) else ""
