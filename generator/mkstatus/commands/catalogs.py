"""`mkstatus catalogs`: update the translation catalogs after changing a reader-visible string."""

from __future__ import annotations

import click


@click.command()
@click.option("--add", "add", multiple=True, metavar="LANG",
              help="Also create the catalog of this language (a Babel locale: tr, pt_BR).")
def catalogs(add: tuple[str, ...]) -> None:
    """Extract every reader-visible string and update generator/mkstatus/locale/*.

    Writes mkstatus.pot and adds new msgids (untranslated) to every language's mkstatus.po,
    dropping the ones the source no longer uses. Then translate the empty msgstr entries.
    """
    from ..i18n import catalogs as store

    untranslated = store.update(tuple(code.replace("-", "_") for code in add))
    for code, count in untranslated.items():
        click.echo(f"{code}: {count} untranslated" if count else f"{code}: complete")
    problems = store.drift()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)


COMMANDS = [catalogs]
