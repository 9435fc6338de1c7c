"""The event types a channel can subscribe to (`events:`); a module of its own so that validating
mkdocs.yml does not import the feed machinery."""

from __future__ import annotations

import enum


class EventType(enum.StrEnum):
    INCIDENT_CREATED = "incident.created"
    INCIDENT_UPDATED = "incident.updated"
    INCIDENT_RESOLVED = "incident.resolved"
    POSTMORTEM_PUBLISHED = "postmortem.published"
    MAINTENANCE_SCHEDULED = "maintenance.scheduled"
    MAINTENANCE_STARTED = "maintenance.started"
    MAINTENANCE_UPDATED = "maintenance.updated"
    MAINTENANCE_COMPLETED = "maintenance.completed"
    MAINTENANCE_CANCELLED = "maintenance.cancelled"


# Events that end an incident or maintenance: their components are back to operational.
CLOSING_EVENTS = {EventType.INCIDENT_RESOLVED, EventType.MAINTENANCE_COMPLETED, EventType.MAINTENANCE_CANCELLED}
