"""Times as sources write them: with an offset, or naive in a zone the user names.

A time that carries an offset keeps it (``2022-02-15T13:14:17.744-08:00`` is written
back as exactly that instant and offset). A naive time is read in the zone given with
``--time-zone``; without one it is refused, because statuspress never guesses.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["TimeError", "iso", "parse_time", "start_within", "zone"]


class TimeError(ValueError):
    """A time that cannot be read without guessing."""


def zone(name: str) -> tzinfo:
    """``UTC``, ``Europe/Copenhagen``, ``+01:00`` -> a tzinfo; a clear error otherwise."""
    text = name.strip()
    if text.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
        return timezone.utc
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        minutes = int(match.group(2)) * 60 + int(match.group(3))
        return timezone(sign * timedelta(minutes=minutes))
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeError(f"unknown time zone `{name}`; use a name such as Europe/Berlin, or UTC, or +01:00") from None


def parse_time(value: object, tz: tzinfo | None = None) -> datetime:
    """An aware datetime from an ISO 8601 string, a YAML datetime or a date.

    Naive values are read in ``tz``; without ``tz`` they raise ``TimeError``.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if text[-1:] in "zZ":
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise TimeError(f"`{value}` is not an ISO 8601 time") from None
    else:
        raise TimeError(f"expected a time, found {value!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if tz is None:
            raise TimeError(f"`{value}` has no UTC offset; pass --time-zone to say which zone it is in")
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def iso(moment: datetime) -> str:
    """``2026-03-14T09:12:00Z``, or with the source's own offset (``...-08:00``);
    milliseconds only when there are some."""
    offset = moment.utcoffset()
    if not isinstance(moment.tzinfo, timezone):
        # A named zone is written as the offset it had at that moment.
        assert offset is not None
        moment = moment.astimezone(timezone(offset))
    spec = "milliseconds" if moment.microsecond else "seconds"
    text = moment.isoformat(timespec=spec)
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def start_within(started: datetime, resolved: datetime | None, key: str, notes: list[str]) -> datetime:
    """``started``, or the resolution when the source put the start after it (our
    format refuses that order); the change is noted, naming the source's ``key``."""
    if resolved is not None and started > resolved:
        notes.append(f"`{key}` {iso(started)} was after the resolution; set to it")
        return resolved
    return started
