"""Running `mkdocs build` on a synthetic site as a child process: wall time, peak memory, profile."""

from __future__ import annotations

import io
import os
import pstats
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic import SOURCE_DATE_EPOCH

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildResult:
    seconds: float
    peak_rss_mib: float  # the largest single process (the build process, or a worker if larger)
    returncode: int
    log_tail: str
    cpu_seconds: float = 0.0  # user + system time of the build and every worker it waited for
    peak_memory_mib: float = 0.0  # peak of the summed PSS of the build and its workers, sampled
    rendering: str = ""  # how MkStatus rendered the status pages, from the build log

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def cores_used(self) -> float:
        return self.cpu_seconds / self.seconds if self.seconds else 0.0


def build_environment() -> dict[str, str]:
    # Without PYTHONDONTWRITEBYTECODE (set on some CI and sandbox machines): an installed package has
    # its .pyc files, so a build measured without them would pay ~0.15 s of compiling nobody else pays.
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**inherited, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH), "NO_MKDOCS_2_WARNING": "1",
            "PYTHONHASHSEED": "0"}


def build_command(config_path: Path, *, profile_to: Path | None = None) -> list[str]:
    runner = ["-m", "cProfile", "-o", str(profile_to)] if profile_to else []
    return [sys.executable, *runner, "-m", "mkdocs", "build", "-f", str(config_path)]


def run_build(config_path: Path, *, timeout: float, profile_to: Path | None = None) -> BuildResult:
    """Build once. Peak RSS comes from wait4() of this very child, not the max over all children."""
    log_path = config_path.parent / ("profile-build.log" if profile_to else "build.log")
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(build_command(config_path, profile_to=profile_to), cwd=config_path.parent,
                                   env=build_environment(), stdout=log, stderr=subprocess.STDOUT)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        memory = MemorySampler(process.pid)
        memory.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        killer.cancel()
        memory.stop()
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen
    text = log_path.read_text(encoding="utf-8", errors="replace")
    tail = text[-3000:]
    if process.returncode < 0:
        tail += f"\n(killed by signal {-process.returncode}; timeout was {timeout:.0f} s)"
    rendering = next((line.split("MkStatus: ", 1)[1].strip() for line in text.splitlines()
                      if "MkStatus: rendering" in line), "")
    # wait4() reports the child's usage together with every descendant it waited for (its workers).
    return BuildResult(seconds, usage.ru_maxrss / 1024, process.returncode, tail,
                       usage.ru_utime + usage.ru_stime, memory.peak_mib, rendering)


class MemorySampler(threading.Thread):
    """Peak memory of a process and all its descendants together, every 20 ms.

    Proportional set size (PSS) splits pages shared after a fork among the processes sharing
    them, so the sum is what the build costs the machine (summed RSS would count them twice).
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self._stopped = pid, 0, threading.Event()

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024

    def run(self) -> None:
        while not self._stopped.wait(0.02):
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(pid) for pid in _process_tree(self.pid)))

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _process_tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    queue.extend(int(child) for child in children.read().split())
        except OSError:  # the process ended meanwhile
            continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def run_check(config_path: Path, *, timeout: float) -> float | None:
    """Wall seconds of `mkstatus check` on the site, or None when it fails."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", "from mkstatus.cli import main; main()", "check", "-f", str(config_path)],
                            cwd=config_path.parent, env=build_environment(), capture_output=True, timeout=timeout)
    return time.perf_counter() - started if result.returncode == 0 else None


def print_profile(profile_path: Path, *, top: int = 25, out=sys.stdout) -> str:
    """Top entries by cumulative and by own time; returns the printed text too (for the README).

    Paths are shortened rather than stripped: "material/plugins/search/plugin.py" says whose code
    it is, where a bare "plugin.py" would not.
    """
    text = io.StringIO()
    for order in ("cumulative", "tottime"):
        text.write(f"\n--- top {top} by {order} ---\n")
        pstats.Stats(str(profile_path), stream=text).sort_stats(order).print_stats(top)
    text.write(f"\n--- own time by package ---\n{_time_by_package(profile_path)}")
    shortened = text.getvalue()
    for prefix in sorted({*sys.path, str(REPO)}, key=len, reverse=True):
        if prefix and prefix.startswith("/"):
            shortened = shortened.replace(prefix.rstrip("/") + "/", "")
    out.write(shortened)
    return shortened


def _time_by_package(profile_path: Path) -> str:
    """Own time summed per top-level package: whose code the build waits for, at a glance."""
    stats = pstats.Stats(str(profile_path))
    totals: dict[str, float] = {}
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():
        package = _package_of(filename, function)
        totals[package] = totals.get(package, 0.0) + own
    whole = sum(totals.values()) or 1.0
    return "\n".join(f"{seconds:8.3f} s  {100 * seconds / whole:5.1f} %  {package}"
                     for package, seconds in sorted(totals.items(), key=lambda item: -item[1])[:15])


def _package_of(filename: str, function: str) -> str:
    if filename == "~":
        return "C functions (regex, str, I/O, ...)"
    path = Path(filename)
    if path.suffix == ".html":
        return "templates (" + next((p for p in path.parts if p in ("material", "mkstatus", "site_template")), "?") + ")"
    for marker in ("site-packages", "generator"):
        if marker in path.parts:
            return path.parts[path.parts.index(marker) + 1].removesuffix(".py")
    return "stdlib"
