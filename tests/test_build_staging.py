"""Interrupted and concurrent builds, and a bad SOURCE_DATE_EPOCH (issue 15, items 8
and 9): staging folders an interrupted build left are removed by the next build,
two builds of one site take turns, and the environment is checked before MkDocs runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.support.builds import all_files, mkdocs_build
from tests.support.cli import EPOCH, statuspress
from tests.support.sites import incident_text, write_site

EPOCH_RULE = ("SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, from 0 to 4294967295 "
              "(2106-02-07), got {value!r}; unset it to use the clock")


def _site(root: Path) -> Path:
    return write_site(root, incidents={
        f"2026-03-{day:02d}-api": incident_text(started=f"2026-03-{day:02d}T09:00:00Z",
                                                resolved=f"2026-03-{day:02d}T10:00:00Z")
        for day in range(1, 6)
    })


def _env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}


def _build(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "statuspress", "build", "--audience", "public", *args],
        cwd=root, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _staging(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if ".new-" in p.name or ".old-" in p.name)


def test_stale_staging_folders_are_removed_by_the_next_build(tmp_path: Path) -> None:
    root = _site(tmp_path)
    for name in (".site.new-abc123", ".site.old-def456", ".site-internal.new-x"):
        (root / name / "assets").mkdir(parents=True)
        (root / name / "assets" / "half-written.html").write_text("<p>", encoding="utf-8")
    (root / ".site.new-not-a-folder").write_text("a file someone made", encoding="utf-8")
    run = statuspress(root, "build")
    assert run.code == 0, run.err
    assert _staging(root) == [".site.new-not-a-folder"]
    assert (root / "site/index.html").is_file()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(
    tmp_path: Path, how: signal.Signals,
) -> None:
    root = _site(tmp_path)
    assert statuspress(root, "build", "--audience", "public").code == 0
    before = all_files(root / "site")
    process = _build(root)
    deadline = time.monotonic() + 120
    while not any((root / name).is_dir() for name in _staging(root)) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(how)
    process.communicate(timeout=120)
    assert all_files(root / "site") == before
    again = statuspress(root, "build", "--audience", "public")
    assert again.code == 0, again.err
    assert _staging(root) == []
    assert all_files(root / "site").keys() == before.keys()


def test_two_builds_of_one_site_take_turns(tmp_path: Path) -> None:
    root = _site(tmp_path)
    first, second = _build(root), _build(root)
    results = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    for out, err in results:
        assert "Traceback" not in err
        assert out.startswith("public: ")
    assert _staging(root) == []
    alone = mkdocs_build(root, at="2026-03-20T12:00:00Z", site_dir=tmp_path / "alone")
    assert all_files(root / "site").keys() == all_files(alone).keys()


@pytest.mark.parametrize("value", ["", "-5", "99999999999999999", "1.5", "9" * 5000])
def test_a_bad_source_date_epoch_is_one_line_naming_it(tmp_path: Path, value: str) -> None:
    root = _site(tmp_path)
    for command in ("validate", "build"):
        run = statuspress(root, command, env={"SOURCE_DATE_EPOCH": value})
        assert (run.code, run.out, run.err_lines) == (1, "", [f"Error: {EPOCH_RULE.format(value=value)}"])
    assert not (root / "site").exists()


def test_mkdocs_build_reports_a_bad_source_date_epoch(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.commands.build import build

    from tests.support.builds import environ, load_mkdocs_config

    root = _site(tmp_path)
    with environ(SOURCE_DATE_EPOCH="-5"), pytest.raises(Abort):
        build(load_mkdocs_config(root))
    assert EPOCH_RULE.format(value="-5") in caplog.text
