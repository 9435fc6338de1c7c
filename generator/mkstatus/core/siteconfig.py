"""The status page's own configuration (the `status` plugin options) to a SiteConfig.

Problems become Diagnostics on the mkdocs.yml lines they stand on. A partial config is kept so
incident files can still be checked against every component whose id is readable.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

from . import characters, yamlsource
from .diagnostics import Diagnostic, Reporter, did_you_mean, one_of, report_unknown_keys, shown
from .model import Component, Group, SiteConfig
from .notify_options import read_channels
from .timeparse import TimeError, parse_date

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
DEFAULT_TIMEZONE = "UTC"
DEFAULT_HISTORY_PAGE_SIZE = 25  # the plugin's default too, so `mkstatus check` and the build agree
# Ids that would give a component the path of another generated file (components write
# badges/<id>.svg and .json, components/<id>/ and components/<id>/updates.atom and .rss), or a
# file name Windows cannot check out. ID_PATTERN already keeps out '/', '.', '%' and capitals.
RESERVED_IDS = {"status": "badges/status.svg and badges/status.json are the overall status badge",
                "index": "components/index.md would be the components folder's own page, not a component's",
                **{name: "Windows reserves it as a device name, so the site could not be checked out there"
                   for name in ("con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                                *(f"lpt{n}" for n in range(10)))}}

# With an unresolved incident, pages older than this (minutes) say that they may be out of date.
DEFAULT_STALE_AFTER = 60

SITE_KEYS = {"name", "timezone", "groups", "components", "notify", "mirrors", "stale_after", "allowed_image_hosts"}
GROUP_KEYS = {"id", "name", "description"}
COMPONENT_KEYS = {"id", "name", "description", "group", "start_date"}


def load_site_config(options: Mapping, *, source: str, positions: yamlsource.Positions | None = None,
                     prefix: tuple = (), site_url: str = "", source_url: str = "",
                     default_name: str = "") -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Validate the `status` plugin options (name, timezone, groups, components)."""
    config, diagnostics = partial_site_config(options, source=source, positions=positions, prefix=prefix,
                                              site_url=site_url, source_url=source_url, default_name=default_name)
    return (None if diagnostics else config), diagnostics


def partial_site_config(options: Mapping, *, source: str, positions: yamlsource.Positions | None, prefix: tuple,
                        site_url: str, source_url: str, default_name: str,
                        directory_urls: bool = True) -> tuple[SiteConfig, list[Diagnostic]]:
    """The config as far as it is valid, and its problems.

    The partial config keeps every component whose id is readable, so incidents can still be
    checked against it without blaming them for a typo in mkdocs.yml.
    """
    report = Reporter(source, positions, prefix)
    report.duplicate_keys()
    report_unknown_keys(report, (), options, SITE_KEYS)
    name = options.get("name") or default_name
    if not isinstance(name, str) or not name.strip():
        report.key(("name",), "the status page needs a name", "set `name:` under the status plugin, or `site_name`")
        name = "Status"
    elif _bad_text(report, ("name",), name, "name") and not options.get("name") and positions is not None:
        wrong = report.diagnostics.pop()  # it is site_name that holds the character: point there
        line, column = positions.of(("site_name",))
        report.at(line, wrong.message.replace("`name`", "`site_name`"), wrong.hint, column)
    zone = _zone(report, options.get("timezone", DEFAULT_TIMEZONE))
    groups = _groups(report, options.get("groups") or [])
    components = _components(report, options.get("components") or [], groups)
    channels = read_channels(report, options.get("notify"), [c.id for c in components])
    mirrors = _mirrors(report, options.get("mirrors") or [])
    stale_after = _stale_after(report, options.get("stale_after"))
    image_hosts = _image_hosts(report, options.get("allowed_image_hosts") or [])
    config = SiteConfig(name=name.strip(), timezone=zone, groups=tuple(groups), components=tuple(components),
                        site_url=site_url, source_url=source_url, directory_urls=directory_urls,
                        channels=channels, mirrors=tuple(mirrors), stale_after=stale_after,
                        allowed_image_hosts=tuple(image_hosts))
    return config, report.diagnostics


def history_page_size_problems(value: object, *, source: str, positions: yamlsource.Positions | None,
                               prefix: tuple) -> list[Diagnostic]:
    """The one build option checked here too, so `mkstatus check` fails where the build would."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return []
    report = Reporter(source, positions, prefix)
    report.key(("history_page_size",), f"`history_page_size` must be a whole number of at least 1, not {shown(value)}",
               f"it is how many incidents one history page lists; the default is {DEFAULT_HISTORY_PAGE_SIZE}")
    return report.diagnostics


def _zone(report: Reporter, value: object) -> ZoneInfo:
    if value is None:
        value = DEFAULT_TIMEZONE
    zones = available_timezones()
    if isinstance(value, str) and value in zones:
        return ZoneInfo(value)
    report.key(("timezone",), f"unknown time zone {shown(value)}{did_you_mean(value, zones)}",
               "use an IANA name such as Europe/Oslo, America/New_York or UTC")
    return ZoneInfo(DEFAULT_TIMEZONE)


def _entries(report: Reporter, key: str, items: object, allowed: set[str]) -> list[tuple[int, dict]]:
    if not isinstance(items, list):
        report.key((key,), f"`{key}` must be a list", f"write one `- id: ...` entry per line under `{key}:`")
        return []
    valid = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            report.key((key, index), f"{key}[{index}] must be a mapping with at least `id` and `name`",
                       "write `- id: api` and, indented below it, `name: API`")
            continue
        report_unknown_keys(report, (key, index), item, allowed)
        valid.append((index, item))
    return valid


def _identity(report: Reporter, path: tuple, item: dict, seen: dict[str, str], what: str) -> tuple[str, str] | None:
    """(id, name) of a group or component; None only when the id itself is unusable or taken."""
    ident, name = item.get("id"), item.get("name")
    if not isinstance(name, str) or not name.strip():
        report.key(path + ("name",), f"{what} {shown(ident)} needs a `name`",
                   "the name is what readers see, e.g. `name: Charger backend`")
        name = str(ident)
    elif _bad_text(report, path + ("name",), name, "name"):
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


def _groups(report: Reporter, items: object) -> list[Group]:
    groups: list[Group] = []
    seen: dict[str, str] = {}
    for index, item in _entries(report, "groups", items, GROUP_KEYS):
        identity = _identity(report, ("groups", index), item, seen, "group")
        if identity:
            groups.append(Group(identity[0], identity[1], _text(report, ("groups", index, "description"), item)))
    return groups


def _components(report: Reporter, items: object, groups: list[Group]) -> list[Component]:
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


def _mirrors(report: Reporter, items: object) -> list[str]:
    """Absolute base URLs of the hosts that publish copies of the site, each ending in "/"."""
    return _list_option(report, "mirrors", items, _mirror_url, unique=True,
                        wrong_type=("a list of URLs", "write one `- https://status-mirror.example.net/` entry per "
                                    "line under `mirrors:`"),
                        wrong_item=("is not an absolute http(s) base URL", "write the mirror's address as readers "
                                    "type it, e.g. `- https://status-mirror.example.net/`"))


def _mirror_url(item: object) -> str | None:
    parts = urlsplit(item.strip()) if isinstance(item, str) else None
    if (parts is None or parts.scheme not in ("https", "http") or not parts.hostname or parts.query
            or parts.fragment or any(ch.isspace() or ch in "<>\"'`" for ch in item.strip())):
        return None
    return item.strip() if item.strip().endswith("/") else item.strip() + "/"


HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")


def _image_hosts(report: Reporter, items: object) -> list[str]:
    """Host names whose images bodies may load; every other image is shown as a link to it."""
    return _list_option(report, "allowed_image_hosts", items, _host_name, unique=False,
                        wrong_type=("a list of host names", "write one `- images.example.com` entry per line"),
                        wrong_item=("is not a host name", "write the host alone, without https:// or a path, "
                                    "e.g. `- images.example.com`"))


def _host_name(item: object) -> str | None:
    host = item.strip().lower() if isinstance(item, str) else ""
    return host if HOST_NAME.match(host) else None


def _list_option(report: Reporter, key: str, items: object, read: Callable[[object], str | None], *, unique: bool,
                 wrong_type: tuple[str, str], wrong_item: tuple[str, str]) -> list[str]:
    """A list option's entries as `read` gives them; a wrong entry (and, if `unique`, a repeated one)
    is reported on its line and left out. `wrong_*`: (what the problem is, how to fix it)."""
    if not isinstance(items, list):
        report.key((key,), f"`{key}` must be {wrong_type[0]}", wrong_type[1])
        return []
    values: list[str] = []
    for index, item in enumerate(items):
        value = read(item)
        if value is None:
            report.key((key, index), f"{key}[{index}] {shown(item)} {wrong_item[0]}", wrong_item[1])
            continue
        if unique and value in values:
            report.key((key, index), f"{key}[{index}] {shown(value)} is listed twice", "keep one of them")
            continue
        values.append(value)
    return values


def _stale_after(report: Reporter, value: object) -> int:
    if value is None:
        return DEFAULT_STALE_AFTER
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        report.key(("stale_after",), f"`stale_after` must be a whole number of minutes, at least 1, not {shown(value)}",
                   f"pages older than this say so while an incident is unresolved; the default is {DEFAULT_STALE_AFTER}")
        return DEFAULT_STALE_AFTER
    return value


def _text(report: Reporter, path: tuple, item: dict) -> str:
    value = item.get(path[-1], "")
    if value is None:
        return ""
    if not isinstance(value, str):
        report.key(path, f"`{path[-1]}` must be text", "quote it if it looks like a number or a date")
        return ""
    return "" if _bad_text(report, path, value, path[-1], one_line=False) else value.strip()


def _bad_text(report: Reporter, path: tuple, value: str, key: str, *, one_line: bool = True) -> bool:
    """Report a name (one line) or description that is not publishable text."""
    if one_line and not characters.is_one_line(value.strip()):
        report.key(path, f"`{key}` must be one line", "write it on one line; a line break would split calendar "
                   "and feed fields")
        return True
    problem = characters.text_problem(value)
    if problem:
        report.key(path, f"`{key}` {problem}", "remove the escape sequence (such as \\a, \\0 or \\ud800) "
                   "or the invisible character")
        return True
    return False
