"""Reading a status site from its mkdocs.yml without MkDocs, for the CLI and for line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import yamlsource
from .diagnostics import Diagnostic
from .load import LoadResult, load_site

PLUGIN_NAMES = ("status", "mkstatus")


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

    def load(self) -> LoadResult:
        options = {k: v for k, v in self.options.items() if k not in PLUGIN_ONLY_OPTIONS}
        return load_site(options, incidents_dir=self.incidents_dir, root=self.root,
                         source=self.config_path.name, positions=self.positions, prefix=self.prefix,
                         site_url=self.site_url, source_url=self.source_url, default_name=self.site_name)


# Plugin options that steer the build rather than describe the status page.
PLUGIN_ONLY_OPTIONS = {"enabled", "incidents_dir", "history_page_size"}


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
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Diagnostic(shown, 1, 1, f"{config_path} not found", "run in the site's folder or pass --config")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Diagnostic(shown, 1, 1, f"cannot read {config_path}: {exc}")]
    try:
        data, positions = yamlsource.load(text, unknown_tags_as_none=True)
    except yamlsource.YamlError as exc:
        return None, [Diagnostic(shown, exc.line, exc.column, exc.message, exc.hint)]
    if not isinstance(data, dict):
        return None, [Diagnostic(shown, 1, 1, "mkdocs.yml must be a mapping")]
    for index, entry in enumerate(data.get("plugins") or []):
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()), (None, None)) \
            if isinstance(entry, dict) and len(entry) == 1 else (None, None)
        if name in PLUGIN_NAMES:
            return Project(config_path.resolve(), options or {}, positions, ("plugins", index, name),
                           str(data.get("site_name") or ""), str(data.get("site_url") or ""),
                           source_url_for(str(data.get("repo_url") or ""), data.get("edit_uri"))), []
    return None, [Diagnostic(shown, positions.of(("plugins",))[0], 1, "the status plugin is not enabled",
                             "add `- status:` with your components under `plugins:`")]
