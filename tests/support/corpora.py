"""Where the real corpora are: ``../shared/corpora`` beside the project, as on CI.

Outside CI a missing corpus skips the tests that need it; on CI (``CI`` set) it fails
them, so that the corpus tests can never pass by not running."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
GITHUB_STATUS = CORPORA / "github-status-history" / "incidents.jsonl"
DFDS_POSTMORTEMS = CORPORA / "dfds-postmortems"
CSTATE_EXAMPLE = CORPORA / "cstate-example" / "exampleSite"


def require(path: Path) -> Path:
    """``path``, or skip (fail on CI) when the corpus is not there."""
    if not path.exists():
        message = f"corpus not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(message + " (on CI the corpora must be beside the project, in ../shared/)")
        pytest.skip(message)
    return path




@pytest.fixture
def github_corpus() -> Path:
    """The GitHub status-history corpus (819 incidents)."""
    return require(GITHUB_STATUS)
