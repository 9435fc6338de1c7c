"""`mkstatus schema`: print the JSON Schema of the incident front-matter (for editors and CI)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.project import read_project
from ..core.schema import front_matter_schema


@click.command()
@click.option("--config", "-f", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A site's mkdocs.yml: also restrict component ids to its components.")
def schema(config_path: Path | None) -> None:
    """Print a JSON Schema (draft 2020-12) of an incident's or maintenance's front-matter."""
    component_ids = None
    if config_path is not None:
        project, diagnostics = read_project(config_path)
        if project is None:
            raise click.ClickException("; ".join(str(d) for d in diagnostics))
        components = project.options.get("components") or []
        component_ids = [c["id"] for c in components if isinstance(c, dict) and isinstance(c.get("id"), str)]
    click.echo(json.dumps(front_matter_schema(component_ids), indent=2, ensure_ascii=False))


COMMANDS = [schema]
