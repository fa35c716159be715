"""`statuspress import cstate`: cState's example site, and the messier content of real sites."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.support.builds import mkdocs_build, page, text, texts
from tests.support.corpora import CSTATE_EXAMPLE, require
from tests.support.importing import body, errors, front, run_import
from tests.support.sites import write_site


@pytest.fixture
def cstate_example() -> Path:
    return require(CSTATE_EXAMPLE)


def test_example_site_imports_validates_and_builds(tmp_path: Path, cstate_example: Path) -> None:
    into = tmp_path / "site"
    into.mkdir()
    code, output = run_import("cstate", cstate_example, "--into", into, "--write-config", "--time-zone", "UTC")
    assert code == 0, output
    assert "  written: 13 files" in output  # 11 issues, mkdocs.yml, pages/index.md
    issues = cstate_example / "content" / "issues"
    # The three informational posts are notices; none has an end, which the summary says.
    for name in ("2023-04-16-formatting-testing.md", "2024-05-23-planning-meeting.md", "i-testing-cstate-functions.md"):
        assert (f"{issues / name}: resolvedWhen: no end after `date`: the notice is shown on the status page "
                "until you set `ends`") in output
    # What config.yml says that statuspress cannot show is listed, with its key.
    config = cstate_example / "config.yml"
    assert (f"  not mappable: 4\n"
            f"    {config}: params.systems[Website].histogram: has no equivalent in statuspress; not imported\n"
            f"    {config}: params.systems[Website].link: has no equivalent in statuspress; not imported\n"
            f"    {config}: params.categories[North Coast].description: a group has no description in "
            "statuspress; not imported: The main servers are located here.\n"
            f"    {config}: params.categories[North Coast].closed: groups are always shown open in statuspress; "
            "not imported\n") in output
    assert (into / "incidents" / "2024-05-23-planning-meeting.md").read_text(encoding="utf-8") == (
        "---\n"
        "title: cState v6 Planning Meeting\n"
        "type: notice\n"
        "started: 2024-02-24T10:35:00Z\n"
        "internal:\n"
        "  source: 'cstate: content/issues/2024-05-23-planning-meeting.md'\n"
        "---\n"
        "It's true, we are not going to be able to fix the issues in the next few days. We will be working on "
        "the next version of cState, which will be released in the coming weeks. We will also be working on a "
        "new website, which will be released in the coming months.\n"
    )
    assert "gateway: Gateway (group North Coast)" in output and "    api: API\n" in output
    assert errors(into) == []

    resolved = front(into / "incidents" / "2018-04-13-unavailable-guilds-connection-issues.md")
    assert resolved["severity"] == "SEV1" and resolved["impact"] == "critical"
    assert resolved["components"] == {"api": "major_outage", "media-proxy": "major_outage"}
    assert (resolved["started"], resolved["resolved"]) == ("2018-04-13T15:54:00Z", "2018-04-13T17:30:00Z")
    assert [(u["at"], u.get("status")) for u in resolved["updates"]] == [
        ("2018-04-13T15:54:00Z", "investigating"),
        ("2018-04-13T16:50:00Z", "monitoring"),
        ("2018-04-13T17:30:00Z", None),
        ("2018-04-13T17:30:00Z", "resolved"),
    ]
    assert resolved["updates"][1]["message"].startswith("After hitting the ole reboot button")
    assert body(into / "incidents" / "2018-04-13-unavailable-guilds-connection-issues.md").startswith(
        "*Post-mortem*\n\nAt approximately 14:01")

    window = front(into / "incidents" / "2024-02-24-maintenance-window.md")
    assert window["type"] == "maintenance" and window["components"] == {"api": "under_maintenance"}
    assert (window["scheduled_start"], window["scheduled_end"]) == ("2024-02-24T10:35:00Z", "2024-02-24T11:35:00Z")

    # Unknown keys are kept for responders, never dropped.
    assert front(into / "incidents" / "2024-12-27-dns-resolution-api.md")["internal"]["cstate"] == {
        "automated": True, "id": "dns-resolution-api"}

    site = mkdocs_build(into, at="2025-01-10T00:00:00Z")
    incident_page = page(site, "incidents/2018-04-13-unavailable-guilds-connection-issues/")
    assert "After hitting the ole reboot button" in text(incident_page)
    assert texts(page(site, ""), "//section[@aria-labelledby='sp-notices']//h3") == [
        "cState v6 Planning Meeting", "Formatting testing", "Testing New cState Features"]

    code, again = run_import("cstate", cstate_example, "--into", into, "--write-config", "--time-zone", "UTC")
    assert code == 0 and "  written: 0 files" in again and "  skipped, already present: 11 files" in again


def test_naive_dates_need_a_time_zone(tmp_path: Path, cstate_example: Path) -> None:
    into = write_site(tmp_path / "site")
    _code, output = run_import("cstate", cstate_example, "--into", into, "--dry-run")
    issue = cstate_example / "content" / "issues" / "2018-01-17-sending-dms-impacted.md"
    assert (f"{issue}: date: `2017-12-17 16:24:00` has no UTC offset; pass --time-zone to say which "
            "zone it is in") in output
    # The one issue with an offset is still imported.
    assert "    incidents/2024-12-27-dns-resolution-api.md" in output


def test_track_times_far_from_the_front_matter_do_not_move_the_incident(tmp_path: Path, cstate_example: Path) -> None:
    # cState shows `date`/`resolvedWhen` as the incident's times; these two examples carry
    # `track` times copied from other posts (a month later, five months earlier).
    into = write_site(tmp_path / "site")
    code, output = run_import("cstate", cstate_example, "--into", into, "--time-zone", "UTC", "--write-config")
    assert code == 0, output
    issues = cstate_example / "content" / "issues"
    assert (f"{issues / '2018-05-25-us-east-conn-issues.md'}: track: `track` times are 30 days 1 h after "
            "`resolvedWhen` 2018-04-25 04:13:59 UTC; the updates were dated 2018-05-25 04:13:00 UTC to "
            "2018-05-25 05:54:00 UTC. Kept `date` and `resolvedWhen` (the times cState shows) and the updates "
            "as text in the description, with their `track` times written out; correct them by hand if they "
            "were real updates") in output
    assert (f"{issues / '2024-07-23-excitement.md'}: track: `track` times are 150 days before `date` "
            "2024-07-23 10:35:00 UTC; the updates were dated 2024-02-24 10:35:00 UTC.") in output
    us_east = front(into / "incidents" / "2018-05-25-us-east-conn-issues.md")
    assert (us_east["started"], us_east["resolved"]) == ("2018-04-25T04:13:00Z", "2018-04-25T04:13:59Z")
    assert "updates" not in us_east
    assert body(into / "incidents" / "2018-05-25-us-east-conn-issues.md").endswith(
        "*Investigating* - We're aware of reports that users are experiencing connection issues on the East "
        "coast of the United States. We're currently investigating these issues, and apologize for any "
        "inconvenience it may be causing you. (2018-05-25 04:13:00)\n")
    excitement = front(into / "incidents" / "2024-07-23-excitement.md")
    assert (excitement["started"], excitement["resolved"]) == ("2024-07-23T10:35:00Z", "2024-07-23T10:38:00Z")
    assert body(into / "incidents" / "2024-07-23-excitement.md").startswith(
        "Our servers are down for a few minutes. We will be back up shortly. (2024-02-24 10:35:00)\n")
    # An undated cState file name gets the README's `YYYY-MM-DD-slug` id, from `date` and the title.
    assert not (into / "incidents" / "i-testing-cstate-functions.md").exists()
    testing = front(into / "incidents" / "2019-10-04-testing-new-cstate-features.md")
    assert (testing["title"], testing["type"]) == ("Testing New cState Features", "notice")
    # Track times within a day of the front-matter are still the updates.
    guilds = front(into / "incidents" / "2018-04-13-unavailable-guilds-connection-issues.md")
    assert [u["at"] for u in guilds["updates"]][:3] == [
        "2018-04-13T15:54:00Z", "2018-04-13T16:50:00Z", "2018-04-13T17:30:00Z"]
    assert errors(into) == []


MESSY = {
    "config.yml": """
        title: Messy Status
        params:
          categories:
            - name: Core
          systems:
            - name: API
              category: Core
            - name: Web App
              category: Core
    """,
    "content/issues/2022-05-01-web.md": """
        ---
        title: "Web app: slow pages"
        date: 2022-05-01 10:00:00
        # resolved: false
        resolved: true
        resolvedWhen:
        severity: disrupted
        affected:
          - Web App
          - Billing
        section: issue
        ---
        Pages load slowly. {{< figure src="slow.png" >}}

        *Identified* - A cache node is down. {{< track "2022-05-01T10:20:00+02:00" >}}

        *Resolved* - The cache is back. {{< track "2022-05-01 11:00:00" >}}
    """,
    "content/issues/2022-06-01-api.md": """
        ---
        title: API outage
        date: 2022-06-01T08:00:00-08:00
        resolved: false
        # resolvedWhen: 2022-06-01 09:00:00
        severity: down
        affected:
        pin: true
        section: issue
        ---
    """,
}


def test_messy_real_content(tmp_path: Path) -> None:
    src = tmp_path / "cstate"
    for name, content in MESSY.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "api", "name": "API"}])
    code, output = run_import("cstate", src, "--into", into, "--write-config", "--time-zone", "Europe/Berlin",
                              "--disrupted", "degraded_performance")
    assert code == 0, output
    web = front(into / "incidents" / "2022-05-01-web.md")
    assert web["title"] == "Web app: slow pages"
    assert (web["severity"], web["impact"], web["components"]) == ("SEV3", "minor", {"web-app": "degraded_performance"})
    assert web["started"] == "2022-05-01T10:00:00+02:00"  # naive, read in Europe/Berlin (CEST)
    assert web["resolved"] == "2022-05-01T11:00:00+02:00"  # empty resolvedWhen: the final update
    assert [(u["at"], u.get("status")) for u in web["updates"]] == [
        ("2022-05-01T10:20:00+02:00", "identified"), ("2022-05-01T11:00:00+02:00", "resolved")]
    assert body(into / "incidents" / "2022-05-01-web.md") == "Pages load slowly.\n"
    assert f"{src / 'content/issues/2022-05-01-web.md'}: affected: `Billing` is not a system in config.yml" in output
    assert "Hugo shortcodes in the description were removed: {{< figure src=\"slow.png\" >}}" in output

    api = front(into / "incidents" / "2022-06-01-api.md")
    assert api["started"] == "2022-06-01T08:00:00-08:00" and "resolved" not in api and "components" not in api
    assert (f"{src / 'content/issues/2022-06-01-api.md'}: pin: only a notice (`informational: true`) can be "
            "pinned in statuspress; the issue is imported unpinned") in output
    assert "components added to mkdocs.yml: web-app" in output
    assert errors(into) == []


PINNED_NOTICE = """\
---
title: Heads up
type: notice
pinned: true
started: 2024-01-01T10:00:00Z
updates:
- at: 2024-01-02T09:00:00Z
  message: The old IPs stop working on 1 February.
internal:
  source: 'cstate: content/issues/2024-01-01-heads-up.md'
  import_notes:
  - a notice has no stages; the update stages `investigating` were left out
---
New IPs.
"""


def test_a_notice_without_a_window_and_a_pinned_informational_post(tmp_path: Path) -> None:
    src = tmp_path / "cstate"
    (src / "content" / "issues").mkdir(parents=True)
    (src / "config.yml").write_text("params:\n  systems:\n    - name: API\n", encoding="utf-8")
    issue = src / "content" / "issues" / "2024-01-01-heads-up.md"
    issue.write_text("---\ntitle: Heads up\ndate: 2024-01-01T10:00:00Z\nseverity: notice\npin: true\naffected: [API]\n"
                     "---\nNew IPs.\n\n*Investigating* - The old IPs stop working on 1 February. "
                     "{{< track \"2024-01-02T09:00:00Z\" >}}\n", encoding="utf-8")
    post = src / "content" / "issues" / "2024-02-01-moved.md"
    post.write_text("---\ntitle: We moved\ndate: 2024-02-01T10:00:00Z\ninformational: true\n"
                    "resolved: true\nresolvedWhen: 2024-02-08T10:00:00Z\n---\nOur office moved.\n", encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "api", "name": "API"}])
    code, output = run_import("cstate", src, "--into", into)
    assert code == 0, output
    assert (into / "incidents" / "2024-01-01-heads-up.md").read_text(encoding="utf-8") == PINNED_NOTICE
    assert f"{issue}: affected: a notice names no component; API left out" in output
    moved = front(into / "incidents" / "2024-02-01-moved.md")
    assert (moved["type"], moved["started"], moved["ends"]) == ("notice", "2024-02-01T10:00:00Z", "2024-02-08T10:00:00Z")
    assert "pinned" not in moved
    assert errors(into) == []
