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
  (``load.timeline_table.backwards_rows``, a ``path:line`` warning): a silent day shift would put it
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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from statuspress.formatting import N_
from statuspress.load.timeline_table import cells as _cells
from statuspress.load.timeline_table import read_row_time
from statuspress.load.timeline_table import table_block as _table_block
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem

#: An incident's milestones, in the order they happen: (field, label).
MILESTONES: tuple[tuple[str, str], ...] = (
    ("started", N_("Impact started")),
    ("detected", N_("Detected")),
    ("declared", N_("Declared")),
    ("acknowledged", N_("Acknowledged")),
    ("mitigated", N_("Mitigated")),
    ("resolved", N_("Resolved")),
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
    "MILESTONES", "MergedTimeline", "TimelineRow", "merged_timeline",
]
