"""`statuspress import statuspage`: this site's own API JSON round trip, hand-written
Manage API pages with local offsets and affected_components, and the GitHub corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.builds import mkdocs_build
from tests.support.corpora import (
    GITHUB_STATUS,
    github_corpus,  # noqa: F401  (a fixture)
)
from tests.support.importing import body, errors, front, run_import
from tests.support.sites import write_site

REPO = Path(__file__).resolve().parents[1]
AT = "2026-12-20T00:00:00Z"

#: Component ids the importer makes from this site's names (slugs of the names).
RENAMED = {"hosted-checkout": "checkout", "payments-api": "api", "sign-in-and-sso": "auth", "developer-docs": "docs"}


def _example_site(tmp_path: Path) -> Path:
    """A copy of this repository's example site (content and config only)."""
    root = tmp_path / "example"
    for name in ("incidents", "postmortems", "pages", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _normalised(document: Any, *, renamed: dict[str, str]) -> Any:
    """Component ids as the original site has them, and an incident's components by name.
    Bodies are compared exactly: the API's plain text keeps paragraphs and link URLs, and
    reads back as Markdown that gives the same text."""
    if isinstance(document, dict):
        out = {k: _normalised(v, renamed=renamed) for k, v in document.items()}
        if "incident_updates" in out and isinstance(out.get("components"), list):
            # An incident lists its components in the site's declared order, which the
            # API does not carry (components.json is in group order): compare as a set.
            out["components"] = sorted(out["components"], key=lambda row: row["name"])
        return out
    if isinstance(document, list):
        return [_normalised(v, renamed=renamed) for v in document]
    if isinstance(document, str):
        return renamed.get(document, document)
    return document


def test_round_trip_through_this_sites_own_api(tmp_path: Path) -> None:
    original = mkdocs_build(_example_site(tmp_path), at=AT, site_dir=tmp_path / "built-1")
    api = original / "api" / "v2"
    into = tmp_path / "imported"
    into.mkdir()
    code, output = run_import("statuspage", *sorted(api.rglob("*.json")), "--into", into, "--write-config")
    assert code == 0, output
    assert "  written: 23 files" in output  # 20 incidents, a notice, mkdocs.yml, pages/index.md
    assert "  not mappable: 0" in output
    assert "payments-api: Payments API (group API)" in output
    assert errors(into) == []

    outage = next(i for i in json.loads((api / "incidents.json").read_bytes())["incidents"]
                  if i["id"] == "2026-08-12-api-outage")
    assert next(u["body"] for u in outage["incident_updates"] if u["created_at"].startswith("2026-08-12T08:12")) == (
        "Our primary database failed over to a standby at 07:41 UTC. The failover\n"
        "itself completed, but our API servers are overloading the new primary while\n"
        "they reconnect. We are reducing the load to let it recover.\n\n"
        "Payments that returned an error were not created. Requests sent with an\n"
        "idempotency key (https://docs.lumen.example/api/idempotency) are safe to retry."
    )

    rebuilt = mkdocs_build(into, at=AT, site_dir=tmp_path / "built-2")
    for path in sorted(api.rglob("*.json")):
        relative = path.relative_to(original)
        before = _normalised(json.loads(path.read_bytes()), renamed={})
        after = _normalised(json.loads((rebuilt / relative).read_bytes()), renamed=RENAMED)
        if relative.name == "incidents.json":
            # The public API does not carry postmortem text, so the two incidents with a
            # public postmortem come back "resolved"; the import says so (below).
            for incident in before["incidents"]:
                if incident["status"] == "postmortem":
                    incident["status"] = "resolved"
        assert after == before, relative
    assert output.count("the incident has a postmortem, but its text is not in this document") == 2
    # Nothing is dropped silently: what has no equivalent is counted, per file.
    for name, count in (("incidents.json", 99), ("incidents/unresolved.json", 8), ("scheduled-maintenances.json", 6)):
        assert (f"{api / name}: incident_updates[].deliver_notifications ({count}): have no equivalent "
                "in statuspress and were not imported") in output

    # A second run writes nothing.
    code, again = run_import("statuspage", *sorted(api.rglob("*.json")), "--into", into, "--write-config")
    assert code == 0
    assert "  written: 0 files" in again and "  skipped, already present: 21 files" in again


MANAGE_PAGE = [
    {
        "id": "p31zjtct2jer",
        "name": "Elevated errors on checkout",
        "status": "postmortem",
        "impact": "major",
        "created_at": "2022-02-15T13:14:17.744-08:00",
        "updated_at": "2022-02-16T09:00:00.000-08:00",
        "started_at": "2022-02-15T13:10:00.000-08:00",
        "resolved_at": "2022-02-15T14:02:11.000-08:00",
        "shortlink": "https://stspg.io/p31zjtct2jer",
        "postmortem_body": "## Summary\n\nA bad deploy.\n\n## Impact\n\nCheckout failed for 5%.",
        "postmortem_published_at": "2022-02-18T10:00:00.000-08:00",
        "components": [{"id": "cmp1", "name": "Checkout", "status": "operational"}],
        "incident_updates": [
            {"id": "u3", "status": "resolved", "body": "This incident has been resolved.",
             "created_at": "2022-02-15T14:02:11.000-08:00", "display_at": "2022-02-15T14:02:11.000-08:00",
             "affected_components": [{"code": "cmp1", "name": "Checkout", "old_status": "partial_outage",
                                      "new_status": "operational"}]},
            {"id": "u2", "status": "identified", "body": "A deploy is being rolled back: see #4521.",
             "created_at": "2022-02-15T13:40:00.000-08:00", "display_at": "2022-02-15T13:40:00.000-08:00",
             "affected_components": [{"code": "cmp1", "name": "Checkout", "old_status": "degraded_performance",
                                      "new_status": "partial_outage"}]},
            {"id": "u1", "status": "investigating", "body": "We are investigating errors.",
             "created_at": "2022-02-15T13:14:17.744-08:00", "display_at": "2022-02-15T13:14:17.744-08:00",
             "affected_components": [{"code": "cmp1", "name": "Checkout", "old_status": "operational",
                                      "new_status": "degraded_performance"}]},
        ],
    },
    {
        "id": "mnt9",
        "name": "Database maintenance",
        "status": "completed",
        "impact": "maintenance",
        "created_at": "2022-03-01T09:00:00-08:00",
        "scheduled_for": "2022-03-05T22:00:00-08:00",
        "scheduled_until": "2022-03-06T00:00:00-08:00",
        "resolved_at": "2022-03-05T23:30:00-08:00",
        "components": [{"id": "cmp2", "name": "Database", "status": "operational"}],
        "incident_updates": [
            {"id": "m2", "status": "completed", "body": "Done.", "created_at": "2022-03-05T23:30:00-08:00"},
            {"id": "m1", "status": "scheduled", "body": "We will upgrade the database.",
             "created_at": "2022-03-01T09:00:00-08:00"},
        ],
    },
]


def test_manage_api_page_with_local_offsets(tmp_path: Path) -> None:
    source = tmp_path / "incidents-page-1.json"
    source.write_text(json.dumps(MANAGE_PAGE), encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "checkout", "name": "Checkout"}])
    code, output = run_import("statuspage", source, "--into", into, "--write-config")
    assert code == 0, output
    assert "components added to mkdocs.yml: database" in output

    incident = into / "incidents" / "2022-02-15-elevated-errors-on-checkout-p31zjtct2jer.md"
    data = front(incident)
    assert data["started"] == "2022-02-15T13:10:00-08:00"  # the offset is kept
    assert data["resolved"] == "2022-02-15T14:02:11-08:00"
    assert (data["severity"], data["impact"]) == ("SEV2", "major")
    # The status the first update gave it; the later moves are the updates' own.
    assert data["components"] == {"checkout": "degraded_performance"}
    assert data["updates"] == [
        {"at": "2022-02-15T13:14:17.744-08:00", "status": "investigating", "message": "We are investigating errors."},
        {"at": "2022-02-15T13:40:00-08:00", "status": "identified", "message": "A deploy is being rolled back: see #4521.",
         "components": {"checkout": "partial_outage"}},
        {"at": "2022-02-15T14:02:11-08:00", "status": "resolved", "message": "This incident has been resolved."},
    ]
    postmortem = into / "postmortems" / "2022-02-15-elevated-errors-on-checkout-p31zjtct2jer.md"
    pm = front(postmortem)
    # Without every required section the postmortem waits, public, as a draft.
    assert pm["visibility"] == "public" and pm["status"] == "draft"
    assert pm["incidents"] == ["2022-02-15-elevated-errors-on-checkout-p31zjtct2jer"]
    assert str(pm["date"]) == "2022-02-18"
    assert body(postmortem).startswith("## Summary\n\nA bad deploy.")
    assert "postmortem_body: lacks the sections" in output

    window = front(into / "incidents" / "2022-03-06-database-maintenance-mnt9.md")
    assert window["type"] == "maintenance" and window["components"] == ["database"]
    assert (window["scheduled_start"], window["scheduled_end"]) == ("2022-03-05T22:00:00-08:00", "2022-03-06T00:00:00-08:00")
    assert window["resolved"] == "2022-03-05T23:30:00-08:00"
    assert errors(into) == []


def test_affected_components_become_per_update_changes(tmp_path: Path) -> None:
    record = dict(MANAGE_PAGE[0], impact="minor", postmortem_body=None)
    source = tmp_path / "page.json"
    source.write_text(json.dumps([record]), encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "checkout", "name": "Checkout"}])
    assert run_import("statuspage", source, "--into", into)[0] == 0
    (path,) = (into / "incidents").glob("*.md")
    # minor implies degraded_performance, the first update's status: a plain list; the
    # second update's partial_outage is that update's own change.
    data = front(path)
    assert data["components"] == ["checkout"]
    assert [u.get("components") for u in data["updates"]] == [None, {"checkout": "partial_outage"}, None]


def test_never_overwrites_a_changed_file_without_force(tmp_path: Path) -> None:
    source = tmp_path / "page.json"
    source.write_text(json.dumps(MANAGE_PAGE[:1]), encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "checkout", "name": "Checkout"}])
    assert run_import("statuspage", source, "--into", into)[0] == 0
    (path,) = (into / "incidents").glob("*.md")
    edited = path.read_text(encoding="utf-8").replace("Elevated errors", "Errors")
    path.write_text(edited, encoding="utf-8")
    (into / "postmortems" / path.name).unlink()
    code, output = run_import("statuspage", source, "--into", into)
    assert code == 1
    assert "nothing written: 1 files exist with other content (run again with --force" in output
    assert (f"    incidents/{path.name}\n"
            "  held back with them (new or changed): 1 files\n"
            f"    postmortems/{path.name}\n") in output
    assert path.read_text(encoding="utf-8") == edited
    assert not (into / "postmortems" / path.name).exists()  # nothing half-written
    code, output = run_import("statuspage", source, "--into", into, "--force")
    assert code == 0 and "  written: 2 files" in output
    assert "Elevated errors" in path.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "page.json"
    source.write_text(json.dumps(MANAGE_PAGE), encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "checkout", "name": "Checkout"}])
    code, output = run_import("statuspage", source, "--into", into, "--dry-run")
    assert code == 0 and "  would write: 3 files" in output
    assert "not in mkdocs.yml (run again with --write-config to add them): database" in output
    assert list((into / "incidents").glob("*.md")) == []


def test_a_record_that_cannot_be_mapped_is_listed(tmp_path: Path) -> None:
    bad = dict(MANAGE_PAGE[1], scheduled_until=None, resolved_at=None, incident_updates=[], id="nowindow")
    source = tmp_path / "page.json"
    source.write_text(json.dumps([MANAGE_PAGE[0], bad]), encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "checkout", "name": "Checkout"}])
    code, output = run_import("statuspage", source, "--into", into)
    assert code == 0
    assert (f"{source}: incident 'nowindow': a maintenance without `scheduled_until` or `resolved_at` "
            "has no end") in output


@pytest.mark.usefixtures("github_corpus")
def test_github_jsonl_corpus_through_the_command(tmp_path: Path) -> None:
    into = tmp_path / "github"
    into.mkdir()
    code, output = run_import("statuspage", GITHUB_STATUS, "--into", into, "--write-config")
    assert code == 0, output
    assert len(list((into / "incidents").glob("*.md"))) == 819
    assert "  not mappable: 0" in output
    assert "pull-requests: Pull Requests" in output
    assert errors(into) == []


def test_write_config_keeps_the_rest_of_mkdocs_yml(tmp_path: Path) -> None:
    root = _example_site(tmp_path)
    before = (root / "mkdocs.yml").read_text(encoding="utf-8")
    source = tmp_path / "page.json"
    source.write_text(json.dumps(MANAGE_PAGE), encoding="utf-8")
    code, output = run_import("statuspage", source, "--into", root, "--write-config")
    assert code == 0, output
    assert "components added to mkdocs.yml: checkout-2, database" in output  # `checkout` is taken by another name
    after = (root / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "          description: docs.lumen.example.\n"
    head, tail = before.split(anchor)
    assert after == head + anchor + (
        "        - id: checkout-2\n"
        "          name: Checkout\n"
        "        - id: database\n"
        "          name: Database\n"
    ) + tail  # comments, !ENV tags and everything else kept
    assert errors(root) == []


def test_a_component_the_site_declares_keeps_its_id(tmp_path: Path) -> None:
    source = tmp_path / "page.json"
    source.write_text(json.dumps(MANAGE_PAGE[:1]), encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "shop", "name": "Checkout"}])
    code, output = run_import("statuspage", source, "--into", into)
    assert code == 0 and "    shop: Checkout\n" in output and "not in mkdocs.yml" not in output
    (path,) = (into / "incidents").glob("*.md")
    assert front(path)["components"] == {"shop": "degraded_performance"}
    assert errors(into) == []


STATUSPAGE_ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:www.githubstatus.com,2005:/history</id>
  <title>GitHub Status - Incident History</title>
  <updated>2023-01-01T00:40:00Z</updated>
  <entry>
    <id>tag:www.githubstatus.com,2005:Incident/15088273</id>
    <published>2023-01-01T00:40:00Z</published>
    <updated>2023-01-01T00:40:00Z</updated>
    <link rel="alternate" type="text/html" href="https://www.githubstatus.com/incidents/zz1"/>
    <title>Incident with Git Operations</title>
    <content type="html">&lt;p&gt;&lt;small&gt;Jan &lt;var data-var='date'&gt; 1&lt;/var&gt;, &lt;var data-var='time'&gt;00:40&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - This incident has been resolved.&lt;/p&gt;&lt;p&gt;&lt;small&gt;Dec &lt;var data-var='date'&gt;31&lt;/var&gt;, &lt;var data-var='time'&gt;23:55&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Update&lt;/strong&gt; - Pushes over SSH &amp;amp; HTTPS are slow.&lt;/p&gt;&lt;p&gt;&lt;small&gt;Dec &lt;var data-var='date'&gt;31&lt;/var&gt;, &lt;var data-var='time'&gt;23:50&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are investigating reports of degraded performance.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_history_atom_fallback(tmp_path: Path) -> None:
    source = tmp_path / "history.atom"
    source.write_text(STATUSPAGE_ATOM, encoding="utf-8")
    into = write_site(tmp_path / "site")
    code, output = run_import("statuspage", source, "--into", into)
    assert code == 0, output
    data = front(into / "incidents" / "2022-12-31-incident-with-git-operations-15088273.md")
    # No year in the feed's dates: December is the year before the January entry.
    assert data == {
        "title": "Incident with Git Operations",
        "severity": "SEV4",
        "impact": "none",
        "started": "2022-12-31T23:50:00Z",
        "resolved": "2023-01-01T00:40:00Z",
        "updates": [
            {"at": "2022-12-31T23:50:00Z", "status": "investigating",
             "message": "We are investigating reports of degraded performance."},
            {"at": "2022-12-31T23:55:00Z", "message": "Pushes over SSH & HTTPS are slow."},
            {"at": "2023-01-01T00:40:00Z", "status": "resolved", "message": "This incident has been resolved."},
        ],
        "internal": {"source": "https://www.githubstatus.com/incidents/zz1", "statuspage_id": "15088273"},
    }
    assert "history.atom gives no impact or components: 1 entry imported with impact `none`" in output
    assert errors(into) == []


def test_this_sites_own_history_atom(tmp_path: Path) -> None:
    built = mkdocs_build(_example_site(tmp_path), at=AT, site_dir=tmp_path / "built")
    into = write_site(tmp_path / "site")
    code, output = run_import("statuspage", built / "history.atom", "--into", into)
    assert code == 0, output
    # The one maintenance still announced has no window in the feed, and says so.
    assert (f"{built / 'history.atom'}: entry[2]: a maintenance that has not completed: "
            "history.atom does not give its window") in output
    assert len(list((into / "incidents").glob("*.md"))) == 20
    # 20 written: the notice and the completed maintenance have their own kind; only the
    # other 18 are the entries given impact `none` for want of one.
    assert "  written: 20 files\n" in output and "  not mappable: 1\n" in output
    assert (f"{built / 'history.atom'}: entry: history.atom gives no impact or components: 18 entries imported "
            "with impact `none` and no components, for the author to complete") in output
    assert (f"{built / 'history.atom'}: incident '2026-12-10-holiday-support-hours': resolved_at: not resolved "
            "in the source: the notice is shown on the status page until you set `ends`") in output
    # The feed marks the notice's message, so the notice comes back as one (its `ends`
    # is in the feed only once it has passed, and `pinned` never is).
    notice = into / "incidents" / "2026-12-10-holiday-support-hours.md"
    assert notice.read_text(encoding="utf-8") == (
        "---\n"
        "title: Support hours over the holidays\n"
        "type: notice\n"
        "started: 2026-12-10T09:00:00Z\n"
        "updates:\n"
        "- at: 2026-12-14T16:00:00Z\n"
        "  message: Phone support will also be closed on 31 December. Chat and e-mail stay open.\n"
        "internal:\n"
        "  source: https://status.lumen.example/incidents/2026-12-10-holiday-support-hours/\n"
        "  statuspage_id: 2026-12-10-holiday-support-hours\n"
        "---\n"
        "From 24 December to 3 January our support team answers chat and e-mail from\n"
        "09:00 to 17:00 UTC, and phone support is closed on 25 and 26 December and on\n"
        "1 January.\n"
        "\n"
        "Payments, payouts and the API run as usual, and our on-call engineers watch them\n"
        "around the clock. For an urgent problem, write to support@lumen.example with\n"
        "\"URGENT\" in the subject.\n"
    )
    window = front(into / "incidents" / "2026-09-13-primary-database-upgrade.md")
    assert (window["scheduled_start"], window["resolved"]) == ("2026-09-13T02:00:00Z", "2026-09-13T03:26:00Z")
    assert errors(into) == []


def test_odd_values_are_findings_not_tracebacks(tmp_path: Path) -> None:
    odd = [
        {"id": "a1", "name": "No times at all", "impact": "minor"},
        {"id": "a2", "name": "Updates as text", "impact": "minor", "started_at": "2022-01-01T00:00:00Z",
         "incident_updates": "resolved", "components": 7},
        {"id": "a3", "name": "Naive time", "impact": "minor", "started_at": "2022-01-01 10:00"},
        {"id": "a4", "name": "Odd impact", "impact": "apocalyptic", "started_at": "2022-01-01T00:00:00Z"},
        {"id": "a5", "name": ["not", "text"], "impact": "minor", "started_at": 1641000000,
         "incident_updates": [{"status": "investigating", "created_at": None}]},
        "not an incident",
    ]
    source = tmp_path / "odd.json"
    source.write_text(json.dumps(odd), encoding="utf-8")
    into = write_site(tmp_path / "site")
    code, output = run_import("statuspage", source, "--into", into)
    assert code == 0, output
    assert f"{source}: incident 'a1': neither `started_at`, `created_at` nor an update gives a start" in output
    assert (f"{source}: incident 'a2': incident_updates: `incident_updates` is not a list; "
            "no updates were imported") in output
    assert (f"{source}: incident 'a3': `started_at`: `2022-01-01 10:00` has no UTC offset; "
            "pass --time-zone to say which zone it is in") in output
    assert (f"{source}: incident 'a4': `impact` is `apocalyptic`; expected one of critical, major, minor, "
            "none or maintenance") in output
    assert f"{source}: incident 'a5': `incident_updates[0].created_at` is missing" in output
    assert f"{source}: [5]: is not an incident object (found str)" in output
    assert errors(into) == []


def test_a_file_that_is_not_json(tmp_path: Path) -> None:
    source = tmp_path / "broken.json"
    source.write_text('{"incidents": [', encoding="utf-8")
    code, output = run_import("statuspage", source, "--into", write_site(tmp_path / "site"))
    assert code == 1
    assert f"{source}: is not JSON (line 1: Expecting value)" in output


def test_a_bad_json_lines_record(tmp_path: Path) -> None:
    source = tmp_path / "history.jsonl"
    source.write_text('{"id": "1"}\n{"id": \n', encoding="utf-8")
    code, output = run_import("statuspage", source, "--into", write_site(tmp_path / "site"))
    assert code == 1
    assert f"{source}: line 2: not valid JSON: Expecting value" in output


def test_into_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    source = tmp_path / "page.json"
    source.write_text(json.dumps(MANAGE_PAGE), encoding="utf-8")
    code, output = run_import("statuspage", source, "--into", tmp_path / "nowhere")
    assert code == 2
    assert (f"Error: no mkdocs.yml in {tmp_path / 'nowhere'}: import --into a statuspress site, or pass "
            "--write-config to start one there") in output
    assert not (tmp_path / "nowhere").exists()


#: A Manage API page written by hand: local offsets (Pacific daylight time), an
#: incident whose updates move two components at different times, and an
#: informational incident (impact `none`, no component).
PER_UPDATE_PAGE = [
    {
        "id": "k8x2m1",
        "name": "API errors, then an outage",
        "status": "resolved",
        "impact": "critical",
        "created_at": "2022-05-03T08:05:00.000-07:00",
        "started_at": "2022-05-03T08:00:00.000-07:00",
        "resolved_at": "2022-05-03T10:30:00.000-07:00",
        "components": [{"id": "c-api", "name": "API"}, {"id": "c-web", "name": "Website"}],
        "incident_updates": [
            {"id": "r4", "status": "resolved", "body": "Resolved.", "created_at": "2022-05-03T10:30:00.000-07:00",
             "affected_components": [
                 {"code": "c-api", "name": "API", "old_status": "degraded_performance", "new_status": "operational"},
                 {"code": "c-web", "name": "Website", "old_status": "degraded_performance",
                  "new_status": "operational"}]},
            {"id": "r3", "status": "monitoring", "body": "Recovering.", "created_at": "2022-05-03T09:45:00.000-07:00",
             "affected_components": [
                 {"code": "c-api", "name": "API", "old_status": "major_outage",
                  "new_status": "degraded_performance"}]},
            {"id": "r2", "status": "identified", "body": "The API is down.", "created_at": "2022-05-03T08:40:00.000-07:00",
             "affected_components": [
                 {"code": "c-api", "name": "API", "old_status": "degraded_performance", "new_status": "major_outage"},
                 {"code": "c-web", "name": "Website", "old_status": "operational",
                  "new_status": "degraded_performance"}]},
            {"id": "r1", "status": "investigating", "body": "Errors on the API.",
             "created_at": "2022-05-03T08:05:00.000-07:00",
             "affected_components": [
                 {"code": "c-api", "name": "API", "old_status": "operational",
                  "new_status": "degraded_performance"}]},
        ],
    },
    {
        "id": "inf7",
        "name": "New sign-in page",
        "status": "resolved",
        "impact": "none",
        "created_at": "2022-06-01T09:00:00.000-07:00",
        "started_at": "2022-06-01T09:00:00.000-07:00",
        "resolved_at": "2022-06-15T09:00:00.000-07:00",
        "components": [],
        "incident_updates": [
            {"id": "i3", "status": "resolved", "body": "The old page is gone.",
             "created_at": "2022-06-15T09:00:00.000-07:00", "affected_components": None},
            {"id": "i2", "status": "monitoring", "body": "Most customers now see the new page.",
             "created_at": "2022-06-08T09:00:00.000-07:00", "affected_components": None},
            {"id": "i1", "status": "investigating", "body": "We are rolling out a new sign-in page.",
             "created_at": "2022-06-01T09:00:00.000-07:00", "affected_components": None},
        ],
    },
]

PER_UPDATE_INCIDENT = """\
---
title: API errors, then an outage
severity: SEV1
impact: critical
components:
  api: degraded_performance
  website: operational
started: 2022-05-03T08:00:00-07:00
resolved: 2022-05-03T10:30:00-07:00
updates:
- at: 2022-05-03T08:05:00-07:00
  status: investigating
  message: Errors on the API.
- at: 2022-05-03T08:40:00-07:00
  status: identified
  message: The API is down.
  components:
    api: major_outage
    website: degraded_performance
- at: 2022-05-03T09:45:00-07:00
  status: monitoring
  message: Recovering.
  components:
    api: degraded_performance
- at: 2022-05-03T10:30:00-07:00
  status: resolved
  message: Resolved.
internal:
  statuspage_id: k8x2m1
---
"""

INFORMATIONAL_NOTICE = """\
---
title: New sign-in page
type: notice
started: 2022-06-01T09:00:00-07:00
ends: 2022-06-15T09:00:00-07:00
updates:
- at: 2022-06-08T09:00:00-07:00
  message: Most customers now see the new page.
- at: 2022-06-15T09:00:00-07:00
  message: The old page is gone.
internal:
  statuspage_id: inf7
  import_notes:
  - a notice has no stages; the update stages `investigating`, `monitoring` were left out
---
We are rolling out a new sign-in page.
"""


def test_affected_components_per_update_and_an_informational_notice(tmp_path: Path) -> None:
    source = tmp_path / "incidents-page-1.json"
    source.write_text(json.dumps(PER_UPDATE_PAGE), encoding="utf-8")
    into = write_site(tmp_path / "site", components=[{"id": "api", "name": "API"},
                                                      {"id": "website", "name": "Website"}])
    code, output = run_import("statuspage", source, "--into", into)
    assert code == 0, output
    # Each update's affected_components are its own components: (what the first
    # update opens and the resolution closes is implied by the format).
    assert (into / "incidents" / "2022-05-03-api-errors-then-an-outage-k8x2m1.md").read_text(
        encoding="utf-8") == PER_UPDATE_INCIDENT
    # Impact `none` and no component: a notice; the first update is its message.
    assert (into / "incidents" / "2022-06-01-new-sign-in-page-inf7.md").read_text(
        encoding="utf-8") == INFORMATIONAL_NOTICE
    assert errors(into) == []

    # The imported site's JSON says what the source said.
    built = mkdocs_build(into, at="2022-07-01T00:00:00Z")
    (incident, notice) = sorted(json.loads((built / "api/v2/incidents.json").read_bytes())["incidents"],
                                key=lambda i: i["started_at"])
    assert [[(c["code"], c["old_status"], c["new_status"]) for c in u["affected_components"] or []]
            for u in incident["incident_updates"]] == [
        [("api", "degraded_performance", "operational"), ("website", "degraded_performance", "operational")],
        [("api", "major_outage", "degraded_performance")],
        [("api", "degraded_performance", "major_outage"), ("website", "operational", "degraded_performance")],
        [("api", "operational", "degraded_performance")],
    ]
    assert incident["started_at"] == "2022-05-03T15:00:00.000Z"
    assert (notice["status"], notice["impact"], notice["components"]) == ("resolved", "none", [])
    assert (notice["started_at"], notice["resolved_at"]) == ("2022-06-01T16:00:00.000Z", "2022-06-15T16:00:00.000Z")
    assert [u["body"] for u in notice["incident_updates"]] == [
        "The old page is gone.", "Most customers now see the new page.", "We are rolling out a new sign-in page.",
    ]
    # The update posted when it ended is the one that resolved it, as in the source.
    assert [u["status"] for u in notice["incident_updates"]] == ["resolved", "identified", "identified"]


def test_an_ended_notice_comes_back_from_our_own_history_atom(tmp_path: Path) -> None:
    notice = ("---\ntitle: Our office moved\ntype: notice\nstarted: 2026-03-01T09:00:00Z\n"
              "ends: 2026-03-08T09:00:00Z\n---\nOur postal address changed.\n")
    built = mkdocs_build(write_site(tmp_path / "original", {"2026-03-01-office-move": notice}),
                         at="2026-03-20T12:00:00Z")
    into = write_site(tmp_path / "site")
    code, output = run_import("statuspage", built / "history.atom", "--into", into)
    assert code == 0, output
    assert front(into / "incidents" / "2026-03-01-office-move.md") == {
        "title": "Our office moved", "type": "notice",
        "started": "2026-03-01T09:00:00Z", "ends": "2026-03-08T09:00:00Z",
        "internal": {"source": "https://status.acme.test/incidents/2026-03-01-office-move/",
                     "statuspage_id": "2026-03-01-office-move"},
    }
    assert body(into / "incidents" / "2026-03-01-office-move.md") == "Our postal address changed.\n"
    assert errors(into) == []


def test_an_unresolved_notice_is_left_for_the_author(tmp_path: Path) -> None:
    # Impact `none`, no component, still open: a notice with no end, which stays on the
    # status page until someone sets `ends`; the summary says so, as for cState's.
    open_notice = {
        "id": "open1", "name": "Support hours change", "status": "investigating", "impact": "none",
        "created_at": "2022-06-01T09:00:00.000Z", "started_at": "2022-06-01T09:00:00.000Z",
        "resolved_at": None, "components": [],
        "incident_updates": [{"id": "u1", "status": "investigating", "body": "Support is open 8-20 from July.",
                              "created_at": "2022-06-01T09:00:00.000Z", "affected_components": None}],
    }
    source = tmp_path / "page.json"
    source.write_text(json.dumps([open_notice]), encoding="utf-8")
    into = write_site(tmp_path / "site")
    code, output = run_import("statuspage", source, "--into", into)
    assert code == 0, output
    assert "  left for the author: 2\n" in output  # and the `investigating` stage a notice cannot carry
    assert (f"    {source}: incident 'open1': resolved_at: not resolved in the source: the notice is shown "
            "on the status page until you set `ends`\n") in output
    written = front(into / "incidents" / "2022-06-01-support-hours-change-open1.md")
    assert (written["type"], written["started"]) == ("notice", "2022-06-01T09:00:00Z")
    assert "ends" not in written
    assert errors(into) == []
