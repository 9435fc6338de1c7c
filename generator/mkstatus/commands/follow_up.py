"""`mkstatus update | resolve | postmortem`: add to an incident or maintenance file."""

from __future__ import annotations

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
    Incident,
    Kind,
    UpdateStatus,
)
from ..core.timeparse import format_input
from ..core.update_sections import heading_word
from .authoring import DEFAULT_MESSAGES, Command, config_option, message_text
from .workspace import Refused, Workspace


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
                      f"{heading_word(incident.status).lower()}; cannot {action} it "
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
    label = heading_word(new_status) if new_status else "Update"
    section = edits.update_section(label, posted, message_text(message), changes)
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
    section = edits.update_section(heading_word(closing), posted, message_text(message, DEFAULT_MESSAGES[current.kind]))
    edited = edits.append_update(text, section)
    impact_end = workspace.time(end, "--end")
    if current.kind is Kind.INCIDENT:
        edited = edits.set_front_matter(edited, "end", format_input(impact_end or posted))
    elif impact_end is not None:
        edited = edits.set_front_matter(edited, "end", format_input(impact_end))
    workspace.write(path, edited)
    click.echo(f"{workspace.shown(path)}: {heading_word(closing).lower()} at {format_input(posted)}")


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
        raise Refused(f"{workspace.shown(path)}: the {current.kind.value} is still "
                      f"{heading_word(current.status).lower()}; "
                      f"a postmortem follows the resolution (hint: `mkstatus resolve {current.id}` first)")
    published = workspace.time(at, "--at") or workspace.now
    workspace.write(path, edits.append_postmortem(text, published))
    click.echo(f"{workspace.shown(path)}: postmortem added; fill in its sections")


COMMANDS = [update, resolve, postmortem]
