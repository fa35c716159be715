"""A postmortem's merged timeline: its incidents' milestones and public updates
interleaved with the rows of its own Timeline table, in time order.

Milestones are started, detected, declared, acknowledged, mitigated and resolved;
at the same instant, milestones come before updates and updates before table rows.
A table row is used when its first cell reads as a time: ``2026-03-14 09:12``,
``2026-03-14T09:12Z``, ``09:12`` (with optional seconds, ``UTC``, ``Z`` or an
offset, and Markdown emphasis around it). A bare time takes the date of the row
above it (rolling over to the next day when it would go backwards: tables are
written in order), or the date the first incident started. Times without an offset
are UTC, as ``docs/format.md`` says. Rows whose first cell is not a time are kept,
as written, after the timed rows. A Timeline
section with no such table is shown as written, and the merged timeline then holds
the incidents' events only.

Pure: a function of a postmortem and its incidents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal

from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem

#: An incident's milestones, in the order they happen: (field, label).
MILESTONES: tuple[tuple[str, str], ...] = (
    ("started", "Impact started"),
    ("detected", "Detected"),
    ("declared", "Declared"),
    ("acknowledged", "Acknowledged"),
    ("mitigated", "Mitigated"),
    ("resolved", "Resolved"),
)

RowKind = Literal["milestone", "update", "postmortem"]
_KIND_ORDER = {"milestone": 0, "update": 1, "postmortem": 2}


@dataclass(frozen=True)
class TimelineRow:
    """One row of a merged timeline.

    ``milestone`` rows have ``label`` (``Detected``...); ``update`` rows have the
    ``stage`` the update moved to (None: a plain update) and its Markdown ``text``;
    ``postmortem`` rows have the first cell as written (``time_text``) and the other
    cells as Markdown ``text``. ``at`` is None for a postmortem row whose time did
    not parse."""

    kind: RowKind
    at: datetime | None
    incident_id: str | None = None
    label: str = ""
    stage: str | None = None
    text: str = ""
    time_text: str = ""


@dataclass(frozen=True)
class MergedTimeline:
    """The merged rows (time order), the unparsed table rows (as written, last) and the
    Timeline section's Markdown around its table (``before``/``after``)."""

    rows: tuple[TimelineRow, ...]
    unparsed: tuple[TimelineRow, ...]
    table_found: bool
    before: str = ""
    after: str = ""


_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$", re.I)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$", re.I)


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row; ``\\|`` stays inside a cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", text)]


def _zone(text: str | None) -> timezone:
    if not text or text.upper() in ("Z", "UTC"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_row_time(cell: str, previous: datetime | None, default_day: date | None) -> datetime | None:
    """The UTC time a timeline table cell names, or None.

    ``previous`` is the time of the row above (its date is carried to a bare time);
    ``default_day`` is used for a bare time in the first timed row."""
    text = re.sub(r"[*_`]", "", cell).strip()
    try:
        match = _DATETIME.match(text)
        if match:
            year, month, day, hour, minute, second, zone = match.groups()
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                              tzinfo=_zone(zone))
            return moment.astimezone(timezone.utc)
        match = _TIME.match(text)
        if match:
            hour, minute, second, zone = match.groups()
            base = previous.date() if previous is not None else default_day
            if base is None:
                return None
            moment = datetime(base.year, base.month, base.day, int(hour), int(minute), int(second or 0),
                              tzinfo=_zone(zone)).astimezone(timezone.utc)
            if previous is not None and moment < previous:
                moment += timedelta(days=1)
            return moment
    except ValueError:  # 25:00, 2026-02-30 and the like
        return None
    return None


def _table_block(lines: list[str]) -> tuple[int, int] | None:
    """The first table (header line index, end index exclusive) in ``lines``."""
    for index in range(len(lines) - 1):
        if "|" in lines[index] and _SEPARATOR.match(lines[index + 1]) and "-" in lines[index + 1]:
            end = index + 2
            while end < len(lines) and lines[end].strip() and "|" in lines[end]:
                end += 1
            return index, end
    return None


def _incident_rows(incidents: Sequence[Incident]) -> list[TimelineRow]:
    rows = []
    for incident in incidents:
        for field, label in MILESTONES:
            moment = getattr(incident, field)
            if moment is not None:
                rows.append(TimelineRow("milestone", moment, incident.id, label=label))
        for update in incident.updates:
            rows.append(TimelineRow("update", update.at, incident.id, stage=update.status, text=update.message))
    return rows


def merged_timeline(postmortem: Postmortem, incidents: Sequence[Incident]) -> MergedTimeline:
    """The incidents' milestones and updates merged with the postmortem's Timeline
    table, in time order (see the module docstring for the parsing rules)."""
    rows = _incident_rows(incidents)
    section = postmortem.section("Timeline")
    lines = section.markdown.split("\n") if section is not None else []
    block = _table_block(lines)
    unparsed: list[TimelineRow] = []
    table_rows: list[TimelineRow] = []
    if block is not None:
        starts = [i.start for i in incidents if i.start is not None]
        default_day = min(starts).date() if starts else postmortem.date
        previous: datetime | None = None
        for line in lines[block[0] + 2:block[1]]:
            cells = _cells(line)
            first, rest = cells[0], " · ".join(c for c in cells[1:] if c)
            moment = parse_row_time(first, previous, default_day)
            row = TimelineRow("postmortem", moment, label="", text=rest, time_text=first)
            if moment is None:
                unparsed.append(row)
            else:
                previous = moment
                table_rows.append(row)
    if block is not None and not table_rows:
        # Not a timeline table after all: the section is shown as written.
        block, unparsed = None, []
    merged = sorted([*rows, *table_rows], key=lambda r: (r.at, _KIND_ORDER[r.kind]))  # stable
    if block is None:
        return MergedTimeline(tuple(merged), (), False)
    before = "\n".join(lines[:block[0]]).strip("\n")
    after = "\n".join(lines[block[1]:]).strip("\n")
    return MergedTimeline(tuple(merged), tuple(unparsed), True, before, after)


__all__ = [
    "MILESTONES", "MergedTimeline", "TimelineRow", "merged_timeline", "parse_row_time",
]
