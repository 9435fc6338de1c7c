"""The notification core without a network: events and their ids, maintenance windows, escaping,
length limits, filters and channel validation."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sites.kit import OSLO_OPTIONS, make_site, utc

from mkstatus.core.model import Channel
from mkstatus.notify.events import site_events
from mkstatus.notify.markup import WORD_JOINER
from mkstatus.notify.messages import LIMITS, render
from mkstatus.notify.record import DeliveryRecord
from mkstatus.notify.run import due, send_due
from mkstatus.outputs.feeds import build_feeds
from mkstatus.outputs.urls import SiteUrls
from mkstatus.core.project import read_project

URLS = SiteUrls("https://status.example.com/")
MAINTENANCE = """\
---
title: Database upgrade
type: maintenance
components: [api]
start: 2025-11-10 13:00 +01:00
end: 2025-11-10 14:00 +01:00
---

## Scheduled - 2025-11-09 10:00 +01:00

We will upgrade the database.
"""
HOSTILE = """\
---
title: "<img src=x onerror=alert(1)> @everyone <!channel> **loud** [x](javascript:alert(1))"
impact: major
components:
  api: major_outage
start: 2025-11-10 10:55 +01:00
---

## Investigating - 2025-11-10 11:00 +01:00

<script>alert(1)</script> Hey @here and @channel, <b onclick="x()">look</b> at <@&123> `code` *stars*
[a link](https://example.com/a_b) and [bad](javascript:alert(1)) & more <!everyone>
"""
TYPES = ("webhook", "slack", "discord", "teams", "mattermost", "google_chat", "mastodon", "email")


def channel(kind: str, **extra) -> Channel:
    more = {"to": ("ops@example.com",)} if kind == "email" else {}
    return Channel(f"c-{kind}".replace("_", "-"), kind, "URL", **more, **extra)


def with_channels(site, *channels):
    from dataclasses import replace
    return replace(site, config=replace(site.config, channels=channels, site_url=URLS.base))


def test_event_ids_are_the_update_feed_ids(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2025-11-10-db": MAINTENANCE, "2025-11-10-hostile": HOSTILE})
    import feedparser
    feed = feedparser.parse(build_feeds(site, URLS)["updates.atom"])
    events = site_events(site, utc(2025, 11, 10, 11), URLS)
    assert sorted(e.id for e in events) == sorted(entry.id for entry in feed.entries)


def test_maintenance_start_and_end_are_raised_once_when_the_clock_passes_them(tmp_path: Path) -> None:
    site = with_channels(make_site(tmp_path, {"2025-11-10-db": MAINTENANCE}), channel("slack"))
    record = DeliveryRecord(tmp_path / "record.json")
    sent: list[tuple[str, str]] = []

    def run(hour: int, minute: int = 0) -> list[str]:
        now = utc(2025, 11, 10, hour, minute)
        outcome = send_due(due(site, now, URLS, record, timedelta(hours=30)), record, now, {},
                           lambda message, environ: sent.append((message.event.type.value, message.event.id)))
        return [m.event.type.value for m in outcome.sent]

    assert run(9) == ["maintenance.scheduled"]
    assert run(11, 59) == []  # 12:59 CET: not started yet
    assert run(12, 5) == ["maintenance.started"]
    assert run(12, 20) == []
    assert run(13, 5) == ["maintenance.completed"]
    assert run(14) == []
    ids = [event_id for _, event_id in sent]
    assert ids[1:] == ["tag:status.example.com,2025:incident/2025-11-10-db/window/start",
                       "tag:status.example.com,2025:incident/2025-11-10-db/window/end"]
    assert json.loads((tmp_path / "record.json").read_text())["channels"]["c-slack"].keys() == set(ids)


def test_an_in_progress_update_replaces_the_window_start(tmp_path: Path) -> None:
    text = MAINTENANCE + "\n## In progress - 2025-11-10 12:58 +01:00\n\nStarting early.\n" \
                         "\n## Completed - 2025-11-10 13:40 +01:00\n\nDone.\n"
    site = make_site(tmp_path, {"2025-11-10-db": text})
    types = [e.type.value for e in site_events(site, utc(2025, 11, 10, 15), URLS)]
    assert types == ["maintenance.scheduled", "maintenance.started", "maintenance.completed"]


@pytest.mark.parametrize("kind", TYPES)
def test_hostile_title_and_body_arrive_as_text(tmp_path: Path, kind: str) -> None:
    site = with_channels(make_site(tmp_path, {"2025-11-10-hostile": HOSTILE}), channel(kind))
    (message,) = due(site, utc(2025, 11, 10, 11), URLS, None)
    if kind == "email":
        text = message.email.get_body(("plain",)).get_content()
        html = message.email.get_body(("html",)).get_content()
        assert "<script" not in html and "onerror" not in html.replace("onerror=alert(1)&gt;", "")
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html and 'href="javascript' not in html
        assert "\n" not in message.email["Subject"]
        return
    payload = json.loads(message.body)
    if kind == "webhook":
        # Data, not markup: the same strings as the Statuspage API, escaped by JSON; receivers escape them.
        assert payload["incident"]["name"].startswith("<img src=x onerror=alert(1)> @everyone")
        return
    strings = list(_strings(payload))
    joined = "\n".join(strings)
    # No mass mention survives on any chat platform.
    for mention in ("@everyone", "@here", "@channel"):
        assert mention not in joined, (kind, mention)
    assert "javascript:" not in joined.replace("[x](javascript:alert(1))", "").replace(
        "\\[x\\]\\(javascript:alert\\(1\\)\\)", "")
    assert f"@{WORD_JOINER}everyone" in joined
    if kind in ("slack", "google_chat"):
        assert "<img" not in joined and "<script" not in joined and "<!channel>" not in joined
        assert "&lt;img src=x onerror=alert(1)&gt;" in joined and "&lt;!channel&gt;" in joined
        assert "<https://example.com/a_b|a link>" in joined
    if kind in ("discord", "mattermost", "teams"):
        assert "\\<img" in joined and "\\<@&123\\>" in joined and "\\*\\*loud\\*\\*" in joined
        assert "[a link](https://example.com/a_b)" in joined
    if kind == "discord":
        assert payload["allowed_mentions"] == {"parse": []}
    if kind == "mastodon":
        assert re.search(r"@\w", payload["status"]) is None  # not even @account@instance


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("kind", ["slack", "discord", "mattermost", "google_chat", "teams", "mastodon"])
def test_long_text_ends_in_an_ellipsis_and_a_link_within_the_limit(tmp_path: Path, kind: str) -> None:
    long_body = " ".join(["Words_with *marks* & <brackets>"] * 2000)
    incident = HOSTILE.split("## Investigating")[0] + f"## Investigating - 2025-11-10 11:00 +01:00\n\n{long_body}\n"
    site = with_channels(make_site(tmp_path, {"2025-11-10-long": incident}), channel(kind))
    (message,) = due(site, utc(2025, 11, 10, 11), URLS, None)
    payload = json.loads(message.body)
    text = {"slack": lambda p: p["text"], "google_chat": lambda p: p["text"], "mattermost": lambda p: p["text"],
            "discord": lambda p: p["embeds"][0]["description"], "mastodon": lambda p: p["status"],
            "teams": lambda p: p["attachments"][0]["content"]["body"][2]["text"]}[kind](payload)
    assert len(text) <= LIMITS[kind]
    assert "…" in text and "#update-20251110T1000Z" in text
    assert "Read the full update" in text or kind == "mastodon"


def test_a_component_filter_and_an_event_filter(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2025-11-10-db": MAINTENANCE, "2025-11-10-hostile": HOSTILE})
    web = channel("slack", components=("web",))
    api_resolved = Channel("api-only", "slack", "URL", components=("api",), events=("maintenance.scheduled",))
    messages = due(with_channels(site, web, api_resolved), utc(2025, 11, 10, 11), URLS, None, timedelta(days=2))
    assert [(m.channel.id, m.event.type.value) for m in messages] == [("api-only", "maintenance.scheduled")]


def test_horizon_keeps_old_events_out(tmp_path: Path) -> None:
    site = with_channels(make_site(tmp_path, {"2025-11-10-hostile": HOSTILE}), channel("slack"))
    assert len(due(site, utc(2025, 11, 10, 15, 59), URLS, None)) == 1
    assert due(site, utc(2025, 11, 10, 16, 1), URLS, None) == []


CHANNELS_YML = """\
site_name: Test
plugins:
  - status:
      components:
        - id: api
          name: API
      notify:
        channels:
          - id: one
            type: slak
            url_env: https://hooks.slack.com/services/x
          - id: two
            type: mastodon
            url_env: MASTODON_URL
            components: [apii]
            events: [incident.create]
          - id: three
            type: email
            url_env: SMTP_URL
"""


def test_bad_channels_are_reported_on_their_lines_by_check(tmp_path: Path) -> None:
    (tmp_path / "incidents").mkdir()
    (tmp_path / "mkdocs.yml").write_text(CHANNELS_YML, encoding="utf-8")
    project, _ = read_project(tmp_path / "mkdocs.yml")
    problems = [str(d) for d in project.load().diagnostics]
    assert problems == [
        "mkdocs.yml:10:19: unknown channel type 'slak' (did you mean 'slack'?) (hint: use one of webhook, slack, "
        "discord, teams, mattermost, google_chat, mastodon, email)",
        "mkdocs.yml:11:22: `url_env` 'https://hooks.slack.com/services/x' must name the environment variable that "
        "holds the destination URL (hint: e.g. `url_env: SLACK_WEBHOOK_URL`; the value itself stays in a repository "
        "secret, never in mkdocs.yml)",
        "mkdocs.yml:12:13: a mastodon channel needs `secret_env`: the environment variable holding the access token "
        "of the posting account (hint: e.g. `secret_env: MASTODON_TOKEN`)",
        "mkdocs.yml:15:26: unknown component 'apii' (did you mean 'api'?) (hint: known: api)",
        "mkdocs.yml:16:22: unknown event 'incident.create' (did you mean 'incident.created'?) (hint: known: "
        "incident.created, incident.updated, incident.resolved, postmortem.published, maintenance.scheduled, "
        "maintenance.started, maintenance.updated, maintenance.completed, maintenance.cancelled)",
        "mkdocs.yml:17:13: an email channel needs `to`: the recipients (hint: e.g. `to: "
        "[status-subscribers@example.com]` (a mailing list works well))",
    ]


def test_the_build_reports_a_bad_channel_like_check(tmp_path: Path) -> None:
    from sites.kit import build
    (tmp_path / "incidents").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(CHANNELS_YML.replace("site_name: Test\n", "site_name: Test\ntheme: material\n"),
                                         encoding="utf-8")
    done = build(tmp_path, tmp_path / "site", utc(2025, 11, 10, 12))
    assert done.returncode != 0
    assert "mkdocs.yml:11:19: unknown channel type 'slak' (did you mean 'slack'?)" in done.stderr
    assert "Traceback" not in done.stderr


def test_postmortem_and_cancellation_are_events_of_their_own(tmp_path: Path) -> None:
    cancelled = MAINTENANCE.replace("type: maintenance\n", "type: maintenance\ncancelled: true\n") + \
        "\n## Update - 2025-11-10 09:00 +01:00\n\nCancelled: the vendor postponed.\n"
    resolved = HOSTILE.replace("start: 2025-11-10 10:55 +01:00\n", "start: 2025-11-10 10:55 +01:00\n"
                               "end: 2025-11-10 11:50 +01:00\n") + \
        "\n## Resolved - 2025-11-10 12:00 +01:00\n\nFixed.\n\n## Postmortem - 2025-11-11 09:00 +01:00\n\nWhy.\n"
    site = make_site(tmp_path, {"2025-11-10-db": cancelled, "2025-11-10-hostile": resolved})
    events = site_events(site, utc(2025, 11, 12), URLS)
    assert [(e.type.value, e.label) for e in events] == [
        ("maintenance.scheduled", "Scheduled"), ("maintenance.cancelled", "Cancelled"),
        ("incident.created", "Investigating"), ("incident.resolved", "Resolved"),
        ("postmortem.published", "Postmortem")]
    assert events[-1].id == "tag:status.example.com,2025:incident/2025-11-10-hostile/postmortem"
    assert events[-1].link.endswith("#postmortem")


def test_notify_must_be_a_mapping_and_sending_needs_site_url(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner
    from mkstatus.cli import cli
    (tmp_path / "incidents").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - status:\n      notify: [slack]\n",
                                         encoding="utf-8")
    project, _ = read_project(tmp_path / "mkdocs.yml")
    assert [str(d) for d in project.load().diagnostics] == [
        "mkdocs.yml:4:15: `notify` must be a mapping (hint: write `channels:` indented below `notify:`)"]
    (tmp_path / "mkdocs.yml").write_text(CHANNELS_YML.split("          - id: one")[0] + (
        "          - {id: one, type: slack, url_env: SLACK_URL}\n"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["notify", "--state", str(tmp_path / "r.json")])
    assert done.exit_code == 1 and "site_url is not set" in done.output and not (tmp_path / "r.json").exists()
