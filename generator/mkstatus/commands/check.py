"""`mkstatus check`: validate the site config and every incident, as the build would."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..project import read_project


@click.command()
@click.option("--config", "-f", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The site's mkdocs.yml.")
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="'github' prints workflow annotations that appear on the pull request's lines.")
def check(config_path: Path, output_format: str) -> None:
    """Validate mkdocs.yml and every file in incidents/; exit 1 on any problem."""
    project, diagnostics = read_project(config_path)
    if project is not None:
        diagnostics = project.load().diagnostics
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=False)
    if diagnostics:
        sys.exit(1)
    click.echo("OK")


COMMANDS = [check]
