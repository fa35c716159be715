"""The archive's derived views (statuspress.views.archive and .postmortem_timeline),
on the hand-checked fixture of tests/support/sites.py (``archive_site``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from statuspress.load import Site
from statuspress.load.timeline_table import parse_row_time
from statuspress.model.postmortem import Section
from statuspress.views.archive import (
    Archive,
    archive_view,
    first_paragraph,
    paginate_entries,
    section_anchors,
    slug,
    unique_slug,
)
from statuspress.views.metrics import ActionItemStats, action_item_stats
from statuspress.views.postmortem_timeline import merged_timeline
from tests.support.sites import archive_site

AT = datetime(2026, 9, 10, 12, 0, tzinfo=timezone.utc)
UTC = timezone.utc


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return archive_site(tmp_path_factory.mktemp("archive"))


@pytest.fixture(scope="module")
def archive(site: Site) -> Archive:
    return archive_view(site, AT)


def test_entries_newest_first_with_severity_duration_day_and_summary(archive: Archive) -> None:
    rows = [(e.id, e.severity, e.duration, e.day, e.summary) for e in archive.entries]
    assert rows == [
        # Two incidents: from the first start (07-15 14:00) to the last resolve (08-01 09:45);
        # the more severe of SEV2 and SEV3.
        ("2026-08-03-api-auth", "SEV2", timedelta(days=16, hours=19, minutes=45), date(2026, 8, 3),
         "Expired signing keys rejected logins."),
        ("2026-07-16-web-errors", "SEV3", timedelta(hours=1), date(2026, 7, 16), "Our CDN provider had an outage."),
        ("2026-07-03-db-failover", "SEV1", timedelta(hours=1, minutes=30), date(2026, 7, 3),
         "The primary database ran out of memory just before midnight."),
        # No date: the day its incident started.
        ("2026-05-22-api-latency", "SEV3", timedelta(hours=1, minutes=30), date(2026, 5, 20),
         "Latency rose for 90 minutes."),
        ("2026-04-17-web-down", "SEV2", timedelta(hours=1), date(2026, 4, 17),
         "A CDN rule sent every request to a deleted origin."),
        # No summary in the front-matter: the Summary's first paragraph, lines joined.
        ("2026-02-05-db-slow", "SEV2", timedelta(hours=2), date(2026, 2, 5),
         "The database was **slow** for two hours because a traffic spike exhausted its connection pool."),
        ("2025-12-12-api-errors", "SEV1", timedelta(hours=1), date(2025, 12, 12),
         "A gateway configuration change broke API authentication for an hour."),
    ]
    assert [i.id for i in archive.by_id["2026-08-03-api-auth"].incidents] == [
        "2026-07-15-web-errors", "2026-08-01-api-auth",
    ]


def test_facets_values_order_slugs_and_counts(archive: Archive) -> None:
    found = {f.kind: [(v.value, v.slug, v.count) for v in f.values] for f in archive.facets}
    assert [f.kind for f in archive.facets] == ["year", "severity", "status", "service", "tag", "root-cause"]
    assert found == {
        "year": [("2026", "2026", 6), ("2025", "2025", 1)],
        "severity": [("SEV1", "sev1", 2), ("SEV2", "sev2", 3), ("SEV3", "sev3", 2)],
        "status": [("draft", "draft", 1), ("in_review", "in-review", 1), ("reviewed", "reviewed", 1),
                   ("published", "published", 4)],
        "service": [("api", "api", 4), ("db", "db", 2), ("web", "web", 2), ("auth", "auth", 1),
                    ("gateway", "gateway", 1)],
        "tag": [("config-change", "config-change", 3), ("capacity", "capacity", 2), ("cdn", "cdn", 2),
                ("failover", "failover", 1), ("latency", "latency", 1), ("rollback", "rollback", 1),
                ("secrets", "secrets", 1), ("third-party", "third-party", 1)],
        "root-cause": [("config-change", "config-change", 3), ("resource-exhaustion", "resource-exhaustion", 2),
                       ("third-party", "third-party", 1)],
    }
    tag = next(f for f in archive.facets if f.kind == "tag")
    assert [e.id for e in tag.values[0].entries] == [
        "2026-08-03-api-auth", "2026-04-17-web-down", "2025-12-12-api-errors",
    ]


def test_related_ranked_by_shared_items_then_newest(archive: Archive) -> None:
    def related(pm_id: str) -> list[tuple[str, int, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        return [(r.entry.id, r.score, r.incidents, r.services, r.tags) for r in archive.related[pm_id]]

    assert related("2025-12-12-api-errors") == [
        ("2026-08-03-api-auth", 2, (), ("api",), ("config-change",)),
        ("2026-04-17-web-down", 2, (), ("api",), ("config-change",)),
        ("2026-05-22-api-latency", 1, (), ("api",), ()),
    ]
    assert related("2026-07-16-web-errors") == [
        ("2026-04-17-web-down", 2, (), ("web",), ("cdn",)),
        ("2026-08-03-api-auth", 1, ("2026-07-15-web-errors",), (), ()),
    ]
    assert related("2026-08-03-api-auth") == [
        ("2026-04-17-web-down", 2, (), ("api",), ("config-change",)),
        ("2025-12-12-api-errors", 2, (), ("api",), ("config-change",)),
        ("2026-07-16-web-errors", 1, ("2026-07-15-web-errors",), (), ()),
        ("2026-05-22-api-latency", 1, (), ("api",), ()),
    ]


def test_related_is_capped(archive: Archive) -> None:
    from statuspress.views.archive import related_postmortems

    capped = related_postmortems(archive.entries, limit=2)
    assert [r.entry.id for r in capped["2026-08-03-api-auth"]] == ["2026-04-17-web-down", "2025-12-12-api-errors"]


def test_tracker_groups_by_owner_overdue_first(archive: Archive, site: Site) -> None:
    tracker = archive.tracker
    groups = [
        (g.owner, g.overdue, g.open, g.done, g.wont_do,
         [(r.postmortem.id, r.item.title, r.overdue) for r in g.rows])
        for g in tracker.groups
    ]
    assert groups == [
        ("Dana Ortiz", 2, 2, 0, 0, [
            ("2025-12-12-api-errors", "Add a canary stage for config changes", True),
            ("2026-08-03-api-auth", "Rotate auth keys automatically", True),
        ]),
        ("Priya Raman", 1, 1, 1, 0, [
            ("2026-04-17-web-down", "Pin the CDN configuration", True),
            ("2026-07-16-web-errors", "Cache error pages", False),
        ]),
        # "sam lee" and "Sam Lee" are one owner, shown as first written.
        ("Sam Lee", 0, 2, 1, 0, [
            ("2026-07-03-db-failover", "Test failover monthly", False),
            ("2025-12-12-api-errors", "Write the rollback runbook", False),
            ("2025-12-12-api-errors", "Validate gateway config in CI", False),
        ]),
        ("Jo Kim", 0, 0, 2, 1, [
            ("2026-02-05-db-slow", "Alert on slow queries", False),
            ("2026-07-03-db-failover", "Grow the replica", False),
            ("2026-02-05-db-slow", "Add the missing index", False),
        ]),
    ]
    assert [g.slug for g in tracker.groups] == ["dana-ortiz", "priya-raman", "sam-lee", "jo-kim"]
    assert [r.item.title for r in tracker.groups[2].open_rows] == [
        "Test failover monthly", "Write the rollback runbook"]
    # The figures are the metrics view's own: 4 done of 10 - 1 won't do.
    def figures(stats: ActionItemStats) -> tuple[object, ...]:
        return (stats.total, stats.done, stats.wont_do, stats.open, stats.in_progress, stats.completion_rate,
                [(r.postmortem.id, r.index) for r in stats.overdue])

    assert figures(tracker.stats) == figures(action_item_stats(site.postmortems, AT))
    assert figures(tracker.stats) == (10, 4, 1, 3, 2, 4 / 9, [
        ("2025-12-12-api-errors", 1), ("2026-04-17-web-down", 0), ("2026-08-03-api-auth", 0),
    ])


def test_quarters_with_incidents_only(archive: Archive) -> None:
    # The maintenance in 2026 Q4 makes no quarter.
    assert [(q.label, q.since, q.until) for q in archive.quarters] == [
        ("2026-Q3", date(2026, 7, 1), date(2026, 10, 1)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 7, 1)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("2025-Q4", date(2025, 10, 1), date(2026, 1, 1)),
    ]


def test_quiet_quarters_get_no_review(tmp_path: Path) -> None:
    from tests.support.sites import incident_text, load, write_site

    write_site(tmp_path, incidents={
        "a": incident_text(started="2026-01-10T09:00:00Z", resolved="2026-01-10T10:00:00Z"),
        "b": incident_text(started="2026-10-10T09:00:00Z", resolved="2026-10-10T10:00:00Z"),
    })
    found = archive_view(load(tmp_path), AT).quarters
    assert [q.label for q in found] == ["2026-Q4", "2026-Q1"]


def test_merged_timeline_interleaves_incident_and_table_rows(archive: Archive) -> None:
    entry = archive.by_id["2025-12-12-api-errors"]
    timeline = merged_timeline(entry.postmortem, entry.incidents)
    rows = [(r.at, r.kind, r.label or r.stage or "", r.text) for r in timeline.rows]
    assert rows == [
        (t("2025-12-10T09:55"), "postmortem", "", "The configuration change is merged."),
        (t("2025-12-10T10:00"), "milestone", "Impact started", ""),
        (t("2025-12-10T10:03"), "postmortem", "", "Error rates start rising."),
        # Same minute: the incident's milestone, then the postmortem's row.
        (t("2025-12-10T10:05"), "milestone", "Detected", ""),
        (t("2025-12-10T10:05"), "postmortem", "", "The error-rate alert pages the on-call."),
        (t("2025-12-10T10:07"), "milestone", "Acknowledged", ""),
        (t("2025-12-10T10:08"), "milestone", "Declared", ""),
        (t("2025-12-10T10:10"), "update", "investigating", "We are investigating API errors."),
        (t("2025-12-10T10:20"), "postmortem", "", "Rollback started."),
        (t("2025-12-10T10:30"), "update", "identified", "A configuration change is being rolled back."),
        (t("2025-12-10T10:40"), "milestone", "Mitigated", ""),
        (t("2025-12-10T11:00"), "milestone", "Resolved", ""),
        (t("2025-12-10T11:00"), "update", "resolved", "Error rates are back to normal."),
    ]
    assert [(r.time_text, r.text) for r in timeline.unparsed] == [("later", "Customer emails answered.")]
    assert timeline.table_found
    assert (timeline.before, timeline.after) == ("Times are UTC.", "The rollback took 20 minutes.")


def test_merged_timeline_rolls_bare_times_over_midnight(archive: Archive) -> None:
    entry = archive.by_id["2026-07-03-db-failover"]
    table = [(r.at, r.text) for r in merged_timeline(entry.postmortem, entry.incidents).rows
             if r.kind == "postmortem"]
    assert table == [
        (t("2026-07-01T23:30"), "The primary runs out of memory."),
        (t("2026-07-01T23:40"), "The alert fires. · Pager"),
        (t("2026-07-02T00:15"), "Failover completes. · Jo Kim"),
        (t("2026-07-02T00:45"), "Replica rebuilt. · Sam Lee"),
    ]


def test_merged_timeline_bare_times_take_the_incident_date(archive: Archive) -> None:
    entry = archive.by_id["2026-05-22-api-latency"]
    rows = [(r.at, r.kind) for r in merged_timeline(entry.postmortem, entry.incidents).rows]
    assert rows == [
        (t("2026-05-20T05:58"), "postmortem"),
        (t("2026-05-20T06:00"), "milestone"),
        (t("2026-05-20T06:00"), "postmortem"),
        (t("2026-05-20T06:10"), "update"),
        (t("2026-05-20T07:30"), "milestone"),
        (t("2026-05-20T07:30"), "update"),
        (t("2026-05-20T07:30"), "postmortem"),
    ]


def test_merged_timeline_of_two_incidents(archive: Archive) -> None:
    entry = archive.by_id["2026-08-03-api-auth"]
    rows = [(r.at, r.incident_id, r.label or r.stage or r.text)
            for r in merged_timeline(entry.postmortem, entry.incidents).rows]
    assert rows == [
        (t("2026-07-15T14:00"), "2026-07-15-web-errors", "Impact started"),
        (t("2026-07-15T14:30"), "2026-07-15-web-errors", "Detected"),
        (t("2026-07-15T14:35"), "2026-07-15-web-errors", "investigating"),
        (t("2026-07-15T15:00"), "2026-07-15-web-errors", "Resolved"),
        (t("2026-07-15T15:00"), "2026-07-15-web-errors", "resolved"),
        (t("2026-08-01T09:00"), "2026-08-01-api-auth", "Impact started"),
        (t("2026-08-01T09:05"), None, "The keys expire."),
        (t("2026-08-01T09:10"), "2026-08-01-api-auth", "Detected"),
        (t("2026-08-01T09:12"), "2026-08-01-api-auth", "Acknowledged"),
        (t("2026-08-01T09:15"), "2026-08-01-api-auth", "investigating"),
        (t("2026-08-01T09:30"), "2026-08-01-api-auth", "Mitigated"),
        (t("2026-08-01T09:45"), "2026-08-01-api-auth", "Resolved"),
        (t("2026-08-01T09:45"), "2026-08-01-api-auth", "resolved"),
    ]


@pytest.mark.parametrize("pm_id", ["2026-04-17-web-down", "2026-02-05-db-slow"])
def test_timeline_without_a_table_is_kept_as_written(archive: Archive, pm_id: str) -> None:
    entry = archive.by_id[pm_id]
    timeline = merged_timeline(entry.postmortem, entry.incidents)
    assert not timeline.table_found
    assert timeline.unparsed == ()
    # Only the incident's own events.
    assert {r.kind for r in timeline.rows} == {"milestone", "update"}


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026-03-14 09:12", "2026-03-14T09:12"),
    ("2026-03-14T09:12Z", "2026-03-14T09:12"),
    ("2026-03-14T09:12:30Z", "2026-03-14T09:12:30"),
    ("2026-03-14 10:12 +01:00", "2026-03-14T09:12"),
    ("2026-03-14 09:12 UTC", "2026-03-14T09:12"),
    ("09:12", "2026-03-14T09:12"),
    ("**09:12**", "2026-03-14T09:12"),
    ("`9:12`", "2026-03-14T09:12"),
    ("09:12 UTC", "2026-03-14T09:12"),
    ("25:00", None),
    ("2026-02-30 10:00", None),
    ("about nine", None),
    ("", None),
])
def test_parse_row_time(cell: str, expected: str | None) -> None:
    found = parse_row_time(cell, None, date(2026, 3, 14))
    assert found == (t(expected) if expected else None)


def test_parse_row_time_carries_and_rolls_over() -> None:
    previous = t("2026-03-14T23:50")
    assert parse_row_time("23:55", previous, date(2026, 1, 1)) == t("2026-03-14T23:55")
    assert parse_row_time("00:05", previous, date(2026, 1, 1)) == t("2026-03-15T00:05")
    # A bare time with nothing to take a date from is not a time.
    assert parse_row_time("09:12", None, None) is None


def test_slugs() -> None:
    assert slug("Root Cause") == "root-cause"
    assert slug("Café / TLS 1.3") == "cafe-tls-1-3"
    assert slug("データベース") == "detabesu"  # transliterated, not the fallback
    assert slug("—") == "value"
    taken: set[str] = set()
    assert [unique_slug(v, taken) for v in ("TLS", "tls", "T.L.S", "tls")] == ["tls", "tls-2", "t-l-s", "tls-3"]


def test_section_anchors_are_unique_and_avoid_page_ids(site: Site) -> None:
    pm = site.postmortems_by_id["2025-12-12-api-errors"]
    assert [a for _, a in section_anchors(pm)] == [
        "summary", "impact", "timeline", "root-cause", "contributing-factors", "what-went-well",
        "what-went-poorly",
    ]
    clash = replace(pm, sections=(*pm.sections[:1], *pm.sections[:1], Section("Incidents", 1, "x")))
    assert [a for _, a in section_anchors(clash)] == ["summary", "summary-2", "incidents-2"]


def test_first_paragraph() -> None:
    assert first_paragraph("\n### Heading\n\nOne\ntwo.\n\nThree.") == "One two."
    assert first_paragraph("---\n\nText") == "Text"
    assert first_paragraph("") == ""


def test_paginate_entries(archive: Archive) -> None:
    pages = paginate_entries(archive.entries, 3)
    assert [(p.number, p.count, [e.id for e in p.entries]) for p in pages] == [
        (1, 3, ["2026-08-03-api-auth", "2026-07-16-web-errors", "2026-07-03-db-failover"]),
        (2, 3, ["2026-05-22-api-latency", "2026-04-17-web-down", "2026-02-05-db-slow"]),
        (3, 3, ["2025-12-12-api-errors"]),
    ]
    empty = paginate_entries((), 3)
    assert [(p.number, p.count, p.entries) for p in empty] == [(1, 1, ())]
    with pytest.raises(ValueError, match="page_size must be at least 1, got 0"):
        paginate_entries(archive.entries, 0)


def test_empty_site_has_an_empty_archive(tmp_path: Path) -> None:
    from tests.support.sites import load, write_site

    write_site(tmp_path)
    empty = archive_view(load(tmp_path), AT)
    assert empty.entries == ()
    assert all(f.values == () for f in empty.facets)
    assert empty.tracker.groups == () and empty.tracker.stats.completion_rate is None
    assert empty.quarters == ()
