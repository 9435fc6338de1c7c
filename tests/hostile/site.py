"""A site with every payload in every author-controlled field, written from PAYLOADS."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .payloads import BODY_PAYLOADS, PAYLOADS, SITE_NAME

FIRST_START = datetime(2025, 10, 1, 6, tzinfo=timezone.utc)
CLOCK = datetime(2025, 11, 10, 12, tzinfo=timezone.utc)
GROUP_SIZE = 15


def quoted(value: str) -> str:
    """A double-quoted YAML scalar (JSON is valid YAML) holding any text exactly."""
    return json.dumps(value, ensure_ascii=False)


def component_id(index: int) -> str:
    return f"c{index:03d}"


def incident_id(index: int) -> str:
    return f"{(FIRST_START + timedelta(hours=index)).date()}-p{index:03d}"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M +00:00")


def incident_text(index: int, payload: str) -> str:
    start = FIRST_START + timedelta(hours=index)
    body = payload + "\n\n" + BODY_PAYLOADS[index % len(BODY_PAYLOADS)]
    if index % 2:
        return "\n".join([
            "---", "type: maintenance", f"title: {quoted(payload)}", "components:", f"  - {component_id(index)}",
            f"start: {stamp(start)}", f"end: {stamp(start + timedelta(minutes=30))}", "---", "",
            f"## Scheduled - {stamp(start - timedelta(days=1))}", "", body, "",
            f"## Completed - {stamp(start + timedelta(minutes=30))}", "", payload, ""])
    return "\n".join([
        "---", f"title: {quoted(payload)}", "impact: major", "components:", f"  {component_id(index)}: major_outage",
        f"start: {stamp(start)}", f"end: {stamp(start + timedelta(minutes=40))}", "---", "",
        f"## Investigating - {stamp(start + timedelta(minutes=5))}", "", body, "",
        f"## Resolved - {stamp(start + timedelta(minutes=40))}", "", payload, "",
        f"## Postmortem - {stamp(start + timedelta(days=1))}", "", body, ""])


def write_site(folder: Path) -> Path:
    """The project folder: mkdocs.yml, incidents/ and a hand-written page; returns mkdocs.yml."""
    (folder / "incidents").mkdir(parents=True)
    (folder / "docs").mkdir()
    groups = [f"        - id: g{n}\n          name: {quoted(PAYLOADS[n])}\n          description: {quoted(PAYLOADS[-1 - n])}"
              for n in range(-(-len(PAYLOADS) // GROUP_SIZE))]
    components = []
    for index, payload in enumerate(PAYLOADS):
        group = f"\n          group: g{index // GROUP_SIZE}" if index % 3 else ""
        components.append(f"        - id: {component_id(index)}\n          name: {quoted(payload)}\n"
                          f"          description: {quoted(payload)}{group}\n          start_date: 2025-09-01")
        (folder / "incidents" / f"{incident_id(index)}.md").write_text(incident_text(index, payload), encoding="utf-8")
    (folder / "docs" / "about.md").write_text(
        "# About &lt;img src=x onerror=alert(95)&gt; & more\n\n## Section &lt;script&gt;alert(96)&lt;/script&gt;\n\nText.\n",
        encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text("\n".join([
        f"site_name: {quoted(SITE_NAME)}", "site_url: https://status.example.com/",
        "copyright: 'Copyright &copy; Example <a href=\"https://example.com/\">Example</a>'",
        "theme:", "  name: material", "  font: false", "nav:", "  - index.md", "  - about.md",
        "plugins:", "  - search", "  - status:", "      timezone: Europe/Oslo", "      history_page_size: 1000",
        "      groups:", *groups, "      components:", *components, ""]), encoding="utf-8")
    return config
