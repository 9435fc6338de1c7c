"""What the authoring commands share: the hint for an unquoted title or message, --config, and
the update text from an argument, standard input or a default.

Every command edits text (see `authoring/edits.py`), checks the result with the same loader the build
uses, and writes only a valid file; otherwise it prints the problems and leaves the file as it was.
opening.py writes new files (`new`, `maintenance`); follow_up.py adds to them (`update`, `resolve`,
`postmortem`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.model import Kind

DEFAULT_MESSAGES = {
    "investigating": "We are investigating this issue and will post an update as soon as we know more.",
    Kind.INCIDENT: "This incident has been resolved.",
    Kind.MAINTENANCE: "The scheduled maintenance has been completed.",
}


config_option = click.option(
    "--config", "-f", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    help="The site's mkdocs.yml. Default: mkdocs.yml or properdocs.yml in the current folder or the nearest above.")


class Command(click.Command):
    """A command whose TITLE or MESSAGE is one argument: unquoted words get a hint, not just click's
    "Got unexpected extra argument"."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if "unexpected extra argument" not in exc.message:
                raise
            names = " or ".join(p.human_readable_name for p in self.params
                                if isinstance(p, click.Argument) and p.name in ("title", "message"))
            raise click.UsageError(f"{exc.message}: put a {names.lower()} of several words in quotes, "
                                   f"e.g. {self.name} \"API errors\" ...", ctx) from None


def message_text(value: str | None, default: str | None = None) -> str:
    """The update text: the argument, '-' for standard input, or the default."""
    if value == "-":
        value = sys.stdin.read()
    if value is None or not value.strip():
        if default is None:
            raise click.BadParameter("write what readers should know", param_hint="MESSAGE")
        return default
    return value
