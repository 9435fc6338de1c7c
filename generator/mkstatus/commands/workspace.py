"""The status site as the authoring commands see it: project, validated configuration, clock, files.

A `Workspace` finds incident files, parses local times and component options, and writes a file
only when the loader accepts the result; `Refused` is how it (and the commands) stop with a reason.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import click

from ..authoring import edits
from ..core.clock import ClockError, build_clock, clock_note
from ..core.diagnostics import Diagnostic, did_you_mean, one_of
from ..core.incident_file import parse_incident_file
from ..core.load import CLOCK_SKEW, future_times
from ..core.model import ComponentStatus, Incident, SiteConfig
from ..core.project import Project, find_config, read_project
from ..core.timeparse import TimeError


class Refused(click.ClickException):
    """Problems that stop a command; printed one a line, exit status 1."""

    def __init__(self, lines: list[str] | str):
        super().__init__("\n".join([lines] if isinstance(lines, str) else lines))

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)



class Workspace:
    """The project, its validated configuration and the clock, as one command needs them."""

    def __init__(self, config_path: Path | None):
        config_path = config_path or find_config(Path.cwd())
        if config_path is None:
            raise Refused("no mkdocs.yml or properdocs.yml here or in any folder above "
                          "(hint: run in the status site's folder, or pass --config)")
        project, diagnostics = read_project(config_path)
        if project is None:
            raise Refused([str(d) for d in diagnostics])
        config, diagnostics = project.load_config()
        if config is None:
            raise Refused([str(d) for d in diagnostics])
        if not project.incidents_dir.is_dir():
            raise Refused(f"incidents folder {project.incidents_dir} does not exist "
                          "(hint: create it, or set `incidents_dir` under the status plugin)")
        self.project: Project = project
        self.config: SiteConfig = config
        try:
            self.clock = build_clock().astimezone(config.timezone).replace(microsecond=0)
        except ClockError as exc:
            raise Refused(str(exc)) from None
        if note := clock_note():
            click.echo(note, err=True)
        self.now = edits.to_minute(self.clock, config.timezone)

    def posting_time(self, incident: Incident) -> datetime:
        """Now to the minute, as people write times; to the second when the latest update already
        holds that minute, so two posts within one minute stay distinct and in order; a second after
        the latest when that is this very second (scripts post twice in one), so posting now always works."""
        last = incident.updates[-1].at
        if self.now > last:
            return self.now
        if self.clock > last or last + timedelta(seconds=1) > self.clock + CLOCK_SKEW:
            return self.clock  # a latest update far ahead is refused by _check_after_last
        return last + timedelta(seconds=1)

    @property
    def zone(self):
        return self.config.timezone

    def time(self, value: str | None, option: str) -> datetime | None:
        if value is None:
            return None
        try:
            return edits.parse_local_time(value, self.zone)
        except TimeError as exc:
            hint = f" (hint: {exc.hint})" if exc.hint else ""
            raise click.BadParameter(f"{exc}{hint}", param_hint=option) from None

    def incident_files(self) -> dict[str, Path]:
        return {p.stem: p for p in sorted(self.project.incidents_dir.rglob("*.md"))}

    def find(self, reference: str) -> Path:
        """An incident by id ('2025-09-04-api-errors') or by path ('incidents/....md')."""
        if reference.endswith(".md") or "/" in reference or "\\" in reference:
            path = Path(reference)
            if path.is_file():
                return path
            raise Refused(f"{reference}: no such incident file")
        files = self.incident_files()
        if reference in files:
            return files[reference]
        raise Refused(f"unknown incident '{reference}'{did_you_mean(reference, files)} "
                      f"(hint: use the file name without .md, as listed in {self.shown(self.project.incidents_dir)}/)")

    def shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.project.root).as_posix()
        except ValueError:
            return path.as_posix()

    def parse(self, path: Path, text: str) -> tuple[Incident | None, list[Diagnostic]]:
        return parse_incident_file(text.encode("utf-8"), self.shown(path), path.stem, self.config)

    def _future(self, path: Path, text: str) -> list[Diagnostic]:
        incident, _ = self.parse(path, text)
        return future_times(incident, self.clock, self.zone) if incident else []

    def current(self, path: Path) -> tuple[str, Incident]:
        """The file's text and incident; refuses to edit a file that is already invalid."""
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Refused(f"{self.shown(path)}: cannot read it: {exc}") from None
        incident, diagnostics = self.parse(path, text)
        if incident is None:
            raise Refused([f"{self.shown(path)} has problems; fix them first, then run the command again:"]
                          + [str(d) for d in diagnostics])
        return text, incident

    def write(self, path: Path, text: str, *, new: bool = False) -> Incident:
        """Write `text` only if the loader accepts it and the edit adds no time after now; the file is
        untouched otherwise. (Times already in the file are `mkstatus check`'s to report.)"""
        incident, diagnostics = self.parse(path, text)
        if incident is not None:
            before = set() if new else {d.message for d in self._future(path, path.read_bytes().decode("utf-8"))}
            diagnostics = [d for d in future_times(incident, self.clock, self.zone) if d.message not in before]
            incident = None if diagnostics else incident
        if incident is None:
            raise Refused([f"{self.shown(path)} was not {'written' if new else 'changed'}: "
                           "the result would not be valid:"] + [str(d) for d in diagnostics])
        try:
            with path.open("x" if new else "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            raise Refused(f"{self.shown(path)}: cannot write it: {exc}") from None
        return incident

    def components(self, values: tuple[str, ...], default: ComponentStatus | None) -> dict[str, ComponentStatus]:
        """`api=major_outage` options as a mapping; `api` alone takes `default` when there is one."""
        known = [c.id for c in self.config.components]
        result: dict[str, ComponentStatus] = {}
        for value in values:
            component_id, sep, status = (part.strip() for part in value.partition("="))
            if component_id not in known:
                raise click.BadParameter(
                    f"unknown component '{component_id}'{did_you_mean(component_id, known)}; "
                    f"known: {one_of(known) or '(none configured in mkdocs.yml)'}", param_hint="--component")
            if not sep and default is None:
                raise click.BadParameter(
                    f"'{value}' needs a status, e.g. {component_id}=major_outage; statuses: {one_of(ComponentStatus)}",
                    param_hint="--component")
            try:
                result[component_id] = ComponentStatus(status) if sep else default
            except ValueError:
                raise click.BadParameter(
                    f"'{status}' is not a component status{did_you_mean(status, ComponentStatus)}; "
                    f"use one of {one_of(ComponentStatus)}", param_hint="--component") from None
        return result
