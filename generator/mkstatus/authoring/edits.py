"""Pure text edits of incident files: create one, append an update, set a front-matter field.

Edits work on the file's text, never by re-serialising parsed YAML, so the author's comments,
key order and blank lines survive. Callers validate the result with the loader before writing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Iterable, Mapping
from zoneinfo import ZoneInfo

import yaml

from ..core.update_sections import ANY_HEADING, COMPONENTS_LINE, Fences
from ..core.names import slugify, unique
from ..core.model import ComponentStatus, Kind
from ..core.timeparse import TimeError, format_input, parse_timestamp

POSTMORTEM_HEADING = re.compile(r"^##[ \t]+postmortem\b", re.IGNORECASE)
POSTMORTEM_TEMPLATE = """\
### Summary

<!-- What happened and who was affected, in two or three sentences. -->

### Timeline

<!-- Times in the page's zone: when it began, was noticed, mitigated, resolved. -->

### Root cause

<!-- Why it happened, beyond the trigger. -->

### Next steps

<!-- What we change so that it does not happen again. -->
"""


# --- names and values --------------------------------------------------------------------------

def unique_id(day: date, title: str, taken: Iterable[str], fallback: str = "incident") -> str:
    """'2025-09-04-api-errors', or '...-2', '...-3' when that id is already taken."""
    return unique(f"{day.isoformat()}-{slugify(title, fallback)}", taken)


def yaml_scalar(value: str) -> str:
    """A string as a one-line YAML scalar, quoted only when YAML needs it (': ', '#', 'yes')."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000) \
        .removesuffix("\n").removesuffix("\n...")


def format_time(moment: datetime) -> str:
    """format_input, but keeping fractions of a second, so imported instants stay exact."""
    if not moment.microsecond:
        return format_input(moment)
    text = moment.isoformat(sep=" ", timespec="milliseconds" if moment.microsecond % 1000 == 0 else "microseconds")
    return text[:-6] + " " + text[-6:]


def to_minute(moment: datetime, zone: ZoneInfo) -> datetime:
    """A moment in the site's zone, to the minute, as people write update times."""
    return moment.astimezone(zone).replace(second=0, microsecond=0)


def parse_local_time(text: str, zone: ZoneInfo) -> datetime:
    """A time given on the command line: with an offset, or a wall time in the site's zone.

    A wall time is turned into an exact instant here, so the file always gets an offset; times
    that happen twice or never (daylight saving changes) are refused rather than guessed.
    """
    try:
        return parse_timestamp(text, zone).astimezone(zone)
    except TimeError as with_offset:
        try:
            naive = datetime.fromisoformat(text.strip())
        except ValueError:
            raise with_offset from None
        if naive.tzinfo is not None:
            raise with_offset from None
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) != naive:
        raise TimeError(f"'{text}' does not exist in {zone.key} (clocks go forward)",
                        "pick a time outside the skipped hour, or add the offset")
    if first.utcoffset() != second.utcoffset():
        raise TimeError(f"'{text}' happens twice in {zone.key} (clocks go back)",
                        f"add the offset: '{format_input(first)}' or '{format_input(second)}'")
    return first


# --- bodies --------------------------------------------------------------------------------------

def escape_body(markdown: str) -> str:
    """Make any Markdown safe as an update body without losing a word.

    `#` and `##` headings would start a new update, so they become `###`; a first line that
    reads `components: ...` would be taken as status changes, so its first letter becomes an HTML
    entity (rendered the same); a code fence left open is closed, as it would swallow the rest
    of the file.
    """
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    fences = Fences()
    for index, line in enumerate(lines):
        if not fences.in_code(line) and ANY_HEADING.match(line):
            lines[index] = "###" + line.lstrip("#")
    if fences.open is not None:
        lines.append(fences.open)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and COMPONENTS_LINE.match(lines[first].strip()):
        stripped = lines[first].lstrip()
        indent = lines[first][: len(lines[first]) - len(stripped)]
        lines[first] = f"{indent}&#{ord(stripped[0])};{stripped[1:]}"
    return "\n".join(lines)


def update_section(label: str, at: datetime, message: str,
                   changes: Mapping[str, ComponentStatus | str] | None = None) -> str:
    """'## Monitoring - 2025-09-04 18:33 +02:00', an optional components line, and the text."""
    lines = [f"## {label} - {format_time(at)}"]
    if changes:
        lines.append("components: " + ", ".join(f"{cid}={ComponentStatus(status).value}"
                                                for cid, status in changes.items()))
    return "\n".join(lines) + "\n\n" + escape_body(message) + "\n"


# --- whole files ---------------------------------------------------------------------------------

def new_incident(title: str, impact: str, components: Mapping[str, ComponentStatus], start: datetime,
                 posted_at: datetime, message: str, label: str = "Investigating") -> str:
    return front_matter(Kind.INCIDENT, title, impact, components, start) + update_section(label, posted_at, message)


def new_maintenance(title: str, components: Mapping[str, ComponentStatus], start: datetime, end: datetime,
                    posted_at: datetime, message: str, impact: str | None = None) -> str:
    as_list = all(status is ComponentStatus.UNDER_MAINTENANCE for status in components.values())
    return (front_matter(Kind.MAINTENANCE, title, impact, components, start, end, components_as_list=as_list)
            + update_section("Scheduled", posted_at, message))


def front_matter(kind: Kind, title: str, impact: str | None, components: Mapping[str, ComponentStatus],
                 start: datetime, end: datetime | None = None, *, components_as_list: bool = False) -> str:
    """The front-matter block with its fields in the documented order, and the blank line after it."""
    fields = ["type: maintenance"] if kind is Kind.MAINTENANCE else []
    fields.append(f"title: {yaml_scalar(title)}")
    if impact:
        fields.append(f"impact: {impact}")
    if components and components_as_list:
        fields += ["components:"] + [f"  - {cid}" for cid in components]
    elif components:
        fields += ["components:"] + [f"  {cid}: {ComponentStatus(status).value}" for cid, status in components.items()]
    fields.append(f"start: {format_time(start)}")
    if end is not None:
        fields.append(f"end: {format_time(end)}")
    return "---\n" + "\n".join(fields) + "\n---\n\n"


# --- edits of existing files ---------------------------------------------------------------------

def append_update(text: str, section: str) -> str:
    """Add an update section after the last update (before a postmortem, which stays last)."""
    return _edit_lines(text, lambda lines: _insert_section(lines, section, before_postmortem=True))


def append_postmortem(text: str, at: datetime, body: str = POSTMORTEM_TEMPLATE) -> str:
    section = f"## Postmortem - {format_time(at)}\n\n{body.strip()}\n"
    return _edit_lines(text, lambda lines: _insert_section(lines, section, before_postmortem=False))


def set_front_matter(text: str, key: str, value: str, *, after: str = "start") -> str:
    """Set a top-level front-matter field in place, keeping its trailing comment; if absent,
    add it after the `after` field (or at the end of the front-matter)."""

    def edit(lines: list[str]) -> list[str]:
        closing = _body_start(lines) - 1
        existing = re.compile(rf"^({re.escape(key)}[ \t]*:[ \t]*)([^#]*?)([ \t]+#.*)?$")
        for index in range(1, closing):
            if match := existing.match(lines[index]):
                lines[index] = f"{match[1]}{value}{match[3] or ''}"
                return lines
        anchor = re.compile(rf"^{re.escape(after)}[ \t]*:")
        position = next((i + 1 for i in range(1, closing) if anchor.match(lines[i])), closing)
        lines.insert(position, f"{key}: {value}")
        return lines

    return _edit_lines(text, edit)


def _insert_section(lines: list[str], section: str, *, before_postmortem: bool) -> list[str]:
    new = section.rstrip("\n").split("\n")
    postmortem = _postmortem_line(lines, _body_start(lines)) if before_postmortem else None
    if postmortem is None:
        while lines and not lines[-1].strip():
            lines.pop()
        return lines + [""] + new + [""]
    head = lines[:postmortem]
    while head and not head[-1].strip():
        head.pop()
    return head + [""] + new + [""] + lines[postmortem:]


def _postmortem_line(lines: list[str], first: int) -> int | None:
    fences = Fences()
    for index in range(first, len(lines)):
        if not fences.in_code(lines[index]) and POSTMORTEM_HEADING.match(lines[index]):
            return index
    return None


def _body_start(lines: list[str]) -> int:
    """Index of the first line after the front-matter's closing '---' (0 without front-matter)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    return 0 if closing is None else closing + 1


def _normalise(text: str) -> tuple[str, str, str]:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.removeprefix(bom).replace("\r\n", "\n"), newline, bom


def _edit_lines(text: str, edit) -> str:
    """Apply `edit` to the lines of `text`, keeping its byte-order mark and line endings."""
    body, newline, bom = _normalise(text)
    lines = edit(body.split("\n"))
    result = "\n".join(lines)
    if not result.endswith("\n"):
        result += "\n"
    return bom + result.replace("\n", newline)
