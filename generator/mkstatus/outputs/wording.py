"""The names readers see for impacts and update statuses, as msgids: pages, feeds and the calendar
translate them with the site's Language. The files and the API keep their English words."""

from __future__ import annotations

from ..i18n import N_, Language
from ..core.model import Impact, Update, UpdateStatus

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
# The loader's label of an update that keeps the previous status.
SAME_STATUS_LABEL = "Update"


def update_label(update: Update, lang: Language) -> str:
    """"Update" when the status did not change, else the status the update posts."""
    if update.label == SAME_STATUS_LABEL:
        return lang.gettext("Update")
    return lang.gettext(UPDATE_LABELS[update.status])


def labelled(lang: Language, label: str, value: str) -> str:
    """'Impact: Major', 'Impact : Majeur': a label and its value, punctuated for the language."""
    # Translators: a label and its value, e.g. "API: Major Outage", "Window: Sep 4, 2025 ...".
    return lang.gettext("%(label)s: %(value)s") % {"label": label, "value": value}
