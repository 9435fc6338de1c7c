"""The `notify:` plugin option -> Channels, every problem a Diagnostic on its mkdocs.yml line.

Destinations and secrets never stand in mkdocs.yml: a channel names the environment variables
that hold them (`url_env`, `secret_env`), which CI fills from repository secrets.
"""

from __future__ import annotations

import re

from .diagnostics import Reporter, did_you_mean, one_of, report_unknown_keys, shown
from .model import Channel
from .event_types import EventType

CHANNEL_TYPES = ("webhook", "slack", "discord", "teams", "mattermost", "google_chat", "mastodon", "email")
# Types whose destination needs a second secret; for the others the URL itself is the secret.
SECRET_REQUIRED = {"mastodon": "the access token of the posting account"}
SECRET_ALLOWED = {"webhook", "mastodon"}
NOTIFY_KEYS = {"channels"}
CHANNEL_KEYS = {"id", "type", "url_env", "secret_env", "components", "events"}
TYPE_KEYS = {"email": {"to", "from"}, "mastodon": {"visibility"}}
MASTODON_VISIBILITIES = ("public", "unlisted", "private")
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
CHANNEL_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
EMAIL_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


def read_channels(report: Reporter, notify: object, component_ids: list[str]) -> tuple[Channel, ...]:
    """Validate `notify: channels: [...]`; a channel with a problem is left out (and reported)."""
    if notify is None:
        return ()
    if not isinstance(notify, dict):
        report.key(("notify",), "`notify` must be a mapping", "write `channels:` indented below `notify:`")
        return ()
    report_unknown_keys(report, ("notify",), notify, NOTIFY_KEYS)
    items = notify.get("channels") or []
    if not isinstance(items, list):
        report.key(("notify", "channels"), "`notify: channels` must be a list",
                   "write one `- id: ...` entry per channel under `channels:`")
        return ()
    channels: list[Channel] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        channel = _channel(report, ("notify", "channels", index), item, component_ids, seen)
        if channel is not None:
            channels.append(channel)
    return tuple(channels)


def _channel(report: Reporter, path: tuple, item: object, component_ids: list[str],
             seen: set[str]) -> Channel | None:
    if not isinstance(item, dict):
        report.key(path, f"channels[{path[-1]}] must be a mapping with `id`, `type` and `url_env`",
                   "e.g. `- id: ops-slack`, then `type: slack` and `url_env: SLACK_WEBHOOK_URL` below it")
        return None
    problems = len(report.diagnostics)
    kind = item.get("type")
    if kind not in CHANNEL_TYPES:
        report.key(path + ("type",), f"unknown channel type {shown(kind)}{did_you_mean(kind, CHANNEL_TYPES)}",
                   f"use one of {one_of(CHANNEL_TYPES)}")
        kind = None
    report_unknown_keys(report, path, item, CHANNEL_KEYS | TYPE_KEYS.get(kind, set()),
                        {key: f"`{key}` is for {' and '.join(t for t, keys in TYPE_KEYS.items() if key in keys)} "
                              "channels only" for keys in TYPE_KEYS.values() for key in keys})
    ident = item.get("id")
    if not isinstance(ident, str) or not CHANNEL_ID.match(ident):
        report.key(path + ("id",), f"channel id {shown(ident)} is missing or invalid",
                   "use lowercase letters, digits, '-' or '_', e.g. `id: ops-slack`; the delivery record uses it")
    elif ident in seen:
        report.key(path + ("id",), f"duplicate channel id '{ident}'", "give each channel its own id")
    else:
        seen.add(ident)
    url_env = _env_name(report, path, item, "url_env", required=True)
    secret_env = _env_name(report, path, item, "secret_env", required=False)
    if kind in SECRET_REQUIRED and item.get("secret_env") is None:
        report.key(path, f"a {kind} channel needs `secret_env`: the environment variable holding "
                   f"{SECRET_REQUIRED[kind]}", "e.g. `secret_env: MASTODON_TOKEN`")
    if secret_env and kind and kind not in SECRET_ALLOWED:
        report.key(path + ("secret_env",), f"a {kind} channel takes no secret: its URL is the secret",
                   "remove `secret_env`; keep the URL itself in the secret that `url_env` names")
    components = _names(report, path, item, "components", component_ids, "component")
    events = _names(report, path, item, "events", [e.value for e in EventType], "event")
    to: tuple[str, ...] = ()
    sender, visibility = "", "public"
    if kind == "email":
        to = _recipients(report, path, item)
        sender = item.get("from") or ""
        if not isinstance(sender, str) or (sender and not EMAIL_ADDRESS.match(sender)):
            report.key(path + ("from",), f"`from` {shown(sender)} is not an e-mail address",
                       "e.g. `from: status@example.com`; leave it out to use the SMTP user name")
            sender = ""
    if kind == "mastodon":
        visibility = item.get("visibility", "public")
        if visibility not in MASTODON_VISIBILITIES:
            report.key(path + ("visibility",), f"unknown visibility {shown(visibility)}",
                       f"use one of {one_of(MASTODON_VISIBILITIES)}")
    if len(report.diagnostics) > problems:
        return None
    return Channel(ident, kind, url_env, secret_env, components, events, to, sender, visibility)


def _env_name(report: Reporter, path: tuple, item: dict, key: str, *, required: bool) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not ENV_NAME.match(value):
        what = "the environment variable that holds the destination URL" if key == "url_env" \
            else "the environment variable that holds the secret"
        report.key(path + (key,), f"`{key}` {shown(value)} must name {what}",
                   f"e.g. `{key}: {'SLACK_WEBHOOK_URL' if key == 'url_env' else 'WEBHOOK_SECRET'}`; "
                   "the value itself stays in a repository secret, never in mkdocs.yml")
        return ""
    return value


def _names(report: Reporter, path: tuple, item: dict, key: str, known: list[str], what: str) -> tuple[str, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        report.key(path + (key,), f"`{key}` must be a non-empty list of {what} names",
                   f"e.g. `{key}: [{known[0] if known else what}]`; leave it out for all of them")
        return ()
    for index, name in enumerate(value):
        if name not in known:
            report.key(path + (key, index), f"unknown {what} {shown(name)}{did_you_mean(name, known)}",
                       f"known: {one_of(known) or '(none)'}")
    return tuple(dict.fromkeys(n for n in value if n in known))


def _recipients(report: Reporter, path: tuple, item: dict) -> tuple[str, ...]:
    value = item.get("to")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        report.key(path + ("to",) if "to" in item else path, "an email channel needs `to`: the recipients",
                   "e.g. `to: [status-subscribers@example.com]` (a mailing list works well)")
        return ()
    for index, address in enumerate(value):
        if not isinstance(address, str) or not EMAIL_ADDRESS.match(address):
            report.key(path + ("to", index), f"{shown(address)} is not an e-mail address",
                       "write a plain address such as ops@example.com")
    return tuple(a for a in value if isinstance(a, str))
