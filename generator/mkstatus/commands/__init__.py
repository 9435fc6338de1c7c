"""CLI commands, one module each. Only these modules parse arguments."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from . import check

    for module in (check,):
        for command in module.COMMANDS:
            group.add_command(command)
