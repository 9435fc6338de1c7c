"""CLI commands, grouped by what they do (authoring.py: what the authoring ones share). Only these
modules parse arguments."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from . import check
    from . import follow_up
    from . import opening
    from . import importing
    from . import schema
    from . import notify
    from . import catalogs
    from . import publish

    for module in (check, opening, follow_up, importing, schema, notify, catalogs, publish):
        for command in module.COMMANDS:
            group.add_command(command)
