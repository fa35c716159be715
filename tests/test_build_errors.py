"""A build with invalid content fails with ``path:line: error:`` lines and leaves the
previously built site exactly as it was; warnings are MkDocs warnings (``--strict``
fails on them); ``statuspress build`` exits 1 with the lines and no traceback."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.support.builds import all_files, epoch, mkdocs_build
from tests.support.sites import incident_text, write_site

AT = "2026-03-20T12:00:00Z"
BAD_SEVERITY = (
    "incidents/2026-03-15-web.md:3: error: `severity` is `SEV9`, which is not declared; "
    "declared severities: SEV1, SEV2, SEV3, SEV4"
)
DRAFT_MISSING_SECTIONS = """
---
title: Draft
incidents: [2026-03-14-api]
status: draft
---
## Summary

Work in progress.
"""


def _good_site(root: Path) -> Path:
    return write_site(root, incidents={
        "2026-03-14-api": incident_text(title="API errors"),
        "2026-03-15-web": incident_text(
            title="Web errors", components="[web]",
            started="2026-03-15T09:00:00Z", resolved="2026-03-15T09:30:00Z",
        ),
    })


def _break(root: Path) -> None:
    path = root / "incidents/2026-03-15-web.md"
    path.write_text(path.read_text(encoding="utf-8").replace("severity: SEV2", "severity: SEV9"), encoding="utf-8")


def test_content_error_fails_mkdocs_build_and_keeps_the_site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _good_site(tmp_path)
    site = mkdocs_build(root, at=AT)
    before = all_files(site)
    assert "index.html" in before
    _break(root)
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort, match="Aborted with a BuildError!"):
        mkdocs_build(root, at=AT)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [BAD_SEVERITY]
    assert all_files(site) == before


def test_every_error_is_reported_together(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _good_site(tmp_path)
    _break(root)
    (root / "incidents/2026-03-16-db.md").write_text("---\ntitle: DB\nseverity: SEV2\n---\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        mkdocs_build(root, at=AT)
    [message] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert message.split("\n") == [
        BAD_SEVERITY,
        "incidents/2026-03-16-db.md:1: error: `started` is required for an incident: "
        "when the impact began, e.g. `started: 2026-03-14T09:05:00Z`",
    ]


def test_config_error_points_at_mkdocs_yml(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _good_site(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    url:", "    ulr:"), encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        mkdocs_build(root, at=AT)
    lines = config.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, start=1) if "ulr:" in text)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        f"mkdocs.yml:{line}: error: plugins.statuspress: unknown key `ulr`; did you mean `url`?",
    ]


def test_warnings_are_mkdocs_warnings(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _good_site(tmp_path)
    (root / "postmortems/2026-03-14-api-draft.md").write_text(DRAFT_MISSING_SECTIONS.lstrip(), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        site = mkdocs_build(root, at=AT)
    warning = (
        "postmortems/2026-03-14-api-draft.md:6: warning: missing sections `## Impact`, `## Timeline`, "
        "`## Root Cause`, `## Contributing Factors`, `## What Went Well`, `## What Went Poorly`"
    )
    assert warning in [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert (site / "index.html").is_file()
    with pytest.raises(Abort, match=r"Aborted with \d+ warnings in strict mode!"):
        mkdocs_build(root, at=AT, strict=True)


def _statuspress() -> list[str]:
    script = Path(sys.executable).with_name("statuspress")
    return [str(script)] if script.is_file() else [sys.executable, "-c", "from statuspress.cli import main; main()"]


def test_statuspress_build_exits_1_without_traceback(tmp_path: Path) -> None:
    root = _good_site(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(AT), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("STATUSPRESS_AUDIENCE", None)
    ok = subprocess.run([*_statuspress(), "build"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    lines = ok.stdout.strip().split("\n")
    assert [line.split(":")[0] for line in lines] == ["public", "internal"]
    assert lines[0].startswith("public: ") and " files, 2 incidents -> site/ in " in lines[0]
    assert " files, 2 incidents -> site-internal/ in " in lines[1]
    public, internal = all_files(root / "site"), all_files(root / "site-internal")

    _break(root)
    failed = subprocess.run([*_statuspress(), "build"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert failed.stderr.split("\n") == [
        BAD_SEVERITY,
        "Error: the public build failed (the previous site was left as it was)",
        "",
    ]
    assert "Traceback" not in failed.stderr
    assert all_files(root / "site") == public
    assert all_files(root / "site-internal") == internal
    # Nothing half-written is left next to the sites (the page cache is kept).
    assert sorted(p.name for p in root.iterdir()) == [
        ".cache", "incidents", "mkdocs.yml", "pages", "postmortems", "site", "site-internal",
    ]
