"""What the snapshot computes once per build (statuspress.views.snapshot) is what the
views compute one at a time: the durations it reads lazily, the uptime bars it shares
between components, and the records it shares between incidents."""

from __future__ import annotations

import dataclasses
import gc
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from statuspress.load import Site
from statuspress.views import incident_state as records
from statuspress.views.incident_state import (
    ComponentChange,
    IncidentState,
    StageStep,
    StatusSpan,
    UpdateState,
    incident_state,
)
from statuspress.views.metrics import incident_times
from statuspress.views.snapshot import snapshot
from statuspress.views.uptime import component_uptime
from tests.support.sites import incident_text, load, write_site

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)


def _site(tmp_path: Path) -> Site:
    write_site(tmp_path, incidents={
        # Detected 5 min and acknowledged 15 min after it started, mitigated at 40, resolved at 60.
        "2026-03-14-api": incident_text(
            severity="SEV1", components="{api: major_outage, db: degraded_performance}",
            extra="detected: 2026-03-14T09:05:00Z\nacknowledged: 2026-03-14T09:20:00Z\n"
                  "mitigated: 2026-03-14T09:40:00Z",
        ),
        # No detected/acknowledged/mitigated: those durations are unknown, not zero.
        "2026-03-18-web": incident_text(
            components="[web]", started="2026-03-18T22:00:00Z", resolved="2026-03-19T01:00:00Z",
        ),
        # Still open at AT.
        "2026-03-20-db": incident_text(
            severity="SEV3", components="{db: partial_outage}", started="2026-03-20T11:00:00Z",
            resolved=None,
        ),
    })
    site = load(tmp_path)
    assert site.problems == []
    return site


def test_durations_read_lazily_are_each_incidents_own(tmp_path: Path) -> None:
    site = _site(tmp_path)
    times = snapshot(site, AT).times
    assert list(times) == ["2026-03-14-api", "2026-03-18-web", "2026-03-20-db"]
    assert len(times) == 3
    api = times["2026-03-14-api"]
    assert (api.time_to_detect, api.time_to_acknowledge, api.time_to_mitigate, api.time_to_resolve) == (
        timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=40), timedelta(hours=1),
    )
    web = times["2026-03-18-web"]
    assert (web.time_to_detect, web.time_to_mitigate, web.time_to_resolve) == (None, None, timedelta(hours=3))
    assert times["2026-03-20-db"].time_to_resolve is None
    assert times["2026-03-14-api"] is api  # computed once, then kept
    assert dict(times) == {i.id: incident_times(i) for i in site.incidents}
    assert times.get("no-such-incident") is None


def test_uptime_bars_shared_between_components_are_each_components_own(tmp_path: Path) -> None:
    site = _site(tmp_path)
    snap = snapshot(site, AT)
    for component in site.config.components:
        alone = component_uptime(site, component.id, AT)
        assert snap.uptime[component.id] == alone, component.id
    api, web = snap.uptime["api"].days, snap.uptime["web"].days
    march_14 = next(b for b in api if b.day == date(2026, 3, 14))
    assert march_14.minutes["major_outage"] == 40.0  # until mitigated
    assert next(b for b in web if b.day == date(2026, 3, 14)).outages == ()
    assert next(b for b in web if b.day == date(2026, 3, 18)).minutes["major_outage"] == 0.0


def test_shared_records_equal_fresh_ones(tmp_path: Path) -> None:
    site = _site(tmp_path)
    state = snapshot(site, AT).by_id["2026-03-14-api"]
    assert state == incident_state(site.incidents_by_id["2026-03-14-api"], AT)
    assert [u.changes for u in state.updates] == [
        (ComponentChange("api", "operational", "major_outage"),
         ComponentChange("db", "operational", "degraded_performance")),
        (ComponentChange("api", "major_outage", "operational"),
         ComponentChange("db", "degraded_performance", "operational")),
    ]
    opened = snapshot(site, AT).by_id["2026-03-20-db"]
    assert [(s.stage, s.at, s.state) for s in opened.steps] == [
        ("investigating", datetime(2026, 3, 20, 11, 0, tzinfo=timezone.utc), "current"),
        ("identified", None, "todo"), ("monitoring", None, "todo"), ("resolved", None, "todo"),
    ]
    assert opened.steps[1] == StageStep("identified", None, "todo")


def test_records_made_without_init_are_their_classes_own(tmp_path: Path) -> None:
    # incident_state sets the slots of its records itself (views/incident_state.py):
    # each must be what the class's own constructor makes, frozen included.
    site = _site(tmp_path)
    made = 0
    for state in snapshot(site, AT).incidents:
        for record in [state, *state.updates, *state.spans, *state.steps]:
            fresh = dataclasses.replace(record)  # through the dataclass's __init__
            assert record == fresh
            assert repr(record) == repr(fresh)
            if not isinstance(record, type(state)):  # its statuses are a dict
                assert hash(record) == hash(fresh)
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(record, dataclasses.fields(record)[0].name, None)
            made += 1
    assert made > 20
    # And each maker puts every value in the field of its name.
    later = AT + timedelta(hours=1)
    assert records._update("x-1", AT, None, "identified", "m", ()) == UpdateState(
        id="x-1", at=AT, status=None, stage="identified", message="m", changes=())
    assert records._span("api", "major_outage", AT, later, True) == StatusSpan(
        component_id="api", status="major_outage", start=AT, end=later, downtime=True)
    assert records._timed_step("identified", AT, "done") == StageStep(
        stage="identified", at=AT, state="done")
    state = snapshot(site, AT).incidents[0]
    values = {f.name: getattr(state, f.name) for f in dataclasses.fields(state)}
    assert records._state(**values) == IncidentState(**values)


def test_snapshot_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert gc.isenabled()
    snapshot(site, AT)
    assert gc.isenabled()
    gc.disable()
    try:
        snapshot(site, AT)
        assert not gc.isenabled()
    finally:
        gc.enable()
