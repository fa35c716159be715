"""Running ``statuspress import`` as a user does, and checking the site it leaves.

``run_import(args)`` runs the real click command in-process and returns (exit code,
output); ``errors(root)`` loads the site as ``statuspress validate`` does and returns
its error lines (warnings are allowed: an import leaves work for the author).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.importers.times import iso
from tests.support.sites import load


def run_import(*args: str | Path) -> tuple[int, str]:
    """``statuspress import ARGS``: the exit code and everything it printed."""
    result = CliRunner().invoke(cli, ["import", *map(str, args)], catch_exceptions=False)
    return result.exit_code, result.output


def errors(root: Path) -> list[str]:
    """The error lines ``statuspress validate`` would print for the site at ``root``."""
    site = load(root)
    return [p.format() for p in site.problems if p.level == "error"]


def front(path: Path) -> dict[str, Any]:
    """The parsed front-matter of a content file."""
    text = path.read_text(encoding="utf-8")
    head = text.split("\n---\n", 1)[0].removeprefix("---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return _times_as_text(data)


def _times_as_text(value: Any) -> Any:
    # Times are written unquoted (YAML timestamps); the tests compare them as written.
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: _times_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_times_as_text(v) for v in value]
    return value


def body(path: Path) -> str:
    """The Markdown body of a content file."""
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
