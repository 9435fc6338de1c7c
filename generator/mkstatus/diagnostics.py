"""Problems found in the inputs, each tied to a file, a line and a fix."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class ValidationError(Exception):
    """Raised with every diagnostic at once when the inputs cannot be published."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        count = len(self.diagnostics)
        lines = "\n".join(str(d) for d in self.diagnostics)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the status inputs:\n{lines}")


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a close match among `choices`, else ''."""
    matches = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)
