"""Properties of the loader over arbitrary input: it loads or it explains, never anything else.

The schema agreement test keeps `mkstatus schema` in sync with the loader: for front-matter drawn
from valid and invalid choices per field, the JSON Schema accepts exactly what the loader accepts.
"""

from __future__ import annotations

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkstatus.core.diagnostics import Diagnostic
from mkstatus.core.front_matter import INCIDENT_KEYS, MAINTENANCE_KEYS, REQUIRED_KEYS
from mkstatus.core.incident_file import parse_incident_file
from mkstatus.core.model import Kind
from mkstatus.core.schema import front_matter_schema

from test_validation_cases import site_config

CONFIG = site_config()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BODY = "\n## Investigating - 2025-09-04 16:33 +02:00\n\nText.\n"


def parse(data: bytes):
    incident, diagnostics = parse_incident_file(data, "incidents/x.md", "x", CONFIG)
    assert (incident is None) == bool(diagnostics)
    assert all(isinstance(d, Diagnostic) and d.line >= 1 and d.column >= 1 and d.message for d in diagnostics)
    return incident, diagnostics


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                         st.sampled_from(["2025-09-04 15:30 +02:00", "2025-09-04", "major", "api", "maintenance"]))
yaml_values = st.recursive(yaml_scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)), max_leaves=12)
field_names = st.sampled_from(sorted(MAINTENANCE_KEYS | {"titel", "status"})) | st.text(max_size=12)


@SETTINGS
@given(st.dictionaries(field_names, yaml_values, max_size=8), st.text(max_size=300))
def test_arbitrary_front_matter_and_body_load_or_give_diagnostics(meta, body):
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    parse(f"---\n{front}---\n{body}".encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes_load_or_give_diagnostics(data):
    parse(data)


@SETTINGS
@given(st.lists(st.sampled_from(["---", "title: x", "impact: major", "start: 2025-09-04 15:30 +02:00", "end:",
                                 "## Resolved - 2025-09-04 16:00 +02:00", "## Update - 2025-09-04 15:00Z",
                                 "## Postmortem - 2025-09-05 10:00 +02:00", "components: api=operational",
                                 "```", "# Title", "text", "", "- - - x", "&a [*a]", "  api: major_outage",
                                 "components:", "type: maintenance", "## Scheduled - 2025-09-01 10:00 +02:00"]),
                max_size=30))
def test_arbitrary_arrangements_of_real_lines_load_or_give_diagnostics(lines):
    parse("\n".join(lines).encode("utf-8"))


# --- the schema agrees with the loader ---------------------------------------------------------

ABSENT = object()
CHOICES = {
    "type": [ABSENT, "incident", "maintenance", "outage"],
    "title": [ABSENT, "API errors", "", 5, None],
    "impact": [ABSENT, "none", "minor", "major", "critical", "maintenance", "huge", None],
    "components": [ABSENT, None, {"api": "major_outage"}, {"api": "down"}, {"nope": "major_outage"}, {"api": None},
                   ["api", "portal"], ["api", "api"], [5], "api"],
    "start": [ABSENT, "2025-09-04 15:30 +02:00", "2025-09-04T13:30Z", "2025-09-04 15:30", "soon", None],
    "end": [ABSENT, None, "2025-09-04 18:00 +02:00", "2025-09-04 18:00", "2025-09-04 18:00 +25:00"],
    "cancelled": [ABSENT, True, False, "no"],
    "severity": [ABSENT, "high"],
}


VALID_BASES = [
    {"title": "API errors", "impact": "major", "components": {"api": "major_outage"},
     "start": "2025-09-04 15:30 +02:00"},
    {"type": "maintenance", "title": "Upgrade", "components": ["api"], "start": "2025-09-04 16:00 +02:00",
     "end": "2025-09-04 17:00 +02:00"},  # before every `end` in CHOICES: end > start holds
]
CHANGES = [(key, value) for key, values in CHOICES.items() for value in values]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(VALID_BASES), st.lists(st.sampled_from(CHANGES), max_size=3))
def test_schema_accepts_exactly_the_front_matter_the_loader_accepts(base, changes):
    """Valid front-matter with up to three fields changed, so most examples sit near the boundary."""
    choice = {**base, **dict(changes)}
    meta = {key: value for key, value in choice.items() if value is not ABSENT}
    kind = meta.get("type", "incident")
    # A body that fits the front-matter, so only front-matter rules decide.
    if kind == "maintenance":
        body = "\n## Scheduled - 2025-09-01 10:00 +02:00\n\nText.\n"
    elif meta.get("end") is not None:
        body = BODY + "\n## Resolved - 2025-09-04 18:30 +02:00\n\nText.\n"
    else:
        body = BODY
    data = f"---\n{yaml.safe_dump(meta, sort_keys=False) if meta else ''}---\n{body}".encode()
    if not meta:
        data = b"---\n{}\n---\n" + body.encode()
    incident, diagnostics = parse(data)
    schema = front_matter_schema([c.id for c in CONFIG.components])
    schema_errors = list(jsonschema.Draft202012Validator(schema).iter_errors(meta))
    assert (incident is not None) == (not schema_errors), (diagnostics, [e.message for e in schema_errors])


def test_schema_is_valid_draft_2020_12_and_names_the_loaders_keys():
    schema = front_matter_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    incident, maintenance = schema["$defs"]["incident"], schema["$defs"]["maintenance"]
    assert set(incident["properties"]) == INCIDENT_KEYS
    assert set(maintenance["properties"]) == MAINTENANCE_KEYS
    assert set(incident["required"]) == set(REQUIRED_KEYS[Kind.INCIDENT])
    assert set(maintenance["required"]) == {"type", *REQUIRED_KEYS[Kind.MAINTENANCE]}


def test_schema_accepts_the_example_sites_front_matter(repo_root):
    validator = jsonschema.Draft202012Validator(front_matter_schema())
    files = sorted((repo_root / "incidents").glob("*.md"))
    assert files
    for path in files:
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        meta = yaml.load(front, Loader=yaml.BaseLoader)  # strings only, as the loader keeps timestamps
        assert not list(validator.iter_errors(meta)), path.name
