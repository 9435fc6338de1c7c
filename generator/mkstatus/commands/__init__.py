"""CLI commands, grouped by what they do (authoring.py: what the authoring ones share). Only these
modules parse arguments."""

from __future__ import annotations

import importlib

import click

# Each command's name and the module defining it, so a run imports only its own command's module:
# `mkstatus check` does not pay for notify's, publish's or the importer's imports (click's "lazily
# loading subcommands" pattern). tests/test_startup.py checks this table against the modules' COMMANDS.
COMMAND_MODULES = {
    "check": "check",
    "new": "opening",
    "maintenance": "opening",
    "update": "follow_up",
    "resolve": "follow_up",
    "postmortem": "follow_up",
    "import": "importing",
    "schema": "schema",
    "notify": "notify",
    "catalogs": "catalogs",
    "publish": "publish",
}


class LazyGroup(click.Group):
    """A click group whose commands are imported when they run or when help lists them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands or name not in COMMAND_MODULES:
            return super().get_command(ctx, name)
        module = importlib.import_module(f"{__name__}.{COMMAND_MODULES[name]}")
        for command in module.COMMANDS:
            self.add_command(command)
        return self.commands.get(name)
