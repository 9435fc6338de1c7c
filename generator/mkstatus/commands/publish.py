"""`mkstatus publish`: copy a built site to a second host, uploading only what changed."""

from __future__ import annotations

from pathlib import Path

import click

from ..publish import PublishError, parse_target, publish as sync


@click.command()
@click.argument("site_dir", required=False, default="site",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--target", "-t", required=True, metavar="TARGET",
              help="dir:PATH (a folder a web server serves) or s3://BUCKET/PREFIX (AWS S3, R2, B2, MinIO; "
                   "endpoint from AWS_ENDPOINT_URL, credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).")
@click.option("--verbose", "-v", is_flag=True, help="Name every file uploaded or deleted.")
def publish(site_dir: Path, target: str, verbose: bool) -> None:
    """Publish SITE_DIR (default: site) to TARGET: upload new and changed files, then delete files that are gone.

    Build first with `mkdocs build`. Assets and incident pages go up before the pages that link
    to them, the home page and build.json last, so the target is whole at every moment.
    """
    if not site_dir.is_dir():
        raise click.ClickException(f"{site_dir} is not a folder; build the site first with `mkdocs build`")
    try:
        destination = parse_target(target, site_dir)
        done = sync(site_dir, destination, click.echo if verbose else lambda _: None)
    except PublishError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"mkstatus publish: {len(done.uploads)} uploaded, {len(done.deletions)} deleted, "
               f"{done.unchanged} unchanged at {destination.describe()}", err=True)


COMMANDS = [publish]
