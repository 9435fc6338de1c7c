"""Files to model. Every problem becomes a Diagnostic; nothing is dropped or guessed.

One loader serves the MkDocs plugin and the CLI: `load_site` returns the Site only when there is
not a single diagnostic, so a wrong file can never publish a wrong status. It keeps going after a
problem wherever the next check does not depend on the broken value, so one run reports them all.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator, Mapping
from zoneinfo import ZoneInfo, available_timezones

from . import yamlsource
from .diagnostics import Diagnostic, did_you_mean, one_of, shown
from .markup import MarkdownRenderer, MarkupError, link_scan_cost
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
# Front-matter is a handful of fields; the cap keeps PyYAML's pure-Python parser well under a second.
MAX_FRONT_MATTER_BYTES = 64 * 1024
FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# Files git needs to keep an empty folder; everything else in incidents/ must be an incident.
IGNORED_FILES = {".gitkeep"}
DEFAULT_TIMEZONE = "UTC"  # the plugin's default too, so `mkstatus check` and the build agree

# Update headings: "## Investigating - 2025-09-04 16:33 +02:00" (separator may be -, –, —, ·, |, @, at).
UPDATE_HEADING = re.compile(
    r"^##[ \t]+(?P<label>[A-Za-z][A-Za-z _]*?)[ \t]*(?:[-–—·|@:]|\bat\b)?[ \t]*"
    r"(?P<when>\d{4}-\d{2}-\d{2}[^#]*?)[ \t]*#*[ \t]*$"
)
HEADING_WITHOUT_TIME = re.compile(r"^##[ \t]+(?P<label>[A-Za-z][A-Za-z _]*?)[ \t]*[-–—·|@:]?[ \t]*#*[ \t]*$")
ANY_HEADING = re.compile(r"^(#{1,2})(?:[ \t]|$)")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


class Fences:
    """Walks Markdown lines and tells which are fenced code, where `##` is text, not a heading."""

    def __init__(self) -> None:
        self.open: str | None = None  # the fence still open, e.g. "```"

    def in_code(self, line: str) -> bool:
        """Whether `line` is a fence line or inside fenced code; call it for every line in order."""
        if self.open is None:
            opener = FENCE.match(line)
            if opener:
                self.open = opener.group(1)[0] * 3
            return self.open is not None
        if line.strip().startswith(self.open):
            self.open = None
        return True
COMPONENTS_LINE = re.compile(r"^components:[ \t]*(?P<items>.*)$", re.IGNORECASE)
HEADING_EXAMPLE = "## Investigating - 2025-09-04 16:33 +02:00"
POSTMORTEM = "postmortem"
SAME_STATUS = "update"

# Ids that would give a component the path of another generated file (components write
# badges/<id>.svg and .json, components/<id>/ and components/<id>/updates.atom and .rss).
RESERVED_IDS = {"status": "badges/status.svg and badges/status.json are the overall status badge"}
# python-markdown looks for the end of a link from every '[' and '](' (`LinkInlineProcessor.getText`,
# `getLink`), character by character to the end of the paragraph when there is none: quadratic in
# unclosed brackets (8,000 "[" took over 20 s). At most about half a second of it per file is allowed.
MAX_LINK_SCAN = 2_000_000

SITE_KEYS = {"name", "timezone", "groups", "components"}
GROUP_KEYS = {"id", "name", "description"}
COMPONENT_KEYS = {"id", "name", "description", "group", "start_date"}
INCIDENT_KEYS = {"type", "title", "impact", "components", "start", "end"}
MAINTENANCE_KEYS = INCIDENT_KEYS | {"cancelled"}
REQUIRED_KEYS = {Kind.INCIDENT: ("title", "impact", "start"), Kind.MAINTENANCE: ("title", "start", "end")}


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
        self.diagnostics.append(Diagnostic(self.path, max(line, 1), max(column, 1), message, hint))

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
    config, diagnostics = _site_config(options, source=source, positions=positions, prefix=prefix,
                                       site_url=site_url, source_url=source_url, default_name=default_name)
    return (None if diagnostics else config), diagnostics


def _site_config(options: Mapping, *, source: str, positions: yamlsource.Positions | None, prefix: tuple,
                 site_url: str, source_url: str, default_name: str) -> tuple[SiteConfig, list[Diagnostic]]:
    """The config as far as it is valid, and its problems.

    The partial config keeps every component whose id is readable, so incidents can still be
    checked against it without blaming them for a typo in mkdocs.yml.
    """
    report = _Reporter(source, positions, prefix)
    if positions is not None:
        for keypath, line, column in positions.duplicates:
            if keypath[: len(prefix)] == prefix:
                report.at(line, f"duplicate key '{keypath[-1]}'", "keep only one of them; YAML would use the last", column)
    _unknown_keys(report, (), options, SITE_KEYS)
    name = options.get("name") or default_name
    if not isinstance(name, str) or not name.strip():
        report.key(("name",), "the status page needs a name", "set `name:` under the status plugin, or `site_name`")
        name = "Status"
    zone = _zone(report, options.get("timezone", DEFAULT_TIMEZONE))
    groups = _groups(report, options.get("groups") or [])
    components = _components(report, options.get("components") or [], groups)
    config = SiteConfig(name=name.strip(), timezone=zone, groups=tuple(groups), components=tuple(components),
                        site_url=site_url, source_url=source_url)
    return config, report.diagnostics


def _zone(report: _Reporter, value: object) -> ZoneInfo:
    if value is None:
        value = DEFAULT_TIMEZONE
    zones = available_timezones()
    if isinstance(value, str) and value in zones:
        return ZoneInfo(value)
    report.key(("timezone",), f"unknown time zone {shown(value)}{did_you_mean(value, zones)}",
               "use an IANA name such as Europe/Oslo, America/New_York or UTC")
    return ZoneInfo(DEFAULT_TIMEZONE)


def _entries(report: _Reporter, key: str, items: object, allowed: set[str]) -> list[tuple[int, dict]]:
    if not isinstance(items, list):
        report.key((key,), f"`{key}` must be a list", f"write one `- id: ...` entry per line under `{key}:`")
        return []
    valid = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            report.key((key, index), f"{key}[{index}] must be a mapping with at least `id` and `name`",
                       "write `- id: api` and, indented below it, `name: API`")
            continue
        _unknown_keys(report, (key, index), item, allowed)
        valid.append((index, item))
    return valid


def _identity(report: _Reporter, path: tuple, item: dict, seen: dict[str, str], what: str) -> tuple[str, str] | None:
    """(id, name) of a group or component; None only when the id itself is unusable or taken."""
    ident, name = item.get("id"), item.get("name")
    if not isinstance(name, str) or not name.strip():
        report.key(path + ("name",), f"{what} {shown(ident)} needs a `name`",
                   "the name is what readers see, e.g. `name: Charger backend`")
        name = str(ident)
    if not isinstance(ident, str) or not ID_PATTERN.match(ident):
        report.key(path + ("id",), f"{what} id {shown(ident)} is missing or invalid",
                   "use lowercase letters, digits, '-' or '_', e.g. `id: charger-backend`")
        return None
    if ident in RESERVED_IDS:
        report.key(path + ("id",), f"{what} id '{ident}' is reserved: {RESERVED_IDS[ident]}",
                   f"choose another id, e.g. `id: {ident}-{what}`")
        return None
    if ident in seen:
        report.key(path + ("id",), f"duplicate id '{ident}': already used by a {seen[ident]}",
                   "groups and components share one set of ids; give each its own")
        return None
    seen[ident] = what
    return ident, name.strip()


def _groups(report: _Reporter, items: object) -> list[Group]:
    groups: list[Group] = []
    seen: dict[str, str] = {}
    for index, item in _entries(report, "groups", items, GROUP_KEYS):
        identity = _identity(report, ("groups", index), item, seen, "group")
        if identity:
            groups.append(Group(identity[0], identity[1], _text(report, ("groups", index, "description"), item)))
    return groups


def _components(report: _Reporter, items: object, groups: list[Group]) -> list[Component]:
    components: list[Component] = []
    seen = {g.id: "group" for g in groups}
    group_ids = [g.id for g in groups]
    for index, item in _entries(report, "components", items, COMPONENT_KEYS):
        path = ("components", index)
        identity = _identity(report, path, item, seen, "component")
        group = item.get("group")
        if group is not None and group not in group_ids:
            report.key(path + ("group",), f"unknown group {shown(group)}{did_you_mean(group, group_ids)}",
                       f"known groups: {one_of(group_ids) or '(none defined under `groups:`)'}")
            group = None
        start_date = None
        if item.get("start_date") is not None:
            try:
                start_date = parse_date(item["start_date"])
            except TimeError as exc:
                report.key(path + ("start_date",), f"`start_date`: {exc.message}", exc.hint)
        if identity:
            components.append(Component(identity[0], identity[1], _text(report, path + ("description",), item),
                                        group, start_date))
    return components


def _text(report: _Reporter, path: tuple, item: dict) -> str:
    value = item.get(path[-1], "")
    if value is None:
        return ""
    if not isinstance(value, str):
        report.key(path, f"`{path[-1]}` must be text", "quote it if it looks like a number or a date")
        return ""
    return value.strip()


def _unknown_keys(report: _Reporter, path: tuple, mapping: Mapping, allowed: set[str],
                  hints: Mapping[str, str] | None = None) -> None:
    for key in mapping:
        if key not in allowed:
            hint = (hints or {}).get(key) or f"allowed keys: {one_of(sorted(allowed))}"
            report.key(path + (key,), f"unknown key {shown(key)}{did_you_mean(key, allowed)}", hint, on_key=True)


# --- incident files ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _ParsedFiles:
    """Each file's parse of the last load, keyed by (shown path, id, sha256 of the bytes).

    Parsing is a pure function of those and the config, so `mkdocs serve` rebuilds (one process,
    usually one changed file) reuse it; a changed config starts afresh. Only the last load is
    kept, so deleted files do not pile up.
    """

    config: SiteConfig | None = None
    results: Mapping[tuple[str, str, str], tuple[Incident | None, list[Diagnostic]]] = \
        field(default_factory=dict)


_last_load = _ParsedFiles()


def load_incidents(directory: Path, config: SiteConfig, *, root: Path) -> tuple[list[Incident], list[Diagnostic]]:
    """Read every file below `directory`; anything that is not a valid incident is a diagnostic."""
    global _last_load
    previous = _last_load.results if _last_load.config == config else {}
    files = list(_incident_files(directory, root, previous))
    to_parse = [item for item in files if isinstance(item, _Source) and item.key not in previous]
    fresh = iter(_parse_all(to_parse, config))
    # Assembled in path order whichever way the files were parsed, so incidents, diagnostics and
    # the cache come out the same.
    incidents: list[Incident] = []
    diagnostics: list[Diagnostic] = []
    parsed: dict[tuple[str, str, str], tuple[Incident | None, list[Diagnostic]]] = {}
    for item in files:
        if isinstance(item, Diagnostic):
            diagnostics.append(item)
            continue
        incident, problems = previous[item.key] if item.key in previous else next(fresh)
        if item.key is not None:
            parsed[item.key] = (incident, problems)
        diagnostics.extend(problems)
        if incident is not None:
            incidents.append(incident)
    _last_load = _ParsedFiles(config, parsed)
    return incidents, diagnostics


@dataclass(frozen=True)
class _Source:
    """An incident file as read: its bytes (None when too large, or not kept because its parse is
    reused) and its cache key (None when too large: it is reported without reading)."""

    where: str
    incident_id: str
    data: bytes | None
    key: tuple[str, str, str] | None


def _incident_files(directory: Path, root: Path, reusable: Mapping) -> Iterator[Diagnostic | _Source]:
    """Each path below `directory` in sorted order, as a file to parse or why it cannot be one."""
    seen: dict[str, str] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_dir() or path.name in IGNORED_FILES:
            continue
        where = _relative(path, root)
        problem = _file_problem(path, seen)
        if problem:
            yield Diagnostic(where, 1, 1, *problem)
            continue
        seen[path.stem] = where
        try:
            data = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
        except OSError as exc:
            yield Diagnostic(where, 1, 1, f"cannot read the file: {exc.strerror or exc}",
                             "check that it is a readable regular file")
            continue
        key = None if data is None else (where, path.stem, hashlib.sha256(data).hexdigest())
        yield _Source(where, path.stem, None if key in reusable else data, key)


# Parsing is CPU-bound (three quarters of it Markdown) and each file's parse is independent, so a
# cold load of many files is spread over worker processes. Forking them costs ~20 ms (they pay off
# from ~50 files on 2 CPUs); below the threshold, e.g. rebuilds, which parse a file or two, keep
# the simpler path.
MIN_FILES_FOR_POOL = 200
LOAD_WORKERS_ENV = "MKSTATUS_LOAD_WORKERS"  # at most this many workers; 1 parses in this process


def _parse_all(sources: list[_Source], config: SiteConfig) -> list[tuple[Incident | None, list[Diagnostic]]]:
    """Each source's parse, in order: in worker processes when that pays off, else here."""
    workers = _pool_size(len(sources))
    if workers > 1:
        results = _parse_in_pool(sources, config, workers)
        if results is not None:
            return results
    renderer = MarkdownRenderer()
    return [_parse_guarded(source.data, source.where, source.incident_id, config, renderer) for source in sources]


def _pool_size(files_to_parse: int) -> int:
    """How many worker processes to parse this many files with; 1 means none."""
    # Workers are forked (the config and the loaded modules come for free): only on Linux (macOS's
    # system libraries are not fork-safe), and only while this process has no other thread, since
    # a lock held by one at the fork stays held in the child (`mkdocs serve` runs its server in
    # threads, so its rebuilds parse here).
    if files_to_parse < MIN_FILES_FOR_POOL or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    cpus = _usable_cpus()
    try:
        return max(1, min(int(os.environ.get(LOAD_WORKERS_ENV, cpus)), cpus))
    except ValueError:  # an unreadable setting must not fail the build; the default is safe
        return cpus


def _usable_cpus() -> int:
    return len(os.sched_getaffinity(0))  # CPUs this process may run on, which a container may limit


def _parse_in_pool(sources: list[_Source], config: SiteConfig,
                   workers: int) -> list[tuple[Incident | None, list[Diagnostic]]] | None:
    """Every source's parse in input order, or None when the pool fails (the caller then parses all
    of them here, so no file is lost to a dead worker)."""
    jobs = [(source.data, source.where, source.incident_id) for source in sources]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(config,)) as pool:
            # A few chunks per worker: few round trips, yet an even share when some files are slow.
            return list(pool.map(_parse_in_worker, jobs, chunksize=-(-len(jobs) // (workers * 4))))
    except Exception:  # noqa: BLE001 - _parse_guarded catches every file's error, so this is the pool's
        return None


_worker_config: SiteConfig | None = None
_worker_renderer: MarkdownRenderer | None = None


def _start_worker(config: SiteConfig) -> None:
    """Runs in each forked worker; an assignment, so it cannot fail and print a traceback there."""
    global _worker_config
    _worker_config = config


def _parse_in_worker(job: tuple[bytes | None, str, str]) -> tuple[Incident | None, list[Diagnostic]]:
    global _worker_renderer
    if _worker_renderer is None:  # made here, not in _start_worker, so a failure reaches the parent
        _worker_renderer = MarkdownRenderer()
    data, where, incident_id = job
    return _parse_guarded(data, where, incident_id, _worker_config, _worker_renderer)


def _parse_guarded(data: bytes | None, where: str, incident_id: str, config: SiteConfig,
                   renderer: MarkdownRenderer) -> tuple[Incident | None, list[Diagnostic]]:
    try:
        return parse_incident_file(data, where, incident_id, config, renderer)
    except Exception as exc:  # noqa: BLE001 - the last guard: one file must not take the site down
        return None, [Diagnostic(where, 1, 1, f"internal error while reading this file: {exc!r}",
                                 "please report this to MkStatus with the file attached")]


def _file_problem(path: Path, seen: dict[str, str]) -> tuple[str, str] | None:
    """(message, hint) when a path in incidents/ cannot be an incident file, else None."""
    if not path.is_file():
        return f"'{path.name}' is not a regular file (a broken link?)", "remove it from the incidents folder"
    if path.suffix != ".md":
        return (f"'{path.name}' is not an incident file",
                "incident files end in .md; move other files out of the incidents folder")
    match = FILE_NAME.match(path.name)
    if not match:
        return (f"file name '{path.name}' does not fit YYYY-MM-DD-slug.md",
                f"name it after the start date and a few lowercase words joined by '-', e.g. {_suggest_name(path.name)}")
    try:
        parse_date(match["date"])
    except TimeError:
        return f"file name '{path.name}' starts with '{match['date']}', which is not a date", \
            "use the incident's start date as YYYY-MM-DD"
    if path.stem in seen:
        return (f"duplicate incident id '{path.stem}': {seen[path.stem]} has the same file name",
                "the file name is the incident's id in URLs, feeds and the API; rename one of them")
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()


def _suggest_name(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-") or "incident"
    if re.match(r"^\d{4}-\d{2}-\d{2}-", stem):
        return stem + ".md"
    day = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})-?", stem)
    if day:
        return f"{day[1]}-{day[2]}-{day[3]}-{stem[day.end():] or 'incident'}.md"
    return f"2025-09-04-{stem}.md"


def parse_incident_file(data: bytes | None, shown_path: str, incident_id: str, config: SiteConfig,
                        renderer: MarkdownRenderer | None = None) -> tuple[Incident | None, list[Diagnostic]]:
    """Parse one file's bytes (None: too large to read); returns the incident, or None with the reasons."""
    report = _Reporter(shown_path)
    if data is None:
        report.at(1, f"file is larger than {MAX_FILE_BYTES // 1024} KiB", "split long text, or move attachments out")
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
    meta = _front_matter(report, lines[1:closing])
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
                    content_hash=hashlib.sha256(data).hexdigest()), []


def _front_matter(report: _Reporter, lines: list[str]) -> object:
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
    for keypath, line, column in positions.duplicates:
        report.at(line, f"duplicate key {shown(keypath[-1])}", "keep only one of them; YAML would use the last", column)
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
    def __init__(self, report: _Reporter, meta: dict | None, config: SiteConfig, renderer: MarkdownRenderer):
        self.report, self.meta, self.config, self.renderer = report, meta, config, renderer
        self.known = [c.id for c in config.components]
        self.link_scan_left = MAX_LINK_SCAN  # for the whole file: one budget bounds its render time

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
        _unknown_keys(report, (), meta, MAINTENANCE_KEYS if kind is not Kind.INCIDENT else INCIDENT_KEYS,
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
        if "\n" in value.strip():
            self.report.key(("title",), "`title` must be one line", "shorten it; details belong in the updates")
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
                postmortem = postmortem or Postmortem(at, markdown_text, html, heading_line)
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
            updates.append(Update(at, status, label_text, markdown_text, html, changes, heading_line))
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

    def _render(self, line: int, text: str) -> str:
        cost, unclosed = link_scan_cost(text)
        if cost > self.link_scan_left:  # not rendered, so not counted: each such section is reported
            self.report.at(line, f"too many link brackets to render in time ({unclosed} '[' or '](' "
                           "without a closing ']' or ')' in their paragraph)",
                           "close each '[' with ']' and each '](' with ')', "
                           "or write a bracket meant as text as '\\['")
            return ""
        self.link_scan_left -= cost
        try:
            return self.renderer.render(text)
        except MarkupError as exc:
            self.report.at(line, str(exc), "flatten the nested lists or quotes in this section")
            return ""

    def _split(self, lines: list[str], first: int) -> Iterator[tuple[int, str, list[str]]]:
        """Yield (line number, heading, body lines) per `##` section, skipping fenced code."""
        fences = Fences()
        current: tuple[int, str, list[str]] | None = None
        for index in range(first, len(lines)):
            line, number = lines[index], index + 1
            if not fences.in_code(line) and ANY_HEADING.match(line):
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
    """'16:33:30': the same minute with seconds, for the hint on two updates at one time."""
    return f"{at:%H:%M}:30" if at.second != 30 else f"{at:%H:%M}:45"


# --- the whole site ----------------------------------------------------------------------------

def load_site(options: Mapping, *, incidents_dir: Path, root: Path, source: str = "mkdocs.yml",
              positions: yamlsource.Positions | None = None, prefix: tuple = (), site_url: str = "",
              source_url: str = "", default_name: str = "") -> LoadResult:
    """Validate the config and every incident file; the Site is returned only when all is clean."""
    config, diagnostics = _site_config(options, source=source, positions=positions, prefix=prefix,
                                       site_url=site_url, source_url=source_url, default_name=default_name)
    if not incidents_dir.is_dir():
        report = _Reporter(source, positions, prefix)
        report.key(("incidents_dir",), f"incidents folder '{_relative(incidents_dir, root)}' does not exist",
                   "create it (with a .gitkeep file while it is empty), or set `incidents_dir` under the status plugin")
        return LoadResult(None, diagnostics + report.diagnostics)
    # Incidents are checked even when the config has problems: the partial config keeps every
    # readable component id, so each file is judged on its own merits.
    incidents, problems = load_incidents(incidents_dir, config, root=root)
    if diagnostics or problems:
        return LoadResult(None, diagnostics + sorted(problems))
    return LoadResult(Site(config, tuple(sorted(incidents, key=lambda i: i.id))), [])
