#!/usr/bin/env python3
"""MkStatus benchmark: build speed, memory, output size and home page weight for N incidents.

    python3 bench/run.py --sizes 100,1000          # a table of figures and the targets
    python3 bench/run.py --profile 1000            # cProfile of one build, top 25 twice

Prints figures; never fails on a missed target (see bench/README.md). Exits non-zero only when the
synthetic site is invalid or a build breaks, because then there is nothing to measure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import asdict
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from build import REPO, print_profile, run_build, run_check
from output import measure_output
from synthetic import SyntheticSite, generate
from targets import KB, Row, judge

DEFAULT_SIZES = "0,100,1000,10000"  # N=0: start-up, an empty site
SERVE_N = 1000


def main() -> int:
    args = _arguments()
    if args.report:
        rows = sorted((Row(**row) for path in args.report for row in json.loads(Path(path).read_text())),
                      key=lambda r: r.n)
        _print_results(rows)
        return 0
    print(_environment_line())
    with tempfile.TemporaryDirectory(prefix="mkstatus-bench-") as scratch:
        if args.profile:
            return _profile(Path(scratch), args)
        rows = []
        for n in args.sizes:
            row = _measure(Path(scratch) / f"n{n}", n, args)
            rows.append(row)
            if not row.build_ok:
                break
        if args.serve and all(row.build_ok for row in rows):
            rows.append(_measure_serve(Path(scratch) / f"serve{args.serve}", args))
        if args.keep:
            _keep(Path(scratch), args.keep)
    _print_results(rows)
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.build_ok for r in rows) else 1


def _print_results(rows: list[Row]) -> None:
    print(_table(rows))
    print()
    for verdict in judge(rows):
        print(f"  {verdict.result:4}  {verdict.target:42}  {verdict.detail}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, type=lambda text: [int(n) for n in text.split(",")],
                        help=f"incident counts to build, comma-separated (default {DEFAULT_SIZES})")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one build of N incidents instead")
    parser.add_argument("--seed", type=int, default=6, help="seed of the synthetic site (default 6)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a build is killed")
    parser.add_argument("--add-plugin", action="append", default=[], metavar="NAME",
                        help="append a plugin to the repo's list, e.g. search (repeatable; an experiment)")
    parser.add_argument("--no-browser", action="store_true", help="skip the home page weight (Chromium)")
    parser.add_argument("--serve", type=int, default=SERVE_N, metavar="N",
                        help=f"time `mkdocs serve` rebuilding after an edit at N incidents (default {SERVE_N}; 0: skip)")
    parser.add_argument("--verbose", action="store_true", help="list every response of the home page")
    parser.add_argument("--keep", metavar="DIR", help="copy the generated sites and builds to DIR")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--report", nargs="+", metavar="FILE",
                        help="print the table and targets from --json files of earlier runs (e.g. a long N=10000)")
    return parser.parse_args()


def _generate_valid(root: Path, n: int, seed: int, extra_plugins: tuple[str, ...] = ()) -> SyntheticSite:
    """Generate, then load with the project's own loader: an invalid site would measure nothing."""
    from mkstatus.core.project import read_project

    site = generate(root, n, repo=REPO, seed=seed, extra_plugins=extra_plugins)
    project, problems = read_project(site.config_path)
    result = project.load() if project else None
    if result is None or not result.ok or len(result.site.incidents) != n:
        shown = problems or (result.diagnostics if result else [])
        raise SystemExit(f"synthetic site with N={n} is not valid for the loader:\n"
                         + "\n".join(str(d) for d in shown[:20]))
    return site


def _measure(root: Path, n: int, args: argparse.Namespace) -> Row:
    site = _generate_valid(root, n, args.seed, tuple(args.add_plugin))
    print(f"N={n}: {site.maintenance} maintenance, {site.postmortems} postmortems; building ...", flush=True)
    build = run_build(site.config_path, timeout=args.timeout)
    row = Row(n, build.seconds, build.peak_rss_mib, build.ok, cpu_seconds=build.cpu_seconds,
              peak_memory_mib=build.peak_memory_mib, check_seconds=run_check(site.config_path, timeout=args.timeout))
    if not build.ok:
        print(f"N={n}: build failed (exit {build.returncode}):\n{build.log_tail}", file=sys.stderr)
        return row
    print(f"N={n}: {build.rendering or 'no status pages rendered'}; {build.cores_used:.2f} cores used on average")
    ids = {p.stem for p in (root / "incidents").glob("*.md")}
    out = measure_output(root / "site", ids)
    row.files, row.output_bytes = out.files, out.total_bytes
    row.non_asset_bytes = out.total_bytes - out.theme_asset_bytes
    row.incident_pages, row.incident_page_median, row.incident_page_max = \
        out.incident_pages, out.incident_page_median, out.incident_page_max
    if out.incident_pages != n:
        print(f"N={n}: note: {out.incident_pages} incident pages found for {n} incidents")
    if not args.no_browser:
        _measure_home(root / "site", row, out.home_page_bytes, args.verbose)
    return row


def _measure_serve(root: Path, args: argparse.Namespace) -> Row:
    from serve import measure_serve

    site = _generate_valid(root, args.serve, args.seed, tuple(args.add_plugin))
    print(f"serve N={args.serve}: starting `mkdocs serve`, then editing one incident three times ...", flush=True)
    try:
        result = measure_serve(site.config_path, timeout=args.timeout)
    except TimeoutError as exc:
        print(f"serve N={args.serve}: {exc}", file=sys.stderr)
        return Row(args.serve, serve=True, build_ok=False)
    edits = ", ".join(f"{seconds:.2f}" for seconds in result.edit_seconds)
    print(f"serve N={args.serve}: first build served after {result.first_build_seconds:.1f} s; "
          f"saving an incident -> its page served: {edits} s")
    return Row(args.serve, serve=True, serve_edit_seconds=sorted(result.edit_seconds)[len(result.edit_seconds) // 2])


def _measure_home(site_dir: Path, row: Row, home_bytes: int | None, verbose: bool) -> None:
    from page_weight import measure_home_page, wait_for_chromium

    if home_bytes is None:
        print(f"N={row.n}: no index.html in the output yet; home page weight skipped")
        return
    if not wait_for_chromium():
        print(f"N={row.n}: /usr/bin/chromium did not appear; home page weight skipped")
        return
    weight = measure_home_page(site_dir)
    row.home_raw, row.home_gzip = weight.raw_bytes, weight.gzip_bytes
    row.home_requests, row.external_requests = weight.requests, len(weight.external)
    shown = weight.responses if verbose else weight.responses[:3]
    listing = ", ".join(f"{path} {raw / KB:.0f}/{gz / KB:.0f} KB" for path, raw, gz in shown)
    print(f"N={row.n}: home page fetched {weight.requests} requests; {'all' if verbose else 'heaviest'} "
          f"(raw/gzip): {listing}")
    for url in weight.external:
        print(f"N={row.n}: EXTERNAL request (aborted): {url}")
    for url in weight.failed:
        print(f"N={row.n}: failed request: {url}")


def _profile(scratch: Path, args: argparse.Namespace) -> int:
    site = _generate_valid(scratch / f"n{args.profile}", args.profile, args.seed,
                           tuple(args.add_plugin))
    profile_path = scratch / "build.prof"
    print(f"profiling the build of N={args.profile} (cProfile slows it down; wall time is not comparable) ...")
    build = run_build(site.config_path, timeout=args.timeout, profile_to=profile_path)
    print(f"build under cProfile: {build.seconds:.1f} s, peak RSS {build.peak_rss_mib:.0f} MiB, exit {build.returncode}")
    if not build.ok:
        print(build.log_tail, file=sys.stderr)
        return 1
    print_profile(profile_path)
    if args.keep:
        _keep(scratch, args.keep)
    return 0


def _keep(scratch: Path, destination: str) -> None:
    import shutil

    shutil.copytree(scratch, destination, dirs_exist_ok=True)
    print(f"kept the generated sites in {destination}")


def _table(rows: list[Row]) -> str:
    header = ("N", "build s", "cores", "mem MiB", "check s", "files", "out MB", "ms/inc", "inc med KB",
              "inc max KB", "home KB", "home gz KB", "reqs", "ext")
    lines = [header]
    for r in rows:
        if r.serve:
            lines.append((f"{r.n:,}", f"serve: saved -> served {_fmt(r.serve_edit_seconds, '{:.2f}')} s (median of 3)",
                          *[""] * (len(header) - 2)))
            continue
        lines.append((
            f"{r.n:,}", _fmt(r.build_seconds, "{:.2f}"), _fmt(r.cores_used, "{:.2f}"),
            _fmt(r.peak_memory_mib, "{:.0f}"), _fmt(r.check_seconds, "{:.2f}"), _fmt(r.files, "{:,}"),
            _fmt(r.output_bytes and r.output_bytes / 1e6, "{:.1f}"), _fmt(r.ms_per_incident, "{:.2f}"),
            _fmt(r.incident_page_median and r.incident_page_median / KB, "{:.1f}"),
            _fmt(r.incident_page_max and r.incident_page_max / KB, "{:.1f}"),
            _fmt(r.home_raw and r.home_raw / KB, "{:.0f}"), _fmt(r.home_gzip and r.home_gzip / KB, "{:.0f}"),
            _fmt(r.home_requests, "{}"), _fmt(r.external_requests, "{}"),
        ))
    widths = [max(len(line[i]) for line in lines if not line[2] == "") for i in range(len(header))]
    return "\n".join("  ".join(cell.rjust(width) for cell, width in zip(line, widths)).rstrip() if line[2] != ""
                     else f"{line[0].rjust(widths[0])}  {line[1]}" for line in lines)


def _fmt(value: object, pattern: str) -> str:
    return "-" if value is None else pattern.format(value)


def _environment_line() -> str:
    """When, what and where: timings are only comparable with the same commit and a quiet machine."""
    def git(*command: str) -> str:
        return subprocess.run(["git", *command], cwd=REPO, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown (not a git checkout, e.g. a git archive snapshot)"
    dirty = " (+ uncommitted changes)" if git("status", "--porcelain", "--", "generator", "site_template", "mkdocs.yml") else ""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}{dirty}; "
            f"Python {platform.python_version()}, mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}; "
            f"{os.cpu_count()} CPUs, load average {load}")


if __name__ == "__main__":
    sys.exit(main())
