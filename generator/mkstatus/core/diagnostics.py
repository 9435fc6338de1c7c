"""Problems found in the inputs, each tied to a file, a line and a fix."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:
    from .yamlsource import Positions


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        # Line 0: about the file as a whole (e.g. it is missing), so no position is made up.
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a close match among `choices`, else ''."""
    matches = difflib.get_close_matches(str(value)[:100], list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)


def shown(value: object, limit: int = 60) -> str:
    """A value as a message quotes it: repr, cut short so one bad value cannot flood the report."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def github_annotation(diagnostic: Diagnostic, title: str = "mkstatus check") -> str:
    """A GitHub Actions workflow command that shows the problem on the file's line in the PR."""
    message = diagnostic.message + (f"\nHint: {diagnostic.hint}" if diagnostic.hint else "")
    properties = {"file": diagnostic.path, "line": diagnostic.line, "col": diagnostic.column, "title": title}
    if not diagnostic.line:
        del properties["line"], properties["col"]
    fields = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::error {fields}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    # GitHub's rules (actions/toolkit, command.ts): % first, then CR and LF.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Reporter:
    """Collects diagnostics for one source, turning key paths into lines."""

    def __init__(self, path: str, positions: Positions | None = None, prefix: tuple = ()):
        self.path, self.positions, self.prefix = path, positions, prefix
        self.diagnostics: list[Diagnostic] = []

    def at(self, line: int, message: str, hint: str = "", column: int = 1) -> None:
        self.diagnostics.append(Diagnostic(self.path, max(line, 1), max(column, 1), message, hint))

    def key(self, keypath: tuple, message: str, hint: str = "", *, on_key: bool = False) -> None:
        line, column = (1, 1)
        if self.positions is not None:
            line, column = self.positions.of(self.prefix + keypath, key=on_key)
        self.at(line, message, hint, column)

    def duplicate_keys(self) -> None:
        """Keys written twice below `prefix`: YAML keeps the last silently, so each is a problem."""
        if self.positions is None:
            return
        for keypath, line, column in self.positions.duplicates:
            if keypath[: len(self.prefix)] == self.prefix:
                self.at(line, f"duplicate key {shown(keypath[-1])}", "keep only one of them; YAML would use the last",
                        column)


def report_unknown_keys(report: Reporter, path: tuple, mapping: Mapping, allowed: set[str],
                        hints: Mapping[str, str] | None = None) -> None:
    for key in mapping:
        if key not in allowed:
            hint = (hints or {}).get(key) or f"allowed keys: {one_of(sorted(allowed))}"
            report.key(path + (key,), f"unknown key {shown(key)}{did_you_mean(key, allowed)}", hint, on_key=True)
