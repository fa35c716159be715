"""Incidents and scheduled maintenance: one Markdown file each under ``incidents/``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from statuspress.model.config import StrictModel
from statuspress.model.source import Source
from statuspress.model.values import (
    COMPONENT_STATUSES,
    ID_MAX,
    ID_PATTERN,
    MAX_COMPONENTS,
    MAX_UPDATES,
    ComponentStatus,
    Impact,
    IncidentType,
    Name,
    Stage,
    Timestamp,
    Title,
)


class Update(StrictModel):
    """One public update on the incident's timeline."""

    at: Timestamp = Field(description="When the update was posted.")
    status: Stage | None = Field(
        default=None,
        description="The stage this update moves to; leave out for an update that keeps the stage.",
    )
    message: str = Field(min_length=1, description="What customers read, in Markdown.")
    components: dict[str, ComponentStatus] = Field(
        default_factory=dict,
        description=(
            "Component statuses this update moves to, id -> status (e.g. `api: degraded_performance`"
            " while recovering); the others keep theirs."
        ),
    )

    @field_validator("message")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty; write what customers should know")
        return value


def _components_as_mapping(value: object) -> object:
    """A list of ids means "affected, with the status the impact implies" (None here)."""
    if isinstance(value, list):
        mapping: dict[object, None] = {}
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise PydanticCustomError(
                    "component_id", "item {index} should be a component id, found {kind}",
                    {"index": index, "kind": type(item).__name__},
                )
            if item in mapping:
                raise PydanticCustomError("component_twice", "lists `{item}` twice", {"item": item})
            mapping[item] = None
        return mapping
    if not isinstance(value, dict):
        raise PydanticCustomError(
            "component_shape",
            "should be a list of component ids (`[api, web]`) or a mapping of id to status, found {found}",
            {"found": f"`{value}`" if isinstance(value, str) else type(value).__name__},
        )
    return value


#: Either a list of component ids or a mapping of id to status; stored as a mapping.
ComponentsField = Annotated[
    dict[str, ComponentStatus | None],
    BeforeValidator(_components_as_mapping),
    WithJsonSchema({
        "anyOf": [
            {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            {"type": "object", "additionalProperties": {"enum": list(COMPONENT_STATUSES)}},
        ],
    }),
]


class Incident(StrictModel):
    """An incident or a scheduled maintenance, as written in its file."""

    # Set by the loader from the file, never written in front-matter.
    id: SkipJsonSchema[str] = Field(default="", exclude=True, pattern=ID_PATTERN, max_length=ID_MAX)
    body: SkipJsonSchema[str] = Field(default="", exclude=True)

    title: Title = Field(description="Short public title.")
    type: IncidentType = Field(default="incident", description="`incident`, `maintenance` or `notice`.")
    severity: Name | None = Field(default=None, description="A severity key declared in the site config.")
    impact: Impact | None = Field(default=None, description="Public impact; defaults from the severity.")
    components: ComponentsField = Field(
        default_factory=dict, max_length=MAX_COMPONENTS,
        description="Affected component ids, or a mapping of component id to status.",
    )
    started: Timestamp | None = Field(default=None, description="When impact began.")
    detected: Timestamp | None = Field(default=None, description="When an alert fired or someone noticed.")
    declared: Timestamp | None = Field(default=None, description="When the incident was declared.")
    acknowledged: Timestamp | None = Field(default=None, description="When a responder acknowledged.")
    mitigated: Timestamp | None = Field(default=None, description="When customer impact stopped.")
    resolved: Timestamp | None = Field(default=None, description="When the incident was closed.")
    scheduled_start: Timestamp | None = Field(default=None, description="Maintenance window start.")
    scheduled_end: Timestamp | None = Field(default=None, description="Maintenance window end.")
    ends: Timestamp | None = Field(
        default=None, description="A notice: when it stops being shown; absent, until the file is removed.",
    )
    pinned: bool = Field(default=False, description="A notice: shown at the top of the status page.")
    updates: list[Update] = Field(
        default_factory=list, max_length=MAX_UPDATES, description="The public timeline, oldest first.",
    )
    internal: dict[str, Any] = Field(
        default_factory=dict,
        description="Responders' notes: commander, ops_lead, comms_lead, scribe, channel, notes. Never public.",
    )

    # Normalised by the loader: every affected component with its status.
    affected: SkipJsonSchema[dict[str, ComponentStatus]] = Field(default_factory=dict, exclude=True)
    source: SkipJsonSchema[Any] = Field(default=None, exclude=True)

    @property
    def src(self) -> Source:
        """The file this incident was read from."""
        return self.source  # type: ignore[no-any-return]

    @property
    def is_maintenance(self) -> bool:
        return self.type == "maintenance"

    @property
    def is_notice(self) -> bool:
        """A message with a time window that affects no component (``type: notice``)."""
        return self.type == "notice"

    @property
    def is_open(self) -> bool:
        """Unresolved incidents and maintenance that has not completed."""
        return self.resolved is None

    @property
    def start(self) -> datetime | None:
        """When it began: ``started`` for incidents and notices, the window start for
        maintenance."""
        if self.is_maintenance:
            return self.scheduled_start or self.started
        return self.started

    @property
    def stage(self) -> str:
        """The current stage: the latest status given, else the first stage."""
        for update in reversed(self.updates):
            if update.status is not None:
                return update.status
        return "scheduled" if self.is_maintenance else "investigating"

    @property
    def last_update_at(self) -> datetime | None:
        return self.updates[-1].at if self.updates else None

    @property
    def sort_key(self) -> tuple[datetime, str]:
        """Chronological order by start, then id (stable for equal starts)."""
        start = self.start or self.last_update_at
        assert start is not None
        return (start, self.id)
