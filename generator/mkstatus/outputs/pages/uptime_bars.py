"""Uptime bars: one day per bar segment, each with its summary, the incidents that day, and the
plain-text label screen readers get; and uptime as a percentage in the site's language."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from .. import timefmt
from ...core.model import ComponentStatus
from ...core.uptime import Day, Uptime
from ...i18n import Language, english
from .routes import Link, incident_src
from ..wording import COMPONENT_STATUS_LABELS
from .views import BarView, DayView


# The newest days of a bar a phone shows, as Statuspage does; the figure still covers all of
# core.uptime.DAYS, and says so. colors.css hides the others (outputs/stylesheets.phone_window_css).
PHONE_DAYS = 30
# Incident titles named in one uptime day's full label (component pages); the rest are counted.
DAY_TITLES = 3


def day_view(day: Day, link: Link, lang: Language) -> DayView:
    when = timefmt.display_date(day.date, lang)
    if day.uptime is None:
        no_data = lang.gettext("%(date)s: no data (before this component was tracked).") % {"date": when}
        return DayView("no-data", no_data, (), brief=no_data, label=no_data)
    percent = format_percent(day.uptime * 100, lang)
    parts = [lang.gettext("%(date)s: %(percent)s uptime.") % {"date": when, "percent": percent}]
    parts += [lang.gettext("%(status)s for %(duration)s.") % {
        "status": lang.gettext(COMPONENT_STATUS_LABELS[status]),
        "duration": timefmt.duration(timedelta(seconds=seconds), lang)}
        for status, seconds in day.seconds.items()]
    if day.worst != ComponentStatus.OPERATIONAL:
        brief = lang.gettext("%(date)s: %(percent)s uptime, %(status)s.") % {
            "date": when, "percent": percent, "status": lang.gettext(COMPONENT_STATUS_LABELS[day.worst])}
    else:
        brief = lang.gettext("%(date)s: %(percent)s uptime.") % {"date": when, "percent": percent}
    summary = " ".join(parts)
    listed = day.incidents[:DAY_TITLES]
    more = len(day.incidents) - len(listed)
    count = len(day.incidents)
    if listed:
        titles = "; ".join(i.title for i in listed)
        if more:
            titles += lang.ngettext("; and %(num)s more", "; and %(num)s more", more) % {"num": more}
        label = lang.ngettext("%(summary)s Incident: %(titles)s.", "%(summary)s Incidents: %(titles)s.",
                              count) % {"summary": summary, "titles": titles}
    else:
        label = lang.gettext("%(summary)s No incidents.") % {"summary": summary}
    return DayView(day.worst.value, summary, tuple((i.title, link(incident_src(i.id))) for i in listed),
                   more, brief, lang.ngettext("Incident:", "Incidents:", count), label)


def bar_view(uptime: Uptime, link: Link, lang: Language) -> BarView:
    return BarView(format_percent(uptime.percent, lang), tuple(day_view(d, link, lang) for d in uptime.days),
                   PHONE_DAYS)


def format_percent(value: float | None, lang: Language | None = None) -> str:
    """'99.87%' ('99,87 %' in German); never rounds a day with downtime up to '100.00%'."""
    lang = lang or english()
    if value is None:
        return lang.gettext("No data")
    text = f"{value:.2f}"
    if text == "100.00" and value < 100.0:
        text = "99.99"
    return lang.percent(Decimal(text))
