"""`mkstatus notify`: send each new update to the configured channels once, or preview them."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import click

from ..core.clock import ClockError, build_clock
from ..core.diagnostics import plural
from ..core.model import Channel, Site
from ..notify.record import DEFAULT_HORIZON, MAX_HORIZON, DeliveryRecord, RecordError
from ..core.project import find_config, read_project
from ..outputs.timefmt import display
from ..core import yamlsource

# Shown when a site has no channels yet, so a preview still shows the words customers would read.
EXAMPLE_CHANNEL = Channel("example", "email", "", to=("subscribers@example.invalid",))


@click.command()
@click.option("--config", "-f", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The site's mkdocs.yml. Default: the nearest one from the current folder upwards.")
@click.option("--state", "state", type=click.Path(dir_okay=False, path_type=Path),
              help="The JSON delivery record; created when missing.")
@click.option("--dry-run", is_flag=True, help="Print exactly what each channel would receive; send nothing.")
@click.option("--since-hours", type=click.FloatRange(0, MAX_HORIZON.total_seconds() / 3600),
              default=DEFAULT_HORIZON.total_seconds() / 3600, show_default=True,
              help="The horizon: events older than this are never sent, so a lost record cannot replay history.")
@click.option("--preview", "base_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A checkout of the pull request's base: print as Markdown the messages merging would send. "
                   "Needs no secrets and no network.")
def notify(config_path: Path | None, state: Path | None, dry_run: bool, since_hours: float,
           base_dir: Path | None) -> None:
    """Send every update published since the last run to the channels under `notify:` in mkdocs.yml.

    Each successful delivery is written to the --state record at once; a failed one is tried again
    on the next run. Exit status 1 when any delivery failed or the site has problems.
    """
    # Imported here: the feed machinery would slow down every other command's start.
    from ..notify.run import due, preview_messages, send_due
    from ..notify.transport import deliver
    from ..outputs.urls import PLACEHOLDER_SITE_URL, SiteUrls

    try:
        now = build_clock()
    except ClockError as exc:
        raise click.UsageError(str(exc)) from None
    horizon = timedelta(hours=since_hours)
    config_path = (config_path or find_config(Path.cwd()))
    if config_path is None:
        raise click.UsageError("no mkdocs.yml found here or in any folder above; pass --config")
    site = _load(config_path)
    if base_dir is None and not dry_run and site.config.channels and not site.config.site_url.strip():
        click.echo(f"mkstatus notify: site_url is not set in mkdocs.yml, so every message would link to "
                   f"{PLACEHOLDER_SITE_URL}; nothing sent (set `site_url:` to the published address)", err=True)
        sys.exit(1)
    urls = SiteUrls.for_config(site.config)
    if base_dir is not None:
        base_config = base_dir / config_path.name
        base = _load(base_config, quiet=True) if base_config.is_file() else None
        click.echo(preview_markdown(preview_messages(_with_example_channel(site), base and
                                                     _with_example_channel(base), now, urls, horizon),
                                    site, now, base is None, not site.config.channels))
        return
    if state is None:
        raise click.UsageError("--state FILE is required: the delivery record that keeps each event from going twice")
    try:
        record = DeliveryRecord.load(state)
    except RecordError as exc:
        click.echo(f"mkstatus notify: {exc}", err=True)
        sys.exit(1)
    if not site.config.channels:
        click.echo("mkstatus notify: no channels under `notify: channels:` in mkdocs.yml; nothing to send", err=True)
        return
    messages = due(site, now, urls, record, horizon)
    if dry_run:
        for message in messages:
            click.echo(_dry_run_block(message))
        click.echo(f"mkstatus notify: dry run, {plural(len(messages), 'message')} due, nothing sent", err=True)
        return
    outcome = send_due(messages, record, now, os.environ, deliver, report=click.echo)
    summary = f"mkstatus notify: {len(outcome.sent)} sent"
    if outcome.failed or outcome.held:
        summary += (f", {len(outcome.failed)} failed, {len(outcome.held)} held back behind a failure; "
                    "they are tried again on the next run")
    click.echo(summary, err=True)
    sys.exit(1 if outcome.failed else 0)


def _load(config_path: Path, quiet: bool = False) -> Site | None:
    project, diagnostics = read_project(config_path.absolute())
    if project is not None:
        result = project.load()
        diagnostics = result.diagnostics
        if result.ok:
            return replace(result.site, config=replace(result.site.config,
                                                       directory_urls=_directory_urls(config_path)))
    if quiet:
        return None
    for diagnostic in diagnostics:
        click.echo(str(diagnostic))
    click.echo(f"mkstatus notify: {plural(len(diagnostics), 'problem')}; nothing sent (fix them, see `mkstatus check`)",
               err=True)
    sys.exit(1)


def _directory_urls(config_path: Path) -> bool:
    """MkDocs' use_directory_urls, so links point where the build writes pages."""
    try:
        data, _ = yamlsource.load(config_path.read_text(encoding="utf-8"), unknown_tags_as_none=True)
    except (OSError, yamlsource.YamlError):
        return True
    return not (isinstance(data, dict) and data.get("use_directory_urls") is False)


def _with_example_channel(site: Site) -> Site:
    if site.config.channels:
        return site
    return replace(site, config=replace(site.config, channels=(EXAMPLE_CHANNEL,)))


def _dry_run_block(message) -> str:
    """The event, where it would go (the variable's name, never its value), the headers and the body."""
    channel, event = message.channel, message.event
    lines = [f"--- {channel.id} ({channel.type}) {event.type.value} {event.id}"]
    if message.email is not None:
        lines.append(f"SMTP to ${channel.url_env}")
    else:
        lines.append(f"POST ${channel.url_env}" + ("/api/v1/statuses" if channel.type == "mastodon" else ""))
        lines += [f"{name}: {value}" for name, value in message.headers.items()]
        if channel.type == "mastodon":
            lines.append(f"Authorization: Bearer ${channel.secret_env}")
        elif channel.secret_env:
            lines.append(f"X-MkStatus-Signature: sha256=<HMAC-SHA256 of the body with ${channel.secret_env}>")
    return "\n".join(lines) + "\n\n" + message.preview() + "\n"


def preview_markdown(messages: list, site: Site, now, no_base: bool, example: bool) -> str:
    """The job summary: each message in a code block, so no author text can format the summary."""
    lines = ["## Notifications this pull request would send", ""]
    if not messages:
        lines.append("None: merging sends no notification.")
    else:
        channels = {m.channel.id for m in messages}
        lines.append(f"{plural(len(messages), 'message')} to {plural(len(channels), 'channel')}, "
                     f"due at {display(now, site.config.timezone)} (the time of this check).")
    if example:
        lines += ["", "No channels are configured under `notify: channels:`; the messages are shown as the "
                      "plain text an `email` channel would send."]
    if no_base:
        lines += ["", "The base commit's status site could not be read: every event within the horizon counts as new."]
    for number, message in enumerate(messages, 1):
        channel, event = message.channel, message.event
        text = message.preview()
        fence = "`" * max(3, _longest_backtick_run(text) + 1)
        lines += ["", f"### {number}. `{channel.id}` ({channel.type}): {event.type.value}", "",
                  f"{fence}{'text' if message.email is not None else 'json'}", text, fence]
    return "\n".join(lines)


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


COMMANDS = [notify]
