"""Shared fixtures: the repository root and a fixed build clock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def repo_root() -> Path:
    return ROOT
