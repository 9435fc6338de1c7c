"""Display and machine time formats."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from mkstatus.outputs import timefmt

OSLO = ZoneInfo("Europe/Oslo")
CEST = timezone(timedelta(hours=2))


def test_display_uses_site_zone_and_abbreviation():
    moment = datetime(2025, 9, 4, 14, 33, tzinfo=timezone.utc)
    assert timefmt.display(moment, OSLO) == "Sep 4, 2025 - 16:33 CEST"
    assert timefmt.display(datetime(2026, 11, 17, 19, 10, tzinfo=timezone(timedelta(hours=1))), OSLO) \
        == "Nov 17, 2026 - 19:10 CET"


def test_zone_without_letters_shows_numeric_offset():
    moment = datetime(2025, 9, 4, 12, 0, tzinfo=timezone.utc)
    assert timefmt.display(moment, ZoneInfo("America/Sao_Paulo")) == "Sep 4, 2025 - 09:00 UTC-03:00"
    assert timefmt.display(moment, ZoneInfo("UTC")) == "Sep 4, 2025 - 12:00 UTC"


def test_range_repeats_date_only_across_midnight_or_offset_change():
    start = datetime(2025, 9, 4, 15, 30, tzinfo=CEST)
    assert timefmt.display_range(start, datetime(2025, 9, 4, 18, 12, tzinfo=CEST), OSLO) \
        == "Sep 4, 2025 - 15:30 to 18:12 CEST"
    assert timefmt.display_range(start, datetime(2025, 9, 5, 1, 0, tzinfo=CEST), OSLO) \
        == "Sep 4, 2025 - 15:30 CEST to Sep 5, 2025 - 01:00 CEST"
    assert timefmt.display_range(start, None, OSLO) == "since Sep 4, 2025 - 15:30 CEST"
    dst = datetime(2025, 10, 26, 1, 30, tzinfo=CEST)
    assert timefmt.display_range(dst, dst + timedelta(hours=2), OSLO) \
        == "Oct 26, 2025 - 01:30 CEST to Oct 26, 2025 - 02:30 CET"


def test_duration_reads_like_a_sentence():
    assert timefmt.duration(timedelta(hours=2, minutes=42)) == "2 hours 42 minutes"
    assert timefmt.duration(timedelta(minutes=1)) == "1 minute"
    assert timefmt.duration(timedelta(days=1, hours=3, minutes=5)) == "1 day 3 hours"
    assert timefmt.duration(timedelta(seconds=20)) == "less than a minute"


def test_machine_formats_carry_offsets():
    moment = datetime(2025, 9, 4, 16, 33, tzinfo=CEST)
    assert timefmt.rfc3339(moment) == "2025-09-04T16:33:00+02:00"
