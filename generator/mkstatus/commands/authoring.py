"""`mkstatus new | update | resolve | postmortem | maintenance`: write incident files mid-outage.

Every command edits text (see `authoring/edits.py`), checks the result with the same loader the build
uses, and writes only a valid file; otherwise it prints the problems and leaves the file as it was.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..authoring import edits
from ..core.diagnostics import did_you_mean, one_of
from ..core.model import (
    CLOSING_STATUS,
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    ComponentStatus,
    Impact,
    Incident,
    Kind,
    UpdateStatus,
)
from ..core.timeparse import format_input
from .workspace import Refused, Workspace

DEFAULT_MESSAGES = {
    "investigating": "We are investigating this issue and will post an update as soon as we know more.",
    Kind.INCIDENT: "This incident has been resolved.",
    Kind.MAINTENANCE: "The scheduled maintenance has been completed.",
}


config_option = click.option(
    "--config", "-f", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    help="The site's mkdocs.yml. Default: mkdocs.yml or properdocs.yml in the current folder or the nearest above.")


class Command(click.Command):
    """A command whose TITLE or MESSAGE is one argument: unquoted words get a hint, not just click's
    "Got unexpected extra argument"."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if "unexpected extra argument" not in exc.message:
                raise
            names = " or ".join(p.human_readable_name for p in self.params
                                if isinstance(p, click.Argument) and p.name in ("title", "message"))
            raise click.UsageError(f"{exc.message}: put a {names.lower()} of several words in quotes, "
                                   f"e.g. {self.name} \"API errors\" ...", ctx) from None


duplicate_option = click.option(
    "--duplicate", is_flag=True,
    help="Write a second file when one with this date and title exists (named ...-2.md).")


def _message(value: str | None, default: str | None = None) -> str:
    """The update text: the argument, '-' for standard input, or the default."""
    if value == "-":
        value = sys.stdin.read()
    if value is None or not value.strip():
        if default is None:
            raise click.BadParameter("write what readers should know", param_hint="MESSAGE")
        return default
    return value


def _parse_status(value: str, kind: Kind) -> UpdateStatus:
    allowed = INCIDENT_STATUSES if kind is Kind.INCIDENT else MAINTENANCE_STATUSES
    names = [s.value for s in allowed if s is not CLOSING_STATUS[kind]]
    normalised = value.strip().lower().replace(" ", "_").replace("-", "_")
    if normalised not in names and normalised != CLOSING_STATUS[kind].value:
        article = "an" if kind is Kind.INCIDENT else "a"
        raise click.BadParameter(f"'{value}' is not {article} {kind.value} status{did_you_mean(normalised, names)}; "
                                 f"use one of {one_of(names)}", param_hint="--status")
    status = UpdateStatus(normalised)
    if status is CLOSING_STATUS[kind]:
        raise click.BadParameter(f"to close the {kind.value}, run `mkstatus resolve`", param_hint="--status")
    return status


def _component_statuses(incident: Incident) -> dict[str, ComponentStatus]:
    """Each component the incident affects so far, with its latest status."""
    statuses = dict(incident.components)
    for posted in incident.updates:
        statuses.update(posted.component_changes)
    return statuses


def _check_open(workspace: Workspace, path: Path, incident: Incident, action: str) -> None:
    if incident.is_closed:
        raise Refused(f"{workspace.shown(path)}: the {incident.kind.value} is already "
                      f"{incident.status.label.lower()}; cannot {action} it "
                      f"(hint: add a follow-up with `mkstatus update {incident.id} \"...\"`, or open a new incident)")


def _check_after_last(incident: Incident, at: datetime, given: bool) -> None:
    last = incident.updates[-1].at
    if at >= last:
        return
    if given:
        raise click.BadParameter(f"{format_input(at)} is before the latest update ({format_input(last)}); "
                                 "updates are kept oldest first", param_hint="--at")
    raise Refused(f"the latest update ({format_input(last)}) is later than now ({format_input(at)}) "
                  "(hint: check that time, or pass --at with a later one)")


# --- commands ------------------------------------------------------------------------------------

@click.command(cls=Command)
@click.argument("title")
@click.option("--impact", required=True, type=click.Choice([i.value for i in Impact if i is not Impact.MAINTENANCE]),
              help="How bad it is for readers.")
@click.option("--component", "-c", "components", multiple=True, metavar="ID=STATUS",
              help="An affected component and its status, e.g. api=major_outage. Repeat for more.")
@click.option("--message", "-m", metavar="TEXT",
              help="The first update's text ('-' reads standard input). "
                   "Default: a standard 'We are investigating' notice.")
@click.option("--start", metavar="TIME", help="When the impact began, if before now: '2025-09-04 15:30' "
                                              "(site's zone) or with an offset.")
@duplicate_option
@config_option
def new(title: str, impact: str, components: tuple[str, ...], message: str | None, start: str | None,
        duplicate: bool, config_path: Path | None) -> None:
    """Open an incident: write incidents/<date>-<title>.md with an Investigating update.

    Prints the new file's path. Example:

    \b
      mkstatus new "API errors" --impact major -c api=major_outage
    """
    workspace = Workspace(config_path)
    affected = workspace.components(components, default=None)
    began = workspace.time(start, "--start") or workspace.now
    text = edits.new_incident(title, impact, affected, began, workspace.now,
                                  _message(message, DEFAULT_MESSAGES["investigating"]))
    path = _new_path(workspace, began, title, "incident", duplicate)
    workspace.write(path, text, new=True)
    click.echo(workspace.shown(path))


@click.command(cls=Command)
@click.argument("title")
@click.option("--start", required=True, metavar="TIME", help="Start of the window, e.g. '2025-10-14 22:00'.")
@click.option("--end", required=True, metavar="TIME", help="End of the window.")
@click.option("--component", "-c", "components", multiple=True, metavar="ID[=STATUS]",
              help="A component in the window; its status defaults to under_maintenance. Repeat for more.")
@click.option("--message", "-m", metavar="TEXT", help="The Scheduled update's text ('-' reads standard input).")
@duplicate_option
@config_option
def maintenance(title: str, start: str, end: str, components: tuple[str, ...], message: str | None,
                duplicate: bool, config_path: Path | None) -> None:
    """Schedule maintenance: write a maintenance file with a Scheduled update posted now."""
    workspace = Workspace(config_path)
    affected = workspace.components(components, default=ComponentStatus.UNDER_MAINTENANCE)
    window_start, window_end = workspace.time(start, "--start"), workspace.time(end, "--end")
    if window_end <= window_start:
        raise click.BadParameter(f"{format_input(window_end)} is not after the start {format_input(window_start)}",
                                 param_hint="--end")
    if window_end <= workspace.clock:
        raise click.BadParameter(f"the window ended at {format_input(window_end)}, before now "
                                 f"({format_input(workspace.clock)}); readers would be told of maintenance that is over "
                                 "(check the date; to record past work, open an incident or write the file by hand)",
                                 param_hint="--end")
    names = [workspace.config.component(cid).name for cid in affected]
    default = ("We will carry out scheduled maintenance" + (f" on {', '.join(names)}" if names else "")
               + " during this window.")
    text = edits.new_maintenance(title, affected, window_start, window_end, workspace.now, _message(message, default))
    path = _new_path(workspace, window_start, title, "maintenance", duplicate)
    workspace.write(path, text, new=True)
    click.echo(workspace.shown(path))


def _new_path(workspace: Workspace, start: datetime, title: str, fallback: str, duplicate: bool) -> Path:
    """incidents/<date>-<slug>.md; when that is taken, only with --duplicate (as <date>-<slug>-2.md):
    running `new` twice for one outage is a more common mistake than two outages with one title a day."""
    files = workspace.incident_files()
    day = start.astimezone(workspace.zone).date()
    incident_id = edits.unique_id(day, title, files, fallback)
    first_choice = edits.unique_id(day, title, (), fallback)
    if incident_id != first_choice and not duplicate:
        raise Refused(f"{workspace.shown(files[first_choice])} already exists with this title and date; "
                      f"nothing was written (hint: add to it with `mkstatus update {first_choice} \"...\"`, "
                      f"or pass --duplicate to open another one as {incident_id}.md)")
    return workspace.project.incidents_dir / f"{incident_id}.md"



@click.command(cls=Command)
@click.argument("incident")
@click.argument("message", required=False)
@click.option("--status", "-s", metavar="STATUS",
              help="New status: investigating, identified, monitoring (maintenance: in_progress, verifying). "
                   "Default: unchanged, shown as 'Update'.")
@click.option("--component", "-c", "components", multiple=True, metavar="ID=STATUS",
              help="A component status that changes with this update, e.g. api=degraded_performance.")
@click.option("--add-component", "add_components", is_flag=True,
              help="Allow --component to name a component the incident does not affect yet.")
@click.option("--at", metavar="TIME", help="When the update was posted. Default: now.")
@config_option
def update(incident: str, message: str | None, status: str | None, components: tuple[str, ...],
           add_components: bool, at: str | None, config_path: Path | None) -> None:
    """Add an update to INCIDENT (its id or path) with MESSAGE ('-' reads standard input).

    Without --status the status stays as it is and readers see "Update". Example:

    \b
      mkstatus update 2025-09-04-api-errors -s monitoring \\
        -c api=degraded_performance "A fix is live."
    """
    workspace = Workspace(config_path)
    path = workspace.find(incident)
    text, current = workspace.current(path)
    new_status = _parse_status(status, current.kind) if status else None
    if new_status is not None:
        _check_open(workspace, path, current, "change the status of")
    changes = workspace.components(components, default=None)
    before = _component_statuses(current)
    added = [cid for cid in changes if cid not in before]
    if added and not add_components:
        raise click.BadParameter(
            f"{', '.join(added)} {'is' if len(added) == 1 else 'are'} not affected by this {current.kind.value} "
            f"(it lists {one_of(before) or 'no components'}); one wrong id would change the page's status "
            "(check the id, or pass --add-component to add it)", param_hint="--component")
    posted = workspace.time(at, "--at") or workspace.posting_time(current)
    _check_after_last(current, posted, given=at is not None)
    label = new_status.label if new_status else "Update"
    section = edits.update_section(label, posted, _message(message), changes)
    workspace.write(path, edits.append_update(text, section))
    click.echo(f"{workspace.shown(path)}: added {label} - {format_input(posted)}")
    for cid, status in changes.items():
        was = before[cid].value if cid in before else "not affected (added)"
        click.echo(f"  {cid}: {was} -> {status.value}")


@click.command(cls=Command)
@click.argument("incident")
@click.argument("message", required=False)
@click.option("--end", metavar="TIME", help="When the impact ended (incident `end:`). Default: the update's time.")
@click.option("--at", metavar="TIME", help="When the update was posted. Default: now.")
@config_option
def resolve(incident: str, message: str | None, end: str | None, at: str | None, config_path: Path | None) -> None:
    """Close INCIDENT: add Resolved (maintenance: Completed) and set `end:` for an incident."""
    workspace = Workspace(config_path)
    path = workspace.find(incident)
    text, current = workspace.current(path)
    _check_open(workspace, path, current, "resolve")
    posted = workspace.time(at, "--at") or workspace.posting_time(current)
    _check_after_last(current, posted, given=at is not None)
    closing = CLOSING_STATUS[current.kind]
    section = edits.update_section(closing.label, posted, _message(message, DEFAULT_MESSAGES[current.kind]))
    edited = edits.append_update(text, section)
    impact_end = workspace.time(end, "--end")
    if current.kind is Kind.INCIDENT:
        edited = edits.set_front_matter(edited, "end", format_input(impact_end or posted))
    elif impact_end is not None:
        edited = edits.set_front_matter(edited, "end", format_input(impact_end))
    workspace.write(path, edited)
    click.echo(f"{workspace.shown(path)}: {closing.label.lower()} at {format_input(posted)}")


@click.command()
@click.argument("incident")
@click.option("--at", metavar="TIME", help="When the postmortem is published. Default: now.")
@config_option
def postmortem(incident: str, at: str | None, config_path: Path | None) -> None:
    """Add a Postmortem section to INCIDENT with Summary, Timeline, Root cause and Next steps to fill in."""
    workspace = Workspace(config_path)
    path = workspace.find(incident)
    text, current = workspace.current(path)
    if current.postmortem is not None:
        raise Refused(f"{workspace.shown(path)}:{current.postmortem.line}: already has a postmortem; edit it there")
    if not current.is_closed:
        raise Refused(f"{workspace.shown(path)}: the {current.kind.value} is still {current.status.label.lower()}; "
                      f"a postmortem follows the resolution (hint: `mkstatus resolve {current.id}` first)")
    published = workspace.time(at, "--at") or workspace.now
    workspace.write(path, edits.append_postmortem(text, published))
    click.echo(f"{workspace.shown(path)}: postmortem added; fill in its sections")


COMMANDS = [new, update, resolve, postmortem, maintenance]
