"""``maintenance.ics``: scheduled maintenance as an RFC 5545 calendar, written with
the ``icalendar`` library (escaping, CRLF and 75-octet folding are its job).

One VEVENT per maintenance that had not completed 30 days before the as-of time:

- ``UID`` ``<id>@<site host>``, stable for ever; ``URL`` the maintenance's page.
- ``DTSTART`` / ``DTEND`` the window; ``SUMMARY`` the title.
- ``DESCRIPTION`` the announcement (the file's description) and then every public
  update, oldest first, each headed by its time in UTC and its stage, so that a
  subscriber reads the whole story and not only the latest line.
- ``STATUS`` ``TENTATIVE`` while no update has been posted, ``CONFIRMED`` once one
  has, ``CANCELLED`` for a cancelled maintenance (completed before its window
  started without ever being in progress).
- ``SEQUENCE`` the number of public updates after the first: each one changes the
  description, and calendar clients replace an event only when its sequence grows.
- ``CREATED``, ``DTSTAMP`` and ``LAST-MODIFIED`` come from the updates (the first,
  the latest), never from the clock and never later than the as-of time, so the
  same content gives the same bytes.

With no such maintenance the calendar holds one UTC ``VTIMEZONE``: RFC 5545 wants at
least one component and strict clients reject an empty calendar.

The calendar's own texts (``X-WR-CALNAME``, the stage heading each update) are in the
site's language, and ``SUMMARY``/``DESCRIPTION`` carry a ``LANGUAGE`` parameter
(RFC 5545 3.2.10) with its BCP 47 tag, as ``<html lang>`` declares it for the pages;
the titles and messages stay as written.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vText

from statuspress.render import text, urls
from statuspress.render.feeds import site_host
from statuspress.render.i18n import Localizer
from statuspress.render.markdown import to_text
from statuspress.views.snapshot import IncidentState, Snapshot

__all__ = ["CALENDAR_HORIZON", "CALENDAR_PATH", "maintenance_calendar"]

CALENDAR_PATH = "maintenance.ics"

#: Completed maintenance stays in the calendar this long, so a subscriber still
#: sees last month's windows.
CALENDAR_HORIZON = timedelta(days=30)


def _description(state: IncidentState, t: Localizer) -> str:
    parts = [to_text(state.incident.body)]
    for update in state.updates:
        stage = t.gettext(text.stage_label(update.status))
        parts.append(f"{text.utc(update.at)} · {stage}\n{to_text(update.message)}")
    return "\n\n".join(part for part in parts if part)


def _status(state: IncidentState) -> str:
    if state.cancelled:
        return "CANCELLED"
    return "CONFIRMED" if state.updates else "TENTATIVE"


def _event(snap: Snapshot, state: IncidentState, t: Localizer) -> Event:
    incident = state.incident
    event = Event()
    event.add("uid", f"{incident.id}@{site_host(snap.config)}")
    event.add("dtstamp", state.updated)
    event.add("created", state.created)
    event.add("last-modified", state.updated)
    event.add("sequence", max(len(state.updates) - 1, 0))
    event.add("status", _status(state))
    event.add("dtstart", incident.scheduled_start)
    event.add("dtend", incident.scheduled_end)
    event.add("summary", incident.title, parameters={"LANGUAGE": t.tag})
    description = _description(state, t)
    if description:
        event.add("description", description, parameters={"LANGUAGE": t.tag})
    event.add("url", urls.absolute(snap.config.url, urls.incident(incident.id)))
    return event


def _kept(state: IncidentState, horizon: datetime) -> bool:
    incident = state.incident
    if not state.is_maintenance or incident.scheduled_start is None or incident.scheduled_end is None:
        return False
    return state.lifecycle != "past" or state.end is None or state.end >= horizon


def _utc_zone() -> Timezone:
    zone = Timezone()
    zone.add("tzid", "UTC")
    standard = TimezoneStandard()
    # RFC 5545: a VTIMEZONE observance starts at a local (floating) time.
    standard.add("dtstart", datetime(1970, 1, 1))  # noqa: DTZ001
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("tzname", "UTC")
    zone.add_component(standard)
    return zone


def maintenance_calendar(snap: Snapshot, t: Localizer | None = None) -> dict[str, bytes]:
    """``maintenance.ics`` of the snapshot, events in the order of their windows, its
    own texts in ``t``'s language (English by default)."""
    t = t or Localizer("en")
    horizon = snap.at - CALENDAR_HORIZON
    calendar = Calendar()
    calendar.add("prodid", "-//statuspress//Scheduled maintenance//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(t.gettext("%(name)s scheduled maintenance", name=snap.config.name)))
    kept = [state for state in snap.incidents if _kept(state, horizon)]
    for state in sorted(kept, key=lambda s: s.incident.sort_key):
        calendar.add_component(_event(snap, state, t))
    if not kept:
        calendar.add_component(_utc_zone())
    return {CALENDAR_PATH: calendar.to_ical()}
