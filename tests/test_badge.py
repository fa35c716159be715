"""Status badge (SVG, shields.io endpoint) and the maintenance calendar (statuspress.render.badge)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from statuspress.load import Site
from statuspress.render.badge import badge_for, badges, fold, ics_text, maintenance_calendar, text_width
from statuspress.render.templating import make_environment
from statuspress.views.status import status_view
from tests.support.sites import INTERNAL_MARKER, load, timeline_site, write_site

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return timeline_site(tmp_path)


def test_badge_files(site: Site) -> None:
    assert sorted(badges(site, AT, make_environment())) == ["badge.json", "badge.svg"]


def test_shields_endpoint_json_is_exact(site: Site) -> None:
    data = badges(site, AT, make_environment())["badge.json"]
    assert data == (
        b'{"schemaVersion": 1, "label": "status", "message": "Partially Degraded Service", "color": "yellow"}'
    )


def test_svg_parses_and_is_accessible(site: Site) -> None:
    svg = ET.fromstring(badges(site, AT, make_environment())["badge.svg"])
    assert svg.tag == SVG + "svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "status: Partially Degraded Service"
    assert svg.findtext(SVG + "title") == "status: Partially Degraded Service"
    # Widths: 36 px for "status", 150 px for the message, 6 px padding each side.
    assert (svg.get("width"), svg.get("height"), svg.get("viewBox")) == ("210", "20", "0 0 210 20")
    rects = svg.findall(f"{SVG}g/{SVG}rect")
    assert [(r.get("x"), r.get("width"), r.get("fill")) for r in rects] == [
        (None, "48", "#555"), ("48", "162", "#fbc02d"), (None, "210", "url(#s)"),
    ]
    texts = svg.findall(f"{SVG}g/{SVG}text")
    # Dark text on yellow, so no shadow under the message.
    assert [(t.text, t.get("x"), t.get("fill"), t.get("textLength")) for t in texts] == [
        ("status", "24.0", "#010101", "36"),
        ("status", "24.0", "#fff", "36"),
        ("Partially Degraded Service", "129.0", "#1a1a1a", "150"),
    ]


@pytest.mark.parametrize(("indicator", "colour", "fill"), [
    ("none", "green", "#2e7d32"),
    ("minor", "yellow", "#fbc02d"),
    ("major", "orange", "#c2410c"),
    ("critical", "red", "#c62828"),
    ("maintenance", "blue", "#1565c0"),
])
def test_colour_follows_the_indicator(indicator: str, colour: str, fill: str) -> None:
    badge = badge_for(indicator, "All Systems Operational")
    assert (badge.colour, badge.fill) == (colour, fill)
    svg = ET.fromstring(
        make_environment().get_template("statuspress/badge.svg").render(badge=badge, label_fill="#555")
    )
    assert svg.findall(f"{SVG}g/{SVG}rect")[1].get("fill") == fill
    assert svg.get("width") == str(badge.width)


def test_operational_site_badge(tmp_path: Path) -> None:
    write_site(tmp_path)
    files = badges(load(tmp_path), AT, make_environment())
    assert json.loads(files["badge.json"]) == {
        "schemaVersion": 1, "label": "status", "message": "All Systems Operational", "color": "green",
    }
    svg = ET.fromstring(files["badge.svg"])
    assert svg.get("aria-label") == "status: All Systems Operational"


def test_text_width_is_approximate_verdana() -> None:
    assert text_width("status") == 36
    assert text_width("") == 0
    assert text_width("il") == 8  # narrow letters: 3.6 px each, rounded up
    assert text_width("MW") == 20


def test_the_badge_escapes_its_text() -> None:
    badge = badge_for("none", 'A <b>"quoted"</b> & more')
    text = make_environment().get_template("statuspress/badge.svg").render(badge=badge, label_fill="#555")
    svg = ET.fromstring(text)
    assert svg.findtext(SVG + "title") == 'status: A <b>"quoted"</b> & more'


# -- iCalendar ------------------------------------------------------------------

CALENDAR = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//statuspress//Scheduled maintenance//EN\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "METHOD:PUBLISH\r\n"
    "X-WR-CALNAME:Acme scheduled maintenance\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:2026-03-05-db-upgrade@status.acme.test\r\n"
    "DTSTAMP:20260305T225000Z\r\n"
    "DTSTART:20260305T220000Z\r\n"
    "DTEND:20260305T230000Z\r\n"
    "SUMMARY:Database upgrade\r\n"
    "DESCRIPTION:The upgrade is complete.\r\n"
    "URL:https://status.acme.test/incidents/2026-03-05-db-upgrade/\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:2026-03-20-api-deploy@status.acme.test\r\n"
    "DTSTAMP:20260320T110000Z\r\n"
    "DTSTART:20260320T110000Z\r\n"
    "DTEND:20260320T130000Z\r\n"
    "SUMMARY:API deploy\\; writes paused\\, briefly\r\n"
    "DESCRIPTION:The deploy has started\\; writes pause\\, reads continue.\\nLogs g\r\n"
    " o to C:\\\\ops\\\\deploy.\r\n"
    "URL:https://status.acme.test/incidents/2026-03-20-api-deploy/\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:2026-03-25-web-migration@status.acme.test\r\n"
    "DTSTAMP:20260319T150000Z\r\n"
    "DTSTART:20260325T020000Z\r\n"
    "DTEND:20260325T040000Z\r\n"
    "SUMMARY:Website migration to the new hosting platform in the eu-west region\r\n"
    "DESCRIPTION:The website moves to new servers\\; pages may be unavailable for\r\n"
    "  up to five minutes. Café menus stay.\r\n"
    "URL:https://status.acme.test/incidents/2026-03-25-web-migration/\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_calendar_is_exact(site: Site) -> None:
    files = maintenance_calendar(site, AT)
    assert list(files) == ["maintenance.ics"]
    assert files["maintenance.ics"].decode("utf-8") == CALENDAR
    # The old maintenance (completed 2026-01-10) is past the 30 days; incidents never appear.
    assert b"old-maintenance" not in files["maintenance.ics"]
    assert INTERNAL_MARKER.encode() not in files["maintenance.ics"]


def test_calendar_lines_respect_the_octet_limit(site: Site) -> None:
    data = maintenance_calendar(site, AT)["maintenance.ics"]
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) == 75


def test_calendar_is_deterministic_and_ignores_the_clock(site: Site) -> None:
    assert maintenance_calendar(site, AT) == maintenance_calendar(site, AT)
    # A later build still inside the 30 days writes the same bytes.
    assert maintenance_calendar(site, AT + timedelta(days=1)) == maintenance_calendar(site, AT)


def test_the_30_day_horizon(site: Site) -> None:
    completed = datetime(2026, 3, 5, 22, 50, tzinfo=timezone.utc)
    at_edge = completed + timedelta(days=30)
    assert b"UID:2026-03-05-db-upgrade@" in maintenance_calendar(site, at_edge)["maintenance.ics"]
    later = at_edge + timedelta(seconds=1)
    assert b"UID:2026-03-05-db-upgrade@" not in maintenance_calendar(site, later)["maintenance.ics"]


def test_empty_calendar(tmp_path: Path) -> None:
    write_site(tmp_path, name="Acme, Inc.", url="")
    assert maintenance_calendar(load(tmp_path), AT)["maintenance.ics"] == (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//statuspress//Scheduled maintenance//EN\r\n"
        b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Acme\\, Inc. scheduled maintenance\r\n"
        # No event: RFC 5545 still wants one component, so the UTC time zone.
        b"BEGIN:VTIMEZONE\r\nTZID:UTC\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        b"TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nTZNAME:UTC\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        b"END:VCALENDAR\r\n"
    )


def test_ics_text_escaping() -> None:
    assert ics_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_fold_splits_at_75_octets_without_breaking_characters() -> None:
    assert fold("x" * 75) == "x" * 75
    assert fold("x" * 76) == "x" * 75 + "\r\n x"
    assert fold("x" * 75 + "y" * 74 + "z") == "x" * 75 + "\r\n " + "y" * 74 + "\r\n z"
    # "é" is two octets: it would straddle octet 75, so it moves to the next line.
    folded = fold("x" * 74 + "é" + "y")
    assert folded == "x" * 74 + "\r\n éy"
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    # A four-octet character at the boundary.
    assert fold("x" * 73 + "😀" + "y") == "x" * 73 + "\r\n 😀y"


def test_a_window_that_passed_without_completion_counts_as_completed_at_its_end(tmp_path: Path) -> None:
    def forgotten(start: str, end: str) -> str:
        return f"""
            ---
            title: Forgotten window
            type: maintenance
            components: [db]
            scheduled_start: {start}
            scheduled_end: {end}
            ---
            Nobody posted an update.
            """

    write_site(tmp_path, incidents={
        "2026-02-10-long-ago": forgotten("2026-02-10T01:00:00Z", "2026-02-10T02:00:00Z"),
        "2026-03-10-recent": forgotten("2026-03-10T01:00:00Z", "2026-03-10T02:00:00Z"),
    })
    ics = maintenance_calendar(load(tmp_path), AT)["maintenance.ics"].decode()
    assert "UID:2026-02-10-long-ago@" not in ics
    # No update: DTSTAMP falls back to the window start, DESCRIPTION to the body.
    assert (
        "BEGIN:VEVENT\r\nUID:2026-03-10-recent@status.acme.test\r\nDTSTAMP:20260310T010000Z\r\n"
        "DTSTART:20260310T010000Z\r\nDTEND:20260310T020000Z\r\nSUMMARY:Forgotten window\r\n"
        "DESCRIPTION:Nobody posted an update.\r\n"
        "URL:https://status.acme.test/incidents/2026-03-10-recent/\r\nEND:VEVENT\r\n"
    ) in ics


def test_badges_accept_a_computed_view(site: Site) -> None:
    env = make_environment()
    assert badges(site, AT, env, view=status_view(site, AT)) == badges(site, AT, env)
