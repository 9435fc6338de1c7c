"""An incident or maintenance as pages show it: its badges, window, affected components, one
sentence on where it stands, and its updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import urljoin

from markupsafe import Markup

from .. import timefmt
from ...core.markup import absolute_urls, update_anchor
from ...core.model import Incident, SiteConfig, Update, UpdateStatus
from ...core.status import affected_component_ids, maintenance_end, maintenance_status
from ...i18n import N_, Language, language_for
from ..wording import update_label
from .routes import Link, incident_src
from .views import ChangeView, IncidentView, UpdateView, impact_badge, progress_badge, status_badge, time_view


STATUS_SENTENCES = {
    UpdateStatus.INVESTIGATING: N_("This incident is being investigated."),
    UpdateStatus.IDENTIFIED: N_("The cause has been identified and a fix is being worked on."),
    UpdateStatus.MONITORING: N_("A fix has been applied and the results are being monitored."),
    UpdateStatus.RESOLVED: N_("This incident has been resolved."),
    UpdateStatus.SCHEDULED: N_("This maintenance is scheduled."),
    UpdateStatus.IN_PROGRESS: N_("This maintenance is in progress."),
    UpdateStatus.VERIFYING: N_("This maintenance is being verified."),
    UpdateStatus.COMPLETED: N_("This maintenance has been completed."),
}
CANCELLED_SENTENCE = N_("This maintenance has been cancelled.")
# What it affects while open, what it affected once closed or cancelled: (maintenance?, open?) -> msgid.
AFFECTED_SENTENCES = {
    (True, False): N_("This maintenance affected: %(components)s"),
    (True, True): N_("This maintenance affects: %(components)s"),
    (False, False): N_("This incident affected: %(components)s"),
    (False, True): N_("This incident affects: %(components)s"),
}


def affected_text(incident: Incident, config: SiteConfig) -> str:
    """Group name then members in parentheses; ungrouped components by name; in configuration order."""
    affected = set(affected_component_ids(incident))
    parts: list[str] = []
    members: dict[str, list[str]] = {}
    for component in config.components:
        if component.id not in affected:
            continue
        if component.group_id is None:
            parts.append(component.name)
            continue
        if component.group_id not in members:
            members[component.group_id] = []
            parts.append(component.group_id)
        members[component.group_id].append(component.name)
    names = {g.id: g.name for g in config.groups}
    lang = language_for(config.language)
    # Translators: between the names in a list of components ("API, OCPP").
    comma = lang.pgettext("list", ", ")
    # Translators: a group and its affected members, e.g. "Cloud Services (API, OCPP)".
    grouped = lang.gettext("%(group)s (%(members)s)")
    return comma.join(grouped % {"group": names[p], "members": comma.join(members[p])} if p in members else p
                      for p in parts)


def affected_sentence(affected: str, is_maintenance: bool, is_open: bool, lang: Language) -> Markup:
    """"This incident affects: ..." while open, "affected" after; the tense is chosen here, where the
    catalog reaches each sentence whole. Markup as the templates' _() makes it: the names escaped."""
    if not affected:
        return Markup("")
    return Markup(lang.gettext(AFFECTED_SENTENCES[is_maintenance, is_open])) % {"components": affected}


def update_view(update: Update, config: SiteConfig) -> UpdateView:
    lang = language_for(config.language)
    changes = tuple(ChangeView(_component_name(config, cid), status_badge(status, lang))
                    for cid, status in update.component_changes.items())
    return UpdateView(update_anchor(update.at), update_label(update, lang), time_view(update.at, config), update.body_html,
                      changes)


def _component_name(config: SiteConfig, component_id: str) -> str:
    component = config.component(component_id)
    return component.name if component else component_id


def incident_view(incident: Incident, config: SiteConfig, link: Link, now: datetime | None = None) -> IncidentView:
    """One incident's summary; a maintenance's status follows the build clock `now` when given."""
    status = maintenance_status(incident, now) if incident.is_maintenance and now else incident.status
    clock_window = clock_affects = ""
    if incident.is_maintenance and not incident.is_closed and status is not UpdateStatus.COMPLETED:
        clock_window = " ".join((timefmt.rfc3339(incident.start), timefmt.rfc3339(maintenance_end(incident)),
                                 incident.status.value))
        clock_affects = " ".join(f"{cid}:{status.value}" for cid, status in incident.components.items())
    lang = language_for(config.language)
    progress = progress_badge(incident, lang, status)
    affected = affected_text(incident, config)
    return IncidentView(
        id=incident.id, url=link(incident_src(incident.id)), title=incident.title,
        is_maintenance=incident.is_maintenance, impact=impact_badge(incident.impact, lang),
        status=progress,
        status_sentence=lang.gettext(CANCELLED_SENTENCE if incident.cancelled else STATUS_SENTENCES[status]),
        window=timefmt.display_range(incident.start, incident.end, config.timezone, lang),
        start=time_view(incident.start, config), end=time_view(incident.end, config) if incident.end else None,
        affected=affected,
        affected_sentence=affected_sentence(affected, incident.is_maintenance, progress.key == "open", lang),
        latest=update_view(incident.updates[-1], config), cancelled=incident.cancelled,
        clock_window=clock_window, clock_affects=clock_affects,
    )


def home_incident_view(incident: Incident, config: SiteConfig, link: Link, now: datetime | None = None) -> IncidentView:
    """An incident card whose latest update is shown away from the incident page: its relative links
    and images are resolved against that page (absolute with site_url, else from the site root)."""
    view = incident_view(incident, config, link, now)
    page = urljoin(config.site_url, link(incident_src(incident.id)))
    return replace(view, latest=replace(view.latest, body_html=absolute_urls(view.latest.body_html, page)))
