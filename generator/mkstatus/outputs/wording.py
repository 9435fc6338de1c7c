"""The names readers see for component statuses, impacts and update statuses, as msgids: pages,
feeds, the calendar and notifications translate them with the site's Language. The files and the
API keep their English words."""

from __future__ import annotations

from ..i18n import N_, Language
from ..core.model import ComponentStatus, Impact, Update, UpdateStatus

# Statuspage's wording, kept in English by the API; pages show the translation (i18n).
COMPONENT_STATUS_LABELS = {
    ComponentStatus.OPERATIONAL: N_("Operational"),
    ComponentStatus.DEGRADED_PERFORMANCE: N_("Degraded Performance"),
    ComponentStatus.PARTIAL_OUTAGE: N_("Partial Outage"),
    ComponentStatus.MAJOR_OUTAGE: N_("Major Outage"),
    ComponentStatus.UNDER_MAINTENANCE: N_("Under Maintenance"),
}
IMPACT_LABELS = {Impact.NONE: N_("No impact"), Impact.MINOR: N_("Minor impact"), Impact.MAJOR: N_("Major impact"),
                 Impact.CRITICAL: N_("Critical impact"), Impact.MAINTENANCE: N_("Maintenance")}
# The impact alone, as a feed category says it ("Impact: Major").
IMPACT_NAMES = {Impact.NONE: N_("None"), Impact.MINOR: N_("Minor"), Impact.MAJOR: N_("Major"),
                Impact.CRITICAL: N_("Critical"), Impact.MAINTENANCE: N_("Maintenance")}
UPDATE_LABELS = {
    UpdateStatus.INVESTIGATING: N_("Investigating"), UpdateStatus.IDENTIFIED: N_("Identified"),
    UpdateStatus.MONITORING: N_("Monitoring"), UpdateStatus.RESOLVED: N_("Resolved"),
    UpdateStatus.SCHEDULED: N_("Scheduled"), UpdateStatus.IN_PROGRESS: N_("In progress"),
    UpdateStatus.VERIFYING: N_("Verifying"), UpdateStatus.COMPLETED: N_("Completed"),
}


def update_label(update: Update, lang: Language) -> str:
    """"Update" when the status did not change, else the status the update posts."""
    if update.keeps_status:
        return lang.gettext("Update")
    return lang.gettext(UPDATE_LABELS[update.status])


def labelled(lang: Language, label: str, value: str) -> str:
    """'Impact: Major', 'Impact : Majeur': a label and its value, punctuated for the language."""
    # Translators: a label and its value, e.g. "API: Major Outage", "Window: Sep 4, 2025 ...".
    return lang.gettext("%(label)s: %(value)s") % {"label": label, "value": value}
