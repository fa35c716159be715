"""The current state at an as-of time (statuspress.views.status)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from statuspress.load import Site
from statuspress.views.status import (
    ComponentState,
    Overall,
    StatusView,
    component_statuses,
    is_active,
    maintenance_phase,
    maintenance_span,
    overall_status,
    status_view,
)
from tests.support.sites import incident_text, load, maintenance_text, write_site


def t(text: str) -> datetime:
    """``"2026-03-20T12:00"`` -> an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


AT = t("2026-03-20T12:00")


def site_with(tmp_path: Path, incidents: dict[str, str], **options: object) -> Site:
    write_site(tmp_path, incidents=incidents, **options)
    site = load(tmp_path)
    assert site.problems == []
    return site


def statuses(view: StatusView) -> dict[str, str]:
    return {state.component.id: state.status for state in view.components}


def ids(incidents: tuple[object, ...]) -> list[str]:
    return [i.id for i in incidents]  # type: ignore[attr-defined]


DEPLOY = maintenance_text(
    title="API deploy", components="[api]",
    start="2026-03-20T22:00:00Z", end="2026-03-20T23:00:00Z",
    updates=[("2026-03-18T10:00:00Z", "scheduled")],
)


def test_nothing_happening(tmp_path: Path) -> None:
    view = status_view(site_with(tmp_path, {}), AT)
    assert view.at == AT
    assert view.overall == Overall("none", "All Systems Operational", "operational")
    assert statuses(view) == {"api": "operational", "web": "operational", "db": "operational"}
    assert (view.active_incidents, view.active_maintenance, view.upcoming_maintenance, view.recent) == (
        (), (), (), ())


def test_future_maintenance_changes_nothing_until_its_window(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-deploy": DEPLOY})
    before = status_view(site, AT)
    assert statuses(before)["api"] == "operational"
    assert before.overall == Overall("none", "All Systems Operational", "operational")
    assert ids(before.upcoming_maintenance) == ["2026-03-20-deploy"]
    assert before.active_maintenance == ()

    during = status_view(site, t("2026-03-20T22:30"))
    assert statuses(during) == {"api": "under_maintenance", "web": "operational", "db": "operational"}
    assert during.overall == Overall("maintenance", "Service Under Maintenance", "under_maintenance")
    assert ids(during.active_maintenance) == ["2026-03-20-deploy"]
    assert during.upcoming_maintenance == ()
    assert ids(during.components[0].incidents) == ["2026-03-20-deploy"]

    # No completion update: the window ends on time, and it is recent history.
    after = status_view(site, t("2026-03-20T23:30"))
    assert statuses(after)["api"] == "operational"
    assert after.active_maintenance == () and after.upcoming_maintenance == ()
    assert ids(after.recent) == ["2026-03-20-deploy"]


def test_maintenance_mapping_names_a_status_for_its_window(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-migration": maintenance_text(
        title="Database migration", components="{api: degraded_performance, db: under_maintenance}",
        start="2026-03-20T22:00:00Z", end="2026-03-20T23:00:00Z")})
    assert set(statuses(status_view(site, AT)).values()) == {"operational"}
    during = status_view(site, t("2026-03-20T22:30"))
    assert statuses(during) == {"api": "degraded_performance", "web": "operational", "db": "under_maintenance"}
    assert during.overall == Overall("minor", "Partially Degraded Service", "degraded_performance")


def test_maintenance_phases(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-20-early": maintenance_text(
            components="[api]", start="2026-03-20T10:00:00Z", end="2026-03-20T11:00:00Z",
            updates=[("2026-03-20T09:40:00Z", "in_progress"), ("2026-03-20T10:30:00Z", "verifying")],
            resolved="2026-03-20T10:50:00Z"),
        "2026-03-21-plain": maintenance_text(
            components="[db]", start="2026-03-21T10:00:00Z", end="2026-03-21T11:00:00Z"),
    })
    early, plain = site.incidents_by_id["2026-03-20-early"], site.incidents_by_id["2026-03-21-plain"]
    # Announced early start; the later verifying update is not known yet at 10:00.
    assert maintenance_phase(early, t("2026-03-20T09:30")) == "scheduled"
    assert maintenance_phase(early, t("2026-03-20T09:40")) == "in_progress"
    assert maintenance_phase(early, t("2026-03-20T10:00")) == "in_progress"
    assert maintenance_phase(early, t("2026-03-20T10:30")) == "verifying"
    assert maintenance_phase(early, t("2026-03-20T10:49")) == "verifying"
    assert maintenance_phase(early, t("2026-03-20T10:50")) == "completed"
    assert maintenance_span(early, AT) == (t("2026-03-20T09:40"), t("2026-03-20T10:50"))
    # Without updates, the scheduled window decides.
    assert maintenance_phase(plain, t("2026-03-21T09:59")) == "scheduled"
    assert maintenance_phase(plain, t("2026-03-21T10:00")) == "in_progress"
    assert maintenance_phase(plain, t("2026-03-21T11:00")) == "completed"
    assert maintenance_span(plain, AT) is None
    assert maintenance_span(plain, t("2026-03-21T10:20")) == (t("2026-03-21T10:00"), t("2026-03-21T10:20"))


def test_maintenance_announced_in_progress_stays_in_progress_past_its_window(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-overrun": maintenance_text(
        components="[api]", start="2026-03-20T09:00:00Z", end="2026-03-20T10:00:00Z",
        updates=[("2026-03-20T09:00:00Z", "in_progress")])})
    view = status_view(site, AT)
    assert maintenance_phase(site.incidents[0], AT) == "in_progress"
    assert statuses(view)["api"] == "under_maintenance"
    assert ids(view.active_maintenance) == ["2026-03-20-overrun"]
    assert maintenance_span(site.incidents[0], AT) == (t("2026-03-20T09:00"), AT)


def test_open_incident_without_components_keeps_all_systems_operational(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-a": incident_text(
        severity="SEV1", components="[]", started="2026-03-20T09:00:00Z", resolved=None)})
    view = status_view(site, AT)
    assert view.overall == Overall("none", "All Systems Operational", "operational")
    assert ids(view.active_incidents) == ["2026-03-20-a"]


def test_worst_status_wins(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-20-slow": incident_text(
            severity="SEV3", components="[api, web]", started="2026-03-20T08:00:00Z", resolved=None),
        "2026-03-20-down": incident_text(
            severity="SEV1", components="{api: major_outage}", started="2026-03-20T09:00:00Z",
            resolved=None),
        # In its window, but the degraded incident on web is worse than maintenance.
        "2026-03-20-web-maint": maintenance_text(
            components="[web]", start="2026-03-20T11:00:00Z", end="2026-03-20T13:00:00Z"),
    })
    states = component_statuses(site, AT)
    assert list(states) == ["api", "web", "db"]
    assert states["api"].status == "major_outage"
    assert ids(states["api"].incidents) == ["2026-03-20-slow", "2026-03-20-down"]
    assert states["web"].status == "degraded_performance"
    assert ids(states["web"].incidents) == ["2026-03-20-slow", "2026-03-20-web-maint"]
    assert states["db"] == ComponentState(site.config.components[2], "operational", ())
    view = status_view(site, AT)
    assert view.overall == Overall("major", "Partial System Outage", "major_outage")
    # Most recently started first.
    assert ids(view.active_incidents) == ["2026-03-20-down", "2026-03-20-slow"]


def test_headline_ladder(tmp_path: Path) -> None:
    site = site_with(tmp_path, {})
    api, web, db = site.config.components

    def headline(*given: str) -> Overall:
        return overall_status(
            ComponentState(c, s, ()) for c, s in zip((api, web, db), given, strict=True)  # type: ignore[arg-type]
        )

    assert headline("major_outage", "major_outage", "major_outage") == Overall(
        "critical", "Major System Outage", "major_outage")
    assert headline("major_outage", "operational", "major_outage") == Overall(
        "major", "Partial System Outage", "major_outage")
    assert headline("partial_outage", "degraded_performance", "under_maintenance") == Overall(
        "minor", "Minor Service Outage", "partial_outage")
    assert headline("degraded_performance", "under_maintenance", "operational") == Overall(
        "minor", "Partially Degraded Service", "degraded_performance")
    assert headline("operational", "under_maintenance", "operational") == Overall(
        "maintenance", "Service Under Maintenance", "under_maintenance")
    assert headline("operational", "operational", "operational") == Overall(
        "none", "All Systems Operational", "operational")
    assert overall_status([]) == Overall("none", "All Systems Operational", "operational")


def test_impact_none_names_a_component_without_changing_it(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-a": incident_text(
        severity="SEV4", started="2026-03-20T09:00:00Z", resolved=None)})
    state = component_statuses(site, AT)["api"]
    assert state.status == "operational"
    assert ids(state.incidents) == ["2026-03-20-a"]


def test_incidents_outside_the_as_of_time(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-21-future": incident_text(
            severity="SEV1", started="2026-03-21T09:00:00Z", resolved="2026-03-21T10:00:00Z"),
        "2026-03-20-closed-now": incident_text(
            severity="SEV1", started="2026-03-20T09:00:00Z", resolved="2026-03-20T12:00:00Z"),
        "2026-03-20-closes-later": incident_text(
            started="2026-03-20T11:00:00Z", resolved="2026-03-20T13:00:00Z", components="[db]"),
    })
    future, closed, later = (site.incidents_by_id[k] for k in (
        "2026-03-21-future", "2026-03-20-closed-now", "2026-03-20-closes-later"))
    assert [is_active(i, AT) for i in (future, closed, later)] == [False, False, True]
    assert is_active(closed, t("2026-03-20T11:59")) is True
    assert is_active(site.incidents_by_id["2026-03-20-closed-now"], t("2026-03-20T08:59")) is False
    view = status_view(site, AT)
    assert statuses(view) == {"api": "operational", "web": "operational", "db": "partial_outage"}
    assert ids(view.active_incidents) == ["2026-03-20-closes-later"]
    assert ids(view.recent) == ["2026-03-20-closed-now"]


def test_maintenance_is_never_an_active_incident(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"2026-03-20-deploy": DEPLOY})
    assert is_active(site.incidents[0], t("2026-03-20T22:30")) is False


def test_groups_in_order_of_first_appearance(tmp_path: Path) -> None:
    components = [
        {"id": "api", "name": "API", "group": "Platform"},
        {"id": "db", "name": "Database"},
        {"id": "eu", "name": "EU", "group": "Regions"},
        {"id": "web", "name": "Website", "group": "Platform"},
        {"id": "mail", "name": "Mail"},
    ]
    site = site_with(tmp_path, {"2026-03-20-eu": incident_text(
        components="[eu, web]", started="2026-03-20T09:00:00Z", resolved=None)}, components=components)
    view = status_view(site, AT)
    assert [c.component.id for c in view.components] == ["api", "db", "eu", "web", "mail"]
    assert [(g.name, [s.component.id for s in g.components], g.status) for g in view.groups] == [
        ("Platform", ["api", "web"], "partial_outage"),
        (None, ["db"], "operational"),
        ("Regions", ["eu"], "partial_outage"),
        (None, ["mail"], "operational"),
    ]


def test_recent_is_the_last_seven_days_newest_first(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-12-old": incident_text(started="2026-03-12T09:00:00Z", resolved="2026-03-13T11:59:00Z"),
        "2026-03-13-edge": incident_text(started="2026-03-13T09:00:00Z", resolved="2026-03-13T12:00:00Z"),
        "2026-03-15-a": incident_text(started="2026-03-15T09:00:00Z", resolved="2026-03-18T10:00:00Z"),
        "2026-03-16-b": incident_text(started="2026-03-16T09:00:00Z", resolved="2026-03-16T10:00:00Z"),
        "2026-03-19-open": incident_text(started="2026-03-19T09:00:00Z", resolved=None),
        "2026-03-17-maint": maintenance_text(
            components="[db]", start="2026-03-17T01:00:00Z", end="2026-03-17T02:00:00Z",
            resolved="2026-03-17T01:30:00Z"),
    })
    view = status_view(site, AT)
    # Since 2026-03-13T12:00 inclusive, by resolution time, newest first; open ones are not recent.
    assert ids(view.recent) == ["2026-03-15-a", "2026-03-17-maint", "2026-03-16-b", "2026-03-13-edge"]
    assert ids(view.active_incidents) == ["2026-03-19-open"]


def test_upcoming_and_active_maintenance_order(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-25-later": maintenance_text(
            components="[web]", start="2026-03-25T02:00:00Z", end="2026-03-25T04:00:00Z"),
        "2026-03-22-sooner": maintenance_text(
            components="[db]", start="2026-03-22T02:00:00Z", end="2026-03-22T04:00:00Z"),
        "2026-03-20-b": maintenance_text(
            components="[db]", start="2026-03-20T11:00:00Z", end="2026-03-20T13:00:00Z"),
        "2026-03-20-a": maintenance_text(
            components="[api]", start="2026-03-20T10:00:00Z", end="2026-03-20T14:00:00Z"),
    })
    view = status_view(site, AT)
    assert ids(view.upcoming_maintenance) == ["2026-03-22-sooner", "2026-03-25-later"]
    assert ids(view.active_maintenance) == ["2026-03-20-a", "2026-03-20-b"]
    assert statuses(view) == {"api": "under_maintenance", "web": "operational", "db": "under_maintenance"}
