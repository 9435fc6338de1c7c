"""`mkstatus notify` end to end: real receivers on 127.0.0.1 (HTTP and SMTP), the real CLI, a fixed clock.

Three commits of one incident (new, Identified, Resolved) are replayed on a temporary site with a
notify run after each; every receiver must get exactly one message per event, in order, with the
ids of the site's `updates.atom`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from aiosmtpd.controller import Controller

from mkstatus.outputs.feeds import build_feeds
from mkstatus.outputs.urls import SiteUrls
from mkstatus.core.project import read_project
from sites.kit import status_yml

SECRET = "s3cret-for-the-test"

MKDOCS_YML = status_yml("Test Status", web="Web portal", more="""\
      notify:
        channels:
          - id: hooks
            type: webhook
            url_env: HOOK_URL
            secret_env: HOOK_SECRET
          - id: ops-slack
            type: slack
            url_env: SLACK_URL
          - id: discord
            type: discord
            url_env: DISCORD_URL
          - id: mail
            type: email
            url_env: SMTP_URL
            to: [subscribers@example.com]
            from: status@example.com
          - id: web-only
            type: mattermost
            url_env: WEB_ONLY_URL
            components: [web]
          - id: flaky
            type: webhook
            url_env: FLAKY_URL
""")

API_INCIDENT = """\
---
title: API errors
impact: major
components:
  api: major_outage
start: 2025-11-10 10:55 +01:00
{end}---

## Investigating - 2025-11-10 11:00 +01:00

We are looking into errors on the API.
{more}"""
IDENTIFIED = """
## Identified - 2025-11-10 11:30 +01:00

A bad deploy; rolling back.
"""
RESOLVED = """
## Resolved - 2025-11-10 12:00 +01:00

The API works again.
"""
WEB_INCIDENT = """\
---
title: Slow portal
impact: minor
components:
  web: degraded_performance
start: 2025-11-10 11:20 +01:00
---

## Investigating - 2025-11-10 11:25 +01:00

The portal is slow.
"""


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def free_port() -> int:
    """A port nobody listens on (aiosmtpd's readiness check cannot use port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receivers:
    """One HTTP server (a path per channel) and one SMTP server, recording what arrives."""

    def __init__(self) -> None:
        self.requests: dict[str, list[tuple[dict, bytes]]] = {}
        self.failing: set[str] = set()
        self.mails: list = []
        receivers = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                path = self.path.strip("/")
                receivers.requests.setdefault(path, []).append((self.headers, body))
                self.send_response(500 if path in receivers.failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

        class Mailbox:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
                receivers.mails.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
                return "250 OK"

        self.smtp = Controller(Mailbox(), hostname="127.0.0.1", port=free_port())
        self.smtp.start()

    def env(self) -> dict[str, str]:
        base = f"http://127.0.0.1:{self.http.server_address[1]}"
        return {"HOOK_URL": base + "/hooks", "HOOK_SECRET": SECRET, "SLACK_URL": base + "/ops-slack",
                "DISCORD_URL": base + "/discord", "WEB_ONLY_URL": base + "/web-only", "FLAKY_URL": base + "/flaky",
                "SMTP_URL": f"smtp://127.0.0.1:{self.smtp.port}"}

    def bodies(self, path: str) -> list[dict]:
        return [json.loads(body) for _, body in self.requests.get(path, [])]

    def close(self) -> None:
        self.http.shutdown()
        self.smtp.stop()


@pytest.fixture
def receivers():
    started = Receivers()
    yield started
    started.close()


def write_site(root: Path, incidents: dict[str, str]) -> None:
    (root / "incidents").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for path in (root / "incidents").glob("*.md"):
        if path.stem not in incidents:
            path.unlink()
    for name, text in incidents.items():
        (root / "incidents" / f"{name}.md").write_text(text, encoding="utf-8")


def notify(root: Path, clock: datetime, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, **env, "SOURCE_DATE_EPOCH": str(int(clock.timestamp()))}
    return subprocess.run([sys.executable, "-c", "from mkstatus.cli import main; main()", *args], cwd=root, env=environ,
                          capture_output=True, text=True, timeout=120)


def feed_ids(root: Path) -> list[str]:
    """The ids of updates.atom as the build writes it, oldest first."""
    project, _ = read_project(root / "mkdocs.yml")
    site = project.load().site
    feed = feedparser.parse(build_feeds(site, SiteUrls.for_config(site.config))["updates.atom"])
    return [entry.id for entry in reversed(feed.entries)]


def received_ids(receivers: Receivers) -> dict[str, list[str]]:
    ids = {"hooks": [b["meta"]["event_id"] for b in receivers.bodies("hooks")],
           "ops-slack": [b["text"] for b in receivers.bodies("ops-slack")],
           "discord": [b["embeds"][0]["url"] for b in receivers.bodies("discord")],
           "mail": [m["Message-ID"] for _, m in receivers.mails]}
    return ids


def test_three_commits_reach_every_receiver_once_in_order(tmp_path: Path, receivers: Receivers) -> None:
    env = receivers.env()
    run = ["notify", "--state", str(tmp_path / "record.json")]
    receivers.failing.add("flaky")

    write_site(tmp_path, {"2025-11-10-api-errors": API_INCIDENT.format(end="", more="")})
    first = notify(tmp_path, utc(2025, 11, 10, 10, 5), env, *run)
    assert first.returncode == 1, first.stderr  # the flaky receiver answered 500
    assert "FAILED  flaky" in first.stdout and "HOOK_URL" not in first.stdout + first.stderr
    receivers.failing.clear()

    write_site(tmp_path, {"2025-11-10-api-errors": API_INCIDENT.format(end="", more=IDENTIFIED),
                          "2025-11-10-slow-portal": WEB_INCIDENT})
    second = notify(tmp_path, utc(2025, 11, 10, 10, 35), env, *run)
    assert second.returncode == 0, second.stdout + second.stderr
    again = notify(tmp_path, utc(2025, 11, 10, 10, 35), env, *run)
    assert again.returncode == 0 and "sent" not in again.stdout, again.stdout

    write_site(tmp_path, {"2025-11-10-api-errors": API_INCIDENT.format(end="end: 2025-11-10 11:58 +01:00\n",
                                                                      more=IDENTIFIED + RESOLVED),
                          "2025-11-10-slow-portal": WEB_INCIDENT})
    third = notify(tmp_path, utc(2025, 11, 10, 11, 5), env, *run)
    assert third.returncode == 0, third.stdout + third.stderr

    atom = feed_ids(tmp_path)
    api_ids = [i for i in atom if "api-errors" in i]
    web_ids = [i for i in atom if "slow-portal" in i]
    assert len(api_ids) == 3 and len(web_ids) == 1
    everything = [api_ids[0], web_ids[0], api_ids[1], api_ids[2]]  # by time: 11:00, 11:25, 11:30, 12:00 CET

    hooks = receivers.bodies("hooks")
    assert [b["meta"]["event_id"] for b in hooks] == everything
    assert [b["meta"]["event_type"] for b in hooks] == ["incident.created", "incident.created",
                                                         "incident.updated", "incident.resolved"]
    discord = receivers.bodies("discord")
    assert [b["embeds"][0]["url"].rsplit("#", 1)[1] for b in discord] == [
        "update-20251110T1000Z", "update-20251110T1025Z", "update-20251110T1030Z", "update-20251110T1100Z"]
    slack = [b["text"] for b in receivers.bodies("ops-slack")]
    assert [t.split("|", 1)[1].split(">", 1)[0] for t in slack] == [
        "Investigating: API errors", "Investigating: Slow portal", "Identified: API errors", "Resolved: API errors"]
    mails = receivers.mails
    assert [m["Subject"] for _, m in mails] == [
        "[Test Status] Investigating: API errors", "[Test Status] Investigating: Slow portal",
        "[Test Status] Identified: API errors", "[Test Status] Resolved: API errors"]
    assert all(rcpt == ["subscribers@example.com"] for rcpt, _ in mails)
    # Every receiver got the feed's ids, in order, once each (the X-MkStatus-Event header).
    for path in ("hooks", "ops-slack", "discord"):
        assert [headers["X-MkStatus-Event"] for headers, _ in receivers.requests[path]] == everything, path
    assert [m["X-MkStatus-Event"] for _, m in mails] == everything
    assert len({m["Message-ID"] for _, m in mails}) == 4

    # The component filter: only the portal's incident.
    web_only = receivers.bodies("web-only")
    assert len(web_only) == 1 and "Slow portal" in web_only[0]["text"]

    # The 500 receiver got its first event again on the next run, then the rest, in order; nobody else twice.
    flaky = [json.loads(body)["meta"]["event_id"] for _, body in receivers.requests["flaky"]]
    assert flaky == [everything[0], *everything]
    for path in ("hooks", "ops-slack", "discord", "web-only"):
        assert len(receivers.requests[path]) == len(set(b for _, b in receivers.requests[path])), path

    # The record names each delivery, under the feed's ids.
    record = json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))
    assert sorted(record["channels"]["hooks"]) == sorted(everything)

    # With the record lost, seven hours later, nothing older than the 6-hour horizon goes out again.
    (tmp_path / "record.json").unlink()
    before = sum(len(r) for r in receivers.requests.values()), len(mails)
    late = notify(tmp_path, utc(2025, 11, 10, 18, 5), env, *run)
    assert late.returncode == 0 and "sent" not in late.stdout, late.stdout
    assert (sum(len(r) for r in receivers.requests.values()), len(receivers.mails)) == before


def test_webhook_has_statuspage_shape_and_a_valid_signature(tmp_path: Path, receivers: Receivers) -> None:
    write_site(tmp_path, {"2025-11-10-api-errors": API_INCIDENT.format(end="", more=IDENTIFIED)})
    env = {key: value for key, value in receivers.env().items()}
    done = notify(tmp_path, utc(2025, 11, 10, 10, 40), env, "notify", "--state", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stdout + done.stderr
    (first_headers, first), (_, second) = receivers.requests["hooks"]
    signature = first_headers["X-MkStatus-Signature"]
    assert signature == "sha256=" + hmac.new(SECRET.encode(), first, hashlib.sha256).hexdigest()
    assert receivers.requests["flaky"][0][0]["X-MkStatus-Signature"] is None  # no secret_env, no signature
    body = json.loads(second)
    assert set(body) == {"meta", "page", "incident"}
    assert body["page"] == {"id": "status.example.com", "status_indicator": "major",
                            "status_description": "Partial System Outage"}
    incident = body["incident"]
    assert incident["id"] == "2025-11-10-api-errors" and incident["status"] == "identified"
    assert [u["status"] for u in incident["incident_updates"]] == ["identified", "investigating"]
    assert incident["shortlink"] == "https://status.example.com/incidents/2025-11-10-api-errors/"
    # The first message shows the incident as it stood then: one update.
    assert len(json.loads(first)["incident"]["incident_updates"]) == 1
    # Email: a text part with the time in the site's zone, the components and the update's link.
    _, mail = receivers.mails[0]
    text = mail.get_body(("plain",)).get_content()
    assert "Nov 10, 2025 - 11:00 CET" in text and "API (Major Outage)" in text
    assert "https://status.example.com/incidents/2025-11-10-api-errors/#update-20251110T1000Z" in text


def test_dry_run_prints_and_sends_nothing(tmp_path: Path, receivers: Receivers) -> None:
    write_site(tmp_path, {"2025-11-10-api-errors": API_INCIDENT.format(end="", more="")})
    done = notify(tmp_path, utc(2025, 11, 10, 10, 5), receivers.env(), "notify", "--state",
                  str(tmp_path / "r.json"), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("--- ") == 5 and '"status_indicator": "major"' in done.stdout
    assert receivers.requests == {} and receivers.mails == [] and not (tmp_path / "r.json").exists()


def test_preview_prints_the_messages_a_pull_request_adds_offline(tmp_path: Path, monkeypatch) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    write_site(base, {"2025-11-10-slow-portal": WEB_INCIDENT})
    write_site(head, {"2025-11-10-slow-portal": WEB_INCIDENT,
                      "2025-11-10-api-errors": API_INCIDENT.format(end="end: 2025-11-10 11:58 +01:00\n",
                                                                  more=IDENTIFIED + RESOLVED)})
    # One channel, and no environment at all: no URL, no secret.
    (head / "mkdocs.yml").write_text(MKDOCS_YML.split("          - id: ops-slack")[0].replace("type: webhook", "type: slack")
                                     .replace("            secret_env: HOOK_SECRET\n", ""), encoding="utf-8")
    for name in [n for n in os.environ if n.endswith(("_URL", "_SECRET"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(utc(2025, 11, 10, 11, 5).timestamp())))
    monkeypatch.chdir(head)

    def no_network(*args, **kwargs):
        raise AssertionError("the preview must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    from click.testing import CliRunner
    from mkstatus.cli import cli
    done = CliRunner().invoke(cli, ["notify", "--preview", str(base)])
    assert done.exit_code == 0, done.output
    sections = done.output.split("\n### ")[1:]
    assert [s.split("\n", 1)[0] for s in sections] == [
        "1. `hooks` (slack): incident.created", "2. `hooks` (slack): incident.updated",
        "3. `hooks` (slack): incident.resolved"]
    assert "Slow portal" not in done.output  # the base already had it
    payload = json.loads(sections[2].split("```json\n", 1)[1].split("\n```", 1)[0])
    assert payload["text"].startswith("*<https://status.example.com/incidents/2025-11-10-api-errors/#update-")
    assert "Resolved: API errors" in payload["text"] and "Nov 10, 2025 - 12:00 CET" in payload["text"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))


ALL_TYPES_YML = MKDOCS_YML.split("      notify:")[0] + """\
      notify:
        channels:
          - {id: teams, type: teams, url_env: TEAMS_URL}
          - {id: mattermost, type: mattermost, url_env: MATTERMOST_URL}
          - {id: google-chat, type: google_chat, url_env: CHAT_URL}
          - {id: mastodon, type: mastodon, url_env: MASTODON_URL, secret_env: MASTODON_TOKEN, visibility: unlisted}
"""


def test_every_other_channel_type_posts_to_its_receiver(tmp_path: Path, receivers: Receivers) -> None:
    write_site(tmp_path, {"2025-11-10-api-errors": API_INCIDENT.format(end="", more="")})
    (tmp_path / "mkdocs.yml").write_text(ALL_TYPES_YML, encoding="utf-8")
    base = receivers.env()["HOOK_URL"].rsplit("/", 1)[0]
    env = {"TEAMS_URL": base + "/teams", "MATTERMOST_URL": base + "/mattermost", "CHAT_URL": base + "/chat",
           "MASTODON_URL": base + "/mastodon", "MASTODON_TOKEN": "token-1"}
    done = notify(tmp_path, utc(2025, 11, 10, 10, 5), env, "notify", "--state", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stdout + done.stderr
    link = "https://status.example.com/incidents/2025-11-10-api-errors/#update-20251110T1000Z"
    (teams,) = receivers.bodies("teams")
    card = teams["attachments"][0]["content"]
    assert teams["type"] == "message" and card["type"] == "AdaptiveCard"
    assert card["body"][0]["text"] == "Investigating: API errors" and card["actions"][0]["url"] == link
    assert {"title": "Time", "value": "Nov 10, 2025 - 11:00 CET"} in card["body"][1]["facts"]
    (mattermost,) = receivers.bodies("mattermost")
    assert mattermost["text"].startswith(f"**[Investigating: API errors]({link})**")
    (chat,) = receivers.bodies("chat")
    assert chat["text"].startswith(f"*<{link}|Investigating: API errors>*")
    ((headers, body),) = receivers.requests["mastodon/api/v1/statuses"]
    assert headers["Authorization"] == "Bearer token-1" and headers["Idempotency-Key"]
    post = json.loads(body)
    assert post["visibility"] == "unlisted" and post["status"].endswith(link) and len(post["status"]) <= 500
