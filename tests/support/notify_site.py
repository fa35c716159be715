"""Fixture sites with a ``notify:`` block, and a way to run ``statuspress`` at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.cli.common import run_main
from tests.support.sites import site_config_yaml, write_site


def notify_config(targets: list[dict[str, Any]], theme: dict[str, Any] | None = None, **options: Any) -> str:
    """``mkdocs.yml`` text whose notify targets may read ``url: "ENV:NAME"``, written
    out as ``url: !ENV NAME`` (the form the README recommends)."""
    text = site_config_yaml(theme=theme, notify={"targets": targets, **options})
    return re.sub(r"""['"]?ENV:([A-Z_]+)['"]?""", r"!ENV \1", text)


def notify_site(root: Path, incidents: dict[str, str], targets: list[dict[str, Any]],
                postmortems: dict[str, str] | None = None, theme: dict[str, Any] | None = None,
                **options: Any) -> Path:
    """A fixture site (components api, web, db) with these notify targets (and
    ``theme``'s keys, e.g. ``custom_dir`` or ``language``)."""
    return write_site(root, incidents=incidents, postmortems=postmortems,
                      config_text=notify_config(targets, theme, **options))


@dataclass
class Run:
    """One command's exit code and output."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def epoch(moment: str) -> str:
    """``2026-03-14T09:10:00Z`` as SOURCE_DATE_EPOCH."""
    return str(int(datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp()))


class _Command:
    """``cli`` with fixed arguments, for ``run_main`` (which reads none of its own)."""

    def __init__(self, args: list[str]) -> None:
        self.args = args

    def main(self, standalone_mode: bool) -> Any:
        return cli.main(args=self.args, prog_name="statuspress", standalone_mode=standalone_mode)


def statuspress(root: Path, at: str, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run ``statuspress ARGS -f root/mkdocs.yml`` as of ``at``, as the console script
    does (errors become their message and an exit code)."""
    with CliRunner().isolation(env={"SOURCE_DATE_EPOCH": epoch(at), **(env or {})}) as (out, err, _):
        try:
            run_main(_Command([*args, "-f", str(root / "mkdocs.yml")]))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return Run(code, out.getvalue().decode(), err.getvalue().decode())


def notify(root: Path, at: str, *args: str, env: dict[str, str] | None = None) -> Run:
    """``statuspress notify --state root/notify-state.json ARGS`` as of ``at``."""
    return statuspress(root, at, "notify", "--state", str(root / "notify-state.json"), *args, env=env)
