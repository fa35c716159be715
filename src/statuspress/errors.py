"""The exceptions statuspress raises.

    StatuspressError            anything statuspress reports instead of a traceback
    ├── ContentError            content files or site config have problems (carries them)
    └── AuthoringError          new / update / init cannot do what was asked

Callers catch ``StatuspressError`` and print its message; nothing else should
escape to a user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from statuspress.problems import Problem


class StatuspressError(Exception):
    """Base class: a problem statuspress can explain to the user."""


class ContentError(StatuspressError):
    """Content or configuration is invalid; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        lines = [p.format() for p in errors]
        super().__init__("\n".join(lines) or "content has problems")


class AuthoringError(StatuspressError):
    """An authoring command (new, update, init) cannot be carried out."""
