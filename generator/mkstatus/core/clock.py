"""The build's clock: SOURCE_DATE_EPOCH when set (reproducible builds), else the current time."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Mapping


class ClockError(ValueError):
    pass


def build_clock(environ: Mapping[str, str] | None = None) -> datetime:
    environ = os.environ if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(value), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ClockError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970") from None


def clock_note(environ: Mapping[str, str] | None = None) -> str | None:
    """What the CLI tells the user when "now" is not the current time, else None."""
    environ = os.environ if environ is None else environ
    if not environ.get("SOURCE_DATE_EPOCH", "").strip():
        return None
    now = build_clock(environ)
    return f"mkstatus: using SOURCE_DATE_EPOCH={environ['SOURCE_DATE_EPOCH'].strip()} ({now:%Y-%m-%d %H:%M:%S} UTC) as now"
