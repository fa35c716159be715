"""The corpus of broken files under tests/broken/: one file per failure kind, and the
exact message `statuspress validate` gives for each (tests/broken/expected.txt)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BROKEN = Path(__file__).parent / "broken"
# 2026-02-01T00:00:00Z: a fixed as-of time so that time-dependent checks are exact.
EPOCH = "1769904000"


def run_validate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statuspress", "validate", *args],
        cwd=cwd, capture_output=True, text=True,
        env={"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin"}, check=False,
    )


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_every_broken_file_gets_its_exact_message() -> None:
    before = tree_digest(BROKEN)
    result = run_validate(BROKEN)
    expected = (BROKEN / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    # Validation never modifies a file.
    assert tree_digest(BROKEN) == before


def test_every_broken_file_is_reported() -> None:
    """No file in the corpus slips through without a message (except the valid one)."""
    expected = (BROKEN / "expected.txt").read_text(encoding="utf-8")
    reported = {line.split(":", 1)[0] for line in expected.splitlines() if ": error: " in line or ": warning: " in line}
    files = {p.relative_to(BROKEN).as_posix() for p in BROKEN.rglob("*.md") if "pages" not in p.parts}
    assert files - reported == {"incidents/2026-01-20-bom-crlf.md"}  # BOM + CRLF are accepted


def test_a_path_argument_limits_the_report_to_that_file() -> None:
    result = run_validate(BROKEN, "incidents/2026-01-01-unknown-key.md")
    assert result.stdout.splitlines() == [
        "incidents/2026-01-01-unknown-key.md:3: error: unknown key `serverity`; did you mean `severity`?",
        "1 error in 1 file",
    ]
    assert result.returncode == 1


def test_a_valid_file_alone_passes() -> None:
    result = run_validate(BROKEN, "incidents/2026-01-20-bom-crlf.md")
    assert result.stdout.splitlines() == ["1 file OK"]
    assert result.returncode == 0


def test_github_format_annotates_the_line() -> None:
    result = run_validate(BROKEN, "--format", "github", "incidents/2026-01-07-unknown-component.md")
    assert result.stdout.splitlines() == [
        "::error file=incidents/2026-01-07-unknown-component.md,line=6,title=statuspress unknown-component::"
        "`components` names `wbe`, which is not declared in the site config (did you mean `web`?); "
        "declared components: api, web",
        "1 error in 1 file",
    ]


def test_json_format_is_machine_readable() -> None:
    result = run_validate(BROKEN, "--format", "json", "postmortems/2026-01-06-unknown-severity.md")
    assert json.loads(result.stdout) == {
        "files": 1, "errors": 0, "warnings": 1,
        "problems": [{
            "path": "postmortems/2026-01-06-unknown-severity.md", "line": 6, "level": "warning",
            "code": "section",
            "message": "missing sections `## Impact`, `## Timeline`, `## Root Cause`, `## Contributing Factors`, "
                       "`## What Went Well`, `## What Went Poorly`",
        }],
    }
    assert result.returncode == 0  # a warning alone passes ...


def test_strict_turns_warnings_into_errors() -> None:
    result = run_validate(BROKEN, "--strict", "postmortems/2026-01-06-unknown-severity.md")
    assert result.returncode == 1  # ... and fails with --strict
    assert ":6: error: missing sections" in result.stdout


def test_a_very_large_file_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(BROKEN, site)
    big = site / "incidents" / "2026-02-01-huge.md"
    big.write_text("---\ntitle: Huge\n---\n" + ("x" * 100 + "\n") * 12_000, encoding="utf-8")
    result = run_validate(site, "incidents/2026-02-01-huge.md")
    assert result.stdout.splitlines()[0] == (
        "incidents/2026-02-01-huge.md:1: error: the file is 1.2 MiB; content files are limited to 1 MiB "
        "(move long logs or data to a linked document)"
    )


def test_missing_config_is_a_clean_error(tmp_path: Path) -> None:
    result = run_validate(tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "mkdocs.yml:1: error: no mkdocs.yml here; run `statuspress init` to start a site, or pass --config-file"
    )


@pytest.mark.parametrize(("options", "message"), [
    ("components: []", "mkdocs.yml:5: error: plugins.statuspress: `components` needs at least one entry"),
    ("components:\n        - id: API\n          name: Api",
     "mkdocs.yml:6: error: plugins.statuspress: `components[0].id` is `API`; use lowercase letters, digits, `-` and `_` only"),
    ("components:\n        - id: api\n          name: API\n      audiense: internal",
     "mkdocs.yml:8: error: plugins.statuspress: unknown key `audiense`; did you mean `audience`?"),
])
def test_bad_site_config_names_the_line(tmp_path: Path, options: str, message: str) -> None:
    (tmp_path / "incidents").mkdir()
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: X\nplugins:\n  - search\n  - statuspress:\n      {options}\n", encoding="utf-8"
    )
    result = run_validate(tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == message
