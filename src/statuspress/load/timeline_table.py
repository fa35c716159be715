"""Reading a postmortem's Timeline table: its cells and the time each row names.

The dating rule for bare times is stated in ``views/postmortem_timeline.py`` and in
``docs/format.md``. It lives here, below the checks, because the check that warns
about a row going back in time and the merged timeline must read rows the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from statuspress.model.postmortem import Postmortem

__all__ = ["MIDNIGHT_GAP", "RowTime", "backwards_rows", "cells", "parse_row_time", "read_row_time", "table_block"]


_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$", re.I)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$", re.I)


def cells(line: str) -> list[str]:
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


def table_block(lines: list[str]) -> tuple[int, int] | None:
    """The first table (header line index, end index exclusive) in ``lines``."""
    for index in range(len(lines) - 1):
        if "|" in lines[index] and _SEPARATOR.match(lines[index + 1]) and "-" in lines[index + 1]:
            end = index + 2
            while end < len(lines) and lines[end].strip() and "|" in lines[end]:
                end += 1
            return index, end
    return None


def backwards_rows(postmortem: Postmortem) -> list[tuple[int, str, str]]:
    """(file line, the row's time as written, the time of the row above) for every
    Timeline table row that reads as earlier than the row above it."""
    section = postmortem.section("Timeline")
    if section is None:
        return []
    lines = section.markdown.split("\n")
    block = table_block(lines)
    if block is None:
        return []
    body = postmortem.body.split("\n")
    src = postmortem.src
    heading = section.line - src.body_line
    header = next((i for i in range(max(heading, 0), len(body)) if body[i] == lines[block[0]]), None)
    found = []
    previous: datetime | None = None
    above = ""
    # The base date does not change which rows go backwards: any date will do.
    day = postmortem.date or date(2000, 1, 1)
    for index in range(block[0] + 2, block[1]):
        first = cells(lines[index])[0]
        read = read_row_time(first, previous, day)
        if read is None:
            continue
        if read.backwards:
            line = src.body_line + header + (index - block[0]) if header is not None else section.line
            found.append((line, first, above))
        previous, above = read.at, first
    return found
