"""A fixture site with hand-computable incident metrics (used by the metrics,
report and chart tests), and ``postmortem_text`` for postmortem files.

The first quarter of 2026 (``Q1 = [2026-01-01, 2026-04-01)``) holds six incidents
A–F with these durations in minutes (``-`` = a timestamp is missing):

======  ========  ========  ====  ====  ====  ====
id      severity  comps     TTD   TTA   TTM   TTR
======  ========  ========  ====  ====  ====  ====
A       SEV1      api, web  2     1     8     10
B       SEV2      api       10    -     15    20
C       SEV2      web       -     -     -     30     (acknowledged, but never detected)
D       SEV3      db        20    6     35    40
E       SEV1      api, db   90    4     95    100
F       SEV2      api       4     -     -     -      (still open)
======  ========  ========  ====  ====  ====  ====

Outside the quarter: G (2025-12-30, SEV4) and H (started exactly 2026-04-01T00:00Z,
so excluded: ``until`` is exclusive). M is a maintenance in February: never counted.

Postmortems (site order: by date): PM-G (2025-12-31, covers G), PM-A (2026-01-08,
covers A), PM-C (2026-02-12, covers C, no action items), PM-E (2026-03-18, covers E).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from statuspress.load import Site
from tests.support.sites import incident_text, load, maintenance_text, write_site

#: The as-of time of the metrics tests: 2026-04-10 12:00 UTC.
AT = datetime(2026, 4, 10, 12, 0, tzinfo=timezone.utc)

SECTIONS = ("Summary", "Impact", "Timeline", "Root Cause", "Contributing Factors",
            "What Went Well", "What Went Poorly")


def postmortem_text(
    title: str, incidents: list[str], *, status: str = "published", date: str | None = None,
    tags: list[str] | None = None, services: list[str] | None = None,
    action_items: list[dict[str, str]] | None = None, visibility: str = "internal",
    extra: str = "", body: str | None = None,
) -> str:
    """A valid postmortem file with every default section (``body`` replaces them)."""
    lines = ["---", f"title: {title}", f"incidents: [{', '.join(incidents)}]", f"status: {status}",
             f"visibility: {visibility}"]
    if date:
        lines.append(f"date: {date}")
    if tags is not None:
        lines.append(f"tags: [{', '.join(tags)}]")
    if services is not None:
        lines.append(f"services: [{', '.join(services)}]")
    if action_items:
        lines.append("action_items:")
        for item in action_items:
            first = True
            for key, value in item.items():
                lines.append(f"  {'- ' if first else '  '}{key}: {value}")
                first = False
    if extra:
        lines += extra.strip("\n").split("\n")
    lines.append("---")
    if body is None:
        body = "\n".join(f"## {name}\n\nText.\n" for name in SECTIONS)
    return "\n".join(lines) + "\n" + body


def _times(**stamps: str) -> str:
    return "\n".join(f"{key}: {value}" for key, value in stamps.items())


INCIDENTS: dict[str, str] = {
    "2025-12-30-g": incident_text("G", "SEV4", "2025-12-30T23:00:00Z", "2025-12-31T01:00:00Z", "[web]"),
    "2026-01-05-a": incident_text(
        "A", "SEV1", "2026-01-05T10:00:00Z", "2026-01-05T10:10:00Z", "[api, web]",
        extra=_times(detected="2026-01-05T10:02:00Z", acknowledged="2026-01-05T10:03:00Z",
                     mitigated="2026-01-05T10:08:00Z"),
    ),
    "2026-01-20-b": incident_text(
        "B", "SEV2", "2026-01-20T08:00:00Z", "2026-01-20T08:20:00Z", "[api]",
        extra=_times(detected="2026-01-20T08:10:00Z", mitigated="2026-01-20T08:15:00Z"),
    ),
    "2026-02-01-m": maintenance_text(
        "M", "2026-02-01T01:00:00Z", "2026-02-01T03:00:00Z", "[db]",
        updates=[("2026-02-01T01:00:00Z", "in_progress")], resolved="2026-02-01T02:00:00Z",
    ),
    "2026-02-10-c": incident_text(
        "C", "SEV2", "2026-02-10T12:00:00Z", "2026-02-10T12:30:00Z", "[web]",
        extra=_times(acknowledged="2026-02-10T12:05:00Z"),
    ),
    "2026-03-01-d": incident_text(
        "D", "SEV3", "2026-03-01T00:00:00Z", "2026-03-01T00:40:00Z", "[db]",
        extra=_times(detected="2026-03-01T00:20:00Z", acknowledged="2026-03-01T00:26:00Z",
                     mitigated="2026-03-01T00:35:00Z"),
    ),
    "2026-03-15-e": incident_text(
        "E", "SEV1", "2026-03-15T09:00:00Z", "2026-03-15T10:40:00Z", "[api, db]",
        extra=_times(detected="2026-03-15T10:30:00Z", acknowledged="2026-03-15T10:34:00Z",
                     mitigated="2026-03-15T10:35:00Z"),
    ),
    "2026-03-20-f": incident_text(
        "F", "SEV2", "2026-03-20T10:00:00Z", None, "[api]", extra=_times(detected="2026-03-20T10:04:00Z"),
    ),
    "2026-04-01-h": incident_text("H", "SEV3", "2026-04-01T00:00:00Z", "2026-04-01T00:30:00Z", "[db]"),
}

POSTMORTEMS: dict[str, str] = {
    "2025-12-31-pm-g": postmortem_text(
        "PM-G", ["2025-12-30-g"], date="2025-12-31", tags=["config-change"], services=["api"],
        action_items=[{"title": "Old item", "owner": "Jo Kim", "due": "2026-01-10", "status": "open"}],
    ),
    "2026-01-08-pm-a": postmortem_text(
        "PM-A", ["2026-01-05-a"], date="2026-01-08", tags=["config-change", "deploy"],
        services=["api", "gateway"],
        action_items=[
            {"title": "Add config validation", "owner": "Sam Lee", "due": "2026-02-01", "status": "done"},
            {"title": "Add alert on queue depth", "owner": "Sam Lee", "due": "2026-04-01", "status": "open"},
            {"title": "Rewrite the gateway", "owner": "Jo Kim", "due": "2026-03-01", "status": "wont_do"},
        ],
    ),
    "2026-02-12-pm-c": postmortem_text(
        "PM-C", ["2026-02-10-c"], date="2026-02-12", tags=["capacity"], services=["web"],
    ),
    "2026-03-18-pm-e": postmortem_text(
        "PM-E", ["2026-03-15-e"], status="draft", date="2026-03-18", tags=["config-change"],
        services=["api"],
        action_items=[
            {"title": "Canary config changes", "owner": "Dana Ortiz", "due": "2026-03-30",
             "status": "in_progress"},
            {"title": "Runbook for rollback", "owner": "Priya Raman", "due": "2026-05-01", "status": "open"},
        ],
    ),
}


def metrics_site(root: Path) -> Site:
    """Write and load the quarter described above."""
    write_site(root, INCIDENTS, POSTMORTEMS)
    site = load(root)
    assert site.problems == [], [p.format() for p in site.problems]
    return site
