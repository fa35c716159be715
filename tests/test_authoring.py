"""``statuspress new incident|maintenance|postmortem``: the exact files they write,
their validation, and one-line errors with exit status 2 for wrong arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress.authoring import scalar, slugify, timeline_rows
from statuspress.authoring.yamltext import keyed_lines, sentence_case
from statuspress.cli import cli
from tests.support.sites import load, write_site

# 2026-03-14T09:12:00Z: the as-of time of every command in these tests.
EPOCH = "1773479520"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty fixture site (components api, web, db; default ladder), as cwd."""
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": EPOCH}, input=stdin,
                              catch_exceptions=False)


def run_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point (``run_main``), for exit statuses decided outside click."""
    return subprocess.run(
        [sys.executable, "-m", "statuspress", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=False,
    )


EXPECTED_INCIDENT = """\
---
title: Elevated error rates on the API
severity: SEV2
components:
  - api
  - web
started: 2026-03-14T09:12:00Z     # impact began; move it earlier if it did
detected: 2026-03-14T09:12:00Z    # an alert fired or someone noticed
declared: 2026-03-14T09:12:00Z    # the incident was declared
# acknowledged:                   # a responder acknowledged the page
# mitigated:                      # customer impact stopped
updates:
  - at: 2026-03-14T09:12:00Z
    status: investigating
    message: We are investigating reports of elevated error rates on the API. We will post another update within 60 minutes.
# internal:                       # responders only: never on the public site
#   commander:
#   ops_lead:
#   comms_lead:
#   scribe:
#   channel: "#inc-2026-03-14-elevated-error-rates-on-the-api"
#   notes:
---
"""


def test_new_incident_writes_exactly_this_file_and_it_validates(site: Path) -> None:
    result = run("new", "incident", "Elevated error rates on the API", "--severity", "SEV2",
                 "--components", "api,web")
    assert result.exit_code == 0
    assert result.stdout == "incidents/2026-03-14-elevated-error-rates-on-the-api.md\n"
    path = site / "incidents" / "2026-03-14-elevated-error-rates-on-the-api.md"
    assert path.read_text(encoding="utf-8") == EXPECTED_INCIDENT
    loaded = load(site)
    assert loaded.problems == []
    (incident,) = loaded.incidents
    assert incident.stage == "investigating"
    assert incident.affected == {"api": "partial_outage", "web": "partial_outage"}
    assert incident.internal == {}


def test_same_title_again_gets_a_numbered_file(site: Path) -> None:
    for _ in range(3):
        assert run("new", "incident", "API errors", "-s", "SEV3", "-c", "api").exit_code == 0
    assert sorted(p.name for p in (site / "incidents").iterdir()) == [
        "2026-03-14-api-errors-2.md", "2026-03-14-api-errors-3.md", "2026-03-14-api-errors.md",
    ]
    assert load(site).problems == []


def test_at_message_impact_and_repeated_components(site: Path) -> None:
    result = run(
        "new", "incident", "Checkout: payments failing", "-s", "sev1", "-c", "web", "-c", "API,db",
        "--impact", "major", "--at", "2026-03-10T23:50:00-02:00",
        "-m", "Card payments fail for some customers.\n\nWe are rolling back the last release.",
    )
    assert result.exit_code == 0
    path = site / "incidents" / "2026-03-11-checkout-payments-failing.md"
    assert result.stdout == f"{path.relative_to(site)}\n"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[1:9] == [
        'title: "Checkout: payments failing"',
        "severity: SEV1",
        "impact: major",
        "components:",
        "  - web",
        "  - api",
        "  - db",
        "started: 2026-03-11T01:50:00Z     # impact began; move it earlier if it did",
    ]
    assert lines[14:21] == [
        "  - at: 2026-03-11T01:50:00Z",
        "    status: investigating",
        "    message: |",
        "      Card payments fail for some customers.",
        "",
        "      We are rolling back the last release.",
        "# internal:                       # responders only: never on the public site",
    ]
    (incident,) = load(site).incidents
    assert incident.updates[0].message == "Card payments fail for some customers.\n\nWe are rolling back the last release.\n"
    assert incident.impact == "major"


def test_message_from_standard_input(site: Path) -> None:
    result = run("new", "incident", "Slow sign-in", "-s", "SEV4", "-c", "web", "-m", "-",
                 stdin="Sign-in takes up to 20 seconds.\n")
    assert result.exit_code == 0
    (incident,) = load(site).incidents
    assert incident.updates[0].message == "Sign-in takes up to 20 seconds."


@pytest.mark.parametrize(("args", "message"), [
    (["-s", "SEV5", "-c", "api"],
     "error: --severity: `SEV5` is not a declared severity; declared: SEV1, SEV2, SEV3, SEV4"),
    (["-s", "critical", "-c", "api"],
     "error: --severity: `critical` is not a declared severity; declared: SEV1, SEV2, SEV3, SEV4"),
    (["-s", "SEV2", "-c", "api,wbe"],
     "error: --components: `wbe` is not a declared component (did you mean `web`?); declared: api, web, db"),
    (["-s", "SEV2", "-c", "api,wbe", "-c", "dbb,cdn"],
     "error: --components: `wbe` (did you mean `web`?), `dbb` (did you mean `db`?), `cdn` are not declared "
     "components; declared: api, web, db"),
    # Every wrong option at once, a line each.
    (["-s", "SEV5", "-c", "wbe"],
     "error: --severity: `SEV5` is not a declared severity; declared: SEV1, SEV2, SEV3, SEV4"
     "\nerror: --components: `wbe` is not a declared component (did you mean `web`?); declared: api, web, db"),
    (["-s", "SEV2", "-c", ","],
     "error: --components: name at least one component; declared: api, web, db"),
    (["-s", "SEV2", "-c", "api", "--at", "2026-03-14T09:12:00"],
     "error: --at: 2026-03-14 09:12:00 has no UTC offset, and statuspress never guesses the time zone; "
     "write it as 2026-03-14T09:12:00Z if it is UTC, or add your offset such as +01:00"),
    (["-s", "SEV2", "-c", "api", "--at", "yesterday"],
     "error: --at: 'yesterday' is not an ISO 8601 time; write it like 2026-03-14T09:12:00Z"),
    (["-s", "SEV2", "-c", "api", "-m", "  \n "],
     "error: the message is empty; write what customers should know"),
])
def test_wrong_arguments_get_a_line_each_and_exit_2(site: Path, args: list[str], message: str) -> None:
    result = run("new", "incident", "API errors", *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert list((site / "incidents").iterdir()) == []


def test_exit_status_2_through_the_real_entry_point(site: Path) -> None:
    result = run_process(site, "new", "incident", "API errors", "-s", "SEV9", "-c", "api")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "error: --severity: `SEV9` is not a declared severity; "
        "declared: SEV1, SEV2, SEV3, SEV4\n"
    )


def test_outside_a_site_it_says_how_to_start_one(tmp_path: Path) -> None:
    result = run_process(tmp_path, "new", "incident", "API errors", "-s", "SEV2", "-c", "api")
    assert result.returncode == 1
    assert result.stderr == (
        "mkdocs.yml:1: error: no mkdocs.yml here; run `statuspress init` to start a site, or pass --config-file\n"
    )


def test_custom_ladder_and_its_cadence_in_the_default_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_site(tmp_path, severities=[
        {"key": "P1", "name": "Urgent", "public_updates": 15, "impact": "critical"},
        {"key": "P2", "name": "High", "public_updates": "start_and_end", "impact": "minor"},
    ])
    monkeypatch.chdir(tmp_path)
    assert run("new", "incident", "API down", "-s", "p1", "-c", "api").exit_code == 0
    assert run("new", "incident", "Docs slow", "-s", "P2", "-c", "web").exit_code == 0
    site = load(tmp_path)
    assert site.problems == []
    assert [i.updates[0].message for i in site.incidents] == [
        "We are investigating reports of API down. We will post another update within 15 minutes.",
        "We are investigating reports of docs slow.",
    ]
    wrong = run("new", "incident", "x", "-s", "SEV1", "-c", "api")
    assert wrong.stderr == "error: --severity: `SEV1` is not a declared severity; declared: P1, P2\n"


EXPECTED_MAINTENANCE = """\
---
title: Database upgrade
type: maintenance
components:
  - db
  - api
scheduled_start: 2026-03-20T22:00:00Z
scheduled_end: 2026-03-21T00:00:00Z
updates:
  - at: 2026-03-14T09:12:00Z
    status: scheduled
    message: We will be performing scheduled maintenance on Database and API from 2026-03-20 22:00 UTC to 2026-03-21 00:00 UTC.
# internal:                       # responders only: never on the public site
#   commander:
#   ops_lead:
#   comms_lead:
#   scribe:
#   channel: "#inc-2026-03-20-database-upgrade"
#   notes:
---
"""


def test_new_maintenance_writes_exactly_this_file(site: Path) -> None:
    result = run("new", "maintenance", "Database upgrade", "--start", "2026-03-20T22:00:00Z",
                 "--end", "2026-03-21T01:00:00+01:00", "-c", "db,api")
    assert result.exit_code == 0
    assert result.stdout == "incidents/2026-03-20-database-upgrade.md\n"
    assert (site / "incidents" / "2026-03-20-database-upgrade.md").read_text(encoding="utf-8") == EXPECTED_MAINTENANCE
    loaded = load(site)
    assert loaded.problems == []
    assert loaded.incidents[0].stage == "scheduled"


def test_maintenance_window_must_end_after_it_starts(site: Path) -> None:
    result = run("new", "maintenance", "Upgrade", "--start", "2026-03-20T22:00:00Z",
                 "--end", "2026-03-20T21:00:00Z", "-c", "db")
    assert result.exit_code == 2
    assert result.stderr == "error: the window must end after it starts: 2026-03-20 22:00 UTC to 2026-03-20 21:00 UTC\n"


INCIDENT_FOR_POSTMORTEM = """\
---
title: Checkout | payments failing
severity: SEV1
components: [web, api]
started: 2026-03-14T09:02:00Z
detected: 2026-03-14T09:07:30Z
acknowledged: 2026-03-14T09:09:00Z
declared: 2026-03-14T09:10:00Z
mitigated: 2026-03-14T09:41:00Z
resolved: 2026-03-14T10:15:00Z
updates:
  - at: 2026-03-14T09:12:00Z
    status: investigating
    message: We are investigating failed payments.
  - at: 2026-03-14T09:30:00Z
    message: |
      Errors are limited to cards issued in the EU.
      We are rolling back | reverting a configuration change.
  - at: 2026-03-14T10:15:00Z
    status: resolved
    message: Payments work again.
---
"""

EXPECTED_TIMELINE = """\
| Time | Event | Details |
| --- | --- | --- |
| 2026-03-14 09:02 UTC | Impact started | |
| 2026-03-14 09:07:30 UTC | Detected: an alert fired or someone noticed | |
| 2026-03-14 09:09 UTC | Acknowledged by a responder | |
| 2026-03-14 09:10 UTC | Incident declared | |
| 2026-03-14 09:12 UTC | Public update: Investigating | We are investigating failed payments. |
| 2026-03-14 09:30 UTC | Public update: Update | Errors are limited to cards issued in the EU. We are rolling back \\| reverting a configuration change. |
| 2026-03-14 09:41 UTC | Mitigated: customer impact stopped | |
| 2026-03-14 10:15 UTC | Resolved | |
| 2026-03-14 10:15 UTC | Public update: Resolved | Payments work again. |
"""


def test_new_postmortem_has_every_section_and_the_timeline(site: Path) -> None:
    (site / "incidents" / "2026-03-14-checkout.md").write_text(INCIDENT_FOR_POSTMORTEM, encoding="utf-8")
    result = run("new", "postmortem", "2026-03-14-checkout")
    assert result.exit_code == 0
    assert result.stdout == "postmortems/2026-03-14-checkout.md\n"
    text = (site / "postmortems" / "2026-03-14-checkout.md").read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    assert front.split("\n")[1:10] == [
        'title: "Postmortem: Checkout | payments failing"',
        "incidents: [2026-03-14-checkout]",
        "status: draft                     # draft | in_review | reviewed | published",
        "date: 2026-03-14",
        "authors: []",
        "services: [web, api]",
        "tags: []",
        "visibility: internal              # public: shown on the incident's page once published",
        "action_items: []                  # replace [] with items like the example:",
    ]
    headings = [line for line in body.split("\n") if line.startswith("## ")]
    assert headings == ["## Summary", "## Impact", "## Timeline", "## Root Cause", "## Contributing Factors",
                        "## What Went Well", "## What Went Poorly"]
    assert body.split("## Timeline\n", 1)[1].split("\n## ")[0] == (
        "\n_Pre-filled from the incident file (times in UTC); add what responders saw, decided and did._\n\n"
        + EXPECTED_TIMELINE
    )
    assert "\n## Root Cause\n\n_The conditions that made this incident possible. Describe systems and " \
           "decisions, not people._\n" in body
    loaded = load(site)
    assert loaded.problems == []
    (postmortem,) = loaded.postmortems
    assert postmortem.incidents == ["2026-03-14-checkout"]
    assert postmortem.status == "draft" and postmortem.visibility == "internal"
    assert postmortem.services == ["web", "api"]
    assert postmortem.date is not None and postmortem.date.isoformat() == "2026-03-14"
    # The example action item, uncommented as the comment says, is a valid item.
    path = site / "postmortems" / "2026-03-14-checkout.md"
    path.write_text(text.replace("action_items: []", "action_items:").replace("\n#  ", "\n  "), encoding="utf-8")
    loaded = load(site)
    assert loaded.problems == []
    (item,) = loaded.postmortems[0].action_items
    assert (item.owner, item.status, item.priority) == ("Team or person", "open", "P2")


def test_postmortem_sections_follow_the_site_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_site(tmp_path, postmortem_sections=["Summary", "Timeline", "Where We Got Lucky", "Follow-up"])
    (tmp_path / "incidents" / "2026-03-14-checkout.md").write_text(INCIDENT_FOR_POSTMORTEM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("new", "postmortem", "incidents/2026-03-14-checkout.md").exit_code == 0
    body = (tmp_path / "postmortems" / "2026-03-14-checkout.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert [line for line in body.split("\n") if line.startswith(("## ", "_"))] == [
        "## Summary",
        "_In two or three sentences: what happened, who was affected, and how it was resolved._",
        "## Timeline",
        "_Pre-filled from the incident file (times in UTC); add what responders saw, decided and did._",
        "## Where We Got Lucky",
        "_What kept this from being worse, and will not be there next time._",
        "## Follow-up",
        "_What belongs under “Follow-up”, for this incident._",
    ]
    assert load(tmp_path).problems == []


def test_postmortem_is_never_overwritten_and_unknown_ids_get_a_suggestion(site: Path) -> None:
    (site / "incidents" / "2026-03-14-checkout.md").write_text(INCIDENT_FOR_POSTMORTEM, encoding="utf-8")
    assert run("new", "postmortem", "2026-03-14-checkout").exit_code == 0
    again = run("new", "postmortem", "2026-03-14-checkout")
    assert (again.exit_code, again.stderr) == (
        2, "error: postmortems/2026-03-14-checkout.md already exists; edit it instead\n")
    unknown = run("new", "postmortem", "2026-03-14-chekout")
    assert (unknown.exit_code, unknown.stderr) == (
        2, "error: INCIDENT_ID: no incident `2026-03-14-chekout` in incidents/ (did you mean `2026-03-14-checkout`?)\n")


def test_timeline_rows_keep_timestamps_before_updates_at_the_same_time(site: Path) -> None:
    (site / "incidents" / "2026-03-14-checkout.md").write_text(INCIDENT_FOR_POSTMORTEM, encoding="utf-8")
    (incident,) = load(site).incidents
    rows = timeline_rows(incident)
    assert [label for _, label, _ in rows][-2:] == ["Resolved", "Public update: Resolved"]
    assert rows[0][0] == datetime(2026, 3, 14, 9, 2, tzinfo=timezone.utc)


@pytest.mark.parametrize(("title", "slug"), [
    ("Elevated error rates on the API", "elevated-error-rates-on-the-api"),
    ("Résumé upload fails (EU) — again!", "resume-upload-fails-eu-again"),
    ("Very long title about a slow database failover that took the whole evening to fix",
     "very-long-title-about-a-slow-database-failover"),
    # Other scripts are transliterated: a readable slug, not the shared fallback.
    ("障害", "zhanghai"),
    ("Сбой оплаты", "sboy-oplaty"),
    ("!!!", "incident"),
    ("Supercalifragilisticexpialidocious" * 3, ("supercalifragilisticexpialidocious" * 3)[:50]),
])
def test_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slug) <= 50


@pytest.mark.parametrize(("value", "text"), [
    ("API errors", "API errors"),
    ("yes", '"yes"'),
    ("2026-03-14", '"2026-03-14"'),
    ("Postmortem: API errors", '"Postmortem: API errors"'),
    ("#inc-api", '"#inc-api"'),
    ("it's 100% fine", "it's 100% fine"),
    ('say "hi"', 'say "hi"'),
    ("- not a list", '"- not a list"'),
    ("tab\there", '"tab\\there"'),
    ("Zürich", "Zürich"),
])
def test_scalars_are_plain_only_when_safe(value: str, text: str) -> None:
    assert scalar(value) == text


def test_a_message_that_cannot_be_a_block_is_double_quoted() -> None:
    assert keyed_lines("message", " indented first line\nsecond", 4) == [
        '    message: " indented first line\\nsecond"',
    ]
    assert keyed_lines("message", "a\r\nb\n\n", 2) == ["  message: |", "    a", "    b"]


@pytest.mark.parametrize(("title", "phrase"), [
    ("Elevated errors.", "elevated errors"),
    ("API errors", "API errors"),
    ("iOS app crashes", "iOS app crashes"),
    ("A", "a"),
])
def test_sentence_case(title: str, phrase: str) -> None:
    assert sentence_case(title) == phrase
