"""The delivery record: which event went to which channel, and when, as one JSON file.

Each success is written at once and atomically (a temporary file renamed over the old one), so a
run that dies halfway keeps every delivery it made. Entries older than the longest horizon are
dropped on write: such events can never be sent again, so the file stays small.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

FORMAT = "mkstatus-notify-record"
VERSION = 1
DEFAULT_HORIZON = timedelta(hours=6)  # events older than this are not sent (`--since-hours`)
MAX_HORIZON = timedelta(days=30)  # --since-hours may not exceed it, so pruned entries stay unsendable


class RecordError(ValueError):
    pass


class DeliveryRecord:
    def __init__(self, path: Path, channels: dict[str, dict[str, dict]] | None = None) -> None:
        self.path = path
        # {channel id: {event id: {"event_at": RFC 3339, "sent_at": RFC 3339}}}
        self.channels: dict[str, dict[str, dict]] = channels or {}

    @classmethod
    def load(cls, path: Path) -> DeliveryRecord:
        """The record at `path`; an absent file is an empty record (the horizon prevents replays)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise RecordError(f"{path}: cannot read the delivery record: {exc}") from None
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise RecordError(f"{path}: the delivery record is not JSON ({exc}); delete it to start afresh "
                              "(events older than the horizon are never sent again)") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("channels"), dict):
            raise RecordError(f"{path}: not an MkStatus delivery record (no \"format\": \"{FORMAT}\")")
        if data.get("version") != VERSION:
            raise RecordError(f"{path}: delivery record version {data.get('version')!r}; this MkStatus reads {VERSION}")
        return cls(path, {str(c): dict(events) for c, events in data["channels"].items() if isinstance(events, dict)})

    def has(self, channel_id: str, event_id: str) -> bool:
        return event_id in self.channels.get(channel_id, {})

    def add(self, channel_id: str, event_id: str, event_at: datetime, sent_at: datetime) -> None:
        """Record one delivery and write the file before anything else is sent."""
        self.channels.setdefault(channel_id, {})[event_id] = {"event_at": _stamp(event_at), "sent_at": _stamp(sent_at)}
        self.save(sent_at)

    def save(self, now: datetime) -> None:
        oldest = _stamp(now - MAX_HORIZON)
        kept = {channel: {event: entry for event, entry in sorted(events.items())
                          if str(entry.get("event_at", "")) >= oldest}
                for channel, events in sorted(self.channels.items())}
        self.channels = kept
        text = json.dumps({"format": FORMAT, "version": VERSION, "channels": kept}, indent=2, ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".record-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text + "\n")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _stamp(moment: datetime) -> str:
    """UTC, fixed width, so the strings compare in time order."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
