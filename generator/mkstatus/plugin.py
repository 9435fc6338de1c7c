"""The MkDocs adapter: options, events, generated files. All logic lives in the core."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .clock import ClockError, build_clock
from .load import load_site
from .model import Site
from .outputs import build_artifacts
from .project import PLUGIN_ONLY_OPTIONS, read_project, source_url_for

log = logging.getLogger("mkdocs.plugins.mkstatus")
TEMPLATES = Path(__file__).parent / "templates"


class StatusConfig(base.Config):
    enabled = c.Type(bool, default=True)
    incidents_dir = c.Dir(exists=False, default="incidents")
    name = c.Optional(c.Type(str))
    timezone = c.Type(str, default="UTC")
    groups = c.Type(list, default=[])
    components = c.Type(list, default=[])
    history_page_size = c.Type(int, default=25)


class StatusPlugin(BasePlugin[StatusConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            self.now = build_clock()
        except ClockError as exc:
            raise PluginError(str(exc)) from None
        config_path = Path(config.config_file_path or "mkdocs.yml")
        project, _ = read_project(config_path) if config_path.is_file() else (None, [])
        options = {k: v for k, v in self.config.items() if k not in PLUGIN_ONLY_OPTIONS}
        result = load_site(
            options, incidents_dir=Path(self.config.incidents_dir), root=config_path.parent,
            source=config_path.name, positions=project.positions if project else None,
            prefix=project.prefix if project else (), site_url=config.site_url or "",
            source_url=source_url_for(config.repo_url or "", config.edit_uri), default_name=config.site_name,
        )
        if not result.ok:
            raise PluginError("\n".join(str(d) for d in result.diagnostics))
        self.site = result.site
        config.watch.append(str(self.config.incidents_dir))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.site is None:
            return None
        for path, content in sorted(build_artifacts(self.site, self.now).items()):
            files.append(File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        return files
