"""What a build wrote: file count, bytes, and the size of each incident's own page."""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutputStats:
    files: int
    total_bytes: int
    theme_asset_bytes: int  # assets/ (Material's CSS/JS/fonts): the same at every N
    incident_pages: int
    incident_page_median: int | None
    incident_page_max: int | None
    home_page_bytes: int | None


def measure_output(site_dir: Path, incident_ids: set[str]) -> OutputStats:
    """Walk the built site once. An incident page is any HTML file whose folder or stem is an incident id."""
    files = total = assets = 0
    incident_sizes = []
    for folder, _, names in os.walk(site_dir):
        relative = Path(folder).relative_to(site_dir)
        for name in names:
            size = os.path.getsize(os.path.join(folder, name))
            files, total = files + 1, total + size
            if relative.parts[:1] == ("assets",):
                assets += size
            if name.endswith(".html") and (Path(name).stem in incident_ids or
                                           (name == "index.html" and relative.name in incident_ids)):
                incident_sizes.append(size)
    home = site_dir / "index.html"
    return OutputStats(
        files, total, assets, len(incident_sizes),
        int(statistics.median(incident_sizes)) if incident_sizes else None,
        max(incident_sizes) if incident_sizes else None,
        home.stat().st_size if home.is_file() else None,
    )
