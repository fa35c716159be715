"""Value types shared by the content models: enumerations and timestamps.

Enumerations are ``Literal`` strings so that the JSON Schema lists the allowed
values and error messages can name them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

Impact = Literal["none", "minor", "major", "critical"]
ComponentStatus = Literal[
    "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"
]
IncidentStage = Literal["investigating", "identified", "monitoring", "resolved"]
MaintenanceStage = Literal["scheduled", "in_progress", "verifying", "completed"]
#: Every stage an update may name; nested ``Literal``s flatten, so nothing is retyped.
Stage = Literal[IncidentStage, MaintenanceStage]
#: A notice has no stages (its updates carry no ``status``); this is what its
#: ``stage`` says, so that code that shows a stage has one word for it.
NoticeStage = Literal["posted"]
#: The ``type:`` of a file under ``incidents/``; a file without one is an incident.
#: Each front-matter model declares its own kind; the union is derived from them.
IncidentKind = Literal["incident"]
MaintenanceKind = Literal["maintenance"]
NoticeKind = Literal["notice"]
IncidentType = Literal[IncidentKind, MaintenanceKind, NoticeKind]
PostmortemStatus = Literal["draft", "in_review", "reviewed", "published"]
ActionStatus = Literal["open", "in_progress", "done", "wont_do"]
Visibility = Literal["internal", "public"]
Audience = Literal["public", "internal"]

INCIDENT_STAGES: tuple[str, ...] = get_args(IncidentStage)
MAINTENANCE_STAGES: tuple[str, ...] = get_args(MaintenanceStage)
IMPACTS: tuple[str, ...] = get_args(Impact)
COMPONENT_STATUSES: tuple[str, ...] = get_args(ComponentStatus)
STAGES: tuple[str, ...] = get_args(Stage)
NOTICE_STAGE: str = get_args(NoticeStage)[0]
INCIDENT_TYPES: tuple[str, ...] = get_args(IncidentType)

#: Worst first is the *end* of this tuple; used to pick the worst component status.
STATUS_RANK: dict[str, int] = {
    "operational": 0,
    "under_maintenance": 1,
    "degraded_performance": 2,
    "partial_outage": 3,
    "major_outage": 4,
}

#: The component status an impact implies when components are given as a list.
IMPACT_TO_STATUS: dict[str, ComponentStatus] = {
    "critical": "major_outage",
    "major": "partial_outage",
    "minor": "degraded_performance",
    "none": "operational",
}

_EXAMPLE = "2026-03-14T09:12:00Z"

#: The times and dates a file may hold. Durations, uptime windows, the calendar and
#: gzip headers all compute from them; a year such as 9999 is a typo, not a plan.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2099, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


def kind_of(value: object) -> str:
    """A refused value as a message names it: a short text in backticks, ``a list``,
    ``a mapping``, ``nothing``; never a class name (the loader's ``MarkedList``)."""
    if isinstance(value, str):
        return f"`{value}`" if len(value) <= 60 else f"`{value[:57]}...`"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _suggest(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def _parse_timestamp(value: object) -> datetime:
    """Accept an aware datetime (PyYAML gives one for unquoted times with an offset)
    or an ISO 8601 string with an offset; reject everything else with a message that
    says how to fix it. The result is normalised to UTC."""
    if isinstance(value, str):
        text = value.strip()
        try:
            # Python 3.10's fromisoformat does not know "Z".
            parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "zZ" else text)
        except ValueError:
            raise PydanticCustomError(
                "timestamp",
                "'{value}' is not an ISO 8601 time; write it like {example}",
                {"value": value, "example": _EXAMPLE},
            ) from None
        if len(text) <= 10:  # "2026-03-14": fromisoformat accepts a bare date
            raise PydanticCustomError(
                "timestamp_date",
                "{value} is a date without a time; write the time with its offset, like {example}",
                {"value": value, "example": text + "T09:12:00Z"},
            )
        value = parsed
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise PydanticCustomError(
                "timestamp_naive",
                "{value} has no UTC offset, and statuspress never guesses the time zone; "
                "write it as {example} if it is UTC, or add your offset such as +01:00",
                {"value": value.isoformat(sep=" "), "example": _suggest(value)},
            )
        try:
            utc = value.astimezone(timezone.utc)
        except OverflowError:  # 9999-12-31T23:59:59-01:00 is past the end of the calendar
            utc = None
        if utc is None or not EARLIEST <= utc <= LATEST:
            raise PydanticCustomError(
                "timestamp_range",
                "{value} is outside the years {first} to {last} that statuspress accepts; check the year",
                {"value": value.isoformat(), "first": EARLIEST.year, "last": LATEST.year},
            )
        return utc
    if isinstance(value, date):
        raise PydanticCustomError(
            "timestamp_date",
            "{value} is a date without a time; write the time with its offset, like {example}",
            {"value": value.isoformat(), "example": value.isoformat() + "T09:12:00Z"},
        )
    raise PydanticCustomError(
        "timestamp",
        "expected a time like {example}, found {kind}",
        {"example": _EXAMPLE, "kind": kind_of(value)},
    )


#: An aware timestamp, normalised to UTC. In the JSON Schema it is a date-time string.
Timestamp = Annotated[
    datetime,
    BeforeValidator(_parse_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def to_minutes(delta: timedelta) -> float:
    """A duration in minutes, as a float."""
    return delta.total_seconds() / 60.0


def _day_in_range(value: date) -> date:
    if not EARLIEST.date() <= value <= LATEST.date():
        raise PydanticCustomError(
            "date_range",
            "{value} is outside the years {first} to {last} that statuspress accepts; check the year",
            {"value": value.isoformat(), "first": EARLIEST.year, "last": LATEST.year},
        )
    return value


#: A calendar date (a due date, a review date) between 1970 and 2099.
Day = Annotated[date, AfterValidator(_day_in_range)]

# --- limits -----------------------------------------------------------------------
# Documented in docs/format.md ("Limits"). Each keeps one file, and so one build,
# bounded: page paths stay short, and no list grows a page without end.

#: Ids (file names, component ids): lowercase ASCII letters, digits, `-` and `_`,
#: starting with a letter or digit, because they become page addresses.
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ID_MAX = 100
TITLE_MAX = 200
NAME_MAX = 100
URL_MAX = 2000
MAX_UPDATES = 500
MAX_ACTION_ITEMS = 200
MAX_LIST = 50  # authors, services, tags, incidents of a postmortem
MAX_COMPONENTS = 500
MAX_SEVERITIES = 20
SUMMARY_MAX = 1000

#: A title: shown in page headings, feeds and notifications.
Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX)]
#: A short name: an owner, a tag, a service, a root cause, a component's name.
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
#: An id as written in a file (a component, an incident a postmortem names).
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX)]

#: The schemes a link from content or config may use; anything else (javascript:,
#: data:, vbscript:, ...) could run script on the site when clicked.
URL_SCHEMES: tuple[str, ...] = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a safe link, or None when it is: an http, https or mailto
    URL, or a relative link. Browsers ignore leading spaces and control characters and
    tabs or newlines anywhere, so ``" JaVa\tScript:"`` is judged as they would."""
    as_read = "".join(char for char in value if ord(char) > 0x20 and ord(char) != 0x7F)
    match = _SCHEME.match(as_read)
    if match is not None and match.group(1).lower() not in URL_SCHEMES:
        return (
            f"uses the scheme `{match.group(1)}:`; only {', '.join(URL_SCHEMES)} links "
            "(or relative links) are allowed"
        )
    if as_read != value:
        return "must not contain spaces or control characters"
    return None


def _safe_url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise PydanticCustomError("url_scheme", "`{value}` {problem}", {"value": shown, "problem": problem})
    return value


#: A link: http, https, mailto or relative (``docs/format.md``: "Links").
SafeUrl = Annotated[
    str,
    Field(min_length=1, max_length=URL_MAX),
    AfterValidator(_safe_url),
    WithJsonSchema({
        "type": "string", "maxLength": URL_MAX,
        "pattern": r"^(?:(?:[Hh][Tt][Tt][Pp][Ss]?|[Mm][Aa][Ii][Ll][Tt][Oo]):|[^:/?#]*(?:[/?#]|$))[^\s]*$",
    }),
]
