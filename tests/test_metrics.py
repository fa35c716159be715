"""Incident metrics (statuspress.views.metrics) on hand-computed fixtures.

The fixture quarter is described in tests/support/metrics_site.py; every expected
value below is worked out by hand in the comment next to it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from statuspress.views.metrics import (
    Bucket,
    Quarter,
    RepeatGroup,
    Summary,
    incident_times,
    mtbf,
    period_metrics,
    quarter_of,
    quarters,
    repeat_groups,
    summarise,
)
from tests.support.metrics_site import AT, metrics_site, postmortem_text
from tests.support.sites import incident_text, load, write_site

Q1 = (date(2026, 1, 1), date(2026, 4, 1))


def minutes(value: float) -> timedelta:
    return timedelta(minutes=value)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    return metrics_site(tmp_path_factory.mktemp("metrics"))


@pytest.fixture(scope="module")
def q1(site):
    return period_metrics(site, *Q1, AT)


# --- per incident -------------------------------------------------------------------


def test_incident_times_are_the_differences_of_the_timestamps(site) -> None:
    # A: started 10:00, detected 10:02, acknowledged 10:03, mitigated 10:08, resolved 10:10.
    times = incident_times(site.incidents_by_id["2026-01-05-a"])
    assert (times.time_to_detect, times.time_to_acknowledge, times.time_to_mitigate, times.time_to_resolve) == (
        minutes(2), minutes(1), minutes(8), minutes(10))


def test_missing_timestamps_make_a_metric_unknown_not_zero(site) -> None:
    # C: acknowledged 12:05 but never detected -> TTD and TTA unknown; no mitigated -> TTM unknown.
    c = incident_times(site.incidents_by_id["2026-02-10-c"])
    assert (c.time_to_detect, c.time_to_acknowledge, c.time_to_mitigate, c.time_to_resolve) == (
        None, None, None, minutes(30))
    # F is still open: TTR is unknown, never "up to now".
    f = incident_times(site.incidents_by_id["2026-03-20-f"])
    assert (f.time_to_detect, f.time_to_resolve) == (minutes(4), None)


# --- statistics ---------------------------------------------------------------------


def test_summary_of_an_odd_count() -> None:
    # 10, 20, 30, 40, 100 min: mean 200/5 = 40; median 30;
    # p90 at position 0.9 × 4 = 3.6 -> 40 + 0.6 × (100 − 40) = 76 min.
    values = [minutes(v) for v in (100, 20, 40, 10, 30)]
    assert summarise(values) == Summary(5, 5, minutes(40), minutes(30), minutes(76))


def test_summary_of_an_even_count_with_unknowns() -> None:
    # Known 10, 20, 30, 40 min (two unknown): mean 25; median (20 + 30) / 2 = 25;
    # p90 at position 0.9 × 3 = 2.7 -> 30 + 0.7 × 10 = 37 min. n = 4 of 6.
    values = [minutes(10), None, minutes(40), minutes(20), None, minutes(30)]
    assert summarise(values) == Summary(4, 6, minutes(25), minutes(25), minutes(37))


def test_summary_of_one_value_and_of_none() -> None:
    assert summarise([minutes(7)]) == Summary(1, 1, minutes(7), minutes(7), minutes(7))
    assert summarise([None, None]) == Summary(0, 2, None, None, None)
    assert summarise([]) == Summary(0, 0, None, None, None)


# --- a period -----------------------------------------------------------------------


def test_period_holds_incidents_started_in_it_and_no_maintenance(q1) -> None:
    # G (2025-12-30) is before, H (2026-04-01T00:00Z) is on the exclusive end, M is maintenance.
    assert [i.id for i in q1.incidents] == [
        "2026-01-05-a", "2026-01-20-b", "2026-02-10-c", "2026-03-01-d", "2026-03-15-e", "2026-03-20-f"]
    assert q1.overall.count == 6


def test_overall_summaries(q1) -> None:
    # TTD known 2, 10, 20, 90, 4 -> sorted 2, 4, 10, 20, 90: mean 126/5 = 25.2 min = 1512 s;
    # median 10; p90 position 3.6 -> 20 + 0.6 × 70 = 62 min.
    assert q1.overall.time_to_detect == Summary(5, 6, timedelta(seconds=1512), minutes(10), minutes(62))
    # TTA known 1, 6, 4 -> mean 11/3 min = 220 s; median 4; p90 position 1.8 -> 4 + 0.8 × 2 = 5.6 min = 336 s.
    assert q1.overall.time_to_acknowledge == Summary(
        3, 6, timedelta(seconds=220), minutes(4), timedelta(seconds=336))
    # TTM known 8, 15, 35, 95 -> mean 153/4 = 38.25 min = 2295 s; median (15 + 35)/2 = 25;
    # p90 position 2.7 -> 35 + 0.7 × 60 = 77 min.
    assert q1.overall.time_to_mitigate == Summary(4, 6, timedelta(seconds=2295), minutes(25), minutes(77))
    # TTR known 10, 20, 30, 40, 100 (F open): mean 40, median 30, p90 76.
    assert q1.overall.time_to_resolve == Summary(5, 6, minutes(40), minutes(30), minutes(76))


def test_by_severity_in_ladder_order(q1) -> None:
    groups = {g.key: g for g in q1.by_severity}
    assert [g.key for g in q1.by_severity] == ["SEV1", "SEV2", "SEV3", "SEV4"]
    assert [g.count for g in q1.by_severity] == [2, 3, 1, 0]
    # SEV1 = A, E: TTR 10, 100 -> mean = median = 55; p90 position 0.9 -> 10 + 0.9 × 90 = 91.
    assert groups["SEV1"].time_to_resolve == Summary(2, 2, minutes(55), minutes(55), minutes(91))
    # TTD 2, 90 -> mean 46; p90 2 + 0.9 × 88 = 81.2 min = 4872 s.
    assert groups["SEV1"].time_to_detect == Summary(2, 2, minutes(46), minutes(46), timedelta(seconds=4872))
    # SEV2 = B, C, F: TTR 20, 30 (F open) -> mean 25; p90 20 + 0.9 × 10 = 29.
    assert groups["SEV2"].time_to_resolve == Summary(2, 3, minutes(25), minutes(25), minutes(29))
    assert groups["SEV3"].time_to_resolve == Summary(1, 1, minutes(40), minutes(40), minutes(40))
    assert groups["SEV4"].time_to_resolve == Summary(0, 0, None, None, None)
    assert groups["SEV4"].mtbf == Summary(0, 0, None, None, None)


def test_by_component_counts_an_incident_for_each_component(q1) -> None:
    groups = {g.key: g for g in q1.by_component}
    # api: A, B, E, F; web: A, C; db: D, E (the maintenance M on db is not counted).
    assert [(g.key, g.name, g.count) for g in q1.by_component] == [
        ("api", "API", 4), ("web", "Website", 2), ("db", "Database", 2)]
    # api TTR 10, 20, 100 (F open): mean 130/3 min = 2600 s; median 20; p90 position 1.8 -> 20 + 0.8 × 80 = 84.
    assert groups["api"].time_to_resolve == Summary(3, 4, timedelta(seconds=2600), minutes(20), minutes(84))
    assert groups["web"].time_to_resolve == Summary(2, 2, minutes(20), minutes(20), minutes(28))
    assert groups["db"].time_to_resolve == Summary(2, 2, minutes(70), minutes(70), minutes(94))


def test_mtbf_overall_and_per_component(q1) -> None:
    # Consecutive pairs in start order (next started − previous resolved):
    #   A→B  01-20 08:00 − 01-05 10:10 = 14 d 21 h 50 min = 21470 min
    #   B→C  02-10 12:00 − 01-20 08:20 = 21 d 3 h 40 min  = 30460 min
    #   C→D  03-01 00:00 − 02-10 12:30 = 18 d 11 h 30 min = 26610 min
    #   D→E  03-15 09:00 − 03-01 00:40 = 14 d 8 h 20 min  = 20660 min
    #   E→F  03-20 10:00 − 03-15 10:40 = 4 d 23 h 20 min  = 7160 min
    # mean 106360 / 5 = 21272 min; median 21470; p90 position 3.6 -> 26610 + 0.6 × 3850 = 28920 min.
    assert q1.overall.mtbf == Summary(5, 5, minutes(21272), minutes(21470), minutes(28920))
    # api: A→B 21470; B→E 03-15 09:00 − 01-20 08:20 = 54 d 40 min = 77800; E→F 7160.
    # mean 106430 / 3 min = 2128600 s; median 21470; p90 position 1.8 -> 21470 + 0.8 × 56330 = 66534 min.
    groups = {g.key: g for g in q1.by_component}
    assert groups["api"].mtbf == Summary(
        3, 3, timedelta(seconds=2128600), minutes(21470), minutes(66534))


def test_mtbf_counts_overlaps_as_zero_and_skips_unresolved(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "x1": incident_text("X1", "SEV3", "2026-05-01T00:00:00Z", "2026-05-01T02:00:00Z"),
        # Starts before X1 is resolved (overlap -> 0) and is never resolved (X2→X3 unknown).
        "x2": incident_text("X2", "SEV3", "2026-05-01T01:00:00Z", None),
        "x3": incident_text("X3", "SEV3", "2026-05-01T05:00:00Z", "2026-05-01T06:00:00Z"),
        "x4": incident_text("X4", "SEV3", "2026-05-01T09:00:00Z", "2026-05-01T09:30:00Z"),
    })
    site = load(tmp_path)
    # Gaps: 0, unknown, 3 h -> n = 2 of 3; mean = median = 1.5 h; p90 0 + 0.9 × 3 h = 2.7 h = 162 min.
    assert mtbf(site.incidents) == Summary(2, 3, minutes(90), minutes(90), minutes(162))
    assert mtbf(site.incidents[:1]) == Summary(0, 0)


def test_incidents_per_month_by_severity(q1) -> None:
    rows = [(m.label, m.count, m.by_severity, m.time_to_resolve.median) for m in q1.months]
    assert rows == [
        # Jan: A (SEV1), B (SEV2); TTR 10, 20 -> median 15.
        ("2026-01", 2, {"SEV1": 1, "SEV2": 1, "SEV3": 0, "SEV4": 0}, minutes(15)),
        # Feb: C only (M is maintenance); TTR 30.
        ("2026-02", 1, {"SEV1": 0, "SEV2": 1, "SEV3": 0, "SEV4": 0}, minutes(30)),
        # Mar: D (SEV3), E (SEV1), F (SEV2, open); TTR 40, 100 -> median 70.
        ("2026-03", 3, {"SEV1": 1, "SEV2": 1, "SEV3": 1, "SEV4": 0}, minutes(70)),
    ]


def test_detect_histogram(q1) -> None:
    # TTD 2, 4 | 10 | 20 | - | 90 | - ; C has no TTD and is not counted anywhere.
    assert q1.detect_histogram == (
        Bucket("< 5 min", minutes(0), minutes(5), 2),
        Bucket("5–15 min", minutes(5), minutes(15), 1),
        Bucket("15–30 min", minutes(15), minutes(30), 1),
        Bucket("30–60 min", minutes(30), minutes(60), 0),
        Bucket("1–4 h", minutes(60), minutes(240), 1),
        Bucket("≥ 4 h", minutes(240), None, 0),
    )


def test_action_items_of_the_period(q1) -> None:
    # Q1's postmortems: PM-A, PM-C, PM-E (PM-G covers G, from 2025).
    # Items: done 1, wont_do 1, open 2, in_progress 1 -> completion 1 / (5 − 1) = 0.25.
    a = q1.action_items
    assert (a.total, a.done, a.wont_do, a.open, a.in_progress) == (5, 1, 1, 2, 1)
    assert a.completion_rate == 0.25
    # As of 2026-04-10: "Canary" (due 03-30, in progress) and "Add alert" (due 04-01, open);
    # "Runbook" is due 05-01; "Rewrite" is won't do.
    assert [(r.postmortem.id, r.item.title) for r in a.overdue] == [
        ("2026-03-18-pm-e", "Canary config changes"), ("2026-01-08-pm-a", "Add alert on queue depth")]


def test_overdue_depends_only_on_the_as_of_date(site) -> None:
    # On 2026-04-01 itself "Add alert" (due 2026-04-01) is not yet overdue.
    at = datetime(2026, 4, 1, 23, 59, tzinfo=timezone.utc)
    assert [r.item.title for r in period_metrics(site, *Q1, at).action_items.overdue] == ["Canary config changes"]


def test_open_ended_period_takes_every_postmortem(site) -> None:
    everything = period_metrics(site, None, None, AT)
    # All 9 files minus the maintenance: A–H.
    assert everything.overall.count == 8
    a = everything.action_items
    # Plus PM-G's "Old item" (open, due 2026-01-10): completion 1 / (6 − 1) = 0.2.
    assert (a.total, a.done, a.wont_do, a.completion_rate) == (6, 1, 1, 0.2)
    assert [r.item.title for r in a.overdue] == ["Old item", "Canary config changes", "Add alert on queue depth"]
    assert everything.repeats == (
        RepeatGroup("config-change", "api", ("2025-12-31-pm-g", "2026-01-08-pm-a", "2026-03-18-pm-e")),)
    # Months run from the first incident's month (2025-12) to the last one's (2026-04).
    assert [m.label for m in everything.months] == ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]


def test_repeat_incidents_share_a_tag_and_a_service(q1) -> None:
    # PM-A (config-change, deploy × api, gateway) and PM-E (config-change × api) share
    # (config-change, api) only; PM-C (capacity × web) shares nothing.
    assert q1.repeats == (RepeatGroup("config-change", "api", ("2026-01-08-pm-a", "2026-03-18-pm-e")),)


def test_completion_rate_is_none_without_items_to_complete(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {"2026-05-01-x": incident_text("X", "SEV3", "2026-05-01T00:00:00Z", "2026-05-01T01:00:00Z")},
        {"pm": postmortem_text("PM", ["2026-05-01-x"], action_items=[
            {"title": "Never", "owner": "Jo Kim", "due": "2026-01-01", "status": "wont_do"}])},
    )
    a = period_metrics(load(tmp_path), None, None, AT).action_items
    assert (a.total, a.wont_do, a.completion_rate, a.overdue) == (1, 1, None, ())


def test_empty_period(site) -> None:
    empty = period_metrics(site, date(2027, 1, 1), date(2027, 2, 1), AT)
    assert empty.incidents == ()
    assert empty.overall.count == 0
    for name in ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve", "mtbf"):
        assert empty.overall.summary(name) == Summary(0, 0, None, None, None)
    assert [(m.label, m.count, m.time_to_resolve.n) for m in empty.months] == [("2027-01", 0, 0)]
    assert [b.count for b in empty.detect_histogram] == [0, 0, 0, 0, 0, 0]
    assert empty.action_items.total == 0 and empty.action_items.completion_rate is None
    assert empty.repeats == ()


def test_february_period_excludes_the_maintenance(site) -> None:
    feb = period_metrics(site, date(2026, 2, 1), date(2026, 3, 1), AT)
    assert [i.id for i in feb.incidents] == ["2026-02-10-c"]
    db = next(g for g in feb.by_component if g.key == "db")
    assert db.count == 0


def test_repeat_groups_most_repeated_first(tmp_path: Path) -> None:
    incident = incident_text("X", "SEV3", "2026-05-01T00:00:00Z", "2026-05-01T01:00:00Z")
    write_site(tmp_path, {"2026-05-01-x": incident}, {
        "p1": postmortem_text("P1", ["2026-05-01-x"], date="2026-05-02", tags=["a", "b"], services=["x"]),
        "p2": postmortem_text("P2", ["2026-05-01-x"], date="2026-05-03", tags=["a", "b"], services=["x"]),
        "p3": postmortem_text("P3", ["2026-05-01-x"], date="2026-05-04", tags=["b"], services=["x", "y"]),
    })
    # (b, x): P1, P2, P3; (a, x): P1, P2; (b, y): P3 alone is no repeat.
    assert repeat_groups(load(tmp_path).postmortems) == (
        RepeatGroup("b", "x", ("p1", "p2", "p3")), RepeatGroup("a", "x", ("p1", "p2")))


def test_quarters_span_the_incidents(site) -> None:
    # G (2025-12-30) to H (2026-04-01): 2025-Q4, 2026-Q1, 2026-Q2; the maintenance is ignored.
    assert [(q.label, q.since, q.until) for q in quarters(site)] == [
        ("2025-Q4", date(2025, 10, 1), date(2026, 1, 1)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 7, 1)),
    ]
    assert quarter_of(date(2026, 6, 30)) == Quarter(2026, 2, date(2026, 4, 1), date(2026, 7, 1))
    # A quarter is a period: Q1 gives the figures tested above.
    q1 = quarters(site)[1]
    assert period_metrics(site, q1.since, q1.until, AT).overall.count == 6


def test_no_quarters_without_incidents(tmp_path: Path) -> None:
    assert quarters(load(write_site(tmp_path, {}))) == ()
