"""``statuspress new notice``: the exact file it writes, that it validates and shows,
and one-line errors with exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress.cli import cli
from statuspress.views.snapshot import snapshot
from tests.support.sites import load, write_site

# 2026-03-14T09:12:00Z: the as-of time of every command in these tests.
EPOCH = "1773479520"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": EPOCH}, input=stdin,
                              catch_exceptions=False)


EXPECTED_PINNED = """\
---
title: "Support hours: Easter"
type: notice
pinned: true
started: 2026-03-14T09:12:00Z     # shown from
ends: 2026-04-07T08:00:00Z        # shown until; then listed in the history
# internal:                       # never on the public site
#   notes:
---
Support answers from **10:00 to 16:00 UTC** over Easter.
"""

EXPECTED_OPEN_ENDED = """\
---
title: New sign-in page
type: notice
# pinned: true                    # shown at the top of the status page
started: 2026-03-16T08:00:00Z     # shown from
# ends:                           # shown until; without it, until the file is removed
# internal:                       # never on the public site
#   notes:
---
We are rolling out a new sign-in page.

Nothing changes for API keys.
"""


def test_new_notice_writes_exactly_this_file(site: Path) -> None:
    result = run("new", "notice", "Support hours: Easter", "--pinned", "--ends", "2026-04-07T10:00:00+02:00",
                 "-m", "Support answers from **10:00 to 16:00 UTC** over Easter.")
    assert result.exit_code == 0, result.output
    assert result.stdout == "incidents/2026-03-14-support-hours-easter.md\n"
    assert (site / "incidents" / "2026-03-14-support-hours-easter.md").read_text(encoding="utf-8") == EXPECTED_PINNED
    loaded = load(site)
    assert loaded.problems == []
    (notice,) = loaded.incidents
    assert (notice.is_notice, notice.pinned) == (True, True)
    view = snapshot(loaded, notice.start).status  # type: ignore[arg-type]
    assert [s.id for s in view.pinned_notices] == ["2026-03-14-support-hours-easter"]


def test_new_notice_from_standard_input_at_a_time(site: Path) -> None:
    result = run("new", "notice", "New sign-in page", "--at", "2026-03-16T08:00:00Z", "-m", "-",
                 stdin="We are rolling out a new sign-in page.\n\nNothing changes for API keys.\n")
    assert result.exit_code == 0, result.output
    written = site / "incidents" / "2026-03-16-new-sign-in-page.md"
    assert written.read_text(encoding="utf-8") == EXPECTED_OPEN_ENDED
    assert load(site).problems == []


def test_a_notice_ends_after_it_is_posted(site: Path) -> None:
    result = run("new", "notice", "Easter", "-m", "Closed.", "--ends", "2026-03-14T09:00:00Z")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --ends must be after the notice is posted: 2026-03-14 09:12 UTC to 2026-03-14 09:00 UTC\n"
    )
    assert list((site / "incidents").iterdir()) == []


def test_a_notice_needs_a_message(site: Path) -> None:
    result = run("new", "notice", "Easter", "-m", "  ")
    assert result.exit_code == 2
    assert result.stderr == "error: --message: a notice is its message; write what customers should know\n"


NOTICE = """\
---
title: Card fees change in April
type: notice
started: 2026-03-10T08:00:00Z
---
Card fees change on 1 April.
"""


def test_update_a_notice(site: Path) -> None:
    path = site / "incidents" / "2026-03-10-card-fees.md"
    path.write_text(NOTICE, encoding="utf-8")
    result = run("update", "2026-03-10-card-fees", "-m", "The new fees are on the pricing page.")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == NOTICE.replace(
        "---\nCard", "updates:\n  - at: 2026-03-14T09:12:00Z\n    message: The new fees are on the pricing page.\n"
        "---\nCard")
    assert load(site).problems == []
    refused = run("update", "2026-03-10-card-fees", "--status", "resolved", "-m", "Done.")
    assert refused.exit_code == 2
    assert refused.stderr == ("error: `2026-03-10-card-fees` is a notice, which has no stages: leave out --status "
                              "(to stop showing it, set `ends:`)\n")
