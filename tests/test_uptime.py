"""Daily uptime bars (statuspress.views.uptime), with figures computed by hand."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from statuspress.load import Site
from statuspress.views.uptime import (
    ComponentUptime,
    DayUptime,
    Outage,
    component_uptime,
    outage_span,
    uptime_by_component,
)
from tests.support.sites import incident_text, load, maintenance_text, write_site

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)


def t(text: str) -> datetime:
    """``"2026-03-14T09:00"`` -> an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def major(started: str, resolved: str | None, extra: str = "") -> str:
    return incident_text(
        severity="SEV1", components="{api: major_outage}", started=started, resolved=resolved,
        extra=extra,
    )


def site_with(tmp_path: Path, incidents: dict[str, str], **options: object) -> Site:
    write_site(tmp_path, incidents=incidents, **options)
    site = load(tmp_path)
    assert site.problems == []
    return site


def bar(site: Site, day: date, at: datetime = AT, component: str = "api") -> DayUptime:
    bars = component_uptime(site, component, at, days=30).days
    return next(b for b in bars if b.day == day)


def no_minutes(**given: float) -> dict[str, float]:
    minutes = {"major_outage": 0.0, "partial_outage": 0.0, "degraded_performance": 0.0,
               "under_maintenance": 0.0}
    minutes.update(given)
    return minutes


def test_thirty_minute_major_outage(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-14-a": major("2026-03-14T09:00:00Z", "2026-03-14T09:30:00Z")})
    day = bar(site, date(2026, 3, 14))
    incident = site.incidents_by_id["2026-03-14-a"]
    # 30 minutes of major outage at weight 1.0 -> 30 weighted minutes of 1440.
    assert day == DayUptime(
        day=date(2026, 3, 14),
        minutes=no_minutes(major_outage=30.0),
        downtime=30.0,
        tracked=1440.0,
        uptime=100 * (1 - 30 / 1440),
        worst="major_outage",
        outages=(Outage(incident, "major_outage", t("2026-03-14T09:00"), t("2026-03-14T09:30")),),
    )
    assert round(day.uptime or 0, 4) == 97.9167  # 97.91666...%
    assert list(day.minutes) == ["major_outage", "partial_outage", "degraded_performance",
                                 "under_maintenance"]
    # The days around it are clean.
    assert bar(site, date(2026, 3, 13)).uptime == 100.0
    assert bar(site, date(2026, 3, 13)).worst == "operational"
    assert bar(site, date(2026, 3, 13)).outages == ()


def test_partial_outage_counts_at_thirty_percent(tmp_path: Path) -> None:
    # SEV2 implies impact major -> partial_outage; 100 min x 0.3 = 30.0.
    site = site_with(tmp_path, {"2026-03-14-a": incident_text(
        started="2026-03-14T09:00:00Z", resolved="2026-03-14T10:40:00Z")})
    day = bar(site, date(2026, 3, 14))
    assert day.minutes == no_minutes(partial_outage=100.0)
    assert day.downtime == 30.0
    assert day.uptime == 100 * (1 - 30 / 1440)
    assert day.worst == "partial_outage"


def test_degraded_performance_is_no_downtime(tmp_path: Path) -> None:
    # SEV3 implies impact minor -> degraded_performance, weight 0.
    site = site_with(tmp_path, {"2026-03-14-a": incident_text(
        severity="SEV3", started="2026-03-14T09:00:00Z", resolved="2026-03-14T10:00:00Z")})
    day = bar(site, date(2026, 3, 14))
    assert day.minutes == no_minutes(degraded_performance=60.0)
    assert day.downtime == 0.0
    assert day.uptime == 100.0
    assert day.worst == "degraded_performance"


def test_incident_crossing_midnight_splits_between_days(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-14-a": major("2026-03-14T23:00:00Z", "2026-03-15T01:30:00Z")})
    first, second = bar(site, date(2026, 3, 14)), bar(site, date(2026, 3, 15))
    incident = site.incidents_by_id["2026-03-14-a"]
    # 23:00 -> 24:00 is 60 minutes; 00:00 -> 01:30 is 90 minutes.
    assert (first.minutes["major_outage"], second.minutes["major_outage"]) == (60.0, 90.0)
    assert (first.downtime, second.downtime) == (60.0, 90.0)
    assert first.outages == (Outage(incident, "major_outage", t("2026-03-14T23:00"), t("2026-03-15T00:00")),)
    assert second.outages == (Outage(incident, "major_outage", t("2026-03-15T00:00"), t("2026-03-15T01:30")),)


def test_open_incident_counts_until_as_of_time(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-a": major("2026-03-20T08:00:00Z", None)})
    today = bar(site, date(2026, 3, 20))
    # 08:00 -> 12:00 = 240 minutes of major outage; only 720 minutes of today have passed.
    assert today.tracked == 720.0
    assert today.minutes["major_outage"] == 240.0
    assert today.downtime == 240.0
    assert today.uptime == 100 * (1 - 240 / 720)  # 66.666...%
    assert today.outages[0].end == AT


def test_incident_resolved_after_as_of_time_counts_until_as_of_time(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-a": major("2026-03-20T11:00:00Z", "2026-03-20T15:00:00Z")})
    assert bar(site, date(2026, 3, 20)).minutes["major_outage"] == 60.0  # 11:00 -> 12:00


def test_impact_ends_at_mitigation(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-14-a": major(
        "2026-03-14T09:00:00Z", "2026-03-14T10:00:00Z", extra="mitigated: 2026-03-14T09:20:00Z")})
    assert bar(site, date(2026, 3, 14)).minutes["major_outage"] == 20.0  # 09:00 -> 09:20


def test_overlapping_incidents_take_the_worst_status_at_each_instant(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-14-major": major("2026-03-14T10:00:00Z", "2026-03-14T11:00:00Z"),
        "2026-03-14-partial": incident_text(started="2026-03-14T10:30:00Z", resolved="2026-03-14T12:00:00Z"),
    })
    day = bar(site, date(2026, 3, 14))
    # 10:00-11:00 major (the partial's 10:30-11:00 is inside it); 11:00-12:00 partial.
    assert day.minutes == no_minutes(major_outage=60.0, partial_outage=60.0)
    assert day.downtime == 78.0  # 60 x 1.0 + 60 x 0.3
    assert [(o.incident.id, o.status) for o in day.outages] == [
        ("2026-03-14-major", "major_outage"), ("2026-03-14-partial", "partial_outage"),
    ]


def test_identical_overlaps_are_not_counted_twice(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-14-a": major("2026-03-14T10:00:00Z", "2026-03-14T11:00:00Z"),
        "2026-03-14-b": major("2026-03-14T10:00:00Z", "2026-03-14T11:00:00Z"),
        "2026-03-14-c": major("2026-03-14T10:15:00Z", "2026-03-14T10:45:00Z"),
    })
    day = bar(site, date(2026, 3, 14))
    assert day.minutes["major_outage"] == 60.0
    assert len(day.outages) == 3


def test_seconds_are_exact(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-14-a": major("2026-03-14T09:00:00Z", "2026-03-14T09:00:45Z")})
    assert bar(site, date(2026, 3, 14)).minutes["major_outage"] == 0.75  # 45 s


def test_future_incident_is_ignored(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-21-a": major("2026-03-21T09:00:00Z", "2026-03-21T10:00:00Z")})
    uptime = component_uptime(site, "api", AT)
    assert all(day.downtime == 0.0 and day.outages == () for day in uptime.days)
    assert uptime.days[-1].day == date(2026, 3, 20)
    assert uptime.uptime == 100.0


def test_incident_on_another_component_is_ignored(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-14-a": major("2026-03-14T09:00:00Z", "2026-03-14T10:00:00Z")})
    assert bar(site, date(2026, 3, 14), component="web").minutes == no_minutes()


def test_impact_none_is_no_outage(tmp_path: Path) -> None:
    # SEV4 implies impact none: api is named but stays operational.
    site = site_with(tmp_path, {"2026-03-14-a": incident_text(
        severity="SEV4", started="2026-03-14T09:00:00Z", resolved="2026-03-14T10:00:00Z")})
    day = bar(site, date(2026, 3, 14))
    assert (day.minutes, day.worst, day.outages) == (no_minutes(), "operational", ())


def test_maintenance_is_under_maintenance_with_no_downtime(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        # Completed early, at 22:50: 50 minutes.
        "2026-03-14-db": maintenance_text(
            components="[api]", start="2026-03-14T22:00:00Z", end="2026-03-14T23:00:00Z",
            updates=[("2026-03-14T22:00:00Z", "in_progress")], resolved="2026-03-14T22:50:00Z"),
        # No updates: the whole window, 02:00 -> 03:30, 90 minutes.
        "2026-03-16-db": maintenance_text(
            components="[api]", start="2026-03-16T02:00:00Z", end="2026-03-16T03:30:00Z"),
    })
    first, second = bar(site, date(2026, 3, 14)), bar(site, date(2026, 3, 16))
    assert first.minutes == no_minutes(under_maintenance=50.0)
    assert second.minutes == no_minutes(under_maintenance=90.0)
    assert (first.downtime, first.uptime, first.worst) == (0.0, 100.0, "under_maintenance")
    assert first.outages[0].status == "under_maintenance"
    assert first.outages[0].incident.id == "2026-03-14-db"


def test_maintenance_mapping_gives_its_own_status(tmp_path: Path) -> None:
    """`components: {api: partial_outage, db: under_maintenance}`: for the 60-minute
    window the API is partially out (weighed 0.3: 18 min of downtime), the database
    under maintenance (no downtime)."""
    site = site_with(tmp_path, {"2026-03-14-m": maintenance_text(
        components="{api: partial_outage, db: under_maintenance}",
        start="2026-03-14T22:00:00Z", end="2026-03-14T23:00:00Z")})
    api = bar(site, date(2026, 3, 14))
    assert api.minutes == no_minutes(partial_outage=60.0)
    assert (api.downtime, api.uptime, api.worst) == (18.0, 98.75, "partial_outage")
    db = bar(site, date(2026, 3, 14), component="db")
    assert (db.minutes, db.downtime) == (no_minutes(under_maintenance=60.0), 0.0)


def test_future_maintenance_is_ignored(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-m": maintenance_text(
        components="[api]", start="2026-03-20T22:00:00Z", end="2026-03-20T23:00:00Z",
        updates=[("2026-03-18T10:00:00Z", "scheduled")])})
    assert bar(site, date(2026, 3, 20)).minutes == no_minutes()


def test_maintenance_overrunning_its_window_counts_until_as_of_time(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-m": maintenance_text(
        components="[api]", start="2026-03-20T09:00:00Z", end="2026-03-20T10:00:00Z",
        updates=[("2026-03-20T08:30:00Z", "in_progress")])})
    # Announced in progress at 08:30 and never completed: 08:30 -> 12:00 = 210 minutes.
    assert bar(site, date(2026, 3, 20)).minutes["under_maintenance"] == 210.0


def test_maintenance_loses_to_a_worse_incident(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-14-m": maintenance_text(
            components="[api]", start="2026-03-14T10:00:00Z", end="2026-03-14T12:00:00Z"),
        "2026-03-14-a": major("2026-03-14T11:00:00Z", "2026-03-14T11:30:00Z"),
    })
    day = bar(site, date(2026, 3, 14))
    assert day.minutes == no_minutes(major_outage=30.0, under_maintenance=90.0)
    assert day.downtime == 30.0


def test_configurable_weights(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "2026-03-14-a": incident_text(started="2026-03-14T09:00:00Z", resolved="2026-03-14T10:40:00Z"),
            "2026-03-14-m": maintenance_text(
                components="[api]", start="2026-03-14T22:00:00Z", end="2026-03-14T22:50:00Z"),
        },
        uptime_weights={"partial_outage": 0.5, "under_maintenance": 1.0},
    )
    day = bar(site, date(2026, 3, 14))
    # 100 min partial x 0.5 + 50 min maintenance x 1.0 = 100 weighted minutes.
    assert day.downtime == 100.0
    assert day.uptime == 100 * (1 - 100 / 1440)


def test_window_uptime_over_ninety_days(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        # Before the window (it starts 2025-12-21): ignored.
        "2025-12-19-old": major("2025-12-19T09:00:00Z", "2025-12-19T10:00:00Z"),
        # Crosses the window start: 00:00 -> 01:00 on 2025-12-21 counts, 60 minutes.
        "2025-12-20-edge": major("2025-12-20T23:00:00Z", "2025-12-21T01:00:00Z"),
        "2026-02-01-major": major("2026-02-01T09:00:00Z", "2026-02-01T09:30:00Z"),  # 30
        "2026-03-01-partial": incident_text(
            started="2026-03-01T09:00:00Z", resolved="2026-03-01T10:40:00Z"),  # 100 x 0.3 = 30
    })
    uptime = component_uptime(site, "api", AT)
    assert isinstance(uptime, ComponentUptime)
    assert uptime.component.id == "api"
    assert len(uptime.days) == 90
    assert (uptime.days[0].day, uptime.days[-1].day) == (date(2025, 12, 21), date(2026, 3, 20))
    assert uptime.days[0].downtime == 60.0
    # Tracked: 89 full days + 720 minutes of today = 128,880; downtime 60 + 30 + 30 = 120.
    assert sum(d.tracked for d in uptime.days) == 128_880.0
    assert uptime.uptime == 100 * (1 - 120 / 128_880)  # 99.9068901...%
    assert round(uptime.uptime, 6) == 99.906890


def test_days_after_as_of_time_and_midnight(tmp_path: Path) -> None:
    site = site_with(tmp_path, {})
    midnight = datetime(2026, 3, 20, tzinfo=timezone.utc)
    uptime = component_uptime(site, "api", midnight, days=2)
    assert [(d.day, d.tracked, d.uptime) for d in uptime.days] == [
        (date(2026, 3, 19), 1440.0, 100.0), (date(2026, 3, 20), 0.0, None),
    ]
    only_today = component_uptime(site, "api", midnight, days=1)
    assert only_today.uptime == 100.0  # nothing tracked at all


def test_uptime_by_component_covers_every_component_in_order(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-14-a": major("2026-03-14T09:00:00Z", "2026-03-14T09:30:00Z")},
                     uptime_days=7)
    every = uptime_by_component(site, AT)
    assert list(every) == ["api", "web", "db"]
    assert [len(u.days) for u in every.values()] == [7, 7, 7]
    assert every["api"].uptime == 100 * (1 - 30 / (6 * 1440 + 720))
    assert every["web"].uptime == 100.0


def test_unknown_component_and_bad_days(tmp_path: Path) -> None:
    site = site_with(tmp_path, {})
    with pytest.raises(KeyError, match="no component `nope` is declared"):
        component_uptime(site, "nope", AT)
    with pytest.raises(ValueError, match="days must be at least 1, got 0"):
        component_uptime(site, "api", AT, days=0)


def test_outage_span(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-a": major("2026-03-20T08:00:00Z", None)})
    incident = site.incidents[0]
    assert outage_span(incident, AT) == (t("2026-03-20T08:00"), AT)
    assert outage_span(incident, t("2026-03-20T08:00")) is None  # not started yet


def test_sweep_matches_a_minute_by_minute_count(tmp_path: Path) -> None:
    """60 random, heavily overlapping incidents over four days (whole minutes, some
    open, some mitigated before resolution), against a brute-force count that looks
    at every minute of the window and takes the worst status covering it."""
    rng = random.Random(7)
    at = t("2026-03-20T12:00")
    since = t("2026-03-17T00:00")
    statuses = ["major_outage", "partial_outage", "degraded_performance"]
    files: dict[str, str] = {}
    spans: list[tuple[datetime, datetime, str]] = []
    for n in range(60):
        start = since + timedelta(minutes=rng.randrange(-300, 4 * 1440 - 600))
        end = start + timedelta(minutes=rng.randrange(1, 180))
        status = rng.choice(statuses)
        stamp = lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
        if n % 7 == 0:  # still open, or resolved after the as-of time
            start = at - timedelta(minutes=rng.randrange(1, 400))
            resolved = None if n % 2 else stamp(at + timedelta(hours=3))
            files[f"2026-03-17-open-{n}"] = incident_text(
                components=f"{{api: {status}}}", started=stamp(start), resolved=resolved)
            spans.append((start, at, status))
        elif n % 5 == 0:  # mitigated half-way, resolved later
            mitigated = start + (end - start) / 2
            files[f"2026-03-17-mit-{n}"] = incident_text(
                components=f"{{api: {status}}}", started=stamp(start), resolved=stamp(end),
                extra=f"mitigated: {stamp(mitigated.replace(second=0))}")
            spans.append((start, mitigated.replace(second=0), status))
        else:
            files[f"2026-03-17-inc-{n}"] = incident_text(
                components=f"{{api: {status}}}", started=stamp(start), resolved=stamp(end))
            spans.append((start, end, status))
    site = site_with(tmp_path, files)
    bars = component_uptime(site, "api", at, days=4).days

    rank = {"major_outage": 3, "partial_outage": 2, "degraded_performance": 1}
    weights = {"major_outage": 1.0, "partial_outage": 0.3, "degraded_performance": 0.0}
    for index, day in enumerate(bars):
        expected = dict.fromkeys(statuses, 0)
        day_start = since + timedelta(days=index)
        for minute in range(1440):
            moment = day_start + timedelta(minutes=minute)
            if moment >= at:
                break
            covering = [s for start, end, s in spans if start <= moment < min(end, at)]
            if covering:
                expected[max(covering, key=rank.__getitem__)] += 1
        assert {s: day.minutes[s] for s in statuses} == {s: float(m) for s, m in expected.items()}
        assert day.downtime == round(sum(expected[s] * weights[s] for s in statuses), 9)
    assert sum(day.minutes["major_outage"] for day in bars) > 0
