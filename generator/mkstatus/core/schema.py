"""A JSON Schema (draft 2020-12) of the incident front-matter, for editors and other tools.

Built from the loader's own key sets and the model's enums, so it cannot drift from what the
loader accepts; tests check both give the same verdict. Rules the schema cannot express (end after
start, calendar dates, the updates in the body) are left to `mkstatus check`.
"""

from __future__ import annotations

from typing import Iterable

from .front_matter import REQUIRED_KEYS
from .siteconfig import ID_PATTERN
from .model import ComponentStatus, Impact, Kind
from .timeparse import TIMESTAMP_SCHEMA_PATTERN

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def front_matter_schema(component_ids: Iterable[str] | None = None) -> dict:
    """The schema; with `component_ids` (a site's components) unknown ids are rejected too."""
    ids = list(component_ids) if component_ids is not None else None
    component_id = {"type": "string", "enum": ids} if ids is not None else \
        {"type": "string", "pattern": ID_PATTERN.pattern}
    status_map = {"type": "object", "propertyNames": {"$ref": "#/$defs/componentId"},
                  "additionalProperties": {"$ref": "#/$defs/componentStatus"}}
    incident_impacts = [i.value for i in Impact if i is not Impact.MAINTENANCE]
    common = {
        "title": {"type": "string", "pattern": r"^[^\n]*\S[^\n]*\n?$", "description": "What readers see."},
        "start": {"$ref": "#/$defs/timestamp",
                  "description": "Incident: when the impact began. Maintenance: the window's start."},
        "end": {"anyOf": [{"$ref": "#/$defs/timestamp"}, {"type": "null"}],
                "description": "Incident: when the impact ended (once resolved). Maintenance: the window's end."},
    }
    incident = {
        "type": "object",
        "properties": {
            "type": {"const": Kind.INCIDENT.value},
            **common,
            "impact": {"enum": incident_impacts},
            "components": {"anyOf": [status_map, {"type": "null"}],
                           "description": "Component id: its status while affected."},
        },
        "required": list(REQUIRED_KEYS[Kind.INCIDENT]),
        "additionalProperties": False,
    }
    maintenance = {
        "type": "object",
        "properties": {
            "type": {"const": Kind.MAINTENANCE.value},
            **common,
            "end": {"$ref": "#/$defs/timestamp", "description": "The end of the maintenance window."},
            "impact": {"enum": [i.value for i in Impact] + [None], "description": "Default: maintenance."},
            "components": {
                "description": "Component ids (each under maintenance), or id: status.",
                "anyOf": [status_map, {"type": "array", "items": {"$ref": "#/$defs/componentId"},
                                       "uniqueItems": True}, {"type": "null"}],
            },
            "cancelled": {"type": "boolean"},
        },
        "required": ["type", *REQUIRED_KEYS[Kind.MAINTENANCE]],
        "additionalProperties": False,
    }
    return {
        "$schema": DIALECT,
        "title": "MkStatus incident or maintenance front-matter",
        "description": "The YAML between the '---' lines of a file in incidents/. "
                       "`type: maintenance` selects the maintenance form.",
        "type": "object",
        "if": {"properties": {"type": {"const": Kind.MAINTENANCE.value}}, "required": ["type"]},
        "then": {"$ref": "#/$defs/maintenance"},
        "else": {"$ref": "#/$defs/incident"},
        "$defs": {
            "incident": incident,
            "maintenance": maintenance,
            "componentId": component_id,
            "componentStatus": {"enum": [s.value for s in ComponentStatus]},
            "timestamp": {"type": "string", "pattern": TIMESTAMP_SCHEMA_PATTERN,
                          "description": "A time with its UTC offset: 2025-09-04 16:33 +02:00"},
        },
    }
