"""The `mkstatus` command line: one click group; each command lives in `commands/`, imported when it runs."""

from __future__ import annotations

import click

from . import __version__
from .commands import LazyGroup


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mkstatus")
def cli() -> None:
    """MkStatus: write, check and import status page incidents."""


def main() -> None:
    cli(prog_name="mkstatus")
