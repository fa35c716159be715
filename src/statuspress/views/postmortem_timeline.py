"""A postmortem's merged timeline: its incidents' milestones and public updates
interleaved with the rows of its own Timeline table, in time order.

Milestones are started, detected, declared, acknowledged, mitigated and resolved;
at the same instant, milestones come before updates and updates before table rows.
A table row is used when its first cell reads as a time: ``2026-03-14 09:12``,
``2026-03-14T09:12Z``, ``09:12`` (with optional seconds, ``UTC``, ``Z`` or an
offset, and Markdown emphasis around it). Times without an offset are UTC, as
``docs/format.md`` says.

Dating a bare time (the rule ``docs/format.md`` states for authors):

* it takes the date of the row above, or for the first timed row the date the first
  incident started (else the postmortem's date);
* a time written to the minute covers that whole minute: ``07:41`` after
  ``07:41:05`` is the same minute, kept in table order;
* it moves to the next day only when it is more than 12 hours earlier than the row
  above (``23:50`` then ``00:05``: the table crossed midnight);
* any other row earlier than the row above keeps its date and is reported
  (``backwards_rows``, a ``path:line`` warning): a silent day shift would put it
  after the resolution.

An incident's milestone or update is not repeated when a table row at the same
minute already names it (a milestone when the row mentions its word, ``detected``,
``resolved``...; an update when the row holds its message), so a table pre-filled by
``statuspress new postmortem`` shows each event once. Rows whose first cell is not
a time are kept, as written, after the timed rows. A Timeline section with no such
table is shown as written, and the merged timeline then holds the incidents' events
only.

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


#: A bare time more than this much earlier than the row above crossed midnight.
MIDNIGHT_GAP = timedelta(hours=12)


@dataclass(frozen=True)
class RowTime:
    """The time of one table row: ``at`` for sorting, and whether it reads as
    earlier than the row above (a mistake worth a warning)."""

    at: datetime
    backwards: bool


def read_row_time(cell: str, previous: datetime | None, default_day: date | None) -> RowTime | None:
    """The time a timeline table cell names (see the module docstring), or None.

    ``previous`` is the time of the row above; ``default_day`` dates a bare time in
    the first timed row."""
    text = re.sub(r"[*_`]", "", cell).strip()
    try:
        match = _DATETIME.match(text)
        if match:
            year, month, day, hour, minute, second, zone = match.groups()
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                              tzinfo=_zone(zone)).astimezone(timezone.utc)
            precision = timedelta(seconds=1 if second else 60)
        else:
            match = _TIME.match(text)
            if not match:
                return None
            hour, minute, second, zone = match.groups()
            base = previous.date() if previous is not None else default_day
            if base is None:
                return None
            moment = datetime(base.year, base.month, base.day, int(hour), int(minute), int(second or 0),
                              tzinfo=_zone(zone)).astimezone(timezone.utc)
            precision = timedelta(seconds=1 if second else 60)
            if previous is not None and previous - moment > MIDNIGHT_GAP:
                moment += timedelta(days=1)
    except ValueError:  # 25:00, 2026-02-30 and the like
        return None
    if previous is None or moment >= previous:
        return RowTime(moment, False)
    if moment + precision > previous:
        return RowTime(previous, False)  # the same minute: keep the table's order
    return RowTime(moment, True)


def parse_row_time(cell: str, previous: datetime | None, default_day: date | None) -> datetime | None:
    """The UTC time a timeline table cell names, or None (``read_row_time``'s time)."""
    found = read_row_time(cell, previous, default_day)
    return found.at if found is not None else None


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


@dataclass(frozen=True)
class _TableRow:
    row: TimelineRow
    line: int  # in the section's Markdown, from 0
    backwards: bool


def _table(lines: list[str], block: tuple[int, int], default_day: date | None) -> list[_TableRow]:
    found: list[_TableRow] = []
    previous: datetime | None = None
    for index in range(block[0] + 2, block[1]):
        cells = _cells(lines[index])
        first, rest = cells[0], " · ".join(c for c in cells[1:] if c)
        read = read_row_time(first, previous, default_day)
        row = TimelineRow("postmortem", read.at if read else None, label="", text=rest, time_text=first)
        if read is not None:
            previous = read.at
        found.append(_TableRow(row, index, read.backwards if read else False))
    return found


def _default_day(postmortem: Postmortem, incidents: Sequence[Incident]) -> date | None:
    starts = [i.start for i in incidents if i.start is not None]
    return min(starts).date() if starts else postmortem.date


def backwards_rows(postmortem: Postmortem) -> list[tuple[int, str, str]]:
    """(file line, the row's time as written, the time of the row above) for every
    Timeline table row that reads as earlier than the row above it."""
    section = postmortem.section("Timeline")
    if section is None:
        return []
    lines = section.markdown.split("\n")
    block = _table_block(lines)
    if block is None:
        return []
    # The base date does not change which rows go backwards: any date will do.
    rows = _table(lines, block, postmortem.date or date(2000, 1, 1))
    body = postmortem.body.split("\n")
    src = postmortem.src
    heading = section.line - src.body_line
    header = next((i for i in range(max(heading, 0), len(body)) if body[i] == lines[block[0]]), None)
    found = []
    for index, entry in enumerate(rows):
        if not entry.backwards:
            continue
        above = next(r.row.time_text for r in reversed(rows[:index]) if r.row.at is not None)
        line = src.body_line + header + (entry.line - block[0]) if header is not None else section.line
        found.append((line, entry.row.time_text, above))
    return found


def _named_by(row: TimelineRow, table: list[TimelineRow]) -> bool:
    """Whether a table row at the same minute already tells this incident event."""
    assert row.at is not None
    minute = row.at.replace(second=0, microsecond=0)
    for other in table:
        if other.at is None or other.at.replace(second=0, microsecond=0) != minute:
            continue
        cell = " ".join(other.text.split()).casefold()
        if row.kind == "milestone" and row.label.split()[-1].casefold() in cell:
            return True
        if row.kind == "update" and " ".join(row.text.split()).casefold() in cell:
            return True
    return False


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
        for entry in _table(lines, block, _default_day(postmortem, incidents)):
            (unparsed if entry.row.at is None else table_rows).append(entry.row)
    if block is not None and not table_rows:
        # Not a timeline table after all: the section is shown as written.
        block, unparsed = None, []
    rows = [row for row in rows if not _named_by(row, table_rows)]
    merged = sorted([*rows, *table_rows], key=lambda r: (r.at, _KIND_ORDER[r.kind]))  # stable
    if block is None:
        return MergedTimeline(tuple(merged), (), False)
    before = "\n".join(lines[:block[0]]).strip("\n")
    after = "\n".join(lines[block[1]:]).strip("\n")
    return MergedTimeline(tuple(merged), tuple(unparsed), True, before, after)


__all__ = [
    "MIDNIGHT_GAP", "MILESTONES", "MergedTimeline", "RowTime", "TimelineRow", "backwards_rows",
    "merged_timeline", "parse_row_time", "read_row_time",
]
