"""One incident or maintenance file to an Incident, or every reason it cannot be one.

The front-matter holds the fields (front_matter.py); each `## <Status> - <time>` section of the body
is one update (update_sections.py). This module reads the bytes, finds the front-matter, and checks
the rules between fields and updates. Checks keep going after a problem wherever the next one does
not depend on the broken value.
"""

from __future__ import annotations

import hashlib

from . import characters
from .diagnostics import Diagnostic, Reporter
from .front_matter import ComponentChecks, Fields, FrontMatter, read_front_matter
from .markup import MarkdownRenderer
from .model import CLOSING_STATUS, Incident, Kind, SiteConfig, Update
from .timeparse import format_input
from .update_sections import UpdateSections, heading_word

MAX_FILE_BYTES = 1024 * 1024


def parse_incident_file(data: bytes | None, shown_path: str, incident_id: str, config: SiteConfig,
                        renderer: MarkdownRenderer | None = None) -> tuple[Incident | None, list[Diagnostic]]:
    """Parse one file's bytes (None: too large to read); returns the incident, or None with the reasons."""
    report = Reporter(shown_path)
    if data is None:
        report.at(1, f"file is larger than {MAX_FILE_BYTES // 1024} KiB", "split long text, or move attachments out")
        return None, report.diagnostics
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:2].count(0) == 1:
        # UTF-16 (with or without its byte order mark): as UTF-8 it is NUL bytes between letters.
        report.at(1, "file is UTF-16, not UTF-8", "save the file as UTF-8")
        return None, report.diagnostics
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        report.at(data[: exc.start].count(b"\n") + 1, f"file is not UTF-8 (byte 0x{data[exc.start]:02x} "
                  f"at offset {exc.start})", "save the file as UTF-8", exc.start - line_start + 1)
        return None, report.diagnostics
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != "---":
        report.at(1, "file does not start with YAML front-matter",
                  "begin the file with a line '---', then the fields, then another '---'")
        return None, report.diagnostics
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        report.at(1, "front-matter is not closed", "end the fields with a line '---'")
        return None, report.diagnostics
    meta = read_front_matter(report, lines[1:closing])  # YAML reports such characters in the front-matter
    _forbidden_characters(report, lines, closing + 1)
    components = ComponentChecks(report, config)
    fields = FrontMatter(report, meta if isinstance(meta, dict) else None, config, components).fields()
    updates, postmortem = UpdateSections(report, config, renderer or MarkdownRenderer(), components).read(
        lines, closing + 1, fields.kind)
    _consistency(report, fields, updates)
    if report.diagnostics:
        return None, sorted(report.diagnostics)
    return Incident(id=incident_id, source_path=shown_path, kind=fields.kind, title=fields.title,
                    impact=fields.impact, components=fields.components, start=fields.start, end=fields.end,
                    updates=tuple(updates), postmortem=postmortem, cancelled=fields.cancelled,
                    content_hash=hashlib.sha256(data).hexdigest(), start_line=_key_line(report, "start"),
                    end_line=_key_line(report, "end")), []


def _key_line(report: Reporter, key: str) -> int:
    return report.positions.of((key,))[0] if report.positions else 0


MAX_CHARACTER_REPORTS = 10


def _forbidden_characters(report: Reporter, lines: list[str], first: int) -> None:
    """Report the first forbidden character of each body line (up to 10 lines)."""
    found = 0
    for number, line in enumerate(lines[first:], first + 1):
        for index, character in characters.forbidden(line):
            found += 1
            if found <= MAX_CHARACTER_REPORTS:
                report.at(number, f"invisible character {characters.describe(character)} in the file",
                          "delete it (most editors do not show it); feeds and calendars cannot carry it", index + 1)
            break
    if found > MAX_CHARACTER_REPORTS:
        report.at(first + 1, f"{found} lines hold invisible control characters", "save the file as plain UTF-8 text")


def _consistency(report: Reporter, fields: Fields, updates: list[Update]) -> None:
    """Rules between the front-matter and the updates; each runs when its own inputs are valid."""
    if fields.kind is None or not updates:
        return
    kind, closing = fields.kind, CLOSING_STATUS[fields.kind]
    closed = next((u for u in updates if u.status is closing), None)
    if closed:
        after = next((u for u in updates[updates.index(closed):] if u.status is not closing), None)
        if after:
            report.at(after.line, f"'{heading_word(after.status)}' after the {kind.value} was {closing.value} "
                      f"(line {closed.line})",
                      f"only '{heading_word(closing)}' or 'Update' may follow; open a new file for a new {kind.value}")
    if kind is not Kind.INCIDENT:
        return
    if closed and not fields.end_written:
        report.at(closed.line, "the incident is resolved but the front-matter has no `end`",
                  f"add when the impact ended, e.g. `end: {format_input(closed.at)}`")
    if fields.end is not None and not closed:
        report.key(("end",), "`end` is set but no update says Resolved",
                   "add `## Resolved - <time>` with a closing message, or remove `end` until then")
