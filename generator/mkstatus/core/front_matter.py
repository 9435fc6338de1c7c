"""An incident file's front-matter -> its fields, every problem reported on the key's line.

Each field is checked on its own, so one wrong value does not hide the next problem; a field that is
missing or wrong is None in `Fields`, and the rules that need it are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import yamlsource
from .characters import is_one_line, text_problem
from .diagnostics import Reporter, did_you_mean, one_of, report_unknown_keys, shown
from .model import ComponentStatus, Impact, Kind, SiteConfig
from .timeparse import TimeError, format_input, parse_timestamp

# Front-matter is a handful of fields; the cap keeps PyYAML's pure-Python parser well under a second.
MAX_FRONT_MATTER_BYTES = 64 * 1024

INCIDENT_KEYS = {"type", "title", "impact", "components", "start", "end"}
MAINTENANCE_KEYS = INCIDENT_KEYS | {"cancelled"}
REQUIRED_KEYS = {Kind.INCIDENT: ("title", "impact", "start"), Kind.MAINTENANCE: ("title", "start", "end")}


def read_front_matter(report: Reporter, lines: list[str]) -> object:
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
class Fields:
    """Front-matter values as far as they are valid; None where a value is missing or wrong."""

    kind: Kind | None = None
    title: str | None = None
    impact: Impact | None = None
    components: dict[str, ComponentStatus] | None = None
    start: datetime | None = None
    end: datetime | None = None
    end_written: bool = False  # `end` has a value, valid or not
    cancelled: bool = False


class ComponentChecks:
    """Component ids and statuses as authors write them: in `components:` and on an update's
    `components:` line."""

    def __init__(self, report: Reporter, config: SiteConfig):
        self.report = report
        self.ids = [c.id for c in config.components]

    def is_known(self, path: tuple, component_id: object, at: tuple[int, int] | None = None) -> bool:
        """Whether the id is configured; `at` (line, column) places the message in the body."""
        if component_id in self.ids:
            return True
        message = f"unknown component {shown(component_id)}{did_you_mean(component_id, self.ids)}"
        hint = f"known components: {one_of(self.ids) or '(none configured under the status plugin)'}"
        if at is None:
            self.report.key(path, message, hint, on_key=True)
        else:
            self.report.at(at[0], message, hint, at[1])
        return False

    def status(self, status: object, *, path: tuple = (),
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



class FrontMatter:
    """The fields of one file's front-matter (`meta`: None when it could not be read)."""

    def __init__(self, report: Reporter, meta: dict | None, config: SiteConfig, components: ComponentChecks):
        self.report, self.meta, self.config, self.components = report, meta, config, components

    def fields(self) -> Fields:
        if self.meta is None:
            return Fields()
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
        fields = Fields(kind=kind, title=self._title(), impact=self._impact(kind), components=self._components(kind),
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
        if not is_one_line(value.strip()):
            self.report.key(("title",), "`title` must be one line", "shorten it; details belong in the updates")
            return None
        problem = text_problem(value)
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
            known = self.components.is_known(path, component_id)
            if status is None:
                self.report.key(path, f"component {shown(component_id)} has no status",
                                f"write `{component_id}: <status>` with one of {one_of(ComponentStatus)}")
                continue
            parsed = self.components.status(status, path=path)
            if known and parsed:
                result[component_id] = parsed
        return result if len(result) == len(value) else None

    def _component_list(self, items: list) -> dict[str, ComponentStatus] | None:
        """A maintenance's plain list of ids: each component is under maintenance."""
        result = {}
        for index, item in enumerate(items):
            if not isinstance(item, str):
                self.report.key(("components", index), f"components[{index}] must be a component id, not {shown(item)}",
                                f"known components: {one_of(self.components.ids) or '(none configured)'}")
            elif item in result:
                self.report.key(("components", index), f"component '{item}' is listed twice", "keep one of them")
            elif self.components.is_known(("components", index), item):
                result[item] = ComponentStatus.UNDER_MAINTENANCE
        return result if len(result) == len(items) else None


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
