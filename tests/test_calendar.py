"""maintenance.ics (statuspress.render.calendar), read back by two iCalendar parsers:
icalendar (which wrote it) and vobject, as another calendar client would."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
import vobject

from statuspress.load import Site
from statuspress.render.calendar import maintenance_calendar
from statuspress.views.snapshot import snapshot
from tests.support.sites import (
    INTERNAL_MARKER,
    load,
    maintenance_text,
    timeline_site,
    write_site,
)

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return timeline_site(tmp_path)


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_every_event_has_sequence_status_and_the_whole_story(site: Site) -> None:
    data = maintenance_calendar(snapshot(site, AT))["maintenance.ics"]
    found = [
        (str(e["UID"]), int(e["SEQUENCE"]), str(e["STATUS"]), e.decoded("DTSTAMP"), e.decoded("CREATED"))
        for e in events(data)
    ]
    assert found == [
        ("2026-03-05-db-upgrade@status.acme.test", 2, "CONFIRMED", t("2026-03-05T22:50"), t("2026-03-01T12:00")),
        ("2026-03-20-api-deploy@status.acme.test", 1, "CONFIRMED", t("2026-03-20T11:00"), t("2026-03-18T10:00")),
        ("2026-03-25-web-migration@status.acme.test", 0, "CONFIRMED", t("2026-03-19T15:00"), t("2026-03-19T15:00")),
    ]
    # The announcement and every update, oldest first, not only the latest.
    assert str(events(data)[0]["DESCRIPTION"]) == (
        "2026-03-01 12:00 UTC · Scheduled\nWe will upgrade the database.\n\n"
        "2026-03-05 22:00 UTC · In progress\nThe upgrade has started.\n\n"
        "2026-03-05 22:50 UTC · Completed\nThe upgrade is complete."
    )
    assert str(events(data)[1]["SUMMARY"]) == "API deploy; writes paused, briefly"
    assert INTERNAL_MARKER.encode() not in data


def test_a_second_parser_reads_the_same_events(site: Site) -> None:
    data = maintenance_calendar(snapshot(site, AT))["maintenance.ics"]
    calendar = vobject.readOne(data.decode("utf-8"))
    found = [
        (e.uid.value, int(e.sequence.value), e.status.value, e.dtstart.value, e.dtend.value)
        for e in calendar.vevent_list
    ]
    assert found == [
        ("2026-03-05-db-upgrade@status.acme.test", 2, "CONFIRMED", t("2026-03-05T22:00"), t("2026-03-05T23:00")),
        ("2026-03-20-api-deploy@status.acme.test", 1, "CONFIRMED", t("2026-03-20T11:00"), t("2026-03-20T13:00")),
        ("2026-03-25-web-migration@status.acme.test", 0, "CONFIRMED", t("2026-03-25T02:00"), t("2026-03-25T04:00")),
    ]
    assert calendar.vevent_list[1].description.value == (
        "2026-03-18 10:00 UTC · Scheduled\nWrites will pause for up to two hours.\n\n"
        "2026-03-20 11:00 UTC · In progress\nThe deploy has started; writes pause, reads continue.\n\n"
        "Logs go to C:\\ops\\deploy."
    )
    assert calendar.x_wr_calname.value == "Acme scheduled maintenance"


def test_a_maintenance_without_updates_is_tentative_and_never_dated_in_the_future(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-04-08-quiet": maintenance_text(
        title="Quiet window", start="2026-04-08T22:00:00Z", end="2026-04-08T23:00:00Z",
    )})
    snap = snapshot(load(tmp_path), AT)
    (event,) = events(maintenance_calendar(snap)["maintenance.ics"])
    # The window is 19 days after the as-of time; nothing was announced before it.
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("TENTATIVE", 0)
    assert (event.decoded("DTSTAMP"), event.decoded("CREATED"), event.decoded("LAST-MODIFIED")) == (AT, AT, AT)


def test_a_cancelled_maintenance_is_cancelled(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-25-called-off": maintenance_text(
        title="Called off", start="2026-03-25T22:00:00Z", end="2026-03-25T23:00:00Z",
        updates=[("2026-03-18T10:00:00Z", "scheduled")], resolved="2026-03-19T09:00:00Z",
    )})
    (event,) = events(maintenance_calendar(snapshot(load(tmp_path), AT))["maintenance.ics"])
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)


def test_sequence_grows_with_each_update(tmp_path: Path) -> None:
    def sequence(updates: list[tuple[str, str | None]]) -> int:
        write_site(tmp_path, incidents={"2026-03-25-db": maintenance_text(
            start="2026-03-25T22:00:00Z", end="2026-03-25T23:00:00Z", updates=updates,
        )})
        (event,) = events(maintenance_calendar(snapshot(load(tmp_path), AT))["maintenance.ics"])
        return int(event["SEQUENCE"])

    announced = [("2026-03-18T10:00:00Z", "scheduled")]
    assert sequence(announced) == 0
    assert sequence([*announced, ("2026-03-19T10:00:00Z", None)]) == 1
    # An update after the as-of time is not public yet.
    assert sequence([*announced, ("2026-03-19T10:00:00Z", None), ("2026-03-21T10:00:00Z", None)]) == 1


def test_calendar_is_deterministic_and_ignores_the_clock(site: Site) -> None:
    assert maintenance_calendar(snapshot(site, AT)) == maintenance_calendar(snapshot(site, AT))
    # A later build still inside the 30 days writes the same bytes.
    assert maintenance_calendar(snapshot(site, AT + timedelta(days=1))) == maintenance_calendar(snapshot(site, AT))


def test_the_30_day_horizon(site: Site) -> None:
    completed = datetime(2026, 3, 5, 22, 50, tzinfo=timezone.utc)
    at_edge = completed + timedelta(days=30)
    assert b"UID:2026-03-05-db-upgrade@" in maintenance_calendar(snapshot(site, at_edge))["maintenance.ics"]
    later = at_edge + timedelta(seconds=1)
    assert b"UID:2026-03-05-db-upgrade@" not in maintenance_calendar(snapshot(site, later))["maintenance.ics"]


def test_lines_are_folded_at_75_octets(site: Site) -> None:
    data = maintenance_calendar(snapshot(site, AT))["maintenance.ics"]
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in b"".join(lines)


def test_empty_calendar_holds_a_utc_zone(tmp_path: Path) -> None:
    write_site(tmp_path, name="Acme, Inc.", url="")
    data = maintenance_calendar(snapshot(load(tmp_path), AT))["maintenance.ics"]
    assert data == (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//statuspress//Scheduled maintenance//EN\r\n"
        b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Acme\\, Inc. scheduled maintenance\r\n"
        b"BEGIN:VTIMEZONE\r\nTZID:UTC\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZNAME:UTC\r\n"
        b"TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"
    )
    assert vobject.readOne(data.decode()).vtimezone.tzid.value == "UTC"


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
    (event,) = events(maintenance_calendar(snapshot(load(tmp_path), AT))["maintenance.ics"])
    assert str(event["UID"]) == "2026-03-10-recent@status.acme.test"
    # No update: DTSTAMP falls back to the window start, DESCRIPTION to the body.
    assert event.decoded("DTSTAMP") == t("2026-03-10T01:00")
    assert str(event["DESCRIPTION"]) == "Nobody posted an update."
