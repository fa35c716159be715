"""Process checks (statuspress.checks.process): each rule fires with its exact
message at its exact line, and stays quiet on the clean case."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.checks.process import add_business_days, find_internal_details, process_checks
from statuspress.cli import cli
from statuspress.errors import ContentError
from tests.support.metrics_site import postmortem_text
from tests.support.sites import incident_text, load, write_site


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def formatted(site, at: str, code: str | None = None) -> list[str]:
    return [p.format() for p in process_checks(site, utc(at)) if code is None or p.code == code]


# --- 1. missing postmortems -------------------------------------------------------

# 2026-03-13 is a Friday: 5 business days later is Friday 2026-03-20 (16, 17, 18, 19, 20).
SEV1_FRIDAY = incident_text("API down", "SEV1", "2026-03-13T09:00:00Z", "2026-03-13T10:00:00Z")


def test_business_days_skip_weekends() -> None:
    assert add_business_days(utc("2026-03-13T00:00:00Z").date(), 5).isoformat() == "2026-03-20"
    # Saturday 2026-03-14 + 1 business day = Monday 2026-03-16.
    assert add_business_days(utc("2026-03-14T00:00:00Z").date(), 1).isoformat() == "2026-03-16"
    assert add_business_days(utc("2026-03-14T00:00:00Z").date(), 0).isoformat() == "2026-03-14"


def test_missing_postmortem_after_the_grace_period(tmp_path: Path) -> None:
    site = load(write_site(tmp_path, {"2026-03-13-api": SEV1_FRIDAY}))
    # The whole due day is allowed.
    assert formatted(site, "2026-03-20T23:59:00Z", "postmortem-missing") == []
    # incident_text puts `resolved:` on line 6.
    assert formatted(site, "2026-03-21T00:00:00Z", "postmortem-missing") == [
        "incidents/2026-03-13-api.md:6: warning: SEV1 incident resolved 2026-03-13 has no published "
        "postmortem after 5 business days (due 2026-03-20); write one with "
        "`statuspress new postmortem 2026-03-13-api`"
    ]


def test_a_draft_postmortem_is_named(tmp_path: Path) -> None:
    site = load(write_site(
        tmp_path, {"2026-03-13-api": SEV1_FRIDAY},
        {"2026-03-16-api": postmortem_text("API down", ["2026-03-13-api"], status="in_review")},
    ))
    assert formatted(site, "2026-04-01T00:00:00Z", "postmortem-missing") == [
        "incidents/2026-03-13-api.md:6: warning: SEV1 incident resolved 2026-03-13 has no published "
        "postmortem after 5 business days (due 2026-03-20); postmortems/2026-03-16-api.md is "
        "`in_review`: publish it once it is reviewed"
    ]


def test_no_warning_when_published_not_required_or_unresolved(tmp_path: Path) -> None:
    site = load(write_site(
        tmp_path,
        {
            "2026-03-13-api": SEV1_FRIDAY,
            "2026-03-13-minor": incident_text("Minor", "SEV3", "2026-03-13T09:00:00Z", "2026-03-13T10:00:00Z"),
            "2026-03-13-open": incident_text("Open", "SEV1", "2026-03-13T09:00:00Z", None),
        },
        {"2026-03-16-api": postmortem_text("API down", ["2026-03-13-api"], status="published")},
    ))
    assert formatted(site, "2026-06-01T00:00:00Z", "postmortem-missing") == []


def test_grace_days_come_from_the_config(tmp_path: Path) -> None:
    # Resolved on Saturday 2026-03-14 with 1 grace day: due Monday 2026-03-16.
    text = incident_text("API down", "SEV2", "2026-03-14T09:00:00Z", "2026-03-14T10:00:00Z")
    site = load(write_site(tmp_path, {"2026-03-14-api": text}, postmortem_grace_days=1))
    assert formatted(site, "2026-03-16T12:00:00Z", "postmortem-missing") == []
    assert formatted(site, "2026-03-17T00:00:00Z", "postmortem-missing") == [
        "incidents/2026-03-14-api.md:6: warning: SEV2 incident resolved 2026-03-14 has no published "
        "postmortem after 1 business day (due 2026-03-16); write one with "
        "`statuspress new postmortem 2026-03-14-api`"
    ]


# --- 2. update cadence ------------------------------------------------------------

LATE = """\
---
title: Checkout errors
severity: SEV1
components: [api]
started: 2026-03-14T09:00:00Z
updates:
  - at: 2026-03-14T09:05:00Z
    status: investigating
    message: Investigating.
  - at: 2026-03-14T09:30:00Z
    message: Still investigating.
  - at: 2026-03-14T10:17:00Z
    status: identified
    message: Found it.
---
"""

NO_UPDATES = """\
---
title: Slow dashboard
severity: SEV2
components: [web]
started: 2026-03-14T09:00:00Z
declared: 2026-03-14T09:10:00Z
---
"""


def test_a_gap_between_updates_longer_than_the_cadence(tmp_path: Path) -> None:
    site = load(write_site(tmp_path, {"2026-03-14-late": LATE}))
    # 09:05 -> 09:30 is 25 min (fine); 09:30 -> 10:17 is 47 min (> 30); 10:17 -> 10:40 is 23 min.
    assert formatted(site, "2026-03-14T10:40:00Z", "update-cadence") == [
        "incidents/2026-03-14-late.md:12: warning: no public update for 47 min "
        "(2026-03-14 09:30 UTC to 2026-03-14 10:17 UTC); SEV1 promises an update every 30 min"
    ]


def test_the_gap_since_the_last_update_counts(tmp_path: Path) -> None:
    site = load(write_site(tmp_path, {"2026-03-14-late": LATE}))
    # Exactly 30 min after 10:17 is still on time; 33 min is not.
    assert len(formatted(site, "2026-03-14T10:47:00Z", "update-cadence")) == 1
    assert formatted(site, "2026-03-14T10:50:00Z", "update-cadence") == [
        "incidents/2026-03-14-late.md:12: warning: no public update for 33 min "
        "(since 2026-03-14 10:17 UTC); SEV1 promises an update every 30 min",
        "incidents/2026-03-14-late.md:12: warning: no public update for 47 min "
        "(2026-03-14 09:30 UTC to 2026-03-14 10:17 UTC); SEV1 promises an update every 30 min",
    ]


def test_without_updates_the_clock_runs_from_the_declaration(tmp_path: Path) -> None:
    site = load(write_site(tmp_path, {"2026-03-14-quiet": NO_UPDATES}))
    assert formatted(site, "2026-03-14T10:10:00Z", "update-cadence") == []
    assert formatted(site, "2026-03-14T10:20:00Z", "update-cadence") == [
        "incidents/2026-03-14-quiet.md:6: warning: no public update for 1 h 10 min "
        "(since `declared`, 2026-03-14 09:10 UTC); SEV2 promises an update every 60 min"
    ]


def test_no_cadence_warning_when_resolved_or_without_a_cadence(tmp_path: Path) -> None:
    resolved = LATE.replace("severity: SEV1\n", "severity: SEV1\nresolved: 2026-03-14T11:00:00Z\n").replace(
        "    message: Found it.\n", "    message: Found it.\n  - at: 2026-03-14T11:00:00Z\n"
        "    status: resolved\n    message: Fixed.\n")
    site = load(write_site(tmp_path, {
        "2026-03-14-resolved": resolved,
        "2026-03-14-minor": LATE.replace("SEV1", "SEV3"),  # start_and_end: no cadence
    }))
    assert site.problems == []
    assert formatted(site, "2026-03-15T00:00:00Z", "update-cadence") == []


# --- 3. internal details in public text -------------------------------------------

LEAKY = """\
---
title: Errors on db-1.prod.internal
severity: SEV3
components: [api]
started: 2026-03-14T09:00:00Z
resolved: 2026-03-14T10:00:00Z
updates:
  - at: 2026-03-14T09:00:00Z
    status: investigating
    message: "Traffic from 10.2.3.4 fails; see #inc-api-errors and ping @sam.lee."
  - at: 2026-03-14T10:00:00Z
    status: resolved
    message: Resolved.
---
# Impact

Customers saw errors from 192.168.10.7 while ACME-1234 was open.
"""

CLEAN = """\
---
title: Errors on the API (10.5% of requests)
severity: SEV3
components: [api]
started: 2026-03-14T09:00:00Z
resolved: 2026-03-14T10:00:00Z
updates:
  - at: 2026-03-14T09:00:00Z
    status: investigating
    message: "Mail support@acme.com or see https://acme.com/status#latest and https://x/#frag (issue #123)."
  - at: 2026-03-14T10:00:00Z
    status: resolved
    message: Resolved; version 1.2.3 of the C# SDK and 8.8.8.8 are fine. See [below](#impact).
---
# Impact

## Details

Customers on status.acme.com saw errors &#8212; about 10.5% at peak.
"""


def test_each_kind_of_internal_detail_is_reported_at_its_line(tmp_path: Path) -> None:
    site = load(write_site(tmp_path, {"2026-03-14-leaky": LEAKY}, public_text_patterns=[r"\bACME-\d+\b"]))
    tail = "; keep internal details out of public text"
    assert formatted(site, "2026-03-15T00:00:00Z", "public-text") == [
        "incidents/2026-03-14-leaky.md:2: warning: `title` contains an internal host name "
        f"`db-1.prod.internal`{tail}",
        f"incidents/2026-03-14-leaky.md:10: warning: `updates[0].message` contains a chat channel name "
        f"`#inc-api-errors`{tail}",
        f"incidents/2026-03-14-leaky.md:10: warning: `updates[0].message` contains a private IP address "
        f"`10.2.3.4`{tail}",
        f"incidents/2026-03-14-leaky.md:10: warning: `updates[0].message` contains an @mention `@sam.lee`{tail}",
        "incidents/2026-03-14-leaky.md:17: warning: the public description contains `ACME-1234`, which "
        f"matches `public_text_patterns` entry `\\bACME-\\d+\\b`{tail}",
        "incidents/2026-03-14-leaky.md:17: warning: the public description contains a private IP address "
        f"`192.168.10.7`{tail}",
    ]


def test_headings_emails_fragments_issue_numbers_and_percentages_are_fine(tmp_path: Path) -> None:
    site = load(write_site(tmp_path, {"2026-03-14-clean": CLEAN}))
    assert site.problems == []
    assert formatted(site, "2026-03-15T00:00:00Z", "public-text") == []


def test_detector_edge_cases() -> None:
    def found(text: str) -> list[str]:
        return [f.text for f in find_internal_details(text, [])]

    assert found("# Impact\n## impact") == []
    assert found("ops@acme.corp") == ["acme.corp"]  # an internal domain, even in an address
    assert found("foo.local.example.com and a .local suffix") == []
    assert found("172.15.0.1 172.16.0.1 172.31.255.255 172.32.0.1 127.0.0.1 300.1.1.1") == [
        "172.16.0.1", "172.31.255.255", "127.0.0.1"]
    assert found("v10.0.0.1 and 10.0.0.1:8080.") == ["10.0.0.1"]
    assert found("join #incidents, not #42 or &#39; or page#top") == ["#incidents"]
    assert found("(@here) and name@example.com and https://medium.com/@author") == ["@here"]


def test_public_postmortems_are_checked_internal_ones_are_not(tmp_path: Path) -> None:
    incident = incident_text("X", "SEV3", "2026-03-14T09:00:00Z", "2026-03-14T10:00:00Z")
    site = load(write_site(tmp_path, {"2026-03-14-x": incident}, {
        "public": postmortem_text("Outage of grafana.corp", ["2026-03-14-x"], visibility="public"),
        "internal": postmortem_text("Outage of grafana.corp", ["2026-03-14-x"]),
    }))
    assert formatted(site, "2026-03-15T00:00:00Z", "public-text") == [
        "postmortems/public.md:2: warning: `title` contains an internal host name `grafana.corp`; "
        "keep internal details out of public text"
    ]


def test_an_invalid_site_pattern_is_a_config_error(tmp_path: Path) -> None:
    incident = incident_text("X", "SEV3", "2026-03-14T09:00:00Z", "2026-03-14T10:00:00Z")
    write_site(tmp_path, {"2026-03-14-x": incident}, public_text_patterns=["(unclosed"])
    with pytest.raises(ContentError) as caught:
        load(tmp_path)
    assert [p.format() for p in caught.value.problems] == [
        "mkdocs.yml:11: error: plugins.statuspress: `public_text_patterns` `(unclosed` is not a valid "
        "regular expression: missing ), unterminated subpattern at position 0"
    ]


# --- 4. overdue action items --------------------------------------------------------

ACTIONS = """\
---
title: API down
incidents: [2026-03-13-api]
status: published
action_items:
  - title: Add alert on queue depth
    owner: Sam Lee
    due: 2026-04-01
    status: open
  - title: Canary config changes
    owner: Dana Ortiz
    due: 2026-03-30
    status: in_progress
  - title: Validate config in CI
    owner: Sam Lee
    due: 2026-03-01
    status: done
  - title: Rewrite the gateway
    owner: Jo Kim
    due: 2026-03-01
    status: wont_do
---
""" + "".join(f"## {s}\n\nText.\n\n" for s in (
    "Summary", "Impact", "Timeline", "Root Cause", "Contributing Factors", "What Went Well", "What Went Poorly"))


def test_overdue_action_items(tmp_path: Path) -> None:
    site = load(write_site(tmp_path, {"2026-03-13-api": SEV1_FRIDAY}, {"2026-03-16-api": ACTIONS}))
    assert site.problems == []
    assert formatted(site, "2026-04-01T12:00:00Z", "action-overdue") == [
        "postmortems/2026-03-16-api.md:10: warning: action item 'Canary config changes' (owner Dana Ortiz) "
        "was due 2026-03-30 and is still in progress",
    ]
    assert formatted(site, "2026-04-02T00:00:00Z", "action-overdue") == [
        "postmortems/2026-03-16-api.md:6: warning: action item 'Add alert on queue depth' (owner Sam Lee) "
        "was due 2026-04-01 and is still open",
        "postmortems/2026-03-16-api.md:10: warning: action item 'Canary config changes' (owner Dana Ortiz) "
        "was due 2026-03-30 and is still in progress",
    ]


# --- wired into `statuspress validate` ---------------------------------------------


def test_validate_reports_process_warnings_and_strict_fails(tmp_path: Path) -> None:
    write_site(tmp_path, {"2026-03-13-api": SEV1_FRIDAY}, {"2026-03-16-api": ACTIONS})
    runner = CliRunner()
    env = {"SOURCE_DATE_EPOCH": str(int(utc("2026-04-02T00:00:00Z").timestamp()))}
    args = ["validate", "-f", str(tmp_path / "mkdocs.yml")]
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "postmortems/2026-03-16-api.md:6: warning: action item 'Add alert on queue depth' (owner Sam Lee) "
        "was due 2026-04-01 and is still open\n"
        "postmortems/2026-03-16-api.md:10: warning: action item 'Canary config changes' (owner Dana Ortiz) "
        "was due 2026-03-30 and is still in progress\n"
        "2 warnings in 1 of 2 files\n"
    )
    strict = runner.invoke(cli, [*args, "--strict"], env=env)
    assert strict.exit_code == 1
    assert re.findall(r": (error|warning): ", strict.output) == ["error", "error"]
