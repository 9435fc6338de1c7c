"""What a build was made from and what it made: the commit shown on every page, and build.json.

The commit is an input like the incident files: it comes from the environment (MKSTATUS_COMMIT,
GITHUB_SHA, GitLab's CI_COMMIT_SHA) or else from `git rev-parse HEAD` in the site's folder, so the
same checkout and SOURCE_DATE_EPOCH still give a byte-identical site. MKSTATUS_COMMIT=none leaves
it out. build.json's manifest hash can be recomputed with coreutils (see docs/urls.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from . import __version__

BUILD_RECORD = "build.json"
COMMIT_VARIABLES = ("MKSTATUS_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA")
_COMMIT = re.compile(r"^[0-9a-f]{7,64}$")


@dataclass(frozen=True)
class Commit:
    sha: str
    # Built from a work tree with uncommitted changes (a laptop publishing in a hurry).
    dirty: bool = False

    @property
    def short(self) -> str:
        return self.sha[:12]


def find_commit(root: Path, environ: Mapping[str, str] | None = None) -> Commit | None:
    """The commit the site is built from, when one is known."""
    environ = os.environ if environ is None else environ
    for name in COMMIT_VARIABLES:
        value = environ.get(name, "").strip().lower()
        if value == "none" and name == "MKSTATUS_COMMIT":
            return None
        if _COMMIT.match(value):
            return Commit(value)
    try:
        head = _git(root, "rev-parse", "HEAD")
        if not _COMMIT.match(head):
            return None
        # Untracked files count: a new incident not yet committed is exactly what a laptop build holds.
        return Commit(head, dirty=bool(_git(root, "status", "--porcelain", "--", ".")))
    except (OSError, subprocess.SubprocessError):
        return None


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=True)
    return done.stdout.strip()


def manifest(files: Iterable[tuple[str, bytes]], known: dict[str, tuple[bytes, str]] | None = None) -> tuple[int, str]:
    """(file count, sha256 of the manifest): `sha256sum` lines ("<hex>  <path>") sorted by path.

    `known` (mkdocs serve, which rewrites every file on each save) keeps each file's bytes and hash
    for the next call: a file whose bytes are unchanged is not hashed again."""
    hashed: dict[str, tuple[bytes, str]] = {}
    for path, content in files:
        last = known.get(path) if known is not None else None
        if last is None or last[0] != content:  # the bytes are kept only for `known`: a site is ~180 MB at N=10,000
            last = (content if known is not None else b"", hashlib.sha256(content).hexdigest())
        hashed[path] = last
    if known is not None:
        known.clear()
        known.update(hashed)
    digest = hashlib.sha256()
    for path, file_hash in sorted((path.encode("utf-8"), pair[1]) for path, pair in hashed.items()):
        digest.update(file_hash.encode("ascii") + b"  " + path + b"\n")
    return len(hashed), digest.hexdigest()


def site_files(site_dir: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of a built site except build.json itself, with its path from the site root, read one
    at a time (a site of 10,000 incidents is ~180 MB)."""
    for folder, _, names in os.walk(site_dir):
        relative = Path(folder).relative_to(site_dir).as_posix()
        for name in names:
            path = os.path.join(folder, name)
            where = name if relative == "." else f"{relative}/{name}"
            if where != BUILD_RECORD and os.path.isfile(path):
                with open(path, "rb") as handle:
                    yield where, handle.read()


def build_record(*, built_at: datetime, commit: Commit | None, site_url: str, mirrors: Iterable[str],
                 files: Iterable[tuple[str, bytes]], known: dict[str, tuple[bytes, str]] | None = None) -> str:
    """build.json: when the site was built, from what, where it is published, and a hash of every file
    (`known`: see manifest)."""
    count, digest = manifest(files, known)
    record = {
        "generator": f"MkStatus {__version__}",
        "built_at": built_at.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "commit": commit.sha if commit else None,
        "uncommitted_changes": commit.dirty if commit else False,
        "site_url": site_url,
        "mirrors": list(mirrors),
        "manifest": {"files": count, "sha256": digest},
    }
    return json.dumps(record, indent=2) + "\n"
