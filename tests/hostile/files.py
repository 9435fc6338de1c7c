"""Projects made of the malformed cases: a mkdocs.yml, incidents/, and links in and out of the repository."""

from __future__ import annotations

import os
from pathlib import Path

from sites.kit import status_yml

from .malformed import Case, incident

CONFIG = status_yml("Hostile files")


def outside(project: Path) -> Path:
    """A folder next to the repository, holding what links from incidents/ must never publish."""
    return project.parent / (project.name + "-outside")


def write_project(project: Path, cases: list[Case]) -> Path:
    """Write each case's file (or link) into a fresh project; returns its mkdocs.yml."""
    (project / "incidents").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "2025-10-02-original.md").write_text(incident(), encoding="utf-8")
    secret = outside(project)
    secret.mkdir()
    (secret / "2025-10-02-secret.md").write_text(incident(title="Secret outside the repository"), encoding="utf-8")
    for case in cases:
        path = project / case.file
        path.parent.mkdir(parents=True, exist_ok=True)
        if case.content is not None:
            path.write_bytes(case.content)
            continue
        if case.link.startswith("OUTSIDE"):
            target = secret / case.link.removeprefix("OUTSIDE").lstrip("/")
        else:
            target = project / case.link
        os.symlink(os.path.relpath(target, path.parent), path)
    config = project / "mkdocs.yml"
    config.write_text(CONFIG, encoding="utf-8")
    return config


# A mkdocs.yml whose own strings are hostile: (line, start of the message) for each problem.
HOSTILE_CONFIG = r"""site_name: "Hostile \e config"
theme:
  name: material
  font: false
plugins:
  - status:
      history_page_size: many
      groups:
        - id: g
          name: "Group\rname"
      components:
        - id: index
          name: Index
        - id: con
          name: Console
        - id: api
          name: "Bell \a"
          description: "Half \ud800 pair"
          group: g
"""
HOSTILE_CONFIG_PROBLEMS = [
    (1, "`site_name` contains U+001B (escape)"),
    (10, "`name` must be one line"),
    (12, "component id 'index' is reserved"),
    (14, "component id 'con' is reserved: Windows reserves it as a device name"),
    (17, "`name` contains U+0007 (bell)"),
    (18, "`description` contains U+D800 (a lone surrogate)"),
    (7, "`history_page_size` must be a whole number of at least 1, not 'many'"),
]


def write_hostile_config(project: Path) -> Path:
    (project / "incidents").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "incidents" / "2025-10-02-fine.md").write_text(incident(), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(HOSTILE_CONFIG, encoding="utf-8")
    return config
