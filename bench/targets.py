"""Issue 6's speed and size targets, judged on measured rows. Printed beside the figures, never asserted."""

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

    @property
    def ms_per_incident(self) -> float | None:
        return None if self.build_seconds is None else 1000 * self.build_seconds / self.n


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
    built = [r for r in rows if r.build_ok]
    r1k, r10k = _at(rows, 1000), _at(rows, 10000)
    verdicts = [
        _check("build N=1,000 < 5 s", r1k and r1k.build_seconds, lambda: r1k.build_seconds < 5,
               lambda: f"{r1k.build_seconds:.1f} s", "N=1000 not run"),
        _check("build N=10,000 < 50 s", r10k and r10k.build_seconds, lambda: r10k.build_seconds < 50,
               lambda: f"{r10k.build_seconds:.1f} s", "N=10000 not run"),
        _check("ms/incident at 10,000 <= 1.2x at 1,000", r1k and r10k,
               lambda: r10k.ms_per_incident <= 1.2 * r1k.ms_per_incident,
               lambda: f"{r10k.ms_per_incident:.2f} vs {r1k.ms_per_incident:.2f} ms "
                       f"({r10k.ms_per_incident / r1k.ms_per_incident:.2f}x); marginal "
                       f"{1000 * (r10k.build_seconds - r1k.build_seconds) / 9000:.2f} ms per added incident",
               "needs N=1000 and N=10000"),
        _check("peak RSS at 10,000 < 500 MiB", r10k and r10k.peak_rss_mib, lambda: r10k.peak_rss_mib < 500,
               lambda: f"{r10k.peak_rss_mib:.0f} MiB", "N=10000 not run"),
    ]
    pages = [r for r in built if r.incident_page_max is not None]
    verdicts.append(_check(
        "incident page < 20 KB HTML at every N", pages or None,
        lambda: all(r.incident_page_max < 20 * KB for r in pages),
        lambda: ", ".join(f"N={r.n}: max {r.incident_page_max / KB:.1f} KB" for r in pages),
        "no incident pages in the output yet"))
    verdicts.append(_linear_output(built))
    homes = [r for r in built if r.home_gzip is not None]
    verdicts.append(_check(
        "home page < 80 KB gzipped at every N", homes or None,
        lambda: all(r.home_gzip < 80 * KB for r in homes),
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
