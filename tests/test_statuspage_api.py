"""The Statuspage-compatible JSON API v2 (statuspress.render.statuspage), key by key."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from statuspress.errors import ContentError
from statuspress.load import Site
from statuspress.render.statuspage import page_id, statuspage_api, timestamp
from statuspress.views.snapshot import snapshot
from tests.support.sites import (
    INTERNAL_MARKER,
    incident_text,
    load,
    timeline_site,
    write_site,
)

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)
BASE = "https://status.acme.test/"

PATHS = [
    "api/v2/components.json",
    "api/v2/incidents.json",
    "api/v2/incidents/unresolved.json",
    "api/v2/scheduled-maintenances.json",
    "api/v2/scheduled-maintenances/active.json",
    "api/v2/scheduled-maintenances/upcoming.json",
    "api/v2/status.json",
    "api/v2/summary.json",
]
PAGE_KEYS = ["id", "name", "url", "time_zone", "updated_at"]
COMPONENT_KEYS = [
    "id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
    "start_date", "group_id", "page_id", "group", "only_show_if_degraded",
]
GROUP_KEYS = [*COMPONENT_KEYS, "components"]
INCIDENT_KEYS = [
    "id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
    "shortlink", "started_at", "page_id", "incident_updates", "components",
]
MAINTENANCE_KEYS = [*INCIDENT_KEYS, "scheduled_for", "scheduled_until"]
UPDATE_KEYS = [
    "id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
    "affected_components", "deliver_notifications", "custom_tweet", "tweet_id",
]
COMPONENT_STATUSES = {"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
INCIDENT_STATUSES = {"investigating", "identified", "monitoring", "resolved", "postmortem"}
MAINTENANCE_STATUSES = {"scheduled", "in_progress", "verifying", "completed"}
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

PAGE = {
    # Without the trailing slash, as Statuspage writes it.
    "id": "acme", "name": "Acme", "url": BASE.rstrip("/"), "time_zone": "Etc/UTC",
    # The latest public update: the deploy's in_progress update.
    "updated_at": "2026-03-20T11:00:00.000Z",
}
CREATED = "2026-01-10T01:00:00.000Z"  # the earliest time in the content


def _component(cid: str, name: str, status: str, updated: str, position: int, group_id: str | None) -> dict[str, Any]:
    return {
        "id": cid, "name": name, "status": status, "created_at": CREATED, "updated_at": updated,
        "position": position, "description": None, "showcase": True, "start_date": None,
        "group_id": group_id, "page_id": "acme", "group": False, "only_show_if_degraded": False,
    }


# Positions count within the parent: api and web are 1 and 2 in Platform; the group
# and db are 1 and 2 at the top level.
API_ROW = _component("api", "API", "under_maintenance", "2026-03-20T11:00:00.000Z", 1, "group.platform")
WEB_ROW = _component("web", "Website", "degraded_performance", "2026-03-10T08:10:00.000Z", 2, "group.platform")
DB_ROW = _component("db", "Database", "operational", "2026-03-05T22:50:00.000Z", 2, None)
COMPONENTS = [
    {
        "id": "group.platform", "name": "Platform", "status": "degraded_performance",
        "created_at": CREATED, "updated_at": "2026-03-20T11:00:00.000Z", "position": 1,
        "description": None, "showcase": False, "start_date": None, "group_id": None,
        "page_id": "acme", "group": True, "only_show_if_degraded": False, "components": ["api", "web"],
    },
    API_ROW, WEB_ROW, DB_ROW,
]


def _update(
    incident_id: str, n: int, status: str, body: str, at: str, changes: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {
        "id": f"{incident_id}-{n}", "status": status, "body": body, "incident_id": incident_id,
        "created_at": at, "updated_at": at, "display_at": at, "affected_components": changes,
        "deliver_notifications": True, "custom_tweet": None, "tweet_id": None,
    }


API_ERRORS = {
    "id": "2026-03-01-api-errors",
    "name": "Elevated API errors",
    "status": "resolved",
    "created_at": "2026-03-01T09:05:00.000Z",
    "updated_at": "2026-03-01T10:00:00.000Z",
    "monitoring_at": "2026-03-01T09:45:00.000Z",
    "resolved_at": "2026-03-01T10:00:00.000Z",
    "impact": "major",
    "shortlink": BASE + "incidents/2026-03-01-api-errors/",
    "started_at": "2026-03-01T09:00:00.000Z",
    "page_id": "acme",
    "incident_updates": [
        # The resolution returns the component to operational.
        _update("2026-03-01-api-errors", 4, "resolved", "Error rates are back to normal.", "2026-03-01T10:00:00.000Z",
                [{"code": "api", "name": "API", "old_status": "partial_outage", "new_status": "operational"}]),
        _update("2026-03-01-api-errors", 3, "monitoring", "A fix has been deployed.", "2026-03-01T09:45:00.000Z"),
        # A status-less update keeps the stage it was posted in.
        _update("2026-03-01-api-errors", 2, "investigating", "Errors are limited to eu-west.",
                "2026-03-01T09:30:00.000Z"),
        # The first update brings the file's components to the status its impact implies.
        _update("2026-03-01-api-errors", 1, "investigating", "We are investigating elevated errors.",
                "2026-03-01T09:05:00.000Z",
                [{"code": "api", "name": "API", "old_status": "operational", "new_status": "partial_outage"}]),
    ],
    "components": [API_ROW],
}

WEB_SLOW = {
    "id": "2026-03-10-web-slow",
    "name": "Slow website",
    # "identified" is posted after the as-of time.
    "status": "investigating",
    "created_at": "2026-03-10T08:10:00.000Z",
    "updated_at": "2026-03-10T08:10:00.000Z",
    "monitoring_at": None,
    "resolved_at": None,
    "impact": "minor",
    "shortlink": BASE + "incidents/2026-03-10-web-slow/",
    "started_at": "2026-03-10T08:00:00.000Z",
    "page_id": "acme",
    # Markup is dropped: the body is plain text.
    "incident_updates": [
        _update("2026-03-10-web-slow", 1, "investigating", "Pages load slowly.  x", "2026-03-10T08:10:00.000Z",
                [{"code": "web", "name": "Website", "old_status": "operational",
                  "new_status": "degraded_performance"}]),
    ],
    "components": [WEB_ROW],
}

API_DEPLOY = {
    "id": "2026-03-20-api-deploy",
    "name": "API deploy; writes paused, briefly",
    "status": "in_progress",
    "created_at": "2026-03-18T10:00:00.000Z",
    "updated_at": "2026-03-20T11:00:00.000Z",
    "monitoring_at": None,
    "resolved_at": None,
    "impact": "maintenance",
    "shortlink": BASE + "incidents/2026-03-20-api-deploy/",
    "started_at": "2026-03-20T11:00:00.000Z",
    "page_id": "acme",
    "incident_updates": [
        _update("2026-03-20-api-deploy", 2, "in_progress",
                "The deploy has started; writes pause, reads continue.\n\nLogs go to C:\\ops\\deploy.",
                "2026-03-20T11:00:00.000Z",
                [{"code": "api", "name": "API", "old_status": "operational", "new_status": "under_maintenance"}]),
        _update("2026-03-20-api-deploy", 1, "scheduled", "Writes will pause for up to two hours.",
                "2026-03-18T10:00:00.000Z"),
    ],
    "components": [API_ROW],
    "scheduled_for": "2026-03-20T11:00:00.000Z",
    "scheduled_until": "2026-03-20T13:00:00.000Z",
}

WEB_MIGRATION = {
    "id": "2026-03-25-web-migration",
    "name": "Website migration to the new hosting platform in the eu-west region",
    "status": "scheduled",
    "created_at": "2026-03-19T15:00:00.000Z",
    "updated_at": "2026-03-19T15:00:00.000Z",
    "monitoring_at": None,
    "resolved_at": None,
    "impact": "maintenance",
    "shortlink": BASE + "incidents/2026-03-25-web-migration/",
    # Nothing has started: real pages give the time it was announced.
    "started_at": "2026-03-19T15:00:00.000Z",
    "page_id": "acme",
    "incident_updates": [
        _update("2026-03-25-web-migration", 1, "scheduled",
                "The website moves to new servers; pages may be unavailable for up to five minutes. "
                "Café menus stay.", "2026-03-19T15:00:00.000Z"),
    ],
    "components": [WEB_ROW],
    "scheduled_for": "2026-03-25T02:00:00.000Z",
    "scheduled_until": "2026-03-25T04:00:00.000Z",
}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return timeline_site(tmp_path)


@pytest.fixture
def raw(site: Site) -> dict[str, bytes]:
    return statuspage_api(snapshot(site, AT))


@pytest.fixture
def api(raw: dict[str, bytes]) -> dict[str, Any]:
    return {path.removeprefix("api/v2/"): json.loads(data) for path, data in raw.items()}


def test_every_document_is_written(raw: dict[str, bytes]) -> None:
    assert sorted(raw) == PATHS


def test_document_keys_in_statuspage_order(api: dict[str, Any]) -> None:
    assert {name: list(doc) for name, doc in api.items()} == {
        "summary.json": ["page", "components", "incidents", "scheduled_maintenances", "status"],
        "status.json": ["page", "status"],
        "components.json": ["page", "components"],
        "incidents.json": ["page", "incidents"],
        "incidents/unresolved.json": ["page", "incidents"],
        "scheduled-maintenances.json": ["page", "scheduled_maintenances"],
        "scheduled-maintenances/upcoming.json": ["page", "scheduled_maintenances"],
        "scheduled-maintenances/active.json": ["page", "scheduled_maintenances"],
    }
    for doc in api.values():
        assert list(doc["page"]) == PAGE_KEYS
        for row in doc.get("components", []):
            assert list(row) == (GROUP_KEYS if row["group"] else COMPONENT_KEYS)
        for incident in doc.get("incidents", []):
            assert list(incident) == INCIDENT_KEYS
            assert incident["status"] in INCIDENT_STATUSES
            assert incident["impact"] in {"none", "minor", "major", "critical"}
        for maintenance in doc.get("scheduled_maintenances", []):
            assert list(maintenance) == MAINTENANCE_KEYS
            assert maintenance["status"] in MAINTENANCE_STATUSES
            assert maintenance["impact"] == "maintenance"
        for item in [*doc.get("incidents", []), *doc.get("scheduled_maintenances", [])]:
            for update in item["incident_updates"]:
                assert list(update) == UPDATE_KEYS
            for row in item["components"]:
                assert list(row) == COMPONENT_KEYS
                assert row["status"] in COMPONENT_STATUSES


def test_every_timestamp_has_milliseconds_and_z(raw: dict[str, bytes]) -> None:
    found = 0
    for data in raw.values():
        for key, value in re.findall(rb'"([a-z_]+_(?:at|for|until))":("[^"]*"|null)', data):
            if value != b"null":
                found += 1
                assert TIMESTAMP.match(json.loads(value)), (key, value)
    assert found > 100


def test_page_object(api: dict[str, Any]) -> None:
    for doc in api.values():
        assert doc["page"] == PAGE


def test_status(api: dict[str, Any]) -> None:
    # Worst component: web's degraded performance (the api maintenance ranks below it).
    assert api["status.json"] == {
        "page": PAGE,
        "status": {"indicator": "minor", "description": "Partially Degraded Service"},
    }


def test_components_with_groups(api: dict[str, Any]) -> None:
    assert api["components.json"]["components"] == COMPONENTS


def test_incidents_newest_first_resolved_included(api: dict[str, Any]) -> None:
    assert api["incidents.json"]["incidents"] == [WEB_SLOW, API_ERRORS]


def test_unresolved_incidents(api: dict[str, Any]) -> None:
    assert api["incidents/unresolved.json"]["incidents"] == [WEB_SLOW]


def test_scheduled_maintenances_by_phase(api: dict[str, Any]) -> None:
    everything = api["scheduled-maintenances.json"]["scheduled_maintenances"]
    assert [(m["id"], m["status"], m["resolved_at"]) for m in everything] == [
        ("2026-03-25-web-migration", "scheduled", None),
        ("2026-03-20-api-deploy", "in_progress", None),
        ("2026-03-05-db-upgrade", "completed", "2026-03-05T22:50:00.000Z"),
        ("2026-01-10-old-maintenance", "completed", "2026-01-10T01:30:00.000Z"),
    ]
    assert everything[:2] == [WEB_MIGRATION, API_DEPLOY]
    assert api["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"] == [WEB_MIGRATION]
    assert api["scheduled-maintenances/active.json"]["scheduled_maintenances"] == [API_DEPLOY]


def test_summary_composition(api: dict[str, Any]) -> None:
    assert api["summary.json"] == {
        "page": PAGE,
        "components": COMPONENTS,
        "incidents": [WEB_SLOW],
        "scheduled_maintenances": [WEB_MIGRATION, API_DEPLOY],
        "status": api["status.json"]["status"],
    }


def test_compact_utf8_and_deterministic(site: Site, raw: dict[str, bytes]) -> None:
    status = raw["api/v2/status.json"]
    assert status == (
        b'{"page":{"id":"acme","name":"Acme","url":"https://status.acme.test","time_zone":"Etc/UTC",'
        b'"updated_at":"2026-03-20T11:00:00.000Z"},'
        b'"status":{"indicator":"minor","description":"Partially Degraded Service"}}'
    )
    assert "Café".encode() in raw["api/v2/scheduled-maintenances.json"]
    assert statuspage_api(snapshot(site, AT)) == raw


def test_internal_and_hostile_content_never_appear(raw: dict[str, bytes]) -> None:
    for path, data in raw.items():
        assert INTERNAL_MARKER.encode() not in data, path
        for needle in (b"<script", b"onerror", b"javascript:", b"Posted after the as-of time"):
            assert needle not in data, (path, needle)


def test_an_earlier_as_of_time(site: Site) -> None:
    at = datetime(2026, 3, 1, 9, 50, tzinfo=timezone.utc)
    api = {p.removeprefix("api/v2/"): json.loads(d) for p, d in statuspage_api(snapshot(site, at)).items()}
    (errors,) = api["incidents/unresolved.json"]["incidents"]
    assert (errors["id"], errors["status"], errors["monitoring_at"], errors["resolved_at"], errors["updated_at"]) == (
        "2026-03-01-api-errors", "monitoring", "2026-03-01T09:45:00.000Z", None, "2026-03-01T09:45:00.000Z",
    )
    assert [u["id"] for u in errors["incident_updates"]] == [
        "2026-03-01-api-errors-3", "2026-03-01-api-errors-2", "2026-03-01-api-errors-1",
    ]
    assert api["status.json"]["status"] == {"indicator": "minor", "description": "Minor Service Outage"}
    assert api["status.json"]["page"]["updated_at"] == "2026-03-01T09:45:00.000Z"
    assert [(c["id"], c["status"]) for c in api["components.json"]["components"]] == [
        ("group.platform", "partial_outage"), ("api", "partial_outage"), ("web", "operational"),
        ("db", "operational"),
    ]
    # Every window after 09:50 is upcoming; none has started.
    assert [m["id"] for m in api["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]] == [
        "2026-03-25-web-migration", "2026-03-20-api-deploy", "2026-03-05-db-upgrade",
    ]
    assert api["scheduled-maintenances/active.json"]["scheduled_maintenances"] == []
    assert api["incidents.json"]["incidents"] == [errors]


def test_empty_site(tmp_path: Path) -> None:
    write_site(tmp_path)
    api = {p.removeprefix("api/v2/"): json.loads(d) for p, d in statuspage_api(snapshot(load(tmp_path), AT)).items()}
    assert api["status.json"]["page"]["updated_at"] == "2026-03-20T12:00:00.000Z"
    assert api["status.json"]["status"] == {"indicator": "none", "description": "All Systems Operational"}
    assert [(c["id"], c["status"], c["created_at"], c["updated_at"]) for c in api["components.json"]["components"]] == [
        ("group.platform", "operational", "2026-03-20T12:00:00.000Z", "2026-03-20T12:00:00.000Z"),
        ("api", "operational", "2026-03-20T12:00:00.000Z", "2026-03-20T12:00:00.000Z"),
        ("web", "operational", "2026-03-20T12:00:00.000Z", "2026-03-20T12:00:00.000Z"),
        ("db", "operational", "2026-03-20T12:00:00.000Z", "2026-03-20T12:00:00.000Z"),
    ]
    assert api["incidents.json"]["incidents"] == []
    assert api["summary.json"]["scheduled_maintenances"] == []


def test_published_public_postmortem_makes_the_status_postmortem(tmp_path: Path) -> None:
    """As on Statuspage: a resolved incident whose postmortem is published (and public)
    has status `postmortem`, from the postmortem's date on; an internal or draft one
    changes nothing; its updates keep their own stages."""
    def postmortem(incident: str, status: str, visibility: str, day: str) -> str:
        return f"""
            ---
            title: Postmortem of {incident}
            incidents: [{incident}]
            status: {status}
            visibility: {visibility}
            date: {day}
            ---
            """
    incidents = {name: incident_text(started=f"2026-03-{day}T09:00:00Z", resolved=f"2026-03-{day}T10:00:00Z")
                 for name, day in (("a", "10"), ("b", "11"), ("c", "12"), ("d", "13"))}
    write_site(tmp_path, incidents=incidents, postmortem_sections=[], postmortems={
        "pm-a": postmortem("a", "published", "public", "2026-03-15"),
        "pm-b": postmortem("b", "published", "internal", "2026-03-15"),
        "pm-c": postmortem("c", "reviewed", "public", "2026-03-15"),
        "pm-d": postmortem("d", "published", "public", "2026-03-25"),  # after the as-of day
    })
    incidents_json = json.loads(statuspage_api(snapshot(load(tmp_path), AT))["api/v2/incidents.json"])["incidents"]
    assert [(i["id"], i["status"], i["incident_updates"][0]["status"]) for i in incidents_json] == [
        ("d", "resolved", "resolved"), ("c", "resolved", "resolved"), ("b", "resolved", "resolved"),
        ("a", "postmortem", "resolved"),
    ]


def test_group_ids_never_collide(tmp_path: Path) -> None:
    write_site(tmp_path, components=[
        {"id": "edge", "name": "Edge", "group": "Edge network"},
        {"id": "group", "name": "Group", "group": "edge-network"},
        {"id": "cdn", "name": "CDN"},
    ])
    rows = json.loads(statuspage_api(snapshot(load(tmp_path), AT))["api/v2/components.json"])["components"]
    assert [(r["id"], r["position"], r["group_id"], r.get("components")) for r in rows] == [
        ("group.edge-network", 1, None, ["edge"]),
        ("edge", 1, "group.edge-network", None),
        ("group.edge-network-2", 2, None, ["group"]),
        ("group", 1, "group.edge-network-2", None),
        ("cdn", 3, None, None),
    ]


def test_ids_and_timestamps_helpers(tmp_path: Path) -> None:
    write_site(tmp_path, name="Ünïcode Cloud & Co.")
    assert page_id(load(tmp_path).config) == "unicode-cloud-co"
    assert timestamp(datetime(2026, 3, 14, 9, 12, 0, 123456, tzinfo=timezone.utc)) == "2026-03-14T09:12:00.123Z"
    assert timestamp(None) is None


def test_the_same_snapshot_gives_the_same_bytes(site: Site, raw: dict[str, bytes]) -> None:
    assert statuspage_api(snapshot(site, AT)) == raw


def test_timestamps_are_in_the_page_time_zone(tmp_path: Path) -> None:
    write_site(tmp_path, time_zone="America/Tijuana", incidents={"2026-03-14-api": incident_text()})
    api = {p.removeprefix("api/v2/"): json.loads(d) for p, d in statuspage_api(snapshot(load(tmp_path), AT)).items()}
    assert api["status.json"]["page"] == {
        "id": "acme", "name": "Acme", "url": "https://status.acme.test", "time_zone": "America/Tijuana",
        # 10:00 UTC is 03:00 in Tijuana (Pacific daylight time from 8 March 2026).
        "updated_at": "2026-03-14T03:00:00.000-07:00",
    }
    (incident,) = api["incidents.json"]["incidents"]
    assert (incident["started_at"], incident["resolved_at"]) == (
        "2026-03-14T02:00:00.000-07:00", "2026-03-14T03:00:00.000-07:00")
    assert [u["created_at"] for u in incident["incident_updates"]] == [
        "2026-03-14T03:00:00.000-07:00", "2026-03-14T02:00:00.000-07:00"]
    assert timestamp(datetime(2022, 2, 15, 21, 14, 17, 744000, tzinfo=timezone.utc), "America/Tijuana") == (
        "2022-02-15T13:14:17.744-08:00")


def test_an_unknown_time_zone_is_an_error(tmp_path: Path) -> None:
    write_site(tmp_path, time_zone="Mars/Olympus")
    with pytest.raises(ContentError) as raised:
        load(tmp_path)
    assert str(raised.value) == (
        "mkdocs.yml:11: error: plugins.statuspress: `time_zone` `Mars/Olympus` is not an IANA time zone; "
        "write one like `Etc/UTC` or `Europe/Berlin`"
    )
