"""Problems: what validation reports, one per finding, with file and line.

A leaf module: loading, checks, the CLI and the plugin all report them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: ``path:line: level: message``."""

    path: str
    line: int
    level: Level
    message: str
    code: str = "invalid"

    def format(self) -> str:
        """The one-line text form, as compilers print it."""
        return f"{self.path}:{self.line}: {self.level}: {self.message}"

    def as_error(self) -> Problem:
        """The same finding as an error (for ``--strict``)."""
        return Problem(self.path, self.line, "error", self.message, self.code)


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the errors."""
    return [p for p in problems if p.level == "error"]
