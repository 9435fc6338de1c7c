"""One event -> the exact message one channel receives: the same words on every platform, each in
its own markup and within its own length limits.

Every message carries the title, the status label, the update's text, the time in the site's
zone with its abbreviation, the affected components and an absolute link to the update's anchor.
A text too long for a platform ends in "…" and a link to the full update; nothing is cut silently.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape as html_escape
from urllib.parse import quote

from ..outputs.colors import COMPONENT_COLORS
from ..core.model import Channel, ComponentStatus, Impact, Site
from ..outputs.statuspage_api import incident_and_status
from ..outputs.urls import SiteUrls, component_name
from ..outputs.wording import COMPONENT_STATUS_LABELS
from ..core.status import worst
from ..outputs.timefmt import display
from .events import Event
from .markup import escape, link, to_text

SIGNATURE_HEADER = "X-MkStatus-Signature"
EVENT_HEADER = "X-MkStatus-Event"
READ_MORE = "Read the full update"
# The most each platform shows of one text (characters): Slack's message text (it advises 4,000),
# a Discord embed description, Google Chat's message text, Mastodon's default post length; Teams'
# Adaptive Cards must stay under 28 KB in total; Mattermost splits posts above 4,000.
LIMITS = {"slack": 3_900, "discord": 4_096, "mattermost": 4_000, "google_chat": 4_000, "teams": 12_000,
          "mastodon": 500, "email": 100_000}
DISCORD_TITLE, DISCORD_FIELD = 256, 1_024


@dataclass(frozen=True)
class Message:
    """What one channel receives for one event: a POST body with headers, or an e-mail."""

    channel: Channel
    event: Event
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    email: EmailMessage | None = None

    def preview(self) -> str:
        """Exactly what is sent, readable: the JSON pretty-printed, or the e-mail's headers and text part."""
        if self.email is not None:
            text = self.email.get_body(("plain",)).get_content()
            return f"To: {self.email['To']}\nSubject: {self.email['Subject']}\n\n{text}"
        return json.dumps(json.loads(self.body), indent=2, ensure_ascii=False)


def render(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    """The channel type's message, with the event id in a header so any receiver can deduplicate."""
    message = RENDERERS[channel.type](channel, event, site, urls)
    event_id = quote(event.id, safe=":/,@+-._~!$&'()*;=")  # header values are ASCII; tag ids nearly always are
    if message.email is not None:
        message.email[EVENT_HEADER] = event_id
        return message
    return replace(message, headers={**message.headers, EVENT_HEADER: event_id})


# --- the words, shared by every platform ---------------------------------------------------------

def heading(event: Event) -> str:
    return f"{event.label}: {event.title}"


def when(event: Event, site: Site) -> str:
    return display(event.at, site.config.timezone)


def component_list(event: Event, site: Site, style: str) -> str:
    return ", ".join(f"{escape(component_name(site.config, c), style)} ({COMPONENT_STATUS_LABELS[s]})"
                     for c, s in event.components)


def shorten(text: str, style: str, limit: int, *, every_account: bool = False) -> str:
    """A one-line author string escaped for `style` in at most `limit` characters, "…" when cut."""
    shown = escape(text, style, every_account=every_account)
    cut = len(text)
    while len(shown) > limit and cut > 0:
        cut -= max((len(shown) - limit) // 2, 1)
        shown = escape(text[:cut].rstrip(), style, every_account=every_account) + "…"
    return shown


def body_text(event: Event, style: str, budget: int, *, every_account: bool = False) -> str:
    """The update's text in `style`, or as much as fits in `budget` followed by "…" and a link."""
    text = to_text(event.body_html, style, every_account=every_account)
    if len(text) <= budget:
        return text
    more = "… " + link(event.link, READ_MORE, style)
    plain = to_text(event.body_html, "plain", every_account=every_account)
    keep = min(len(plain), budget)
    while keep > 0:
        cut = plain[:keep]
        if " " in cut.strip():
            cut = cut.rstrip().rsplit(None, 1)[0]
        shown = escape(cut, style, every_account=every_account).rstrip() + more
        if len(shown) <= budget:
            return shown
        keep -= max(len(shown) - budget, 1)
    return more.lstrip("… ")


def _color(event: Event) -> int:
    status = worst(s for _, s in event.components)
    if not event.components:
        status = ComponentStatus.OPERATIONAL if event.incident.impact is Impact.NONE else ComponentStatus.PARTIAL_OUTAGE
    return int(COMPONENT_COLORS[status].lstrip("#"), 16)


def _json(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _chat_text(event: Event, site: Site, style: str, limit: int) -> str:
    """Slack, Google Chat and Mattermost: one text with a linked heading, the time, body and components."""
    bold = "*" if style == "slack" else "**"
    title = bold + link(event.link, shorten(heading(event), style, 200), style) + bold
    footer = [f"{when(event, site)} · {escape(site.config.name, style)}"]
    if event.components:
        footer.insert(0, f"{bold}Components:{bold} {component_list(event, site, style)}")
    fixed = len(title) + sum(len(line) + 1 for line in footer) + 4
    return "\n".join([title, body_text(event, style, max(limit - fixed, 200)), "", *footer])


# --- one renderer per channel type ---------------------------------------------------------------

def render_webhook(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    """Atlassian Statuspage's webhook shape (`meta`, `page`, `incident` with `incident_updates`), so
    receivers written for Statuspage work unchanged; the incident as it stood at this event."""
    incident = event.incident
    shown = replace(incident, updates=incident.updates[: event.index + 1],
                    postmortem=incident.postmortem if event.index >= len(incident.updates) else None)
    at_event = replace(site, incidents=tuple(shown if i.id == incident.id else i for i in site.incidents))
    body, status, page_id = incident_and_status(at_event, shown, event.at, urls)
    payload = {
        # Statuspage's two meta keys (MkStatus manages no subscriptions, and links no docs), then ours.
        "meta": {"unsubscribe": None, "documentation": None, "event_id": event.id,
                 "event_type": event.type.value, "link": event.link},
        "page": {"id": page_id, "status_indicator": status["indicator"], "status_description": status["description"]},
        "incident": body,
    }
    data = _json(payload)
    headers = {"Content-Type": "application/json"}
    return Message(channel, event, data, headers)


def sign(secret: str, body: bytes) -> str:
    """The X-MkStatus-Signature value: 'sha256=' and the hex HMAC-SHA256 of the exact body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def render_slack(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    text = _chat_text(event, site, "slack", LIMITS["slack"])
    return Message(channel, event, _json({"text": text, "mrkdwn": True, "unfurl_links": False,
                                          "unfurl_media": False}), {"Content-Type": "application/json"})


def render_google_chat(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    # Google Chat reads Slack's syntax: *bold*, _italic_, <url|text>, and &amp; &lt; &gt;.
    text = _chat_text(event, site, "slack", LIMITS["google_chat"])
    return Message(channel, event, _json({"text": text}), {"Content-Type": "application/json; charset=UTF-8"})


def render_mattermost(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    text = _chat_text(event, site, "markdown", LIMITS["mattermost"])
    return Message(channel, event, _json({"text": text}), {"Content-Type": "application/json"})


def render_discord(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    embed = {
        "title": shorten(heading(event), "markdown", DISCORD_TITLE),
        "url": event.link,
        "description": body_text(event, "markdown", LIMITS["discord"]),
        "color": _color(event),
        "timestamp": event.at.isoformat(),
        "fields": [{"name": "Status", "value": escape(event.label, "markdown"), "inline": True},
                   {"name": "Time", "value": when(event, site), "inline": True}],
        "footer": {"text": shorten(site.config.name, "plain", 200)},
    }
    if event.components:
        embed["fields"].append({"name": "Components", "value": _fit_field(component_list(event, site, "markdown"))})
    # No mention of anyone, whatever the text says.
    payload = {"embeds": [embed], "allowed_mentions": {"parse": []}}
    return Message(channel, event, _json(payload), {"Content-Type": "application/json"})


def _fit_field(text: str) -> str:
    if len(text) <= DISCORD_FIELD:
        return text
    return text[: DISCORD_FIELD - 1].rsplit(", ", 1)[0] + "…"


def render_teams(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    """A Teams Workflows webhook ("Post to a channel when a webhook request is received") takes an
    Adaptive Card in a message attachment."""
    facts = [{"title": "Status", "value": escape(event.label, "markdown")},
             {"title": "Time", "value": when(event, site)}]
    if event.components:
        facts.append({"title": "Components", "value": component_list(event, site, "markdown")})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": shorten(heading(event), "markdown", 300), "weight": "Bolder",
             "size": "Medium", "wrap": True},
            {"type": "FactSet", "facts": facts},
            {"type": "TextBlock", "text": body_text(event, "markdown", LIMITS["teams"]), "wrap": True},
        ],
        "actions": [{"type": "Action.OpenUrl", "title": "View this update", "url": event.link}],
    }
    payload = {"type": "message", "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}]}
    return Message(channel, event, _json(payload), {"Content-Type": "application/json"})


def render_mastodon(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    """A public post: plain text in which no `@account` can become a mention."""
    title = shorten(heading(event), "plain", 120, every_account=True)
    tail = [when(event, site)]
    if event.components:
        listed = ", ".join(f"{component_name(site.config, c)} ({COMPONENT_STATUS_LABELS[s]})"
                           for c, s in event.components)
        tail.append("Components: " + shorten(listed, "plain", 120, every_account=True))
    tail.append(event.link)
    fixed = len(title) + sum(len(line) + 1 for line in tail) + 4
    body = body_text(event, "plain", LIMITS["mastodon"] - fixed, every_account=True)
    status = "\n\n".join(part for part in (title, body, "\n".join(tail)) if part)
    # Mastodon keeps a post made with the same key for an hour: a retried request posts once.
    headers = {"Content-Type": "application/json", "Idempotency-Key": _digest(channel.id, event.id)}
    return Message(channel, event, _json({"status": status, "visibility": channel.visibility}), headers)


def render_email(channel: Channel, event: Event, site: Site, urls: SiteUrls) -> Message:
    """A text and an HTML part; the HTML body is the page's own sanitised HTML, every other string escaped."""
    message = EmailMessage()
    message["Subject"] = shorten(" ".join(f"[{site.config.name}] {heading(event)}".splitlines()), "plain", 200)
    message["To"] = ", ".join(channel.to)
    if channel.sender:
        message["From"] = channel.sender
    message["Date"] = format_datetime(event.at)
    message["Message-ID"] = f"<{_digest(channel.id, event.id)}@{urls.host}>"
    components = ", ".join(f"{component_name(site.config, c)} ({COMPONENT_STATUS_LABELS[s]})"
                           for c, s in event.components)
    lines = [heading(event), "", body_text(event, "plain", LIMITS["email"]), "", f"Time: {when(event, site)}"]
    if components:
        lines.append(f"Components: {components}")
    lines += [f"Details: {event.link}", "", f"-- {site.config.name}"]
    message.set_content("\n".join(lines) + "\n")
    html = (f"<h1>{html_escape(heading(event))}</h1>{event.body_html}"
            f"<p>Time: {html_escape(when(event, site))}</p>"
            + (f"<p>Components: {html_escape(components)}</p>" if components else "")
            + f'<p><a href="{html_escape(event.link)}">View this update</a></p>'
            f"<p>{html_escape(site.config.name)}</p>")
    message.add_alternative(f"<!DOCTYPE html><html><body>{html}</body></html>\n", subtype="html")
    return Message(channel, event, email=message)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:40]


RENDERERS = {
    "webhook": render_webhook,
    "slack": render_slack,
    "discord": render_discord,
    "teams": render_teams,
    "mattermost": render_mattermost,
    "google_chat": render_google_chat,
    "mastodon": render_mastodon,
    "email": render_email,
}
