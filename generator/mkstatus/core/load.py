"""The incidents folder and the whole site to the model. Nothing is dropped or guessed.

One loader serves the MkDocs plugin and the CLI: `load_site` returns the Site only when there is
not a single diagnostic, so a wrong file can never publish a wrong status. The site config
(`siteconfig.py`) and each file (`incident_file.py`) are checked on their own, so one run reports
every problem.
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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator, Mapping

from . import yamlsource
from .diagnostics import Diagnostic, Reporter
from .incident_file import MAX_FILE_BYTES, parse_incident_file
from .markup import MarkdownRenderer
from .model import Incident, Site, SiteConfig
from .names import slugify
from .siteconfig import DEFAULT_HISTORY_PAGE_SIZE, history_page_size_problems, partial_site_config
from .timeparse import TimeError, format_input, parse_date

FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
# How far a time may lie after the build clock: clocks of the author's laptop and the CI runner differ.
CLOCK_SKEW = timedelta(minutes=5)
# Files git needs to keep an empty folder; everything else in incidents/ must be an incident.
IGNORED_FILES = {".gitkeep"}


@dataclass
class LoadResult:
    site: Site | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.site is not None and not self.diagnostics


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
    to_parse = [item for item in files if isinstance(item, _IncidentBytes) and item.key not in previous]
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
class _IncidentBytes:
    """An incident file as read: its bytes (None when too large, or not kept because its parse is
    reused) and its cache key (None when too large: it is reported without reading)."""

    where: str
    incident_id: str
    data: bytes | None
    key: tuple[str, str, str] | None


def _incident_files(directory: Path, root: Path, reusable: Mapping) -> Iterator[Diagnostic | _IncidentBytes]:
    """Each path below `directory` in sorted order, as a file to parse or why it cannot be one."""
    seen: dict[str, str] = {}
    inside = root.resolve()
    for path in sorted(directory.rglob("*")):
        where = _relative(path, root)
        if path.is_symlink():
            problem = _link_problem(path, inside)
            if problem:
                yield Diagnostic(where, 1, 1, *problem)
                continue
        if path.is_dir() or path.name in IGNORED_FILES:
            continue
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
        yield _IncidentBytes(where, path.stem, None if key in reusable else data, key)


# Parsing is CPU-bound (three quarters of it Markdown) and each file's parse is independent, so a
# cold load of many files is spread over worker processes. Forking them costs ~20 ms (they pay off
# from ~50 files on 2 CPUs); below the threshold, e.g. rebuilds, which parse a file or two, keep
# the simpler path.
MIN_FILES_FOR_POOL = 200
LOAD_WORKERS_ENV = "MKSTATUS_LOAD_WORKERS"  # at most this many workers; 1 parses in this process


def _parse_all(sources: list[_IncidentBytes], config: SiteConfig) -> list[tuple[Incident | None, list[Diagnostic]]]:
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


def _parse_in_pool(sources: list[_IncidentBytes], config: SiteConfig,
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


def _link_problem(path: Path, repository: Path) -> tuple[str, str] | None:
    """Why a symbolic link in incidents/ is not read, or None for a link to a file in the repository.

    A linked folder is refused rather than followed: its incidents would otherwise be silently
    missing (rglob does not enter it) or, followed, could loop or pull in any folder. A link to a
    file outside the repository is never opened, so a pull request cannot publish a server's files.
    """
    target = path.resolve()
    if not target.exists():
        return None  # reported as a broken link with the other files that are not regular files
    if not target.is_relative_to(repository):
        return (f"'{path.name}' links to a place outside the repository; it is not read",
                "copy the incident files into the incidents folder instead of linking to them")
    if target.is_dir():
        return (f"'{path.name}' is a link to a folder; MkStatus does not follow linked folders",
                "move the incident files into the incidents folder or a real subfolder of it")
    return None


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
    stem = slugify(Path(name).stem)
    if re.match(r"^\d{4}-\d{2}-\d{2}-", stem):
        return stem + ".md"
    day = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})-?", stem)
    if day:
        return f"{day[1]}-{day[2]}-{day[3]}-{stem[day.end():] or 'incident'}.md"
    return f"2025-09-04-{stem}.md"


# --- the whole site ----------------------------------------------------------------------------

def load_site(options: Mapping, *, incidents_dir: Path, root: Path, source: str = "mkdocs.yml",
              positions: yamlsource.Positions | None = None, prefix: tuple = (), site_url: str = "",
              source_url: str = "", default_name: str = "", directory_urls: bool = True,
              now: datetime | None = None, history_page_size: object = DEFAULT_HISTORY_PAGE_SIZE) -> LoadResult:
    """Validate the config and every incident file; the Site is returned only when all is clean.

    With `now` (the build clock), times that have not happened yet are problems too.
    """
    config, diagnostics = partial_site_config(options, source=source, positions=positions, prefix=prefix,
                                              site_url=site_url, source_url=source_url,
                                              default_name=default_name, directory_urls=directory_urls)
    diagnostics += history_page_size_problems(history_page_size, source=source, positions=positions, prefix=prefix)
    if not incidents_dir.is_dir():
        report = Reporter(source, positions, prefix)
        report.key(("incidents_dir",), f"incidents folder '{_relative(incidents_dir, root)}' does not exist",
                   "create it (with a .gitkeep file while it is empty), or set `incidents_dir` under the status plugin")
        return LoadResult(None, diagnostics + report.diagnostics)
    # Incidents are checked even when the config has problems: the partial config keeps every
    # readable component id, so each file is judged on its own merits.
    incidents, problems = load_incidents(incidents_dir, config, root=root)
    if now is not None:
        problems += [problem for incident in incidents for problem in future_times(incident, now, config.timezone)]
    if diagnostics or problems:
        return LoadResult(None, diagnostics + sorted(problems))
    return LoadResult(Site(config, tuple(sorted(incidents, key=lambda i: i.id))), [])


def future_times(incident: Incident, now: datetime, zone) -> list[Diagnostic]:
    """Times in `incident` later than the build clock (beyond CLOCK_SKEW): a typo such as a wrong
    year would otherwise become the page's "updated at" and the newest entry of every feed.

    A maintenance window may lie ahead; its posted updates may not. Checked after parsing (parses
    are cached across `mkdocs serve` rebuilds, the clock is not).
    """
    latest = now + CLOCK_SKEW
    clock = f"the build clock ({format_input(now.astimezone(zone))})"
    found = [(u.line, f"update at {format_input(u.at)} is after {clock}") for u in incident.updates if u.at > latest]
    if incident.postmortem and incident.postmortem.at > latest:
        found.append((incident.postmortem.line, f"postmortem at {format_input(incident.postmortem.at)} is after {clock}"))
    if not incident.is_maintenance:
        for key, moment, line in (("start", incident.start, incident.start_line), ("end", incident.end, incident.end_line)):
            if moment is not None and moment > latest:
                found.append((line, f"`{key}` {format_input(moment)} is after {clock}"))
    hint = (f"check the year, the date and the offset; at most {int(CLOCK_SKEW.total_seconds()) // 60} minutes "
            "ahead of the clock are allowed for clock skew")
    return [Diagnostic(incident.source_path, line, 1, message, hint) for line, message in found]
