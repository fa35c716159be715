"""Value types shared by the content models: enumerations and timestamps.

Enumerations are ``Literal`` strings so that the JSON Schema lists the allowed
values and error messages can name them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

Impact = Literal["none", "minor", "major", "critical"]
ComponentStatus = Literal[
    "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"
]
IncidentStage = Literal["investigating", "identified", "monitoring", "resolved"]
MaintenanceStage = Literal["scheduled", "in_progress", "verifying", "completed"]
#: Every stage of either kind; nested ``Literal``s flatten, so nothing is retyped.
Stage = Literal[IncidentStage, MaintenanceStage]
IncidentType = Literal["incident", "maintenance"]
PostmortemStatus = Literal["draft", "in_review", "reviewed", "published"]
ActionStatus = Literal["open", "in_progress", "done", "wont_do"]
Visibility = Literal["internal", "public"]
Audience = Literal["public", "internal"]

INCIDENT_STAGES: tuple[str, ...] = get_args(IncidentStage)
MAINTENANCE_STAGES: tuple[str, ...] = get_args(MaintenanceStage)
IMPACTS: tuple[str, ...] = get_args(Impact)
COMPONENT_STATUSES: tuple[str, ...] = get_args(ComponentStatus)
STAGES: tuple[str, ...] = get_args(Stage)
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
IMPACT_TO_STATUS: dict[str, str] = {
    "critical": "major_outage",
    "major": "partial_outage",
    "minor": "degraded_performance",
    "none": "operational",
}

_EXAMPLE = "2026-03-14T09:12:00Z"


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
        return value.astimezone(timezone.utc)
    if isinstance(value, date):
        raise PydanticCustomError(
            "timestamp_date",
            "{value} is a date without a time; write the time with its offset, like {example}",
            {"value": value.isoformat(), "example": value.isoformat() + "T09:12:00Z"},
        )
    raise PydanticCustomError(
        "timestamp",
        "expected a time like {example}, found {kind}",
        {"example": _EXAMPLE, "kind": type(value).__name__},
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
