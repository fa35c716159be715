"""`statuspress import postmortems`: every file of the DFDS corpus, and the Google SRE and
PagerDuty templates as teams fill them in."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from tests.support.builds import mkdocs_build, page, text
from tests.support.corpora import DFDS_POSTMORTEMS, require
from tests.support.importing import body, errors, front, run_import
from tests.support.sites import incident_text, write_site

NOT_POSTMORTEMS = {
    "LICENSE": "not a postmortem: fewer than two of its headings are postmortem sections "
               "(Summary, Timeline, Root Cause, Action Items ...)",
    "README.md": "not a postmortem: fewer than two of its headings are postmortem sections "
                 "(Summary, Timeline, Root Cause, Action Items ...)",
    # "20202-01-16 12:00": a typo in every row.
    "PM2020-003 - Postmortem for ADSync migration.md": "Timeline: no row starts with a readable date "
        "(YYYY-MM-DD HH:MM), so the incident it needs has no start",
    "PMyyyy-nnn - Postmortem template.md": "Timeline: no row starts with a readable date "
        "(YYYY-MM-DD HH:MM), so the incident it needs has no start",
}


@pytest.fixture
def dfds() -> Path:
    return require(DFDS_POSTMORTEMS)


def test_every_dfds_file(tmp_path: Path, dfds: Path) -> None:
    into = write_site(tmp_path / "site")
    code, output = run_import("postmortems", dfds, "--into", into)
    assert code == 0, output
    files = sorted(p.name for p in dfds.iterdir() if p.is_file())
    assert len(files) == 42
    for name, reason in NOT_POSTMORTEMS.items():
        assert f"    {dfds / name}: {reason}\n" in output
    assert "  not mappable: 4\n" in output
    postmortems = sorted(p.stem for p in (into / "postmortems").glob("*.md"))
    assert len(postmortems) == len(files) - 4 == 38
    # One stub incident per postmortem, of the same id, so that each one validates.
    assert sorted(p.stem for p in (into / "incidents").glob("*.md")) == postmortems
    # Ids follow the README's YYYY-MM-DD-slug, dated by the Timeline, keeping the team's number.
    assert [name for name in postmortems if not re.match(r"\d{4}-\d\d-\d\d-pm\d{4}-\d{3}-", name)] == []
    assert "  written: 76 files" in output
    # Every file written is named, not only the first fifty.
    listed = [line.strip() for line in output.split("\n") if line.startswith("    ") and line.strip().endswith(".md")]
    assert sorted(listed) == sorted([f"incidents/{name}.md" for name in postmortems]
                                    + [f"postmortems/{name}.md" for name in postmortems])
    assert errors(into) == []

    adfs = into / "postmortems" / "2021-03-31-pm2021-004-adfs-outage.md"
    assert front(adfs) == {"title": "ADFS Outage", "incidents": ["2021-03-31-pm2021-004-adfs-outage"], "status": "draft"}
    assert body(adfs).startswith("## Summary\n\nOn Wednesday 31st March, the token signing")
    # Free-form action items have no owner or due date: they stay as text, said so.
    assert "## Action Items\n\n- Implement monitoring of ADFS" in body(adfs)
    assert f"{dfds / 'PM2021-004 - ADFS outage.md'}: Action Items: 3 of 3 items have no due date or owner" in output
    stub = front(into / "incidents" / "2021-03-31-pm2021-004-adfs-outage.md")
    assert (stub["started"], stub["resolved"], stub["severity"]) == ("2021-03-31T12:06:00Z", "2021-03-31T13:30:00Z", "SEV4")
    assert f"{dfds / 'PM2021-004 - ADFS outage.md'}: severity: not stated; the stub incident has SEV4" in output
    # "Date and Time in CET" is read as the fixed offset it names.
    cet = front(into / "incidents" / "2019-11-29-pm2019-009-kubernetes-network-infrastructure-ip-starvation.md")
    assert cet["started"] == "2019-11-29T12:00:00+01:00"
    # The file without a .md suffix is a postmortem too.
    assert (into / "postmortems" / "2022-10-29-pm2022-009-bad-aws-eks-ami-causing-kubernetes-issues.md").is_file()

    site = mkdocs_build(into, at="2026-01-01T00:00:00Z", audience="internal")
    assert "ADFS Outage" in text(page(site, "postmortems/2021-03-31-pm2021-004-adfs-outage/"))

    # Run again: the stubs are incidents of the site now (the author may have edited
    # them), so the postmortems link to them and nothing is written.
    code, again = run_import("postmortems", dfds, "--into", into)
    # Stubs the author has not touched count as already present, so the counts add up.
    assert code == 0 and "  written: 0 files\n  skipped, already present: 76 files\n" in again
    # An edited stub is the author's incident: linked to, neither counted nor overwritten.
    edited_stub = into / "incidents" / "2021-03-31-pm2021-004-adfs-outage.md"
    edited_stub.write_text(edited_stub.read_text(encoding="utf-8").replace("title: ADFS", "title: The ADFS"),
                           encoding="utf-8")
    code, third = run_import("postmortems", dfds, "--into", into)
    assert code == 0 and "  written: 0 files\n  skipped, already present: 75 files\n" in third
    assert "title: The ADFS" in edited_stub.read_text(encoding="utf-8")


GOOGLE_SRE = """
    # Shakespeare Sonnet++ Postmortem (incident #465)

    **Date**: 2015-10-21

    **Authors**: jennifer, martym, agoogler

    **Status**: Complete, action items in progress

    **Summary**: Shakespeare Search down for 66 minutes during a period of very high interest.

    **Impact**: Estimated 1.21B queries lost, no revenue impact.

    **Root Causes**: Cascading failure due to exceptionally high load and a resource leak.

    **Trigger**: Latent bug triggered by sudden increase in traffic.

    **Resolution**: Directed traffic to a sacrificial cluster and added 10x capacity.

    **Detection**: Borgmon detected a high level of HTTP 500s and paged on-call.

    ## Action Items

    | Action Item | Type | Owner | Due | Status | Bug |
    |---|---|---|---|---|---|
    | Update playbook with instructions for responding to cascading failure | mitigate | jennifer | 2015-11-01 | done | https://bugs.example/5554823 |
    | Use flux capacitor to balance load between clusters | prevent | martym | 2015-11-15 | in progress | Bug 5554824 |
    | Schedule cascading failure test during next DiRT | process | docbrown | | TODO | n/a |

    ## Contributing Factors

    The sonnet was discovered on a Wednesday.

    ## Lessons Learned

    ### What went well

    - Monitoring quickly alerted us to high rate (reaching ~100%) of HTTP 500s

    ### What went wrong

    - We're out of practice in responding to cascading failure

    ### Where we got lucky

    - Mailing list of Shakespeare aficionados had a copy of new sonnet available

    ## Timeline

    2015-10-21 (all times UTC)

    - 14:51 News reports that a new Shakespearean sonnet has been discovered
    - 14:53 Traffic to Shakespeare search increases by 88x
    - 15:56 Incident resolved

    ## Supporting information

    Monitoring dashboard: http://monitor.example/shakespeare
"""


def test_a_rerun_from_inside_the_site_counts_the_stub_as_present(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # As a user runs it: from the site folder, with the default `--into .`.
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "shakespeare-sonnet.md").write_text(textwrap.dedent(GOOGLE_SRE).lstrip("\n"),
                                                             encoding="utf-8")
    write_site(tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    code, first = run_import("postmortems", "../wiki")
    assert code == 0 and "  written: 2 files\n    incidents/2015-10-21-shakespeare-sonnet.md\n" in first
    code, again = run_import("postmortems", "../wiki")
    assert code == 0 and "  written: 0 files\n  skipped, already present: 2 files\n" in again


def test_google_sre_template(tmp_path: Path) -> None:
    src = tmp_path / "wiki"
    src.mkdir()
    (src / "shakespeare-sonnet.md").write_text(textwrap.dedent(GOOGLE_SRE).lstrip("\n"), encoding="utf-8")
    into = write_site(tmp_path / "site")
    code, output = run_import("postmortems", src, "--into", into)
    assert code == 0, output
    path = into / "postmortems" / "2015-10-21-shakespeare-sonnet.md"
    data = front(path)
    assert data["title"] == "Shakespeare Sonnet++ Postmortem (incident #465)"
    assert data["date"] == dt.date(2015, 10, 21)
    assert data["authors"] == ["jennifer", "martym", "agoogler"]
    assert data["status"] == "reviewed"  # "Complete", with every required section present
    assert data["action_items"] == [
        {"title": "Update playbook with instructions for responding to cascading failure", "owner": "jennifer",
         "due": dt.date(2015, 11, 1), "status": "done", "type": "mitigate", "link": "https://bugs.example/5554823"},
        {"title": "Use flux capacitor to balance load between clusters (Bug 5554824)", "owner": "martym",
         "due": dt.date(2015, 11, 15), "status": "in_progress", "type": "prevent"},
    ]
    text_ = body(path)
    headings = [line[3:] for line in text_.split("\n") if line.startswith("## ")]
    assert headings == [
        "Summary", "Impact", "Root Cause", "Trigger", "Resolution", "Detection", "Action Items",
        "Contributing Factors", "Lessons Learned", "What Went Well", "What Went Poorly", "Where We Got Lucky",
        "Timeline", "Supporting information",
    ]
    # The row without a due date stays in the table, under its header.
    assert "| Action Item | Type | Owner | Due | Status | Bug |\n|---|---|---|---|---|---|\n| Schedule cascading" in text_
    assert "Use flux capacitor" not in text_
    assert "1 of 3 items have no due date; kept as text in the section" in output
    stub = front(into / "incidents" / "2015-10-21-shakespeare-sonnet.md")
    assert (stub["started"], stub["resolved"]) == ("2015-10-21T14:51:00Z", "2015-10-21T15:56:00Z")
    assert errors(into) == []


PAGERDUTY = """
    ---
    title: Checkout latency after a config push
    incident: 2026-03-14-checkout-latency
    status: in review
    date: 2026-03-20
    authors: [Dana Ortiz, Sam Lee]
    ---
    ## Overview

    Checkout was slow for 40 minutes after a configuration push.

    ## What Happened

    A config push doubled the connection pool timeout.

    ## Contributing Factors

    No canary for configuration.

    ## Root Cause

    A timeout set in seconds was read as milliseconds.

    ## Resolution

    We rolled the configuration back.

    ## Impact

    12% of checkouts took more than 10 seconds.

    ## Timeline

    | Time (UTC) | Event |
    | --- | --- |
    | 2026-03-14 09:00 | Config pushed |
    | 2026-03-14 09:40 | Rolled back |

    ## How'd We Do?

    ### What Went Well

    - The rollback took two minutes.

    ### What Didn't Go So Well

    - Nobody was paged for 20 minutes.

    ## Action Items

    - [x] Add a canary for config pushes (owner: Sam Lee, due: 2026-03-25)
    - [ ] Page on checkout p99 latency @priya due 2026-04-01
    - [ ] Write a runbook for config rollbacks
"""


def test_pagerduty_template_names_its_incident(tmp_path: Path) -> None:
    src = tmp_path / "pm"
    src.mkdir()
    (src / "checkout-latency.md").write_text(textwrap.dedent(PAGERDUTY).lstrip("\n"), encoding="utf-8")
    into = write_site(tmp_path / "site", incidents={"2026-03-14-checkout-latency": incident_text()})
    code, output = run_import("postmortems", src, "--into", into)
    assert code == 0, output
    path = into / "postmortems" / "checkout-latency.md"
    data = front(path)
    assert data["incidents"] == ["2026-03-14-checkout-latency"]  # linked, so no stub
    assert not (into / "incidents" / "checkout-latency.md").exists()
    assert (data["status"], data["date"], data["authors"]) == ("in_review", dt.date(2026, 3, 20), ["Dana Ortiz", "Sam Lee"])
    assert data["action_items"] == [
        {"title": "Add a canary for config pushes", "owner": "Sam Lee", "due": dt.date(2026, 3, 25), "status": "done"},
        {"title": "Page on checkout p99 latency due 2026-04-01", "owner": "priya", "due": dt.date(2026, 4, 1),
         "status": "open"},
    ]
    text_ = body(path)
    assert "## Action Items\n\n- [ ] Write a runbook for config rollbacks" in text_
    assert "## Summary\n\nCheckout was slow" in text_ and "## What Happened\n\n" in text_
    assert "## What Went Poorly\n\n- Nobody was paged" in text_
    assert errors(into) == []
