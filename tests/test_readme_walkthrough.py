"""The README's walk-through, command by command: `statuspress init`, then the on-call
engineer's commands exactly as the README shows them (declare, update, resolve,
validate, announce, new postmortem), then a build whose status page shows the
incident resolved."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCIDENT = "2026-03-14-elevated-api-errors"


def readme_commands(section: str) -> list[list[str]]:
    """The `statuspress` commands of the first bash block after ``section``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(section)
    block = re.search(r"```bash\n(.*?)```", text[start:], re.S)
    assert block is not None
    joined = block.group(1).replace("\\\n", " ")
    return [shlex.split(line) for line in joined.splitlines() if line.strip().startswith("statuspress ")]


def run(cwd: Path, args: list[str], epoch: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("STATUSPRESS_AUDIENCE", None)
    result = subprocess.run(
        [sys.executable, "-m", "statuspress", *args[1:]], cwd=cwd, env=env,
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, f"{shlex.join(args)}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def test_readme_walkthrough(tmp_path: Path) -> None:
    setup = readme_commands("## For the person setting it up")
    assert [c[:2] for c in setup] == [["statuspress", "init"]]
    run(tmp_path, setup[0], "1773478800")
    site = tmp_path / setup[0][2]
    assert (site / "mkdocs.yml").is_file()

    commands = readme_commands("## For the on-call engineer")
    assert [c[1] for c in commands] == ["new", "update", "update", "update", "validate", "announce", "new"]
    # The incident is declared at 09:10 UTC on 2026-03-14; each later step a few minutes on.
    start = 1773479400
    outputs = [run(site, command, str(start + 300 * step)) for step, command in enumerate(commands)]
    assert outputs[0].stdout.strip() == f"incidents/{INCIDENT}.md"
    assert "1 file OK" in outputs[4].stdout

    incident = (site / "incidents" / f"{INCIDENT}.md").read_text(encoding="utf-8")
    assert "status: identified" in incident
    assert "status: resolved" in incident
    assert "resolved: 2026-03-14T09:25:00Z" in incident
    assert (site / "postmortems" / f"{INCIDENT}.md").is_file()

    run(site, ["statuspress", "build"], str(start + 3600))
    status_page = (site / "site" / "index.html").read_text(encoding="utf-8")
    page = (site / "site" / "incidents" / INCIDENT / "index.html").read_text(encoding="utf-8")
    assert "All Systems Operational" in status_page
    assert "Elevated API errors" in status_page  # listed under recent history
    assert "Resolved" in page and "Error rates are back to normal." in page
    assert (site / "site-internal" / "postmortems" / INCIDENT / "index.html").is_file()
