"""Compiled templates kept between builds: in this process (`mkdocs serve`) and on disk.

MkDocs makes a new Jinja environment for every build, so each build compiled the theme's ~40
templates again: about a third of an empty site's build. Jinja keys each entry by template name
and file and checks its source's checksum (an edited template compiles afresh) and the Jinja and
Python versions; the key here adds the environment settings that change the compiled code
(autoescaping, extensions, delimiters), so a build with other settings never loads it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from ..core import diskcache

CACHE_ENV = "MKSTATUS_TEMPLATE_CACHE"  # a folder for the compiled templates; "0" keeps them in memory only


def cache_dir() -> Path | None:
    """$MKSTATUS_TEMPLATE_CACHE, else the "templates" folder of MkStatus' caches (diskcache.py:
    $MKSTATUS_CACHE, or ~/.cache/mkstatus); None: memory only."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen == "0":
        return None
    if chosen:
        return Path(chosen)
    return diskcache.cache_folder("templates")


def _settings(env: Environment) -> str | None:
    """What in the environment changes a template's compiled code, or None when it cannot be named."""
    if not isinstance(env.autoescape, bool) or env.finalize is not None:
        return None
    settings = (env.autoescape, sorted(env.extensions), env.block_start_string, env.block_end_string,
                env.variable_start_string, env.variable_end_string, env.comment_start_string,
                env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized, env.is_async)
    return hashlib.sha1(repr(settings).encode("utf-8")).hexdigest()


class CompiledTemplates(BytecodeCache):
    """Compiled templates in memory, and in a folder when there is one, as diskcache entries: written
    whole, read only when their key and checksum match."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        settings = _settings(environment)
        key = self.get_cache_key(name, filename) + "-" + (settings or "process")
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        if settings is not None or key in self.compiled:
            self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])
            return
        data = diskcache.read_entry(self._folder(bucket), bucket.key)
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)  # a stale file leaves the bucket empty: the template compiles
        except Exception:  # noqa: BLE001 - a foreign or damaged file is no reason to fail the build
            bucket.reset()
        if bucket.code is not None:
            self.compiled[bucket.key] = data

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.compiled[bucket.key] = data
        diskcache.write_entry(self._folder(bucket), bucket.key, data)  # a full disk: the next build compiles too

    @staticmethod
    def _folder(bucket: Bucket) -> Path | None:
        """Where the bucket's entry is kept on disk; None for memory only (settings that cannot be named)."""
        return None if bucket.key.endswith("-process") else cache_dir()


COMPILED_TEMPLATES = CompiledTemplates()
