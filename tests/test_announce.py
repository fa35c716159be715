"""``statuspress announce``: declaration, update and resolution messages, exact, in
each format; templates overridable; plain text never HTML-escaped."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.render.announce import announcement, render_announcement
from statuspress.views.incident_state import incident_state
from tests.support.sites import incident_text, load, maintenance_text, write_site

# As of 09:49: 47 min after `started` (09:02); the last update was at 09:30 and SEV1
# promises one every 30 min, so the next is due at 10:00.
AT = datetime(2026, 3, 14, 9, 49, tzinfo=timezone.utc)
ENV = {"SOURCE_DATE_EPOCH": str(int(AT.timestamp()))}

CHECKOUT = """\
---
title: Checkout errors for R&D <beta> merchants
severity: SEV1
components:
  api: major_outage
  web: partial_outage
started: 2026-03-14T09:02:00Z
detected: 2026-03-14T09:07:00Z
declared: 2026-03-14T09:10:00Z
updates:
  - at: 2026-03-14T09:12:00Z
    status: investigating
    message: We are investigating **elevated** error rates.
  - at: 2026-03-14T09:30:00Z
    message: |
      Errors are limited to requests in eu-west.

      We are rolling back a [configuration change](https://example.com/x?a=1&b=2).
internal:
  commander: Dana Ortiz
  channel: "#inc-2026-03-14-checkout"
---
"""

# Resolved on Friday 2026-03-13 at 10:13, 1 h 13 min after it started; a SEV2 needs a
# postmortem within 5 business days: Monday 16 .. Friday 20.
RESOLVED = """\
---
title: Slow database queries
severity: SEV2
components: [db]
started: 2026-03-13T09:00:00Z
mitigated: 2026-03-13T09:50:00Z
resolved: 2026-03-13T10:13:00Z
updates:
  - at: 2026-03-13T09:05:00Z
    status: investigating
    message: Queries are slow.
  - at: 2026-03-13T10:13:00Z
    status: resolved
    message: Query times are back to normal.
internal:
  commander: Sam Lee
---
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_site(tmp_path, {"2026-03-14-checkout": CHECKOUT, "2026-03-13-db": RESOLVED})


def announce(root: Path, *args: str):
    return CliRunner().invoke(cli, ["announce", *args, "-f", str(root / "mkdocs.yml")], env=ENV)


def test_declared_as_plain_text_is_not_html_escaped(root: Path) -> None:
    result = announce(root, "2026-03-14-checkout", "--template", "declared")
    assert result.exit_code == 0, result.output
    assert result.output == """\
[SEV1] Incident declared: Checkout errors for R&D <beta> merchants

We have declared an incident and are working on it.

Severity: SEV1 (Critical)
Impact: Critical
Status: Investigating
Affected: API (major outage), Website (partial outage)
Started: 2026-03-14 09:02 UTC (47 min ago)
Incident commander: Dana Ortiz
Channel: #inc-2026-03-14-checkout

Errors are limited to requests in eu-west.

We are rolling back a configuration change (https://example.com/x?a=1&b=2).

Next update: by 2026-03-14 10:00 UTC (every 30 min)
Status page: https://status.acme.test/incidents/2026-03-14-checkout/
"""


def test_update_for_slack_escapes_control_characters(root: Path) -> None:
    result = announce(root, "2026-03-14-checkout", "--template", "update", "--format", "slack")
    assert result.exit_code == 0, result.output
    assert result.output == """\
:information_source: *[SEV1] Update: Checkout errors for R&amp;D &lt;beta&gt; merchants*
*Status:* Investigating  ·  *Severity:* SEV1 (Critical)  ·  *Impact:* Critical
*Affected:* API (major outage), Website (partial outage)
*Duration:* 47 min so far (started 2026-03-14 09:02 UTC)
*Incident commander:* Dana Ortiz
*Update* at 2026-03-14 09:30 UTC:
> Errors are limited to requests in eu-west.
>
> We are rolling back a configuration change (https://example.com/x?a=1&amp;b=2).
*Next update:* by 2026-03-14 10:00 UTC (every 30 min)
<https://status.acme.test/incidents/2026-03-14-checkout/|Status page>
"""


def test_update_by_email(root: Path) -> None:
    result = announce(root, "2026-03-14-checkout", "--template", "update", "--format", "email")
    assert result.output == """\
Subject: [SEV1] Update: Checkout errors for R&D <beta> merchants

Status: Investigating
Severity: SEV1 (Critical)
Impact: Critical
Affected: API (major outage), Website (partial outage)
Duration: 47 min so far (started 2026-03-14 09:02 UTC)
Incident commander: Dana Ortiz
Channel: #inc-2026-03-14-checkout

Update at 2026-03-14 09:30 UTC:
Errors are limited to requests in eu-west.

We are rolling back a configuration change (https://example.com/x?a=1&b=2).

Next update: by 2026-03-14 10:00 UTC (every 30 min)
Status page: https://status.acme.test/incidents/2026-03-14-checkout/
"""


def test_resolved_by_email_names_the_postmortem_due_date(root: Path) -> None:
    result = announce(root, "2026-03-13-db", "--template", "resolved", "--format", "email")
    assert result.exit_code == 0, result.output
    assert result.output == """\
Subject: [SEV2] Resolved: Slow database queries

The incident is resolved.

Duration: 1 h 13 min (2026-03-13 09:00 UTC to 2026-03-13 10:13 UTC)
Severity: SEV2 (Major)
Impact: Major
Affected: Database (partial outage)
Incident commander: Sam Lee

Resolved at 2026-03-13 10:13 UTC:
Query times are back to normal.

Postmortem: required for SEV2; due 2026-03-20 (5 business days after resolution)
Status page: https://status.acme.test/incidents/2026-03-13-db/
"""


def test_resolved_for_slack(root: Path) -> None:
    result = announce(root, "2026-03-13-db", "--template", "resolved", "--format", "slack")
    assert result.output == """\
:white_check_mark: *[SEV2] Resolved: Slow database queries*
*Duration:* 1 h 13 min (2026-03-13 09:00 UTC to 2026-03-13 10:13 UTC)
*Severity:* SEV2 (Major)  ·  *Impact:* Major
*Affected:* Database (partial outage)
*Incident commander:* Sam Lee
> Query times are back to normal.
*Postmortem:* required for SEV2; due 2026-03-20 (5 business days after resolution)
<https://status.acme.test/incidents/2026-03-13-db/|Status page>
"""


def test_templates_are_overridden_from_the_site(root: Path) -> None:
    # The same folder as the build's: the theme's custom_dir, whatever its name.
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: site-templates\n"), encoding="utf-8")
    assert "custom_dir: site-templates" in config.read_text(encoding="utf-8")
    (root / "overrides" / "statuspress" / "announce").mkdir(parents=True)
    (root / "overrides" / "statuspress" / "announce" / "update.text").write_text("not used\n")
    override = root / "site-templates" / "statuspress" / "announce" / "update.text"
    override.parent.mkdir(parents=True)
    override.write_text("{{ a.tag }} {{ a.title }} / IC {{ a.commander }} / next {{ a.next_update|utc }}\n")
    result = announce(root, "2026-03-14-checkout", "--template", "update")
    assert result.output == (
        "SEV1 Checkout errors for R&D <beta> merchants / IC Dana Ortiz / next 2026-03-14 10:00 UTC\n")
    # Other templates still come from the package.
    assert announce(root, "2026-03-14-checkout", "--template", "declared").output.startswith(
        "[SEV1] Incident declared: ")


def test_next_update_without_updates_and_without_a_cadence(tmp_path: Path) -> None:
    quiet = "---\ntitle: Quiet\nseverity: SEV2\ncomponents: [api]\nstarted: 2026-03-14T09:00:00Z\n---\n"
    minor = incident_text("Minor", "SEV3", "2026-03-14T09:00:00Z", None)
    site = load(write_site(tmp_path, {"quiet": quiet, "minor": minor}))
    # No update yet: the message being sent is the first, so the next is due at + 60 min.
    facts = announcement(incident_state(site.incidents_by_id["quiet"], AT), site.config)
    assert (facts.next_update_text, facts.latest, facts.commander) == (
        "by 2026-03-14 10:49 UTC (every 60 min)", None, None)
    text = render_announcement(incident_state(site.incidents_by_id["quiet"], AT), site.config, "update", "text")
    assert "Incident commander: not assigned yet\n\nNo public update has been posted yet.\n" in text
    # SEV3 posts at start and end only.
    facts = announcement(incident_state(site.incidents_by_id["minor"], AT), site.config)
    assert facts.next_update_text == "when it is resolved"


def test_unknown_id_is_one_line_and_exit_2(root: Path) -> None:
    result = announce(root, "2026-03-14-checkuot", "--template", "update")
    assert result.exit_code == 2
    assert result.output == (
        "error: there is no incident `2026-03-14-checkuot` in incidents/; did you mean `2026-03-14-checkout`?\n")


def test_a_maintenance_is_not_announced_as_an_incident(root: Path) -> None:
    (root / "incidents" / "2026-03-20-db.md").write_text(maintenance_text(), encoding="utf-8")
    result = announce(root, "2026-03-20-db", "--template", "declared")
    assert result.exit_code == 2
    assert result.output == (
        "error: `2026-03-20-db` is a maintenance; `statuspress announce` writes incident messages. "
        "`statuspress notify` tells subscribers when a maintenance is scheduled, starts and completes\n")


def test_resolved_template_needs_a_resolved_incident(root: Path) -> None:
    result = announce(root, "2026-03-14-checkout", "--template", "resolved")
    assert result.exit_code == 2
    assert result.output == (
        "error: `2026-03-14-checkout` is not resolved yet; set `resolved:` and add the final update first, "
        "or use --template update\n")


def test_a_file_path_is_accepted_and_an_invalid_file_reports_its_errors(root: Path) -> None:
    assert announce(root, "incidents/2026-03-13-db.md", "--template", "resolved").exit_code == 0
    (root / "incidents" / "broken.md").write_text(incident_text(severity="SEV9"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "statuspress", "announce", "broken", "--template", "update",
         "-f", str(root / "mkdocs.yml")],
        capture_output=True, text=True, env={**ENV, "PATH": ""},
    )
    assert result.returncode == 1
    assert result.stderr.startswith("incidents/broken.md:3: error: `severity` is `SEV9`")
