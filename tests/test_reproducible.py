"""With SOURCE_DATE_EPOCH set, two builds of the same content are byte-identical:
every file of both audiences, including MkDocs' sitemap.xml.gz (whose gzip header
carries a time MkDocs takes from SOURCE_DATE_EPOCH's day), the search index and our feeds.

The two builds run in separate processes with different hash seeds, so that no
output may depend on the iteration order of a set or a dict of strings.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.support.builds import all_files, epoch
from tests.support.sites import incident_text, maintenance_text, write_site

AT = "2026-03-20T12:00:00Z"

POSTMORTEM = """
---
title: API errors
incidents: [2026-03-14-api]
status: published
visibility: public
date: 2026-03-18
---
## Summary
A bad config.
## Impact
Errors.
## Timeline
09:00 errors.
## Root Cause
Config.
## Contributing Factors
None.
## What Went Well
Rollback.
## What Went Poorly
Alerting.
"""


def _build(root: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(AT), "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("STATUSPRESS_AUDIENCE", None)
    script = Path(sys.executable).with_name("statuspress")
    command = [str(script)] if script.is_file() else [sys.executable, "-c", "from statuspress.cli import main; main()"]
    done = subprocess.run([*command, "build"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    files = {f"site/{k}": v for k, v in all_files(root / "site").items()}
    files.update({f"site-internal/{k}": v for k, v in all_files(root / "site-internal").items()})
    return files


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        incidents={
            "2026-03-14-api": incident_text(title="API errors", extra="internal:\n  commander: Dana"),
            "2026-03-19-web": incident_text(
                title="Web down", severity="SEV1", components="[web, db]",
                started="2026-03-19T23:00:00Z", resolved=None,
            ),
            "2026-03-25-db": maintenance_text(updates=[("2026-03-18T10:00:00Z", "scheduled")],
                                              start="2026-03-25T22:00:00Z", end="2026-03-25T23:00:00Z"),
        },
        postmortems={"2026-03-18-api": POSTMORTEM},
    )
    first = _build(root, "1")
    time.sleep(1.1)  # a later wall clock must not show in any byte
    second = _build(root, "2")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
    assert len(first) > 100
    # The gzip header's time comes from SOURCE_DATE_EPOCH, not the clock: MkDocs
    # stamps it with the pages' update date, the day of SOURCE_DATE_EPOCH at 00:00.
    header_time = int.from_bytes(first["site/sitemap.xml.gz"][4:8], "little")
    assert header_time == int(epoch("2026-03-20T00:00:00Z"))
    assert gzip.decompress(first["site/sitemap.xml.gz"]) == first["site/sitemap.xml"]
