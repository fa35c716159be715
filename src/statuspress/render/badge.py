"""Small machine-readable outputs: the status badge (SVG and shields.io endpoint
JSON) and the iCalendar file of scheduled maintenance.

- ``badges(site, at, env)`` -> ``badge.svg`` and ``badge.json``: "status | <overall
  description>", coloured by the overall indicator. The SVG comes from the template
  ``statuspress/badge.svg``; its widths are computed here from approximate Verdana
  11 px glyph widths, and ``textLength`` pins each text to its computed width, so a
  different fallback font can never overflow the badge.
- ``maintenance_calendar(site, at)`` -> ``maintenance.ics``: RFC 5545, one VEVENT per
  maintenance that had not completed 30 days before ``at`` (completed as
  ``views.status.maintenance_phase`` says: at its ``resolved`` time, or at the end of
  a window that passed without one). Every value comes from
  the content (DTSTAMP is the maintenance's latest public update, not the clock), so
  the file is byte-identical between builds of the same content. It is written by
  the small writer below (escaping, CRLF, 75-octet folding), which needs no
  dependency. With no such maintenance the calendar has no VEVENT; RFC 5545's
  grammar asks for at least one component, but calendar clients accept an empty
  published calendar, and an invented event would be worse.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import jinja2

from statuspress.load import Site
from statuspress.model import Incident
from statuspress.render import urls
from statuspress.render.feeds import last_updated, site_host, visible_updates
from statuspress.render.markdown import to_text
from statuspress.views.status import StatusView, maintenance_phase, status_view

__all__ = [
    "BADGE_TEMPLATE", "CALENDAR_HORIZON", "Badge", "badge_for", "badges", "fold", "ics_text",
    "maintenance_calendar", "text_width",
]

BADGE_TEMPLATE = "statuspress/badge.svg"
LABEL = "status"

#: Completed maintenance stays in the calendar this long, so a subscriber still
#: sees last month's windows.
CALENDAR_HORIZON = timedelta(days=30)

#: Overall indicator -> (shields.io colour name, SVG fill, SVG text colour). The
#: fills keep a contrast of at least 4.5:1 with their text (WCAG AA).
COLOURS: dict[str, tuple[str, str, str]] = {
    "none": ("green", "#2e7d32", "#fff"),
    "minor": ("yellow", "#fbc02d", "#1a1a1a"),
    "major": ("orange", "#c2410c", "#fff"),
    "critical": ("red", "#c62828", "#fff"),
    "maintenance": ("blue", "#1565c0", "#fff"),
}
LABEL_FILL = "#555"

# Approximate advance widths of Verdana at 11 px, by class of character.
_NARROW = set("iljI.,:;'!|()[] ")
_SEMI = set("frt-/\"")
_WIDE = set("mwMW%@")
_PADDING = 6  # pixels on each side of a text


def text_width(text: str) -> int:
    """The approximate width in pixels of ``text`` in Verdana 11 px (rounded up)."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 3.6
        elif char in _SEMI:
            total += 4.6
        elif char in _WIDE:
            total += 10.0
        elif char.isupper() or char.isdigit():
            total += 7.6
        else:
            total += 6.7
    return int(total + 0.999)


@dataclass(frozen=True)
class Badge:
    """Everything the SVG template draws: texts, colours and pixel geometry."""

    label: str
    message: str
    colour: str  # the shields.io colour name
    fill: str
    text_fill: str
    label_text_width: int
    message_text_width: int

    @property
    def label_width(self) -> int:
        return self.label_text_width + 2 * _PADDING

    @property
    def message_width(self) -> int:
        return self.message_text_width + 2 * _PADDING

    @property
    def width(self) -> int:
        return self.label_width + self.message_width

    @property
    def alt(self) -> str:
        """The accessible name: ``status: All Systems Operational``."""
        return f"{self.label}: {self.message}"


def badge_for(indicator: str, description: str, label: str = LABEL) -> Badge:
    """The badge of an overall indicator (``none``, ``minor``... ``maintenance``)."""
    colour, fill, text_fill = COLOURS.get(indicator, COLOURS["none"])
    return Badge(
        label=label, message=description, colour=colour, fill=fill, text_fill=text_fill,
        label_text_width=text_width(label), message_text_width=text_width(description),
    )


def badges(
    site: Site, at: datetime, env: jinja2.Environment, *, view: StatusView | None = None
) -> dict[str, bytes]:
    """``badge.svg`` and the shields.io endpoint ``badge.json`` of the status at ``at``
    (``view`` is ``status_view(site, at)`` when the caller already has it)."""
    overall = (view or status_view(site, at)).overall
    badge = badge_for(overall.indicator, overall.description)
    svg = env.get_template(BADGE_TEMPLATE).render(badge=badge, label_fill=LABEL_FILL)
    endpoint = {"schemaVersion": 1, "label": badge.label, "message": badge.message, "color": badge.colour}
    return {
        "badge.svg": svg.encode("utf-8"),
        "badge.json": json.dumps(endpoint, ensure_ascii=False).encode("utf-8"),
    }


# -- iCalendar ----------------------------------------------------------------


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): ``\\``, ``;``, ``,`` and newlines."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets joined by CRLF + space
    (RFC 5545 3.1), never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    parts: list[bytes] = []
    limit = 75  # the first line; continuation lines spend one octet on the space
    while len(data) > limit:
        cut = limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74
    parts.append(data)
    return "\r\n ".join(p.decode("utf-8") for p in parts)


def _ics_time(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _event(site: Site, maintenance: Incident, at: datetime) -> list[str]:
    config = site.config
    shown = visible_updates(maintenance, at)
    description = to_text(shown[-1].message if shown else maintenance.body)
    assert maintenance.scheduled_start is not None and maintenance.scheduled_end is not None
    lines = [
        "BEGIN:VEVENT",
        f"UID:{maintenance.id}@{site_host(config)}",
        f"DTSTAMP:{_ics_time(last_updated(maintenance, at))}",
        f"DTSTART:{_ics_time(maintenance.scheduled_start)}",
        f"DTEND:{_ics_time(maintenance.scheduled_end)}",
        f"SUMMARY:{ics_text(maintenance.title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{ics_text(description)}")
    lines += [f"URL:{urls.absolute(config.url, urls.incident(maintenance.id))}", "END:VEVENT"]
    return lines


def _completed_before(m: Incident, at: datetime, horizon: datetime) -> bool:
    """Whether a maintenance had completed (by the views' rule) before ``horizon``."""
    if maintenance_phase(m, at) != "completed":
        return False
    # Completed without a `resolved` time: the window passed, so it ended on time.
    ended = m.resolved if m.resolved is not None and m.resolved <= at else m.scheduled_end
    return ended is not None and ended < horizon


def maintenance_calendar(site: Site, at: datetime) -> dict[str, bytes]:
    """``maintenance.ics``: every maintenance not completed before ``at`` - 30 days,
    in the order of the windows (start, then id)."""
    horizon = at - CALENDAR_HORIZON
    kept = [
        m for m in site.incidents
        if m.is_maintenance and m.scheduled_start is not None and m.scheduled_end is not None
        and not _completed_before(m, at, horizon)
    ]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//statuspress//Scheduled maintenance//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(site.config.name + ' scheduled maintenance')}",
    ]
    for maintenance in sorted(kept, key=lambda m: m.sort_key):
        lines += _event(site, maintenance, at)
    if not kept:
        # RFC 5545 wants at least one component in a calendar, and strict clients
        # reject an empty one: a UTC time zone is the one component always true here.
        lines += ["BEGIN:VTIMEZONE", "TZID:UTC", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                  "TZOFFSETFROM:+0000", "TZOFFSETTO:+0000", "TZNAME:UTC", "END:STANDARD", "END:VTIMEZONE"]
    lines.append("END:VCALENDAR")
    return {"maintenance.ics": "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")}
