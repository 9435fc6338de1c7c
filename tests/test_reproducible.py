"""Same inputs and SOURCE_DATE_EPOCH give a byte-identical site: every file, pages included."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from sites.kit import ROOT, build, utc

CLOCK = utc(2026, 11, 24, 12)  # after every update of the example site
SITES = {
    "fixture": Path(__file__).parent / "sites" / "artifacts-site",
    "example": ROOT,
}
# What a status site is made of; the example's other folders (tests, code) are not its input.
PARTS = ("mkdocs.yml", "incidents", "pages", "site_template")


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    if a[:2] == b"\x1f\x8b" and b[:2] == b"\x1f\x8b":
        a, b = gzip.decompress(a), gzip.decompress(b)
        if a == b:
            return "gzip header differs (mtime?), content equal"
    index = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at byte {index}: {a[max(0, index - 60):index + 60]!r} vs {b[max(0, index - 60):index + 60]!r}"


@pytest.mark.parametrize("name", sorted(SITES))
def test_two_builds_are_byte_identical(tmp_path, name, monkeypatch):
    # Each build reads its own copy from a different folder, so absolute paths cannot leak in unnoticed;
    # each runs in its own process, so a different hash seed would show set-order dependence too.
    # The first starts with empty caches, the second reads what the first kept (Markdown renders,
    # compiled templates, the filtered main.css): a warm build equals a cold one.
    cache = tmp_path / "cache"
    monkeypatch.setenv("MKSTATUS_CACHE", str(cache))
    outputs = []
    for copy in ("a", "b"):
        project = tmp_path / copy / name
        for part in PARTS:
            source = SITES[name] / part
            if source.is_dir():
                shutil.copytree(source, project / part)
            elif source.is_file():
                (project / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, project / part)
        site_dir = tmp_path / copy / "site"
        result = build(project, site_dir, CLOCK)
        assert result.returncode == 0, result.stderr
        outputs.append(files_below(site_dir))
        assert any((cache / "markdown").iterdir()) and any((cache / "templates").iterdir())
    first, second = outputs
    assert {"api/v2/summary.json", "history.atom", "maintenance.ics", "badges/status.svg"} <= set(first)
    assert any(path.endswith(".html") for path in first)
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    differing = {path: first_difference(first[path], second[path]) for path in first if first[path] != second[path]}
    assert not differing, "files differ between two builds with the same inputs:\n" + "\n".join(
        f"  {path}: {why}" for path, why in sorted(differing.items()))
