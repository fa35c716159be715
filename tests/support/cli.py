"""Running ``statuspress`` in this process exactly as the console script does
(``run_main``: problems printed, exit codes, "failed unexpectedly" for a bug), without
the second or more a subprocess costs on a busy machine.

``statuspress(root, "validate")`` runs in ``root`` with ``SOURCE_DATE_EPOCH`` set and
returns the exit code, standard output and standard error.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from statuspress.cli import main

#: 2026-03-20T12:00:00Z
EPOCH = "1774008000"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def out_lines(self) -> list[str]:
        return self.out.splitlines()

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def statuspress(root: Path, *args: str, env: dict[str, str | None] | None = None) -> Run:
    """``statuspress ARGS`` in ``root``. An exception that escapes ``run_main`` is a
    traceback a user would see: it is returned as exit code 99 with the traceback."""
    runner = CliRunner()
    variables: dict[str, str | None] = {"SOURCE_DATE_EPOCH": EPOCH, "STATUSPRESS_DEBUG": None}
    variables.update(env or {})
    before = Path.cwd()
    argv = sys.argv
    with runner.isolation(env=variables) as (out, err, _):
        os.chdir(root)
        sys.argv = ["statuspress", *args]
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            sys.stderr.write(traceback.format_exc())
            code = 99
        finally:
            sys.argv = argv
            os.chdir(before)
        return Run(code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))
