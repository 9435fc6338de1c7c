"""CLI commands, one module each. Only these modules parse arguments."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from . import check
    from . import authoring
    from . import importing

    for module in (check, authoring, importing,):
        for command in module.COMMANDS:
            group.add_command(command)
