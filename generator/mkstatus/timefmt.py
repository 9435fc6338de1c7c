"""Times as people and machines read them.

Pages show the site's IANA zone with its abbreviation ("Sep 4, 2025 - 16:33 CEST"), so a reader
never has to guess the zone; <time datetime> uses RFC 3339 with the offset (feedgen writes the
feeds' RFC 822 dates, the API module its own RFC 3339 with milliseconds).
Month names are fixed English, not the process locale, so builds are byte-identical everywhere.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def zone_abbreviation(moment: datetime) -> str:
    """'CEST'; zones without a letter abbreviation ('-03') become 'UTC-03:00'."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)


def display_date(day: date) -> str:
    """'Sep 4, 2025'."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"




def display(moment: datetime, zone: ZoneInfo) -> str:
    """'Sep 4, 2025 - 16:33 CEST', in the site's zone."""
    shown = local(moment, zone)
    return f"{display_date(shown.date())} - {shown:%H:%M} {zone_abbreviation(shown)}"


def display_range(start: datetime, end: datetime | None, zone: ZoneInfo) -> str:
    """'Sep 4, 2025 - 15:30 to 18:12 CEST'; the date repeats only when the range crosses midnight."""
    if end is None:
        return f"since {display(start, zone)}"
    first, last = local(start, zone), local(end, zone)
    if first.date() == last.date() and zone_abbreviation(first) == zone_abbreviation(last):
        return f"{display_date(first.date())} - {first:%H:%M} to {last:%H:%M} {zone_abbreviation(last)}"
    return f"{display(start, zone)} to {display(end, zone)}"


def month_title(year: int, month: int) -> str:
    """'September 2025'."""
    return f"{MONTH_NAMES[month - 1]} {year}"


def duration(span: timedelta) -> str:
    """'2 hours 42 minutes', '1 day 3 hours', '45 minutes', 'less than a minute'."""
    minutes = int(span.total_seconds()) // 60
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] + ([] if days else [(minutes, "minute")])
    return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n)


def rfc3339(moment: datetime) -> str:
    """'2025-09-04T16:33:00+02:00': the offset as written, for <time datetime> and JSON."""
    return moment.isoformat(timespec="seconds")
