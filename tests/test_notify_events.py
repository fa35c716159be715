"""``notify.events.derive_events``: which events are due at an as-of time, and their
content-derived ids (the rules in the module docstring)."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import statuspress.notify
from statuspress.notify.content import read_content
from statuspress.notify.events import derive_events
from tests.support.sites import incident_text, load, maintenance_text, write_site


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _events(root: Path, at: str, reminder: int = 60) -> list[tuple[str, str, str]]:
    site = load(root)
    assert not site.has_errors, site.problems
    return [(e.id, e.kind, e.at.strftime("%Y-%m-%dT%H:%M:%SZ"))
            for e in derive_events(read_content(site, _at(at)), reminder)]


def test_incident_events_and_ids(tmp_path: Path) -> None:
    three_updates = incident_text().replace(
        "  - at: 2026-03-14T10:00:00Z", "  - at: 2026-03-14T09:30:00Z\n    message: Still on it.\n  - at: 2026-03-14T10:00:00Z")
    write_site(tmp_path, incidents={"2026-03-14-api": three_updates})
    assert _events(tmp_path, "2026-03-14T09:10:00Z") == [
        ("2026-03-14-api/declared", "declared", "2026-03-14T09:00:00Z"),
    ]
    assert _events(tmp_path, "2026-03-14T12:00:00Z") == [
        ("2026-03-14-api/declared", "declared", "2026-03-14T09:00:00Z"),
        ("2026-03-14-api/update/2/2026-03-14T09:30:00Z", "updated", "2026-03-14T09:30:00Z"),
        ("2026-03-14-api/resolved", "resolved", "2026-03-14T10:00:00Z"),
    ]


def test_an_incident_declared_and_resolved_in_one_update_is_only_resolved(tmp_path: Path) -> None:
    text = incident_text(resolved=None).replace("status: investigating", "status: resolved") \
        .replace("started: 2026-03-14T09:00:00Z", "started: 2026-03-14T09:00:00Z\nresolved: 2026-03-14T09:00:00Z")
    write_site(tmp_path, incidents={"2026-03-14-api": text})
    assert _events(tmp_path, "2026-03-14T12:00:00Z") == [
        ("2026-03-14-api/resolved", "resolved", "2026-03-14T09:00:00Z"),
    ]


def test_an_incident_without_updates_is_declared_once_it_started(tmp_path: Path) -> None:
    text = "---\ntitle: Later\nseverity: SEV3\ncomponents: [web]\nstarted: 2026-03-14T09:00:00Z\n---\n"
    write_site(tmp_path, incidents={"2026-03-14-web": text})
    assert _events(tmp_path, "2026-03-14T08:59:00Z") == []
    assert _events(tmp_path, "2026-03-14T09:00:00Z") == [("2026-03-14-web/declared", "declared", "2026-03-14T09:00:00Z")]


def test_maintenance_phases_follow_the_clock(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-20-db": maintenance_text(
        start="2026-03-20T22:00:00Z", end="2026-03-20T23:00:00Z", updates=[("2026-03-18T10:00:00Z", "scheduled")])})
    scheduled = ("2026-03-20-db/scheduled", "scheduled", "2026-03-18T10:00:00Z")
    assert _events(tmp_path, "2026-03-18T09:00:00Z") == []  # announced at 10:00
    assert _events(tmp_path, "2026-03-20T21:29:00Z", reminder=30) == [scheduled]
    assert _events(tmp_path, "2026-03-20T21:30:00Z", reminder=30) == [
        scheduled, ("2026-03-20-db/reminder", "reminder", "2026-03-20T21:30:00Z")]
    # Once the window has opened the reminder is no longer due (it never arrives late).
    assert _events(tmp_path, "2026-03-20T22:00:00Z") == [
        scheduled, ("2026-03-20-db/started", "started", "2026-03-20T22:00:00Z")]
    assert _events(tmp_path, "2026-03-20T23:00:00Z") == [
        scheduled, ("2026-03-20-db/started", "started", "2026-03-20T22:00:00Z"),
        ("2026-03-20-db/completed", "completed", "2026-03-20T23:00:00Z")]


def test_a_late_in_progress_update_is_an_update_not_the_start(tmp_path: Path) -> None:
    """The start notice went out by the clock at 22:00; the team's "we have begun" at
    22:05 is news of its own, not swallowed by the start that was already sent."""
    write_site(tmp_path, incidents={"2026-03-20-db": maintenance_text(
        start="2026-03-20T22:00:00Z", end="2026-03-20T23:00:00Z",
        updates=[("2026-03-18T10:00:00Z", "scheduled"), ("2026-03-20T22:05:00Z", "in_progress")])})
    assert _events(tmp_path, "2026-03-20T22:10:00Z") == [
        ("2026-03-20-db/scheduled", "scheduled", "2026-03-18T10:00:00Z"),
        ("2026-03-20-db/started", "started", "2026-03-20T22:00:00Z"),
        ("2026-03-20-db/update/2/2026-03-20T22:05:00Z", "updated", "2026-03-20T22:05:00Z"),
    ]


def test_only_the_adapter_reads_the_views() -> None:
    """`notify/content.py` is the one place that asks the views, so that pointing
    notify at another source of "the site as of a time" changes one module."""
    folder = Path(statuspress.notify.__file__).parent
    readers = set()
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("statuspress.views"):
                readers.add(path.name)
    assert readers == {"content.py"}


PM_SECTIONS = "".join(f"## {s}\n\nText.\n\n" for s in (
    "Summary", "Impact", "Timeline", "Root Cause", "Contributing Factors", "What Went Well", "What Went Poorly"))


def test_only_a_published_public_postmortem_is_news_once_its_date_has_come(tmp_path: Path) -> None:
    def pm(status: str, visibility: str) -> str:
        return (f"---\ntitle: What happened\nincidents: [2026-03-14-api]\nstatus: {status}\n"
                f"visibility: {visibility}\ndate: 2026-03-18\n---\n{PM_SECTIONS}")

    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()}, postmortems={
        "2026-03-18-public": pm("published", "public"),
        "2026-03-18-internal": pm("published", "internal"),
        "2026-03-18-draft": pm("draft", "public"),
    })
    before = _events(tmp_path, "2026-03-17T23:59:00Z")
    after = _events(tmp_path, "2026-03-18T00:00:00Z")
    assert after == [*before, ("2026-03-18-public/postmortem", "postmortem", "2026-03-18T00:00:00Z")]
