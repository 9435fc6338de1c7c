"""`mkstatus import statuspage FILE...`: bring an Atlassian Statuspage history along."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..authoring.importer.statuspage import import_statuspage, shape_problems
from .workspace import Refused


@click.group(name="import")
def import_group() -> None:
    """Import incidents from another status page."""


@import_group.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output-dir", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("incidents"),
              show_default=True, help="Where to write the incident files.")
@click.option("--config-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the components and groups for mkdocs.yml to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite incident files that already exist.")
def statuspage(files: tuple[Path, ...], output_dir: Path, config_out: Path | None, force: bool) -> None:
    """Convert Statuspage API v2 JSON (summary.json, incidents.json, scheduled-maintenances.json).

    Writes one file per incident and maintenance to --output-dir and prints the `plugins:` block
    with the page's time zone, groups and components for mkdocs.yml. Nothing is written unless
    every file converts cleanly. Example:

    \b
      curl -sO https://status.example.com/api/v2/incidents.json
      mkstatus import statuspage incidents.json > status-config.yml
    """
    documents, problems = [], []
    for path in files:
        try:
            documents.append((path.name, json.loads(path.read_bytes())))
        except OSError as exc:
            problems.append(f"{path}: cannot read it: {exc.strerror or exc}")
        except UnicodeDecodeError as exc:
            problems.append(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg} "
                            "(hint: save the API response itself, e.g. with curl, not the HTML page)")
    if problems:  # converting the readable rest would add problems that only follow from these
        raise Refused(problems + shape_problems(documents) + ["nothing was written"])
    result = import_statuspage(documents)
    if result.problems:
        raise Refused(problems + result.problems + ["nothing was written"])
    targets = {output_dir / f"{incident_id}.md": text for incident_id, text in result.files.items()}
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise Refused([f"{path}: already exists" for path in existing]
                      + ["nothing was written (hint: pass --force to overwrite them)"])
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        for path, text in targets.items():
            path.write_text(text, encoding="utf-8", newline="")
        if config_out:
            config_out.write_text(result.config_yaml, encoding="utf-8")
    except OSError as exc:
        raise Refused(f"{exc.filename}: cannot write it: {exc.strerror}") from None
    click.echo(f"wrote {len(targets)} file{'s' if len(targets) != 1 else ''} to {output_dir}"
               + (f" and the configuration to {config_out}" if config_out else ""), err=True)
    if not config_out:
        click.echo(result.config_yaml, nl=False)


COMMANDS = [import_group]
