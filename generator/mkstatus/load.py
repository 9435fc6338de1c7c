"""Files to model. Every problem becomes a Diagnostic; nothing is dropped or guessed.

One loader serves the MkDocs plugin and the CLI: `load_site` returns the Site only when there is
not a single diagnostic, so a wrong file can never publish a wrong status.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from . import yamlsource
from .diagnostics import Diagnostic, did_you_mean, one_of
from .markup import MarkdownRenderer
from .model import (
    CLOSING_STATUS,
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    Component,
    ComponentStatus,
    Group,
    Impact,
    Incident,
    Kind,
    Postmortem,
    Site,
    SiteConfig,
    Update,
    UpdateStatus,
)
from .timeparse import TimeError, format_input, parse_date, parse_timestamp

MAX_FILE_BYTES = 1024 * 1024
FILE_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
IGNORED_FILES = {".gitkeep"}

# Update headings: "## Investigating - 2025-09-04 16:33 +02:00" (separator may be -, –, —, ·, |, @, at).
UPDATE_HEADING = re.compile(
    r"^##[ \t]+(?P<label>[A-Za-z][A-Za-z _]*?)[ \t]*(?:[-–—·|@:]|\bat\b)?[ \t]*"
    r"(?P<when>\d{4}-\d{2}-\d{2}[^#]*?)[ \t]*#*[ \t]*$"
)
ANY_HEADING = re.compile(r"^(#{1,2})(?:[ \t]|$)")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
COMPONENTS_LINE = re.compile(r"^components:[ \t]*(?P<items>.*)$", re.IGNORECASE)
HEADING_EXAMPLE = "## Investigating - 2025-09-04 16:33 +02:00"

SITE_KEYS = {"name", "timezone", "groups", "components"}
GROUP_KEYS = {"id", "name", "description"}
COMPONENT_KEYS = {"id", "name", "description", "group", "start_date"}
INCIDENT_KEYS = {"type", "title", "impact", "components", "start", "end"}
MAINTENANCE_KEYS = INCIDENT_KEYS | {"cancelled"}


@dataclass
class LoadResult:
    site: Site | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.site is not None and not self.diagnostics


class _Reporter:
    """Collects diagnostics for one source, turning key paths into lines."""

    def __init__(self, path: str, positions: yamlsource.Positions | None = None, prefix: tuple = ()):
        self.path, self.positions, self.prefix = path, positions, prefix
        self.diagnostics: list[Diagnostic] = []

    def at(self, line: int, message: str, hint: str = "", column: int = 1) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, column, message, hint))

    def key(self, keypath: tuple, message: str, hint: str = "", *, on_key: bool = False) -> None:
        line, column = (1, 1)
        if self.positions is not None:
            line, column = self.positions.of(self.prefix + keypath, key=on_key)
        self.at(line, message, hint, column)


# --- site configuration ------------------------------------------------------------------------

def load_site_config(options: Mapping, *, source: str, positions: yamlsource.Positions | None = None,
                     prefix: tuple = (), site_url: str = "", source_url: str = "",
                     default_name: str = "") -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Validate the `status` plugin options (name, timezone, groups, components)."""
    report = _Reporter(source, positions, prefix)
    _unknown_keys(report, (), options, SITE_KEYS)
    name = options.get("name") or default_name
    if not isinstance(name, str) or not name.strip():
        report.key(("name",), "the status page needs a name", "set `name:` under the status plugin, or `site_name`")
        name = "Status"
    zone = _zone(report, options.get("timezone"))
    groups = _groups(report, options.get("groups") or [])
    components = _components(report, options.get("components") or [], {g.id for g in groups})
    if report.diagnostics:
        return None, report.diagnostics
    return SiteConfig(name=name.strip(), timezone=zone, groups=tuple(groups), components=tuple(components),
                      site_url=site_url, source_url=source_url), []


def _zone(report: _Reporter, value: object) -> ZoneInfo:
    if value is None:
        report.key(("timezone",), "the status page needs a time zone",
                   "set `timezone:` to an IANA name such as Europe/Oslo or UTC")
        return ZoneInfo("UTC")
    try:
        if not isinstance(value, str) or "/" in value and not re.fullmatch(r"[A-Za-z0-9_+/-]+", value):
            raise ValueError
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        report.key(("timezone",), f"unknown time zone '{value}'{did_you_mean(value, available_timezones())}",
                   "use an IANA name such as Europe/Oslo, America/New_York or UTC")
        return ZoneInfo("UTC")


def _entries(report: _Reporter, key: str, items: object, allowed: set[str]) -> list[tuple[int, dict]]:
    if not isinstance(items, list):
        report.key((key,), f"`{key}` must be a list", f"write one `- id: ...` entry per line under `{key}:`")
        return []
    valid = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            report.key((key, index), f"{key}[{index}] must be a mapping with at least `id` and `name`")
            continue
        _unknown_keys(report, (key, index), item, allowed)
        valid.append((index, item))
    return valid


def _identity(report: _Reporter, path: tuple, item: dict, seen: set[str], what: str) -> tuple[str, str] | None:
    ident, name = item.get("id"), item.get("name")
    ok = True
    if not isinstance(ident, str) or not ID_PATTERN.match(ident):
        report.key(path + ("id",), f"{what} id {ident!r} is missing or invalid",
                   "use lowercase letters, digits, '-' or '_', e.g. charger-backend")
        ok = False
    elif ident in seen:
        report.key(path + ("id",), f"duplicate {what} id '{ident}'", f"every {what} needs its own id")
        ok = False
    if not isinstance(name, str) or not name.strip():
        report.key(path + ("name",), f"{what} '{ident}' needs a `name`", "the name is what readers see, e.g. Charger backend")
        ok = False
    if ok:
        seen.add(ident)
        return ident, name.strip()
    return None


def _groups(report: _Reporter, items: object) -> list[Group]:
    groups, seen = [], set()
    for index, item in _entries(report, "groups", items, GROUP_KEYS):
        identity = _identity(report, ("groups", index), item, seen, "group")
        if identity:
            groups.append(Group(identity[0], identity[1], _text(report, ("groups", index, "description"), item)))
    return groups


def _components(report: _Reporter, items: object, group_ids: set[str]) -> list[Component]:
    components, seen = [], set()
    for index, item in _entries(report, "components", items, COMPONENT_KEYS):
        path = ("components", index)
        identity = _identity(report, path, item, seen, "component")
        group = item.get("group")
        if group is not None and group not in group_ids:
            report.key(path + ("group",), f"unknown group '{group}'{did_you_mean(group, group_ids)}",
                       f"known groups: {one_of(sorted(group_ids)) or '(none defined under `groups:`)'}")
            group = None
        start_date = None
        if item.get("start_date") is not None:
            try:
                start_date = parse_date(item["start_date"])
            except TimeError as exc:
                report.key(path + ("start_date",), exc.message, exc.hint)
        if identity:
            components.append(Component(identity[0], identity[1], _text(report, path + ("description",), item),
                                        group, start_date))
    return components


def _text(report: _Reporter, path: tuple, item: dict) -> str:
    value = item.get(path[-1], "")
    if value is None:
        return ""
    if not isinstance(value, str):
        report.key(path, f"`{path[-1]}` must be text")
        return ""
    return value.strip()


def _unknown_keys(report: _Reporter, path: tuple, mapping: Mapping, allowed: set[str]) -> None:
    for key in mapping:
        if key not in allowed:
            report.key(path + (key,), f"unknown key '{key}'{did_you_mean(key, allowed)}",
                       f"allowed keys: {one_of(sorted(allowed))}", on_key=True)


# --- incident files ----------------------------------------------------------------------------

def load_incidents(directory: Path, config: SiteConfig, *, root: Path) -> tuple[list[Incident], list[Diagnostic]]:
    """Read every file below `directory`; anything that is not a valid incident is a diagnostic."""
    incidents: list[Incident] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, str] = {}
    renderer = MarkdownRenderer()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        shown = _relative(path, root)
        if path.name in IGNORED_FILES:
            continue
        if path.suffix != ".md":
            diagnostics.append(Diagnostic(shown, 1, 1, f"'{path.name}' is not an incident file",
                                          "incident files end in .md; move other files out of the incidents folder"))
            continue
        if not FILE_NAME.match(path.name):
            diagnostics.append(Diagnostic(shown, 1, 1, f"file name '{path.name}' does not fit YYYY-MM-DD-slug.md",
                                          f"rename it, e.g. to {_suggest_name(path.name)}"))
            continue
        incident_id = path.stem
        if incident_id in seen:
            diagnostics.append(Diagnostic(shown, 1, 1, f"duplicate incident id '{incident_id}'",
                                          f"{seen[incident_id]} has the same file name; rename one of them"))
            continue
        seen[incident_id] = shown
        incident, problems = parse_incident_file(path.read_bytes() if _small(path) else None, shown,
                                                 incident_id, config, renderer)
        diagnostics.extend(problems)
        if incident is not None:
            incidents.append(incident)
    return incidents, diagnostics


def _small(path: Path) -> bool:
    return path.stat().st_size <= MAX_FILE_BYTES


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _suggest_name(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-") or "incident"
    return stem + ".md" if re.match(r"^\d{4}-\d{2}-\d{2}-", stem) else f"2025-09-04-{stem}.md"


def parse_incident_file(data: bytes | None, shown: str, incident_id: str, config: SiteConfig,
                        renderer: MarkdownRenderer | None = None) -> tuple[Incident | None, list[Diagnostic]]:
    """Parse one file's bytes; returns the incident, or None with the reasons."""
    report = _Reporter(shown)
    if data is None:
        report.at(1, f"file is larger than {MAX_FILE_BYTES // 1024} KiB", "split long text, or move attachments out")
        return None, report.diagnostics
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.at(line, f"file is not UTF-8 (byte {exc.start})", "save the file as UTF-8")
        return None, report.diagnostics
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        report.at(1, "file does not start with YAML front-matter", "begin the file with a line '---', the fields, and '---'")
        return None, report.diagnostics
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        report.at(1, "front-matter is not closed", "end the fields with a line '---'")
        return None, report.diagnostics
    try:
        meta, positions = yamlsource.load("\n".join(lines[1:closing]), line_offset=1, allow_aliases=False)
    except yamlsource.YamlError as exc:
        report.at(exc.line, exc.message, exc.hint, exc.column)
        return None, report.diagnostics
    report.positions = positions
    for keypath, line, column in positions.duplicates:
        report.at(line, f"duplicate key '{keypath[-1]}'", "keep only one of them", column)
    if not isinstance(meta, dict):
        report.at(2, "front-matter must be a mapping of fields", "write fields like `title: API errors`")
        return None, report.diagnostics
    builder = _IncidentBuilder(report, meta, config, renderer or MarkdownRenderer())
    fields = builder.front_matter()
    updates, postmortem = builder.sections(lines, closing + 1, fields)
    builder.consistency(fields, updates)
    if report.diagnostics or fields is None:
        return None, report.diagnostics
    return Incident(id=incident_id, source_path=shown, updates=tuple(updates), postmortem=postmortem,
                    content_hash=hashlib.sha256(data).hexdigest(), **fields), []


class _IncidentBuilder:
    def __init__(self, report: _Reporter, meta: dict, config: SiteConfig, renderer: MarkdownRenderer):
        self.report, self.meta, self.config, self.renderer = report, meta, config, renderer
        self.known = [c.id for c in config.components]

    def front_matter(self) -> dict | None:
        report, meta = self.report, self.meta
        kind_value = meta.get("type", "incident")
        try:
            kind = Kind(kind_value)
        except ValueError:
            report.key(("type",), f"type must be one of {one_of(Kind)}, not {kind_value!r}{did_you_mean(kind_value, Kind)}")
            kind = Kind.INCIDENT
        _unknown_keys(report, (), meta, MAINTENANCE_KEYS if kind is Kind.MAINTENANCE else INCIDENT_KEYS)
        title = meta.get("title")
        if not isinstance(title, str) or not title.strip():
            report.key(("title",), "missing `title`", "add `title: <what readers see>` to the front-matter")
            title = ""
        impact = self._impact(kind)
        components = self._components(kind)
        start = self._time("start", required=True)
        end = self._time("end", required=kind is Kind.MAINTENANCE)
        if start and end and end <= start:
            report.key(("end",), f"end ({format_input(end)}) is not after start ({format_input(start)})",
                       "the end must come after the start; check the date and the offset")
        cancelled = meta.get("cancelled", False)
        if not isinstance(cancelled, bool):
            report.key(("cancelled",), "`cancelled` must be true or false")
            cancelled = False
        if not (title and impact and components is not None and start):
            return None
        return dict(kind=kind, title=title.strip(), impact=impact, components=components, start=start, end=end,
                    cancelled=cancelled)

    def _impact(self, kind: Kind) -> Impact | None:
        allowed = [i.value for i in Impact if i is not Impact.MAINTENANCE or kind is Kind.MAINTENANCE]
        value = self.meta.get("impact")
        if value is None:
            if kind is Kind.MAINTENANCE:
                return Impact.MAINTENANCE
            self.report.key(("impact",), "missing `impact`", f"add `impact:` with one of {one_of(allowed)}")
            return None
        if value not in allowed:
            self.report.key(("impact",), f"impact {value!r} is not one of {one_of(allowed)}{did_you_mean(value, allowed)}")
            return None
        return Impact(value)

    def _components(self, kind: Kind) -> dict[str, ComponentStatus] | None:
        value = self.meta.get("components", {})
        if value is None:
            value = {}
        if kind is Kind.MAINTENANCE and isinstance(value, list):
            value = {item: ComponentStatus.UNDER_MAINTENANCE.value for item in value if isinstance(item, str)} \
                if all(isinstance(item, str) for item in value) else value
        if not isinstance(value, dict):
            self.report.key(("components",), "`components` must map component ids to statuses",
                            "write `components:` then lines like `  api: major_outage`")
            return None
        result = {}
        for component_id, status in value.items():
            if self._known_component(("components", component_id), component_id) and \
                    (parsed := self._component_status(("components", component_id), status)):
                result[component_id] = parsed
        return result if len(result) == len(value) else None

    def _known_component(self, path: tuple, component_id: object) -> bool:
        if component_id in self.known:
            return True
        self.report.key(path, f"unknown component '{component_id}'{did_you_mean(component_id, self.known)}",
                        f"known components: {one_of(self.known) or '(none configured)'}", on_key=True)
        return False

    def _component_status(self, path: tuple, status: object, line: int | None = None) -> ComponentStatus | None:
        try:
            return ComponentStatus(status)
        except ValueError:
            message = f"component status {status!r} is not one of {one_of(ComponentStatus)}{did_you_mean(status, ComponentStatus)}"
            if line is None:
                self.report.key(path, message)
            else:
                self.report.at(line, message)
            return None

    def _time(self, key: str, *, required: bool) -> datetime | None:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.report.key((key,), f"missing `{key}`",
                                f"add `{key}: {format_input(datetime(2025, 9, 4, 15, 30, tzinfo=self.config.timezone))}`")
            return None
        try:
            return parse_timestamp(value, self.config.timezone)
        except TimeError as exc:
            self.report.key((key,), f"`{key}`: {exc.message}", exc.hint)
            return None

    # --- body ---------------------------------------------------------------------------------

    def sections(self, lines: list[str], first: int, fields: dict | None) -> tuple[list[Update], Postmortem | None]:
        kind = fields["kind"] if fields else Kind(self.meta.get("type", "incident")) \
            if self.meta.get("type", "incident") in tuple(Kind) else Kind.INCIDENT
        allowed = INCIDENT_STATUSES if kind is Kind.INCIDENT else MAINTENANCE_STATUSES
        updates: list[Update] = []
        postmortem: Postmortem | None = None
        for heading_line, heading, body_lines in self._split(lines, first):
            match = UPDATE_HEADING.match(heading)
            if not match:
                self.report.at(heading_line, f"heading '{heading.strip()}' is not an update heading",
                               f"updates start with `{HEADING_EXAMPLE}`; use ### or deeper for headings inside an update")
                continue
            label = match["label"].strip().lower().replace(" ", "_")
            try:
                at = parse_timestamp(match["when"], self.config.timezone)
            except TimeError as exc:
                self.report.at(heading_line, exc.message, exc.hint)
                continue
            changes, body = self._changes(heading_line, body_lines)
            markdown_text = "\n".join(body).strip("\n")
            if label == "postmortem":
                if postmortem is not None:
                    self.report.at(heading_line, "a second postmortem", "merge both into one `## Postmortem - ...` section")
                elif changes:
                    self.report.at(heading_line + 1, "a postmortem cannot change component statuses")
                postmortem = Postmortem(at, markdown_text, self.renderer.render(markdown_text), heading_line)
                continue
            if label == "update":
                if not updates:
                    self.report.at(heading_line, "the first update cannot be 'Update'",
                                   f"give it a status: {one_of(s.label for s in allowed)}")
                    continue
                status = updates[-1].status
            else:
                try:
                    status = UpdateStatus(label)
                except ValueError:
                    status = None
                if status not in allowed:
                    names = [s.label for s in allowed] + ["Update", "Postmortem"]
                    self.report.at(heading_line, f"'{match['label'].strip()}' is not a {kind.value} status"
                                   f"{did_you_mean(match['label'].strip().capitalize(), names)}",
                                   f"use one of {one_of(names)}")
                    continue
            if updates and at < updates[-1].at:
                self.report.at(heading_line, f"update at {format_input(at)} comes after one at {format_input(updates[-1].at)}",
                               "keep updates in the order they were posted, oldest first")
            if not markdown_text:
                self.report.at(heading_line, "update has no text", "write what readers should know below the heading")
            label_text = "Update" if updates and status is updates[-1].status else status.label
            updates.append(Update(at, status, label_text, markdown_text, self.renderer.render(markdown_text),
                                  changes, heading_line))
        if not updates:
            self.report.at(first + 1 if first < len(lines) else len(lines), "no updates",
                           f"add the first update below the front-matter, e.g. `{HEADING_EXAMPLE}` and its text")
        return updates, postmortem

    def _split(self, lines: list[str], first: int):
        """Yield (line number, heading, body lines) per `##` section, skipping fenced code."""
        fence = None
        current: tuple[int, str, list[str]] | None = None
        for index in range(first, len(lines)):
            line, number = lines[index], index + 1
            opener = FENCE.match(line)
            if fence is None and opener:
                fence = opener.group(1)[0] * 3
            elif fence is not None and line.strip().startswith(fence):
                fence = None
            elif fence is None and ANY_HEADING.match(line):
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
        if current:
            yield current

    def _changes(self, heading_line: int, body: list[str]) -> tuple[dict[str, ComponentStatus], list[str]]:
        """The optional first line `components: api=degraded_performance, ...` of an update."""
        for offset, line in enumerate(body):
            if not line.strip():
                continue
            match = COMPONENTS_LINE.match(line.strip())
            if not match:
                return {}, body
            number = heading_line + 1 + offset
            changes = {}
            for item in filter(None, (part.strip() for part in match["items"].split(","))):
                component_id, sep, status = (part.strip() for part in item.partition("="))
                if not sep:
                    self.report.at(number, f"'{item}' is not `component=status`",
                                   "write e.g. `components: api=degraded_performance, ocpp=operational`")
                    continue
                if component_id not in self.known:
                    self.report.at(number, f"unknown component '{component_id}'{did_you_mean(component_id, self.known)}",
                                   f"known components: {one_of(self.known) or '(none configured)'}")
                    continue
                if parsed := self._component_status((), status, number):
                    changes[component_id] = parsed
            return changes, body[offset + 1:]
        return {}, body

    def consistency(self, fields: dict | None, updates: list[Update]) -> None:
        if not fields or not updates:
            return
        kind, closing = fields["kind"], CLOSING_STATUS[fields["kind"]]
        closed = [u for u in updates if u.status is closing]
        if closed:
            after = next((u for u in updates[updates.index(closed[0]):] if u.status is not closing), None)
            if after:
                self.report.at(after.line, f"'{after.status.label}' after the {kind.value} was {closing.value}",
                               f"only '{closing.label}' or 'Update' may follow; open a new file for a new {kind.value}")
        if kind is Kind.INCIDENT:
            if closed and fields["end"] is None:
                self.report.key(("title",), "the incident is resolved but has no `end`",
                                f"add `end:` with when the impact ended, e.g. `end: {format_input(closed[0].at)}`")
            if fields["end"] is not None and not closed:
                self.report.key(("end",), "`end` is set but no update says Resolved",
                                f"add `## Resolved - <time>` with a closing message, or remove `end` until then")


# --- the whole site ----------------------------------------------------------------------------

def load_site(options: Mapping, *, incidents_dir: Path, root: Path, source: str = "mkdocs.yml",
              positions: yamlsource.Positions | None = None, prefix: tuple = (), site_url: str = "",
              source_url: str = "", default_name: str = "") -> LoadResult:
    """Validate the config and every incident file; the Site is returned only when all is clean."""
    config, diagnostics = load_site_config(options, source=source, positions=positions, prefix=prefix,
                                           site_url=site_url, source_url=source_url, default_name=default_name)
    if config is None:
        # Incidents cannot be checked against a broken component list; report what we know.
        return LoadResult(None, diagnostics)
    if not incidents_dir.is_dir():
        return LoadResult(None, [Diagnostic(source, 1, 1, f"incidents folder '{_relative(incidents_dir, root)}' does not exist",
                                            "create it, or set `incidents_dir` under the status plugin")])
    incidents, problems = load_incidents(incidents_dir, config, root=root)
    if problems:
        return LoadResult(None, sorted(problems))
    return LoadResult(Site(config, tuple(sorted(incidents, key=lambda i: i.id))), [])
