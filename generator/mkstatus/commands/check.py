"""`mkstatus check`: validate the site config and every incident, exactly as the build would."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import click

from ..core.clock import ClockError, build_clock, clock_note
from ..core.diagnostics import Diagnostic, github_annotation, plural
from ..core.project import CONFIG_NAMES, find_config, read_project

FORMATS = ("text", "github")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--config", "-f", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The site's mkdocs.yml (or properdocs.yml). Default: found from PATHS or the current folder upwards.")
@click.option("--pages-url", metavar="URL",
              help="The GitHub Pages URL of the repository (configure-pages' base_url): site_url must be it, "
                   "unless site_url names a custom domain.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="'github' prints workflow annotations that appear on the pull request's lines.")
def check(paths: tuple[Path, ...], config_path: Path | None, pages_url: str | None, output_format: str) -> None:
    """Validate mkdocs.yml and the files in incidents/; exit 1 on any problem.

    PATHS may be a site folder or its mkdocs.yml (check that site), or incident files and folders
    (check the whole site, report only those files and the config). Without PATHS the site in the
    current folder (or the nearest one above) is checked.
    """
    configs = {p.resolve() for p in paths if _is_config(p)}
    if config_path:
        configs.add(config_path.resolve())
    configs = {c / _config_name(c) if c.is_dir() else c for c in configs}
    selected = [p.absolute() for p in paths if not _is_config(p)]
    if len(configs) > 1:
        raise click.UsageError(f"PATHS name more than one site: {', '.join(sorted(map(str, configs)))}")
    config = next(iter(configs), None) or find_config(selected[0] if selected else Path.cwd())
    if config is None:
        raise click.UsageError("no mkdocs.yml or properdocs.yml found here or in any folder above; "
                               "pass the site folder or --config")

    config = config.absolute()
    try:
        now = build_clock()
    except ClockError as exc:
        raise click.UsageError(str(exc)) from None
    if note := clock_note():
        click.echo(note, err=True)
    project, diagnostics = read_project(config)
    checked = [config]
    if project is not None:
        incidents_dir = project.incidents_dir.absolute()
        outside = [p for p in selected if not p.is_relative_to(incidents_dir)]
        if outside:
            raise click.UsageError(f"'{_shown(outside[0])}' is not in the incidents folder "
                                   f"'{_shown(incidents_dir)}' of '{_shown(config)}'")
        diagnostics = _build_config_problems(config, project) + project.load(now).diagnostics
        if pages_url is not None and (problem := pages_url_problem(project.site_url, pages_url)):
            line, column = project.positions.of(("site_url",))
            diagnostics.insert(0, Diagnostic(config.name, line, column, *problem))
        if incidents_dir.is_dir():
            checked += [f for f in incidents_dir.rglob("*") if f.is_file() and _within(f, selected)]
    # Diagnostics name paths relative to the site; show them relative to where the user stands.
    located = [(config.parent / d.path, d) for d in diagnostics]
    hidden = 0
    if selected:
        kept = [(path, d) for path, d in located if path == config or _within(path, selected)]
        hidden, located = len(located) - len(kept), kept
    diagnostics = [replace(d, path=_shown(path)) for path, d in located]

    for diagnostic in diagnostics:
        click.echo(github_annotation(diagnostic) if output_format == "github" else str(diagnostic))
    click.echo(_summary(diagnostics, len(checked), hidden), err=True)
    sys.exit(1 if diagnostics else 0)


def _build_config_problems(config: Path, project) -> list[Diagnostic]:
    """What `mkdocs build --strict` rejects in mkdocs.yml itself (docs_dir, theme, plugin options,
    site_url), placed on the key's line."""
    from ..plugin import config_problems  # MkDocs is imported only where the build's rules are needed

    located = []
    for key, message in config_problems(config):
        line, column = project.positions.of((key,)) if key else (1, 1)
        located.append(Diagnostic(config.name, line, column, message if key in ("", "site_url")
                                  else f"{key}: {message}"))
    return located


def pages_url_problem(site_url: str, pages_url: str) -> tuple[str, str] | None:
    """(message, hint) when site_url is not where GitHub Pages publishes the site: feeds, API and
    calendar would point at another address (the template's example.github.io, typically).

    A site_url on a host other than *.github.io is a custom domain the user chose; it is trusted,
    since GitHub reports it only once its DNS check passes.
    """
    wanted = pages_url.strip().rstrip("/") + "/"
    given = site_url.strip()
    if not pages_url.strip() or (given.rstrip("/") + "/") == wanted:
        return None
    host = (urlsplit(given).hostname or "").lower()
    if given and not host.endswith(".github.io"):
        return None
    return (f"site_url is {given or 'not set'!s}, but GitHub Pages publishes this repository at {wanted}",
            f"set `site_url: {wanted}` in mkdocs.yml, or your own domain's address if you set one up "
            "(see docs/adoption.md)")


def _is_config(path: Path) -> bool:
    """A mkdocs.yml, or a site folder that holds one."""
    if path.is_dir():
        return _config_name(path) is not None
    return path.suffix in (".yml", ".yaml")


def _config_name(folder: Path) -> str | None:
    return next((name for name in CONFIG_NAMES if (folder / name).is_file()), None)


def _within(path: Path, selected: list[Path]) -> bool:
    """Whether `path` is one of the selected files or inside a selected folder (all when none selected)."""
    path = path.absolute()
    return not selected or any(path == s or path.is_relative_to(s) for s in selected)


def _shown(path: Path) -> str:
    """A path as the user and GitHub expect it: relative to the current folder when inside it."""
    absolute = path.absolute()
    try:
        return Path(os.path.relpath(absolute)).as_posix() if absolute.is_relative_to(Path.cwd()) else str(absolute)
    except ValueError:  # another drive on Windows
        return str(absolute)


def _summary(diagnostics: list[Diagnostic], files: int, hidden: int) -> str:
    checked = f"{plural(files, 'file')} checked"
    if not diagnostics:
        text = f"mkstatus check: no problems, {checked}"
    else:
        failing = len({d.path for d in diagnostics})
        text = f"mkstatus check: {plural(len(diagnostics), 'problem')} in {plural(failing, 'file')}, {checked}"
    if hidden:
        text += f"; {plural(hidden, 'more problem')} in other files (run without PATHS to see them)"
    return text


COMMANDS = [check]
