"""Golden cases: each tests/cases/<name>.md must produce exactly the diagnostics in <name>.expected.

Read the pairs side by side to see what every validation rule reports; an empty .expected file
means the file is valid. The cases are parsed as `incidents/<name>.md` of a site in Europe/Oslo
with the example site's components.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mkstatus.core.incident_file import parse_incident_file
from mkstatus.core.siteconfig import load_site_config

CASES = Path(__file__).parent / "cases"
SITE_OPTIONS = {
    "name": "Test status",
    "timezone": "Europe/Oslo",
    "groups": [{"id": "cloud", "name": "Cloud"}],
    "components": [
        {"id": "api", "name": "API", "group": "cloud"},
        {"id": "charger-backend", "name": "Charger backend", "group": "cloud"},
        {"id": "ocpp", "name": "OCPP", "group": "cloud"},
        {"id": "portal", "name": "Portal"},
    ],
}


def site_config():
    config, problems = load_site_config(SITE_OPTIONS, source="mkdocs.yml")
    assert problems == []
    return config


def diagnose(name: str) -> list[str]:
    data = (CASES / f"{name}.md").read_bytes()
    incident, diagnostics = parse_incident_file(data, f"incidents/{name}.md", name, site_config())
    assert (incident is None) == bool(diagnostics), "an incident comes back exactly when there is no problem"
    return [str(d) for d in diagnostics]


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.md")))
def test_case_reports_exactly_the_expected_diagnostics(name):
    expected = (CASES / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert diagnose(name) == expected


def test_every_case_has_an_expected_file_and_every_rule_a_failing_case():
    cases = {p.stem for p in CASES.glob("*.md")}
    assert cases == {p.stem for p in CASES.glob("*.expected")}
    failing = [name for name in cases if (CASES / f"{name}.expected").read_text().strip()]
    assert len(failing) >= 30
