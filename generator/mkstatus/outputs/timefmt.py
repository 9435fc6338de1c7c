"""Times as people and machines read them.

Pages show the site's IANA zone with its abbreviation ("Sep 4, 2025 - 16:33 CEST"), so a reader
never has to guess the zone; <time datetime> uses RFC 3339 with the offset (feedgen writes the
feeds' RFC 822 dates, the API module its own RFC 3339 with milliseconds).
Dates, month names and units come from CLDR for the site's language (English unless given), and
the wording around them from its catalog; never from the process locale, so builds are
byte-identical everywhere.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..i18n import Language, english


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


def display_date(day: date, lang: Language | None = None) -> str:
    """'Sep 4, 2025'."""
    return (lang or english()).date(day)


def display(moment: datetime, zone: ZoneInfo, lang: Language | None = None) -> str:
    """'Sep 4, 2025 - 16:33 CEST', in the site's zone."""
    lang = lang or english()
    shown = local(moment, zone)
    # Translators: a date and a time with its zone, e.g. "Sep 4, 2025 - 16:33 CEST".
    return lang.gettext("%(date)s - %(time)s %(zone)s") % {
        "date": lang.date(shown.date()), "time": lang.clock(shown), "zone": zone_abbreviation(shown)}


def display_range(start: datetime, end: datetime | None, zone: ZoneInfo, lang: Language | None = None) -> str:
    """'Sep 4, 2025 - 15:30 to 18:12 CEST'; the date repeats only when the range crosses midnight."""
    lang = lang or english()
    if end is None:
        return lang.gettext("since %(start)s") % {"start": display(start, zone, lang)}
    first, last = local(start, zone), local(end, zone)
    if first.date() == last.date() and zone_abbreviation(first) == zone_abbreviation(last):
        # Translators: one day's time range, e.g. "Sep 4, 2025 - 15:30 to 18:12 CEST".
        return lang.gettext("%(date)s - %(start)s to %(end)s %(zone)s") % {
            "date": lang.date(first.date()), "start": lang.clock(first), "end": lang.clock(last),
            "zone": zone_abbreviation(last)}
    return lang.gettext("%(start)s to %(end)s") % {"start": display(start, zone, lang), "end": display(end, zone, lang)}


def month_title(year: int, month: int, lang: Language | None = None) -> str:
    """'September 2025'."""
    return (lang or english()).month(year, month)


def duration(span: timedelta, lang: Language | None = None) -> str:
    """'2 hours 42 minutes', '1 day 3 hours', '45 minutes', 'less than a minute'."""
    lang = lang or english()
    minutes = int(span.total_seconds()) // 60
    if minutes < 1:
        return lang.gettext("less than a minute")
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] + ([] if days else [(minutes, "minute")])
    units = [lang.unit(n, unit) for n, unit in parts if n]
    if len(units) == 1:
        return units[0]
    # Translators: two parts of a duration, e.g. "2 hours 42 minutes", "1 day 3 hours".
    return lang.gettext("%(larger)s %(smaller)s") % {"larger": units[0], "smaller": units[1]}


def rfc3339(moment: datetime) -> str:
    """'2025-09-04T16:33:00+02:00': the offset as written, for <time datetime> and JSON."""
    return moment.isoformat(timespec="seconds")
