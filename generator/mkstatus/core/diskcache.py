"""Results kept on disk between builds (~/.cache/mkstatus/<kind>/): where, and whole entries only.

The one place that reads where the caches live: $MKSTATUS_CACHE (a folder; "0" keeps nothing on
disk), else $XDG_CACHE_HOME/mkstatus, else ~/.cache/mkstatus. An entry names its key and the
sha256 of its data in a first line, so a damaged, truncated or misplaced file reads as missing and
the caller computes the result afresh; a cache is never a reason to fail or to differ.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CACHE_ENV = "MKSTATUS_CACHE"
_MAGIC = b"mkstatus-cache 1"


def cache_folder(kind: str) -> Path | None:
    """The folder for one kind of entry ("markdown", "stylesheets", "templates"); None: memory only."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen == "0":
        return None
    if chosen:
        return Path(chosen, kind)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "mkstatus", kind)


def key_for(*parts: str) -> str:
    """A file name for what the entry depends on: sha256 of the parts (surrogates kept, never an error)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data) + data)
    return digest.hexdigest()


def read_entry(folder: Path | None, key: str) -> bytes | None:
    """The data stored under `key`, or None when absent, unreadable or not whole."""
    if folder is None:
        return None
    try:
        with open(os.path.join(folder, key), "rb") as entry:  # os-level calls: a build reads thousands
            raw = entry.read()
    except (OSError, ValueError):
        return None
    header, newline, data = raw.partition(b"\n")
    if not newline or header != b"%s %s %s" % (_MAGIC, key.encode("ascii"), _sha256(data)):
        return None
    return data


def write_entry(folder: Path | None, key: str, data: bytes) -> None:
    """Store `data` under `key` atomically (builds side by side see a whole file or none); a folder
    that cannot be written costs only the time."""
    if folder is None:
        return
    temporary = os.path.join(folder, f".{key}.{os.getpid()}")
    content = b"%s %s %s\n" % (_MAGIC, key.encode("ascii"), _sha256(data)) + data
    try:
        try:
            _write(temporary, content)
        except FileNotFoundError:  # the first entry: make the folder once, not before every write
            os.makedirs(folder, exist_ok=True)
            _write(temporary, content)
        os.replace(temporary, os.path.join(folder, key))
    except (OSError, ValueError):
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _write(path: str, content: bytes) -> None:
    with open(path, "wb") as entry:
        entry.write(content)


def read_text(folder: Path | None, key: str) -> str | None:
    """A text entry (UTF-8), or None as read_entry gives it, or when the data is not UTF-8."""
    data = read_entry(folder, key)
    try:
        return None if data is None else data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_text(folder: Path | None, key: str, text: str) -> None:
    """Store a text entry; one that UTF-8 cannot hold (a lone surrogate) is not stored."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return
    write_entry(folder, key, data)


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode("ascii")
