"""The `mkstatus` command line: one click group; each command lives in `commands/`."""

from __future__ import annotations

import click

from . import __version__
from .commands import register


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mkstatus")
def cli() -> None:
    """MkStatus: write, check and import status page incidents."""


register(cli)


def main() -> None:
    cli(prog_name="mkstatus")
