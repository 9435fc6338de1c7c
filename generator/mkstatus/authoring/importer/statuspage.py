"""Atlassian Statuspage API v2 JSON -> incident files and the status plugin's configuration.

Pure: takes parsed JSON documents (summary.json, incidents.json, scheduled-maintenances.json),
returns file texts, a YAML block for mkdocs.yml, problems and warnings. Every file is checked by
the loader against the generated configuration, so an import never yields an invalid site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .. import edits
from ...core.incident_file import parse_incident_file
from ...core.names import slugify, unique
from ...core.siteconfig import load_site_config
from ...core.update_sections import heading_word
from ...core.model import CLOSING_STATUS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, ComponentStatus, Impact, Kind

LIST_KEYS = ("incidents", "scheduled_maintenances", "components")
EMPTY_BODY = "(This update was posted without text.)"


class ShapeError(ValueError):
    """A value that is not what the Statuspage API v2 documents, with where it was found."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")


@dataclass
class ImportResult:
    files: dict[str, str] = field(default_factory=dict)  # incident id -> file text
    config_yaml: str = ""
    problems: list[str] = field(default_factory=list)  # nothing may be written while there are any
    warnings: list[str] = field(default_factory=list)  # written anyway; the user should know


@dataclass
class _Component:
    code: str
    name: str
    description: str = ""
    group_code: str | None = None
    position: float = float("inf")
    start_date: str | None = None
    is_group: bool = False
    id: str = ""


@dataclass
class _ImportedRecord:
    """One incident or maintenance and the file it came from."""

    document: str
    where: str
    data: dict
    kind: Kind


def shape_problems(documents: list[tuple[str, object]]) -> list[str]:
    """What in the documents is not shaped like Statuspage API v2 JSON, without converting anything."""
    problems: list[str] = []
    for name, document in documents:
        try:
            _collect(name, document, {}, {}, [])
        except ShapeError as exc:
            problems.append(f"{name}: {exc}")
    return problems


def import_statuspage(documents: list[tuple[str, object]]) -> ImportResult:
    """Convert `(file name, parsed JSON)` pairs; see ImportResult."""
    result = ImportResult()
    components: dict[str, _Component] = {}
    sources: dict[str, _ImportedRecord] = {}
    pages: list[dict] = []
    for name, document in documents:
        try:
            _collect(name, document, components, sources, pages)
        except ShapeError as exc:
            result.problems.append(f"{name}: {exc}")
    if result.problems:
        return result
    zone_name = _zone(pages, result)
    _assign_ids(components)
    config = _config(pages, zone_name, components)
    result.config_yaml = _config_yaml(config, [name for name, _ in documents])
    site_config, diagnostics = load_site_config(config, source="(generated configuration)")
    if site_config is None:
        result.problems += [str(d) for d in diagnostics]
        return result
    taken: set[str] = set()
    zone = ZoneInfo(zone_name)
    for source in sorted(sources.values(), key=lambda s: (_start_key(s), s.data.get("id", ""))):
        try:
            title, start, text = _incident_file(source, components, result)
        except ShapeError as exc:
            result.problems.append(f"{source.document}: {exc}")
            continue
        incident_id = edits.unique_id(start.astimezone(zone).date(), title, taken, source.kind.value)
        taken.add(incident_id)
        shown = f"incidents/{incident_id}.md"
        incident, problems = parse_incident_file(text.encode("utf-8"), shown, incident_id, site_config)
        if incident is None:
            result.problems.append(f"{source.document}: {source.where} ('{title}') gives an invalid file:")
            result.problems += [f"  {d}" for d in problems]
            continue
        result.files[incident_id] = text
    return result


# --- reading the documents -----------------------------------------------------------------------

def _collect(name: str, document: object, components: dict[str, _Component], sources: dict[str, _ImportedRecord],
             pages: list[dict]) -> None:
    if not isinstance(document, dict) or not any(key in document for key in LIST_KEYS):
        raise ShapeError("(top level)", "not a Statuspage API v2 response: expected an object with "
                         "'incidents', 'scheduled_maintenances' or 'components' "
                         "(from summary.json, incidents.json or scheduled-maintenances.json)")
    if isinstance(document.get("page"), dict):
        pages.append(document["page"])
    for index, item in enumerate(_list(document, "components", "components")):
        _add_component(components, _object(item, f"components[{index}]"), f"components[{index}]")
    for key, kind in (("incidents", Kind.INCIDENT), ("scheduled_maintenances", Kind.MAINTENANCE)):
        for index, item in enumerate(_list(document, key, key)):
            where = f"{key}[{index}]"
            data = _object(item, where)
            incident_code = _text(data, "id", where, required=True)
            item_kind = Kind.MAINTENANCE if kind is Kind.MAINTENANCE or data.get("scheduled_for") else Kind.INCIDENT
            for position, component in enumerate(_list(data, "components", where)):
                _add_component(components, _object(component, f"{where}.components[{position}]"),
                               f"{where}.components[{position}]")
            for position, update in enumerate(_list(data, "incident_updates", where)):
                for number, affected in enumerate(_list(_object(update, f"{where}.incident_updates[{position}]"),
                                                        "affected_components", where)):
                    _add_affected(components, _object(affected, f"{where}.incident_updates[{position}]"
                                                                 f".affected_components[{number}]"))
            known = sources.get(incident_code)
            # The same incident may come in several files (summary and incidents); keep the newest copy.
            if known is None or str(data.get("updated_at") or "") > str(known.data.get("updated_at") or ""):
                sources[incident_code] = _ImportedRecord(name, f"{where} (id {incident_code})", data, item_kind)


def _add_component(components: dict[str, _Component], data: dict, where: str) -> None:
    code = _text(data, "id", where, required=True)
    name = _text(data, "name", where, required=True)
    known = components.get(code)
    component = _Component(
        code, name, _text(data, "description", where), data.get("group_id") or None,
        data["position"] if isinstance(data.get("position"), (int, float)) else float("inf"),
        data.get("start_date") if isinstance(data.get("start_date"), str) else None, data.get("group") is True)
    if known is None or known.position == float("inf"):
        components[code] = component
    for child in data.get("components") or []:
        if isinstance(child, str) and component.is_group:
            components.setdefault(child, _Component(child, child)).group_code = code


def _add_affected(components: dict[str, _Component], data: dict) -> None:
    """Components named in an update as 'Group - Component': the only place incidents.json names groups."""
    code = _text(data, "code", "affected component", required=True)
    name = _text(data, "name", "affected component", required=True)
    known = components.get(code)
    group_name, sep, plain = name.partition(" - ")
    if known is not None and known.name != code:
        if sep and plain == known.name and known.group_code and known.group_code not in components:
            components[known.group_code] = _Component(known.group_code, group_name, is_group=True)
        return
    if not sep:
        components[code] = _Component(code, name)
        return
    group_code = next((c.code for c in components.values() if c.is_group and c.name == group_name),
                      "group:" + group_name)
    components.setdefault(group_code, _Component(group_code, group_name, is_group=True))
    components[code] = _Component(code, plain, group_code=group_code)


def _zone(pages: list[dict], result: ImportResult) -> str:
    names = sorted({str(p.get("time_zone")) for p in pages if p.get("time_zone")})
    if len(names) > 1:
        result.warnings.append(f"the files name different time zones ({', '.join(names)}); using {names[0]}")
    name = names[0] if names else "UTC"
    if not names:
        result.warnings.append("no page time zone in the files; using UTC (change `timezone` in mkdocs.yml)")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        result.warnings.append(f"page time zone '{name}' is not an IANA name; using UTC "
                               "(set `timezone` in mkdocs.yml, e.g. America/Los_Angeles)")
        name = "UTC"
    return name


# --- configuration ---------------------------------------------------------------------------------

def _assign_ids(components: dict[str, _Component]) -> None:
    """Readable ids from names; a clash is settled by the group's name, then by a number."""
    taken: set[str] = set()
    ordered = sorted(components.values(), key=lambda c: (not c.is_group, c.position))
    for component in ordered:
        base = slugify(component.name, "group" if component.is_group else "component")
        group = components.get(component.group_code or "")
        if base in taken and group is not None:
            base = f"{slugify(group.name, 'group')}-{base}"
        component.id = unique(base, taken)
        taken.add(component.id)


def _config(pages: list[dict], zone_name: str, components: dict[str, _Component]) -> dict:
    config: dict = {}
    page_name = next((p.get("name") for p in pages if isinstance(p.get("name"), str)), None)
    if page_name:
        config["name"] = page_name
    config["timezone"] = zone_name
    ordered = sorted(components.values(), key=lambda c: c.position)
    groups = [c for c in ordered if c.is_group]
    used_groups = {c.group_code for c in ordered if not c.is_group}
    config["groups"] = [_entry(g) for g in groups if g.code in used_groups]
    config["components"] = [
        _entry(c) | ({"group": components[c.group_code].id} if c.group_code in components else {})
        for c in ordered if not c.is_group]
    return {key: value for key, value in config.items() if value != []}


def _entry(component: _Component) -> dict:
    entry = {"id": component.id, "name": component.name}
    if component.description:
        entry["description"] = component.description
    if component.start_date:
        entry["start_date"] = component.start_date
    return entry


def _config_yaml(config: dict, names: list[str]) -> str:
    header = (f"# From `mkstatus import statuspage {' '.join(names)}`.\n"
              "# Replace the `plugins:` section of mkdocs.yml with this, or merge it by hand.\n")
    return header + yaml.safe_dump({"plugins": [{"status": config}]}, sort_keys=False, allow_unicode=True,
                                   width=100)


# --- incidents -------------------------------------------------------------------------------------

def _start_key(source: _ImportedRecord) -> str:
    data = source.data
    return str(data.get("scheduled_for") or data.get("started_at") or data.get("created_at") or "")


def _incident_file(source: _ImportedRecord, components: dict[str, _Component],
                   result: ImportResult) -> tuple[str, datetime, str]:
    data, where, kind = source.data, source.where, source.kind
    title = _text(data, "name", where, required=True)
    impact = _text(data, "impact", where) or ("maintenance" if kind is Kind.MAINTENANCE else "none")
    allowed = [i.value for i in Impact if i is not Impact.MAINTENANCE or kind is Kind.MAINTENANCE]
    if impact not in allowed:
        raise ShapeError(f"{where}.impact", f"'{impact}' is not one of {', '.join(allowed)}")
    if kind is Kind.MAINTENANCE:
        start = _time(data, "scheduled_for", where)
        end = _time(data, "scheduled_until", where)
    else:
        start = _time(data, "started_at", where, required=False) or _time(data, "created_at", where)
        end = None
    updates, postmortems = _updates(data, where, kind)
    if not updates:
        raise ShapeError(f"{where}.incident_updates", "has no updates; an incident needs at least one")
    code_to_id = {code: c.id for code, c in components.items()}
    default = ComponentStatus.UNDER_MAINTENANCE if kind is Kind.MAINTENANCE else ComponentStatus.OPERATIONAL
    initial = {code_to_id[c["id"]]: default for c in data.get("components") or [] if isinstance(c, dict)}
    current = dict(initial)
    written = []  # (label, time, body, changes) per update
    closing = CLOSING_STATUS[kind]
    previous = None
    for index, update in enumerate(updates):
        changes = {}
        for affected in update["affected"]:
            component_id = code_to_id[affected["code"]]
            status = _component_status(affected.get("new_status"), f"{where}: affected component '{affected['name']}'")
            if index == 0:
                initial[component_id] = status
                current[component_id] = status
            elif current.get(component_id) is not status:
                changes[component_id] = status
                current[component_id] = status
            initial.setdefault(component_id, ComponentStatus.OPERATIONAL)
        status = update["status"]
        if previous is closing and status is not closing:
            result.warnings.append(f"{source.document}: '{title}' was reopened ({heading_word(status)} after "
                                   f"{heading_word(closing)}); that update is kept as 'Update'")
            status = closing
        if update["body"] is EMPTY_BODY:
            result.warnings.append(f"{source.document}: '{title}' has an update without text at "
                                   f"{edits.format_time(update['at'])}; it reads '{EMPTY_BODY}'")
        label = "Update" if status is previous else heading_word(status)
        written.append((label, update["at"], update["body"], changes))
        previous = status
    if previous is not closing:
        _match_source_statuses(source, code_to_id, initial, current, written, result)
    sections = [edits.update_section(*update) for update in written]
    if kind is Kind.INCIDENT and (data.get("status") == "resolved" or previous is closing):
        last_closing = next((u["at"] for u in reversed(updates) if u["status"] is closing), None)
        end = _time(data, "resolved_at", where, required=last_closing is None) or last_closing
        if previous is not closing:
            result.warnings.append(f"{source.document}: '{title}' is resolved but has no Resolved update; "
                                   "one was added at resolved_at")
            sections.append(edits.update_section(heading_word(closing), end, "This incident has been resolved."))
    text = edits.front_matter(kind, title, impact, initial, start, end) + "\n".join(sections)
    if postmortems:
        postmortem_at = postmortems[-1]["at"]
        body = "\n\n".join(edits.escape_body(p["body"]) for p in postmortems)
        text = edits.append_postmortem(text, postmortem_at, body)
    return title, start, text


def _match_source_statuses(source: _Source, code_to_id: dict[str, str], initial: dict, current: dict,
                           written: list, result: ImportResult) -> None:
    """An open incident's components end in the statuses the source showed (its `components[].status`).

    Statuspage lets a component's status change without an update; replaying the updates alone
    would then show another status than the source page (GitHub's sample: Packages back to partial
    outage after an update said major outage). The difference goes to the latest update, with a warning.
    """
    title = source.data.get("name")
    for item in source.data.get("components") or []:
        if not isinstance(item, dict) or item.get("id") not in code_to_id or item.get("status") is None:
            continue
        component_id = code_to_id[item["id"]]
        status = _component_status(item["status"], f"{source.where}: component '{item.get('name')}'")
        if current.get(component_id) is status:
            continue
        target = initial if len(written) == 1 else written[-1][3]
        target[component_id] = current[component_id] = status
        result.warnings.append(f"{source.document}: '{title}': {item.get('name')} is {status.value} on the source "
                               f"page but no update says so; the latest update "
                               f"({edits.format_time(written[-1][1])}) now sets it")


def _updates(data: dict, where: str, kind: Kind) -> tuple[list[dict], list[dict]]:
    """Updates oldest first by their shown time (display_at), and the postmortem updates apart."""
    allowed = {s.value: s for s in (INCIDENT_STATUSES if kind is Kind.INCIDENT else MAINTENANCE_STATUSES)}
    updates, postmortems = [], []
    for index, item in enumerate(_list(data, "incident_updates", where)):
        at_where = f"{where}.incident_updates[{index}]"
        created = _time(item, "created_at", at_where, required=False)
        shown = _time(item, "display_at", at_where, required=False) or created
        if shown is None:
            raise ShapeError(at_where, "has neither display_at nor created_at")
        body = item.get("body")
        if body is not None and not isinstance(body, str):
            raise ShapeError(f"{at_where}.body", "must be text")
        entry = {"at": shown, "created": created or shown, "body": body if body and body.strip() else EMPTY_BODY,
                 "affected": [a for a in item.get("affected_components") or [] if isinstance(a, dict)]}
        status = _text(item, "status", at_where, required=True)
        if status == "postmortem":
            postmortems.append(entry)
            continue
        if status not in allowed:
            article = "an" if kind is Kind.INCIDENT else "a"
            raise ShapeError(f"{at_where}.status", f"'{status}' is not {article} {kind.value} status "
                             f"({', '.join(allowed)} or postmortem)")
        entry["status"] = allowed[status]
        updates.append(entry)
    body = data.get("postmortem_body")
    if isinstance(body, str) and body.strip():
        at = _time(data, "postmortem_published_at", where, required=False) or _time(data, "updated_at", where)
        postmortems.append({"at": at, "created": at, "body": body, "affected": []})
    return sorted(updates, key=_shown_order), sorted(postmortems, key=_shown_order)


def _shown_order(entry: dict) -> tuple[datetime, datetime]:
    return entry["at"], entry["created"]


# --- values ----------------------------------------------------------------------------------------

def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ShapeError(f"{where}.{key}" if where != key else key, "must be a list")
    return value


def _object(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise ShapeError(where, "must be an object")
    return value


def _text(data: dict, key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ShapeError(f"{where}.{key}", "is missing")
        return ""
    if not isinstance(value, str):
        raise ShapeError(f"{where}.{key}", "must be text")
    return value


def _time(data: dict, key: str, where: str, *, required: bool = True) -> datetime | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ShapeError(f"{where}.{key}", "is missing")
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ShapeError(f"{where}.{key}", f"'{value}' is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise ShapeError(f"{where}.{key}", f"'{value}' has no UTC offset, so its instant is unknown")
    return moment


def _component_status(value: object, where: str) -> ComponentStatus:
    try:
        return ComponentStatus(value)
    except ValueError:
        raise ShapeError(where, f"new_status {value!r} is not one of "
                         f"{', '.join(s.value for s in ComponentStatus)}") from None
