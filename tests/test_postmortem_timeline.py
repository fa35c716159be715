"""Postmortem timelines are exact: how bare times are dated, a warning for a row that
goes back in time, and each event once in a table pre-filled by `new postmortem`."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from statuspress.authoring.new import postmortem_text, timeline_rows
from statuspress.content import load_site
from statuspress.load import load_site_config
from statuspress.views.postmortem_timeline import merged_timeline
from tests.support.sites import incident_text, load, write_site

REPO = Path(__file__).resolve().parents[1]


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def postmortem(table: str) -> str:
    return (
        "---\ntitle: API errors\nincidents: [2026-03-14-api]\nstatus: draft\n---\n"
        "## Summary\nShort.\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n" + table + "\n"
    )


def test_the_example_postmortem_stays_on_its_day() -> None:
    site = load_site(load_site_config(REPO / "mkdocs.yml"), REPO)
    pm = site.postmortems_by_id["2026-08-12-api-outage"]
    rows = merged_timeline(pm, [site.incidents_by_id[i] for i in pm.incidents]).rows
    table = [(r.at, r.text) for r in rows if r.kind == "postmortem"]
    assert {r.at.date() for r in rows if r.at is not None} == {t("2026-08-12T00:00").date()}
    # `07:41` after `07:41:05` is the same minute: kept in table order, not moved a day on.
    assert table[:3] == [
        (t("2026-08-12T07:40:30"), "Write latency on the primary database's storage volume exceeds 30 seconds."),
        (t("2026-08-12T07:41:05"), "The cluster manager promotes the standby. Failover complete."),
        (t("2026-08-12T07:41:05"), "All API servers reconnect at once; the new primary reaches its connection limit."),
    ]
    assert table[-1] == (t("2026-08-12T09:40"), "Incident resolved.")
    assert [p for p in site.problems if p.path.startswith("postmortems/2026-08-12")] == []


def test_a_row_that_goes_back_in_time_is_a_warning_not_a_day_shift(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()}, postmortems={
        "2026-03-18-api": postmortem("| 09:30 | Rolled back. |\n| 09:10 | Alert fired. |\n| 09:45 | Resolved. |"),
    })
    site = load(tmp_path)
    assert [(p.path, p.line, p.level, p.message) for p in site.problems if p.code == "timeline-order"] == [(
        "postmortems/2026-03-18-api.md", 14, "warning",
        ("the Timeline row at `09:10` is earlier than the row above it (`09:30`); rows are read in order, "
         "so check the time, or write the full date if it happened on another day"),
    )]
    pm = site.postmortems_by_id["2026-03-18-api"]
    rows = merged_timeline(pm, [site.incidents_by_id["2026-03-14-api"]]).rows
    assert [(r.at, r.text) for r in rows if r.kind == "postmortem"] == [
        (t("2026-03-14T09:10"), "Alert fired."),
        (t("2026-03-14T09:30"), "Rolled back."),
        (t("2026-03-14T09:45"), "Resolved."),
    ]


def test_a_table_that_crosses_midnight_moves_to_the_next_day_silently(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()}, postmortems={
        "2026-03-18-api": postmortem("| 23:50 | Deploy. |\n| 00:05 | Errors. |"),
    })
    site = load(tmp_path)
    assert [p for p in site.problems if p.code == "timeline-order"] == []
    pm = site.postmortems_by_id["2026-03-18-api"]
    rows = merged_timeline(pm, [site.incidents_by_id["2026-03-14-api"]]).rows
    assert [r.at for r in rows if r.kind == "postmortem"] == [t("2026-03-14T23:50"), t("2026-03-15T00:05")]


def test_a_prefilled_postmortem_shows_each_event_once(tmp_path: Path) -> None:
    incident = incident_text(extra="detected: 2026-03-14T09:04:30Z\nmitigated: 2026-03-14T09:40:00Z")
    write_site(tmp_path, incidents={"2026-03-14-api": incident})
    site = load(tmp_path)
    (loaded,) = site.incidents
    text = postmortem_text(site.config, loaded, t("2026-03-15T09:00"))
    (tmp_path / "postmortems" / "2026-03-14-api.md").write_text(text, encoding="utf-8")
    site = load(tmp_path)
    pm = site.postmortems_by_id["2026-03-14-api"]
    rows = merged_timeline(pm, list(site.incidents)).rows
    events = timeline_rows(loaded)
    # started, detected, mitigated, resolved and two public updates: six events, six rows.
    assert len(events) == 6
    assert [(r.at, r.kind) for r in rows] == [(moment, "postmortem") for moment, _, _ in events]
