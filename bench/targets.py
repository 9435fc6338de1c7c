"""Issue 16's speed and size targets (issue 6's page targets kept), judged on measured rows. Printed beside the figures, never asserted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

KB = 1000


@dataclass
class Row:
    """One measured size; fields are None when a step did not run or produced nothing to measure."""

    n: int
    build_seconds: float | None = None
    peak_rss_mib: float | None = None
    build_ok: bool = True
    files: int | None = None
    output_bytes: int | None = None
    non_asset_bytes: int | None = None
    incident_pages: int | None = None
    incident_page_median: int | None = None
    incident_page_max: int | None = None
    home_raw: int | None = None
    home_gzip: int | None = None
    home_requests: int | None = None
    external_requests: int | None = None
    cpu_seconds: float | None = None  # the build and its workers
    peak_memory_mib: float | None = None  # all build processes together (summed PSS)
    check_seconds: float | None = None  # `mkstatus check` of the same site
    serve: bool = False  # a `mkdocs serve` row: only serve_edit_seconds is measured
    serve_edit_seconds: float | None = None

    @property
    def ms_per_incident(self) -> float | None:
        return None if self.build_seconds is None or not self.n else 1000 * self.build_seconds / self.n

    @property
    def cores_used(self) -> float | None:
        return None if not self.cpu_seconds or not self.build_seconds else self.cpu_seconds / self.build_seconds


@dataclass
class Verdict:
    target: str
    result: str  # PASS, FAIL or n/a
    detail: str


def _at(rows: list[Row], n: int) -> Row | None:
    return next((r for r in rows if r.n == n and r.build_ok), None)


def _check(target: str, measured: object, passed: Callable[[], bool], detail: Callable[[], str],
           missing: str) -> Verdict:
    """`measured` is None (or empty) when a figure the target needs was not measured: n/a, not FAIL."""
    if not measured:
        return Verdict(target, "n/a", missing)
    return Verdict(target, "PASS" if passed() else "FAIL", detail())


def judge(rows: list[Row]) -> list[Verdict]:
    """Issue 16's targets (2 cores): build seconds per size, linear growth, serve, memory, page weight."""
    built = [r for r in rows if r.build_ok and not r.serve]
    r100, r1k, r10k = _at(built, 100), _at(built, 1000), _at(built, 10000)
    served = next((r for r in rows if r.serve and r.serve_edit_seconds is not None), None)
    verdicts = [
        _check(f"build N={n:,} <= {limit} s", row and row.build_seconds, lambda row=row, limit=limit:
               row.build_seconds <= limit, lambda row=row: f"{row.build_seconds:.2f} s on {row.cores_used or 0:.2f} cores",
               f"N={n} not run")
        for n, row, limit in ((100, r100, 0.7), (1000, r1k, 1.8), (10000, r10k, 15))
    ]
    verdicts += [
        _check("ms/incident at 10,000 <= 1.2x at 1,000", r1k and r10k,
               lambda: r10k.ms_per_incident <= 1.2 * r1k.ms_per_incident,
               lambda: f"{r10k.ms_per_incident:.2f} vs {r1k.ms_per_incident:.2f} ms "
                       f"({r10k.ms_per_incident / r1k.ms_per_incident:.2f}x); marginal "
                       f"{1000 * (r10k.build_seconds - r1k.build_seconds) / 9000:.2f} ms per added incident",
               "needs N=1000 and N=10000"),
        _check("serve: edit at N=1,000 served <= 1 s", served and served.n == 1000,
               lambda: served.serve_edit_seconds <= 1, lambda: f"{served.serve_edit_seconds:.2f} s (median of 3)",
               "serve at N=1000 not run"),
        _check("memory of all build processes at 10,000 < 400 MiB", r10k and r10k.peak_memory_mib,
               lambda: r10k.peak_memory_mib < 400,
               lambda: f"{r10k.peak_memory_mib:.0f} MiB (largest single process {r10k.peak_rss_mib:.0f} MiB RSS)",
               "N=10000 not run"),
    ]
    pages = [r for r in built if r.incident_page_max is not None]
    verdicts.append(_check(
        "incident page < 20 KB HTML at every N", pages or None,
        lambda: all(r.incident_page_max < 20 * KB for r in pages),
        lambda: ", ".join(f"N={r.n}: max {r.incident_page_max / KB:.1f} KB" for r in pages),
        "no incident pages in the output yet"))
    verdicts.append(_linear_output([r for r in built if r.n]))
    homes = [r for r in built if r.home_gzip is not None]
    verdicts.append(_check(
        "home page < 50 KB gzipped at every N", homes or None,
        lambda: all(r.home_gzip < 50 * KB for r in homes),
        lambda: ", ".join(f"N={r.n}: {r.home_gzip / KB:.1f} KB" for r in homes),
        "page weight not measured (no browser, or no home page)"))
    verdicts.append(_check(
        "home page makes no external requests", homes or None,
        lambda: all(r.external_requests == 0 for r in homes),
        lambda: ", ".join(f"N={r.n}: {r.external_requests}" for r in homes),
        "page weight not measured"))
    return verdicts


def _linear_output(rows: list[Row]) -> Verdict:
    """Output bytes per incident, theme assets left out, may not grow with N by more than 1.2x.

    One-sided on purpose: fixed pages (home, history, 404) make small N look heavier per incident,
    so a ratio under 1.2 cannot be a fixed-cost artefact, while quadratic output shows up at once.
    """
    rows = sorted((r for r in rows if r.non_asset_bytes is not None), key=lambda r: r.n)
    if len(rows) < 2:
        return Verdict("output size linear in N", "n/a", "needs two sizes")
    if not any(r.incident_pages for r in rows):
        return Verdict("output size linear in N", "n/a", "no incident pages in the output yet")
    small, large = rows[0], rows[-1]
    per_small, per_large = small.non_asset_bytes / small.n, large.non_asset_bytes / large.n
    ratio = per_large / per_small if per_small else float("inf")
    return Verdict("output size linear in N", "PASS" if ratio <= 1.2 else "FAIL",
                   f"{per_large / KB:.1f} KB/incident at N={large.n} vs {per_small / KB:.1f} at N={small.n} "
                   f"({ratio:.2f}x)")
