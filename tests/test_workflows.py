"""The GitHub workflows this repository uses and `statuspress init` writes pass actionlint
(with shellcheck over their `run:` steps)."""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    # The copies installed by the test extra, not whatever else is on PATH.
    found = shutil.which(name, path=sysconfig.get_path("scripts")) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install the test extra (pip install -e '.[test]')")
    return found


def actionlint(folder: Path) -> subprocess.CompletedProcess[str]:
    workflows = sorted(str(p) for p in (folder / ".github" / "workflows").glob("*.y*ml"))
    assert workflows, f"no workflows under {folder}"
    return subprocess.run(
        [_tool("actionlint"), "-no-color", "-oneline", f"-shellcheck={_tool('shellcheck')}", *workflows],
        cwd=folder, capture_output=True, text=True, check=False,
    )


def test_repository_workflows_pass_actionlint() -> None:
    result = actionlint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_workflows_pass_actionlint(tmp_path: Path) -> None:
    site = tmp_path / "acme-status"
    result = CliRunner().invoke(cli, ["init", str(site), "--name", "Acme"])
    assert result.exit_code == 0, result.output
    lint = actionlint(site)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_actionlint_really_lints(tmp_path: Path) -> None:
    """The check above can fail: a broken workflow is reported."""
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "bad.yml").write_text(
        "on: push\njobs:\n  build:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }\n",
        encoding="utf-8",
    )
    result = actionlint(tmp_path)
    assert result.returncode == 1
    assert "runs-onn" in result.stdout
