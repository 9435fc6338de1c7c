"""`mkstatus new | maintenance`: open an incident or schedule maintenance in a new file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..authoring import edits
from ..core.model import ComponentStatus, Impact
from ..core.timeparse import format_input
from .authoring import DEFAULT_MESSAGES, Command, config_option, message_text
from .workspace import Refused, Workspace

duplicate_option = click.option(
    "--duplicate", is_flag=True,
    help="Write a second file when one with this date and title exists (named ...-2.md).")


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
                              message_text(message, DEFAULT_MESSAGES["investigating"]))
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
    text = edits.new_maintenance(title, affected, window_start, window_end, workspace.now, message_text(message, default))
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


COMMANDS = [new, maintenance]
