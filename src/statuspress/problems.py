"""Problems: what validation reports, one per finding, with file and line.

A leaf module: loading, checks, the CLI and the plugin all report them."""

from __future__ import annotations

import re
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
        """The one-line text form, as compilers print it. Control characters (a
        newline in a file name, say) are escaped, so one problem stays one line."""
        return f"{one_line(self.path)}:{self.line}: {self.level}: {one_line(self.message)}"

    def as_error(self) -> Problem:
        """The same finding as an error (for ``--strict``)."""
        return Problem(self.path, self.line, "error", self.message, self.code)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with control characters and line separators written as escapes."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the errors."""
    return [p for p in problems if p.level == "error"]
