"""What is due and sending it: the record, the channel filters, the horizon and the order.

A channel receives its events oldest first. When one delivery to a channel fails, that channel's
later events wait for the next run too, so no receiver ever sees them out of order; the other
channels go on. Events older than the horizon are never due, so a lost record cannot replay history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Mapping

from ..core.model import Channel, Site
from ..outputs.urls import SiteUrls
from ..core.status import affected_component_ids
from .events import Event, site_events
from .messages import Message, render
from .record import DEFAULT_HORIZON, DeliveryRecord
from .transport import DeliveryError


def wants(channel: Channel, event: Event) -> bool:
    """Whether the channel's filters let the event through (no filter: everything)."""
    if channel.events and event.type.value not in channel.events:
        return False
    if channel.components and not set(channel.components) & set(affected_component_ids(event.incident)):
        return False
    return True


def due(site: Site, now: datetime, urls: SiteUrls, record: DeliveryRecord | None,
        horizon: timedelta = DEFAULT_HORIZON) -> list[Message]:
    """Every message not yet delivered, in sending order: by event, then by channel as configured."""
    events = site_events(site, now, urls, since=now - horizon)
    return [render(channel, event, site, urls) for event in events for channel in site.config.channels
            if wants(channel, event) and not (record and record.has(channel.id, event.id))]


@dataclass
class Outcome:
    sent: list[Message] = field(default_factory=list)
    failed: list[tuple[Message, str]] = field(default_factory=list)
    held: list[Message] = field(default_factory=list)  # after a failure on the same channel


def send_due(messages: list[Message], record: DeliveryRecord, now: datetime, environ: Mapping[str, str],
             deliver: Callable[[Message, Mapping[str, str]], None],
             report: Callable[[str], None] = lambda line: None) -> Outcome:
    """Deliver each message, recording each success at once; a channel stops at its first failure."""
    outcome = Outcome()
    stopped: set[str] = set()
    for message in messages:
        channel = message.channel
        if channel.id in stopped:
            outcome.held.append(message)
            continue
        try:
            deliver(message, environ)
        except DeliveryError as exc:
            stopped.add(channel.id)
            outcome.failed.append((message, str(exc)))
            report(f"FAILED  {channel.id:<16} {message.event.type.value:<22} {message.event.id}: {exc}")
            continue
        record.add(channel.id, message.event.id, message.event.at, now)
        outcome.sent.append(message)
        report(f"sent    {channel.id:<16} {message.event.type.value:<22} {message.event.id}")
    return outcome


def preview_messages(head: Site, base: Site | None, now: datetime, urls: SiteUrls,
                     horizon: timedelta = DEFAULT_HORIZON) -> list[Message]:
    """The messages that merging would send: due at `now` in `head`, not already due or sent from `base`.

    Events of the base commit were (or will be) sent by the deployment of the base, so they are
    left out; what remains is exactly what this change adds.
    """
    # Within the horizon is enough: an older event of the head is not due anyway.
    known = {e.id for e in site_events(base, now, urls, since=now - horizon)} if base is not None else set()
    return [m for m in due(head, now, urls, None, horizon) if m.event.id not in known]
