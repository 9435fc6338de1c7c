"""CLI commands, one module each. Only these modules parse arguments."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from . import check
    from . import authoring
    from . import importing
    from . import schema
    from . import notify
    from . import catalogs
    from . import publish

    for module in (check, authoring, importing, schema, notify, catalogs, publish):
        for command in module.COMMANDS:
            group.add_command(command)
