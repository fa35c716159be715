"""This site's own test, run by CI: every incident and postmortem is valid.

Process warnings (a late update, a missing postmortem, an overdue action item) are
shown as annotations by `statuspress validate --format github` but do not fail the
run: a pull request that posts a late update in the middle of an outage must merge."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_incidents_and_postmortems_are_valid() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "statuspress", "validate"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
