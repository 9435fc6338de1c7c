"""Exact timestamps: every time written in an input carries its UTC offset."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

# 2025-09-04 16:33 +02:00 | 2025-09-04T16:33:00+02:00 | 2025-09-04T14:33Z | 2025-09-04 16:33:00.5 +0200
_TIMESTAMP = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"\s*(?P<offset>Z|z|[+-]\d{2}:?\d{2})?$"
)
# The same shape for JSON Schema (ECMA-262 regex), offset required and fields in range; the
# calendar (Feb 30) and the year range are left to the loader.
TIMESTAMP_SCHEMA_PATTERN = (
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?"
    r"\s*(Z|z|[+-]([01]\d|2[0-3]):?[0-5]\d)$"
)


# Outputs convert every time to UTC and to the site's zone; years outside this range cannot survive that.
FIRST_YEAR, LAST_YEAR = 1970, 9998


class TimeError(ValueError):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def example_for(zone: ZoneInfo, when: datetime | None = None) -> str:
    """An example timestamp in `zone` with its real offset, for hints."""
    when = (when or datetime(2025, 9, 4, 16, 33)).replace(tzinfo=zone)
    return format_input(when)


def format_input(moment: datetime) -> str:
    """How MkStatus writes a timestamp into a file: '2025-09-04 16:33 +02:00'."""
    text = moment.isoformat(sep=" ", timespec="minutes" if moment.second == 0 and not moment.microsecond else "seconds")
    return text[:-6] + " " + text[-6:] if text[-6] in "+-" else text


def parse_timestamp(value: object, zone: ZoneInfo) -> datetime:
    """Parse an offset-carrying timestamp; naive or malformed values raise TimeError with a hint."""
    if isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, (str, int, float, date)):
        text = str(value).strip()[:80]
    else:
        raise TimeError(f"expected a timestamp, got {type(value).__name__}", f"write it like {example_for(zone)}")
    match = _TIMESTAMP.match(text)
    if not match:
        raise TimeError(f"'{text}' is not a timestamp", f"write it like {example_for(zone)}")
    try:
        naive = datetime.fromisoformat(f"{match['date']}T{match['time']}")
    except ValueError as exc:
        raise TimeError(f"'{text}' is not a valid date and time: {exc}", f"write it like {example_for(zone)}") from None
    offset = match["offset"]
    if offset is None:
        raise TimeError(
            f"timestamp '{text}' has no UTC offset",
            f"add the offset, e.g. '{format_input(naive.replace(tzinfo=zone))}' ({zone.key} at that time)",
        )
    if not FIRST_YEAR <= naive.year <= LAST_YEAR:
        raise TimeError(f"'{text}' is outside the years {FIRST_YEAR} to {LAST_YEAR}", "check the year")
    if offset in ("Z", "z"):
        return naive.replace(tzinfo=timezone.utc)
    digits = offset.replace(":", "")
    sign = -1 if digits[0] == "-" else 1
    hours, minutes = int(digits[1:3]), int(digits[3:5])
    if hours > 23 or minutes > 59:
        raise TimeError(f"'{offset}' is not a valid UTC offset", "offsets run from -23:59 to +23:59")
    return naive.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def parse_date(value: object) -> date:
    """A calendar date written as YYYY-MM-DD."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = str(value).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        parsed = date.fromisoformat(text)
    except ValueError:
        raise TimeError(f"'{text[:40]}' is not a date", "write it like 2025-01-31") from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise TimeError(f"'{text}' is outside the years {FIRST_YEAR} to {LAST_YEAR}", "check the year")
    return parsed
