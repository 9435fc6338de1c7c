"""One incident or maintenance file to an Incident, or every reason it cannot be one.

The front-matter holds the fields; each `## <Status> - <time>` section of the body is one update.
Checks keep going after a problem wherever the next one does not depend on the broken value.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit
from datetime import datetime, timedelta
from typing import Iterator

from . import characters, yamlsource
from .diagnostics import Diagnostic, Reporter, did_you_mean, one_of, report_unknown_keys, shown
from .markup import MarkdownRenderer, MarkupError, RenderBudget, foreign_images_as_links, scope_footnotes
from .model import (
    CLOSING_STATUS,
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    ComponentStatus,
    Impact,
    Incident,
    Kind,
    Postmortem,
    SiteConfig,
    Update,
    UpdateStatus,
)
from .timeparse import TimeError, format_input, parse_timestamp

MAX_FILE_BYTES = 1024 * 1024
# Front-matter is a handful of fields; the cap keeps PyYAML's pure-Python parser well under a second.
MAX_FRONT_MATTER_BYTES = 64 * 1024

INCIDENT_KEYS = {"type", "title", "impact", "components", "start", "end"}
MAINTENANCE_KEYS = INCIDENT_KEYS | {"cancelled"}
REQUIRED_KEYS = {Kind.INCIDENT: ("title", "impact", "start"), Kind.MAINTENANCE: ("title", "start", "end")}

# Update headings: "## Investigating - 2025-09-04 16:33 +02:00" (separator may be -, –, —, ·, |, @, at).
UPDATE_HEADING = re.compile(
    r"^##[ \t]+(?P<label>[A-Za-z][A-Za-z _]*?)[ \t]*(?:[-–—·|@:]|\bat\b)?[ \t]*"
    r"(?P<when>\d{4}-\d{2}-\d{2}[^#]*?)[ \t]*#*[ \t]*$"
)
HEADING_WITHOUT_TIME = re.compile(r"^##[ \t]+(?P<label>[A-Za-z][A-Za-z _]*?)[ \t]*[-–—·|@:]?[ \t]*#*[ \t]*$")
ANY_HEADING = re.compile(r"^(#{1,2})(?:[ \t]|$)")
# python-markdown also reads these as level-1 and level-2 headings; updates need `## ` to be found.
HEADING_WITHOUT_SPACE = re.compile(r"^#{1,2}[^#\s]")
SETEXT_UNDERLINE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
NOT_PARAGRAPH_TEXT = re.compile(r"^(?:[ ]{4}|\t|[ ]{0,3}(?:[-*+>#|]|\d{1,9}[.)])|[ \t]*$)")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
COMPONENTS_LINE = re.compile(r"^components:[ \t]*(?P<items>.*)$", re.IGNORECASE)
HEADING_EXAMPLE = "## Investigating - 2025-09-04 16:33 +02:00"
POSTMORTEM = "postmortem"
SAME_STATUS = "update"


class Fences:
    """Walks Markdown lines and tells which are fenced code, where `##` is text, not a heading."""

    def __init__(self) -> None:
        self.open: str | None = None  # the fence still open, e.g. "```"
        self.lines = 0
        self.opened_at = 0  # the line (1-based, counted from the first line given) of the open fence

    def in_code(self, line: str) -> bool:
        """Whether `line` is a fence line or inside fenced code; call it for every line in order."""
        self.lines += 1
        if self.open is None:
            opener = FENCE.match(line)
            if opener:
                self.open, self.opened_at = opener.group(1)[0] * 3, self.lines
            return self.open is not None
        if line.strip().startswith(self.open):
            self.open = None
        return True


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
    meta = _front_matter(report, lines[1:closing])  # YAML reports such characters in the front-matter
    _forbidden_characters(report, lines, closing + 1)
    builder = _IncidentBuilder(report, meta if isinstance(meta, dict) else None, config,
                               renderer or MarkdownRenderer())
    fields = builder.front_matter()
    updates, postmortem = builder.sections(lines, closing + 1, fields.kind)
    builder.consistency(fields, updates)
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


def _front_matter(report: Reporter, lines: list[str]) -> object:
    """The front-matter as data, or None after reporting why it cannot be read."""
    text = "\n".join(lines)
    if len(text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        report.at(2, f"front-matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB",
                  "keep only the fields in the front-matter; text belongs in the updates")
        return None
    try:
        meta, positions = yamlsource.load(text, line_offset=1, allow_aliases=False)
    except yamlsource.YamlError as exc:
        report.at(exc.line, exc.message, exc.hint, exc.column)
        return None
    report.positions = positions
    report.duplicate_keys()
    if not isinstance(meta, dict):
        line, column = positions.of(())
        got = "nothing" if meta is None else f"a {type(meta).__name__}"
        report.at(line if meta is not None else 2, f"front-matter must be a mapping of fields, not {got}",
                  "write one `field: value` per line, e.g. `title: API errors`", column)
        return None
    return meta


@dataclass
class _Fields:
    """Front-matter values as far as they are valid; None where a value is missing or wrong."""

    kind: Kind | None = None
    title: str | None = None
    impact: Impact | None = None
    components: dict[str, ComponentStatus] | None = None
    start: datetime | None = None
    end: datetime | None = None
    end_written: bool = False  # `end` has a value, valid or not
    cancelled: bool = False


class _IncidentBuilder:
    def __init__(self, report: Reporter, meta: dict | None, config: SiteConfig, renderer: MarkdownRenderer):
        self.report, self.meta, self.config, self.renderer = report, meta, config, renderer
        self.known = [c.id for c in config.components]
        self.budget = RenderBudget()  # for the whole file: one budget bounds its render time

    # --- front-matter -------------------------------------------------------------------------

    def front_matter(self) -> _Fields:
        if self.meta is None:
            return _Fields()
        report, meta = self.report, self.meta
        kind_value = meta.get("type", Kind.INCIDENT.value)
        kind = kind_value if kind_value in tuple(Kind) else None
        if kind is None:
            report.key(("type",), f"`type` must be one of {one_of(Kind)}, not {shown(kind_value)}"
                       f"{did_you_mean(kind_value, Kind)}", "leave it out for an incident")
        kind = Kind(kind) if kind else None
        report_unknown_keys(report, (), meta, MAINTENANCE_KEYS if kind is not Kind.INCIDENT else INCIDENT_KEYS,
                            {key: "only a maintenance has it; add `type: maintenance` if this is one"
                              for key in MAINTENANCE_KEYS - INCIDENT_KEYS})
        for key in REQUIRED_KEYS[kind] if kind else ("title", "start"):
            if meta.get(key) is None:
                report.key((key,), f"missing `{key}`", self._required_hint(key, kind))
        end = self._time("end")
        fields = _Fields(kind=kind, title=self._title(), impact=self._impact(kind), components=self._components(kind),
                         start=self._time("start"), end=end, end_written=meta.get("end") is not None,
                         cancelled=self._cancelled())
        if fields.start and fields.end and fields.end <= fields.start:
            report.key(("end",), f"end ({format_input(fields.end)}) is not after start ({format_input(fields.start)})",
                       "the end must come after the start; check the date and the offset")
        return fields

    def _required_hint(self, key: str, kind: Kind | None) -> str:
        example = format_input(datetime(2025, 9, 4, 15, 30, tzinfo=self.config.timezone))
        return {
            "title": "add `title: <what readers see>`, e.g. `title: Delayed charge session reports`",
            "impact": f"add `impact:` with one of {one_of(i.value for i in Impact if i is not Impact.MAINTENANCE)}",
            "start": f"add when the impact began (maintenance: the window's start), e.g. `start: {example}`",
            "end": f"a maintenance needs the end of its window, e.g. `end: {example}`",
        }[key]

    def _title(self) -> str | None:
        value = self.meta.get("title")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.report.key(("title",), f"`title` must be text, not {shown(value)}",
                            "quote it if it looks like a number, a date or true/false")
            return None
        if not characters.is_one_line(value.strip()):
            self.report.key(("title",), "`title` must be one line", "shorten it; details belong in the updates")
            return None
        problem = characters.text_problem(value)
        if problem:
            self.report.key(("title",), f"`title` {problem}",
                            "remove the escape sequence (such as \\a, \\0 or \\ud800) from the quoted title")
            return None
        return value.strip()

    def _impact(self, kind: Kind | None) -> Impact | None:
        allowed = [i.value for i in Impact if i is not Impact.MAINTENANCE or kind is not Kind.INCIDENT]
        value = self.meta.get("impact")
        if value is None:
            return Impact.MAINTENANCE if kind is Kind.MAINTENANCE else None
        if value not in allowed:
            hint = "a maintenance needs `type: maintenance`" if value == Impact.MAINTENANCE else ""
            self.report.key(("impact",), f"impact {shown(value)} is not one of {one_of(allowed)}"
                            f"{did_you_mean(value, allowed)}", hint)
            return None
        return Impact(value)

    def _components(self, kind: Kind | None) -> dict[str, ComponentStatus] | None:
        value = self.meta.get("components")
        if value is None:
            return {}
        if isinstance(value, list) and kind is not Kind.INCIDENT:
            return self._component_list(value)
        if not isinstance(value, dict):
            hint = "write `components:` then lines like `  api: major_outage`"
            if isinstance(value, list):
                hint = "an incident gives each component a status: write `  api: major_outage` per line " \
                       "(only a maintenance may list bare ids)"
            self.report.key(("components",), "`components` must map component ids to statuses", hint)
            return None
        result = {}
        for component_id, status in value.items():
            path = ("components", component_id)
            known = self._known_component(path, component_id)
            if status is None:
                self.report.key(path, f"component {shown(component_id)} has no status",
                                f"write `{component_id}: <status>` with one of {one_of(ComponentStatus)}")
                continue
            parsed = self._component_status(status, path=path)
            if known and parsed:
                result[component_id] = parsed
        return result if len(result) == len(value) else None

    def _component_list(self, items: list) -> dict[str, ComponentStatus] | None:
        """A maintenance's plain list of ids: each component is under maintenance."""
        result = {}
        for index, item in enumerate(items):
            if not isinstance(item, str):
                self.report.key(("components", index), f"components[{index}] must be a component id, not {shown(item)}",
                                f"known components: {one_of(self.known) or '(none configured)'}")
            elif item in result:
                self.report.key(("components", index), f"component '{item}' is listed twice", "keep one of them")
            elif self._known_component(("components", index), item):
                result[item] = ComponentStatus.UNDER_MAINTENANCE
        return result if len(result) == len(items) else None

    def _known_component(self, path: tuple, component_id: object, at: tuple[int, int] | None = None) -> bool:
        """Whether the id is configured; `at` (line, column) places the message in the body."""
        if component_id in self.known:
            return True
        message = f"unknown component {shown(component_id)}{did_you_mean(component_id, self.known)}"
        hint = f"known components: {one_of(self.known) or '(none configured under the status plugin)'}"
        if at is None:
            self.report.key(path, message, hint, on_key=True)
        else:
            self.report.at(at[0], message, hint, at[1])
        return False

    def _component_status(self, status: object, *, path: tuple = (),
                          line: tuple[int, int] | None = None) -> ComponentStatus | None:
        if status in tuple(ComponentStatus):
            return ComponentStatus(status)
        message = f"component status {shown(status)} is not one of {one_of(ComponentStatus)}" \
                  f"{did_you_mean(status, ComponentStatus)}"
        if line is None:
            self.report.key(path, message)
        else:
            self.report.at(line[0], message, "", line[1])
        return None

    def _time(self, key: str) -> datetime | None:
        value = self.meta.get(key)
        if value is None:
            return None
        try:
            return parse_timestamp(value, self.config.timezone)
        except TimeError as exc:
            self.report.key((key,), f"`{key}`: {exc.message}", exc.hint)
            return None

    def _cancelled(self) -> bool:
        value = self.meta.get("cancelled", False)
        if not isinstance(value, bool):
            self.report.key(("cancelled",), f"`cancelled` must be true or false, not {shown(value)}")
            return False
        return value

    # --- body ---------------------------------------------------------------------------------

    def sections(self, lines: list[str], first: int, kind: Kind | None) -> tuple[list[Update], Postmortem | None]:
        """Updates and the postmortem. With an unknown kind, statuses of either kind are accepted."""
        allowed = {Kind.INCIDENT: INCIDENT_STATUSES, Kind.MAINTENANCE: MAINTENANCE_STATUSES}.get(
            kind, INCIDENT_STATUSES + MAINTENANCE_STATUSES)
        what = kind.value if kind else "incident or maintenance"
        updates: list[Update] = []
        postmortem: Postmortem | None = None
        posted_at: dict[datetime, tuple[datetime, int]] = {}  # anchors and feed ids need one update per instant
        headings = 0
        for heading_line, heading, body_lines in self._split(lines, first):
            headings += 1
            parsed = self._heading(heading_line, heading, allowed, what)
            if parsed is None:
                continue
            label, at = parsed
            changes, body = self._changes(heading_line, body_lines)
            markdown_text = "\n".join(body).strip("\n")
            if not markdown_text.strip():
                self.report.at(heading_line, f"{'postmortem' if label == POSTMORTEM else 'update'} has no text",
                               "write what readers should know below the heading")
            html = self._render(heading_line, markdown_text)
            if label == POSTMORTEM:
                if postmortem is not None:
                    self.report.at(heading_line, f"a second postmortem (the first is on line {postmortem.line})",
                                   "merge both into one `## Postmortem - ...` section")
                elif changes:
                    self.report.at(heading_line + 1, "a postmortem cannot change component statuses",
                                   "move the `components:` line into an update")
                postmortem = postmortem or Postmortem(at, markdown_text, self._body_rules(html, "postmortem"),
                                                      heading_line)
                continue
            if label == SAME_STATUS:
                if not updates:
                    self.report.at(heading_line, "the first update cannot be 'Update'",
                                   f"give it a status: {one_of(s.label for s in allowed)}")
                    continue
                status = updates[-1].status
            else:
                status = UpdateStatus(label)
            if at in posted_at:
                first_at, first_line = posted_at[at]
                self.report.at(heading_line, f"two updates at {format_input(first_at)} (lines {first_line} and "
                               f"{heading_line})", f"give the later one seconds, e.g. {_seconds_example(at)}, "
                               "or its real time")
            posted_at.setdefault(at, (at, heading_line))
            if updates and at < updates[-1].at:
                self.report.at(heading_line, f"update at {format_input(at)} is earlier than the one before it "
                               f"({format_input(updates[-1].at)}, line {updates[-1].line})",
                               "keep updates in the order they were posted, oldest first, and check the offsets")
            label_text = "Update" if updates and status is updates[-1].status else status.label
            update = Update(at, status, label_text, markdown_text, html, changes, heading_line)
            updates.append(replace(update, body_html=self._body_rules(html, update.anchor)))
        if not headings:
            self.report.at(min(first + 1, len(lines)), "no updates",
                           f"add the first update below the front-matter, e.g. `{HEADING_EXAMPLE}` and its text")
        return updates, postmortem

    def _heading(self, line: int, heading: str, allowed: tuple, what: str) -> tuple[str, datetime] | None:
        """(label, time) of an update heading; label is a status value, 'update' or 'postmortem'."""
        match = UPDATE_HEADING.match(heading)
        if not match:
            bare = HEADING_WITHOUT_TIME.match(heading)
            label = bare["label"].strip().lower().replace(" ", "_") if bare else ""
            if label in (POSTMORTEM, SAME_STATUS) or label in tuple(UpdateStatus):
                self.report.at(line, f"heading '{heading.strip()}' has no time",
                               f"write the time with its offset, e.g. `## {bare['label'].strip()} - 2025-09-04 16:33 +02:00`")
            else:
                self.report.at(line, f"heading {shown(heading.strip())} is not an update heading",
                               f"updates start with `{HEADING_EXAMPLE}`; use ### or deeper for headings inside an update")
            return None
        written = match["label"].strip()
        label = written.lower().replace(" ", "_")
        names = [s.label for s in allowed] + ["Update", "Postmortem"]
        if label not in (POSTMORTEM, SAME_STATUS) and label not in (s.value for s in allowed):
            self.report.at(line, f"'{written}' is not a{'n' if what[0] in 'aeiou' else ''} {what} status"
                           f"{did_you_mean(written.capitalize(), names)}", f"use one of {one_of(names)}")
            return None
        try:
            return label, parse_timestamp(match["when"], self.config.timezone)
        except TimeError as exc:
            self.report.at(line, exc.message, exc.hint, heading.find(match["when"]) + 1)
            return None

    def _body_rules(self, html: str, scope: str) -> str:
        """Footnote ids scoped to their update; images from hosts the site does not allow as links."""
        own_host = (urlsplit(self.config.site_url).hostname or "").lower()
        return scope_footnotes(foreign_images_as_links(html, self.config.allowed_image_hosts, own_host), scope)

    def _render(self, line: int, text: str) -> str:
        over = self.budget.charge(text)
        if over:  # not rendered, so not counted: each such section is reported
            self.report.at(line, *over)
            return ""
        try:
            return self.renderer.render(text)
        except MarkupError as exc:
            self.report.at(line, str(exc), "flatten the nested lists or quotes in this section")
            return ""

    def _split(self, lines: list[str], first: int) -> Iterator[tuple[int, str, list[str]]]:
        """Yield (line number, heading, body lines) per `##` section, skipping fenced code."""
        fences = Fences()
        current: tuple[int, str, list[str]] | None = None
        previous = ""  # the line before, when it was paragraph text a setext underline would make a heading
        for index in range(first, len(lines)):
            line, number = lines[index], index + 1
            in_code = fences.in_code(line)
            if not in_code:
                self._misread_heading(number, line, previous)
                previous = "" if NOT_PARAGRAPH_TEXT.match(line) or SETEXT_UNDERLINE.match(line) else line
            if not in_code and ANY_HEADING.match(line):
                if line.startswith("# ") or line.rstrip() == "#":
                    self.report.at(number, "a level-1 heading in the body",
                                   "the page title comes from `title`; start updates with `## Status - time`")
                    continue
                if current:
                    yield current
                current = (number, line, [])
                continue
            if current:
                current[2].append(line)
            elif line.strip():
                self.report.at(number, "text before the first update would not be shown anywhere",
                               f"move it into an update that starts with `{HEADING_EXAMPLE}`")
        if fences.open is not None:
            self.report.at(first + fences.opened_at, f"code block opened with {fences.open} is never closed",
                           f"end it with a line {fences.open}; until then the `##` headings below it are code, "
                           "not updates")
        if current:
            yield current

    def _misread_heading(self, number: int, line: str, previous: str) -> None:
        """Lines python-markdown renders as headings but that are not `## ` update headings."""
        if HEADING_WITHOUT_SPACE.match(line):
            self.report.at(number, f"heading {shown(line.strip())} has no space after the #",
                           f"write `{line[:line.index(line.lstrip('#'))]} {line.lstrip('#')}`; without the space it is "
                           "shown as a heading but not read as an update")
        elif previous and SETEXT_UNDERLINE.match(line):
            self.report.at(number, f"{shown(previous.strip())} underlined with {line.strip()[0]} is a heading",
                           "start updates with `## Status - time` and use ### for headings inside one; "
                           "leave a blank line above --- to draw a line")

    def _changes(self, heading_line: int, body: list[str]) -> tuple[dict[str, ComponentStatus], list[str]]:
        """The optional first line `components: api=degraded_performance, ...` of an update."""
        for offset, line in enumerate(body):
            if not line.strip():
                continue
            match = COMPONENTS_LINE.match(line.strip())
            if not match:
                return {}, body
            number = heading_line + 1 + offset
            changes: dict[str, ComponentStatus] = {}
            for item in filter(None, (part.strip() for part in match["items"].split(","))):
                component_id, sep, status = (part.strip() for part in item.partition("="))
                column = line.find(item) + 1
                if not sep:
                    self.report.at(number, f"{shown(item)} is not `component=status`",
                                   "write e.g. `components: api=degraded_performance, ocpp=operational`", column)
                    continue
                known = self._known_component((), component_id, (number, column))
                parsed = self._component_status(status, line=(number, column + item.find(status)))
                if component_id in changes:
                    self.report.at(number, f"component '{component_id}' is changed twice on one line", "keep one",
                                   column)
                elif known and parsed:
                    changes[component_id] = parsed
            if not changes and not match["items"].strip():
                self.report.at(number, "`components:` line lists no changes",
                               "write e.g. `components: api=operational`, or remove the line")
            return changes, body[offset + 1:]
        return {}, body

    # --- across fields and updates ------------------------------------------------------------

    def consistency(self, fields: _Fields, updates: list[Update]) -> None:
        """Rules between the front-matter and the updates; each runs when its own inputs are valid."""
        if fields.kind is None or not updates:
            return
        kind, closing = fields.kind, CLOSING_STATUS[fields.kind]
        closed = next((u for u in updates if u.status is closing), None)
        if closed:
            after = next((u for u in updates[updates.index(closed):] if u.status is not closing), None)
            if after:
                self.report.at(after.line, f"'{after.status.label}' after the {kind.value} was {closing.value} "
                               f"(line {closed.line})",
                               f"only '{closing.label}' or 'Update' may follow; open a new file for a new {kind.value}")
        if kind is not Kind.INCIDENT:
            return
        if closed and not fields.end_written:
            self.report.at(closed.line, "the incident is resolved but the front-matter has no `end`",
                           f"add when the impact ended, e.g. `end: {format_input(closed.at)}`")
        if fields.end is not None and not closed:
            self.report.key(("end",), "`end` is set but no update says Resolved",
                            "add `## Resolved - <time>` with a closing message, or remove `end` until then")


def _seconds_example(at: datetime) -> str:
    """'16:33:01': a second after the shared time, for the hint on two updates at one time (so the
    suggested time is never before the one it follows)."""
    return f"{at + timedelta(seconds=1):%H:%M:%S}"
