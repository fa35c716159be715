"""The formats problems are printed in: text, GitHub Actions workflow commands, JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from statuspress.checks.problems import Problem

FORMATS = ("text", "github", "json")


def _escape_data(text: str) -> str:
    # GitHub's workflow-command syntax: the message escapes %, CR and LF.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # Property values additionally escape ':' and ','.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem) -> str:
    """``::error file=…,line=…,title=…::message`` for one problem."""
    props = ",".join((
        f"file={_escape_property(problem.path)}",
        f"line={problem.line}",
        f"title={_escape_property('statuspress ' + problem.code)}",
    ))
    return f"::{problem.level} {props}::{_escape_data(problem.message)}"


def summary_line(problems: Sequence[Problem], files: int) -> str:
    """``2 errors, 1 warning in 1 of 14 files`` (or ``14 files OK``): how many of the
    files checked have a problem, not only how many were checked ("1 error in 3
    files" read as three broken files)."""
    n_errors = sum(1 for p in problems if p.level == "error")
    n_warnings = len(problems) - n_errors
    noun = "file" if files == 1 else "files"
    if not problems:
        return f"{files} {noun} OK"
    parts = []
    if n_errors:
        parts.append(f"{n_errors} error{'s' if n_errors != 1 else ''}")
    if n_warnings:
        parts.append(f"{n_warnings} warning{'s' if n_warnings != 1 else ''}")
    affected = len({p.path for p in problems})
    where = f"{affected} of {files} {noun}" if affected < files else f"{files} {noun}"
    return f"{', '.join(parts)} in {where}"


def render_problems(problems: Sequence[Problem], fmt: str, files: int) -> str:
    """All problems in one of ``FORMATS``, ready to print."""
    if fmt == "json":
        return json.dumps({
            "files": files,
            "errors": sum(1 for p in problems if p.level == "error"),
            "warnings": sum(1 for p in problems if p.level == "warning"),
            "problems": [
                {"path": p.path, "line": p.line, "level": p.level, "code": p.code, "message": p.message}
                for p in problems
            ],
        }, indent=2, ensure_ascii=False)
    if fmt == "github":
        lines = [github_command(p) for p in problems]
        return "\n".join([*lines, summary_line(problems, files)])
    return "\n".join([*(p.format() for p in problems), summary_line(problems, files)])
