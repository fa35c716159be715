"""The front-matter of a file under ``incidents/``: an incident, a maintenance or a
notice, told apart by ``type`` (an incident when it is left out).

Each type declares only its own keys and its own stages; ``FRONT_MATTER`` joins
them in a union discriminated on ``type``, which the loader validates with and
``statuspress schema`` describes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, get_args

from pydantic import BeforeValidator, Discriminator, Field, Tag, TypeAdapter, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from statuspress.model.front import FrontMatter
from statuspress.model.values import (
    COMPONENT_STATUSES,
    MAX_COMPONENTS,
    MAX_UPDATES,
    ComponentStatus,
    Impact,
    IncidentKind,
    IncidentStage,
    MaintenanceKind,
    MaintenanceStage,
    Name,
    NoticeKind,
    Timestamp,
    Title,
    kind_of,
)

INCIDENT: IncidentKind = get_args(IncidentKind)[0]
MAINTENANCE: MaintenanceKind = get_args(MaintenanceKind)[0]
NOTICE: NoticeKind = get_args(NoticeKind)[0]


class _Update(FrontMatter):
    at: Timestamp = Field(description="When the update was posted.")
    message: str = Field(min_length=1, description="What readers see, in Markdown.")

    @field_validator("message")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty; write what customers should know")
        return value


_MOVES = (
    "Component statuses this update moves to, id -> status (e.g. `api: degraded_performance`"
    " while recovering); the others keep theirs."
)


class IncidentUpdate(_Update):
    """One public update of an incident."""

    status: IncidentStage | None = Field(
        default=None, description="The stage this update moves to; leave out for an update that keeps the stage.",
    )
    components: dict[str, ComponentStatus] = Field(default_factory=dict, description=_MOVES)


class MaintenanceUpdate(_Update):
    """One public update of a maintenance."""

    status: MaintenanceStage | None = Field(
        default=None, description="The stage this update moves to; leave out for an update that keeps the stage.",
    )
    components: dict[str, ComponentStatus] = Field(default_factory=dict, description=_MOVES)


class NoticeUpdate(_Update):
    """One update of a notice: a time and a message, no stage, no component."""

    refused: ClassVar[Mapping[str, str]] = {
        "status": "{field}: a notice has no stages; leave `status` out (only incidents and maintenance have stages)",
        "components": "{field}: a notice affects no component; leave `components` out, "
                      "or make it an incident (`type: incident`) to show impact",
    }

    @property
    def status(self) -> None:
        """A notice's update never changes a stage."""
        return None

    @property
    def components(self) -> dict[str, ComponentStatus]:
        """A notice's update never moves a component."""
        return {}


#: One update of any type, as code downstream reads it.
Update = IncidentUpdate | MaintenanceUpdate | NoticeUpdate


def _components_as_mapping(value: object) -> object:
    """A list of ids means "affected, with the status the impact implies" (None here)."""
    if isinstance(value, list):
        mapping: dict[object, None] = {}
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise PydanticCustomError(
                    "component_id", "item {index} should be a component id, found {kind}",
                    {"index": index, "kind": kind_of(item)},
                )
            if item in mapping:
                raise PydanticCustomError("component_twice", "lists `{item}` twice", {"item": item})
            mapping[item] = None
        return mapping
    if not isinstance(value, dict):
        raise PydanticCustomError(
            "component_shape",
            "should be a list of component ids (`[api, web]`) or a mapping of id to status, found {found}",
            {"found": kind_of(value)},
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

_INTERNAL = "Responders' notes: commander, ops_lead, comms_lead, scribe, channel, notes. Never public."
_TIMELINE = "The public timeline, oldest first."
_COMPONENTS = "Affected component ids, or a mapping of component id to status."

_WINDOW_ONLY = "{field} is only for `type: maintenance`; an incident uses `started`"


class IncidentFront(FrontMatter):
    """An incident: unplanned impact, from `started` until `resolved`."""

    refused: ClassVar[Mapping[str, str]] = {"scheduled_start": _WINDOW_ONLY, "scheduled_end": _WINDOW_ONLY}
    required_because: ClassVar[Mapping[str, str]] = {
        "started": "`started` is required for an incident: when the impact began, e.g. `started: 2026-03-14T09:05:00Z`",
        "severity": "`severity` is required for an incident (one of the declared severities, e.g. SEV2)",
    }

    type: IncidentKind = Field(default=INCIDENT, description="`incident` (the default when left out).")
    title: Title = Field(description="Short public title.")
    severity: Name = Field(description="A severity key declared in the site config.")
    impact: Impact | None = Field(default=None, description="Public impact; defaults from the severity.")
    components: ComponentsField = Field(default_factory=dict, max_length=MAX_COMPONENTS, description=_COMPONENTS)
    started: Timestamp = Field(description="When impact began.")
    detected: Timestamp | None = Field(default=None, description="When an alert fired or someone noticed.")
    declared: Timestamp | None = Field(default=None, description="When the incident was declared.")
    acknowledged: Timestamp | None = Field(default=None, description="When a responder acknowledged.")
    mitigated: Timestamp | None = Field(default=None, description="When customer impact stopped.")
    resolved: Timestamp | None = Field(default=None, description="When the incident was closed.")
    updates: list[IncidentUpdate] = Field(default_factory=list, max_length=MAX_UPDATES, description=_TIMELINE)
    internal: dict[str, Any] = Field(default_factory=dict, description=_INTERNAL)


_NOT_A_RESPONSE = (
    "{field}: a maintenance is planned and runs from `scheduled_start` to `scheduled_end`; "
    "unplanned impact is an incident (`type: incident`)"
)


class MaintenanceFront(FrontMatter):
    """A scheduled maintenance: a window announced in advance."""

    refused: ClassVar[Mapping[str, str]] = dict.fromkeys(
        ("started", "detected", "declared", "acknowledged", "mitigated"), _NOT_A_RESPONSE,
    )
    required_because: ClassVar[Mapping[str, str]] = {
        "scheduled_start": "`scheduled_start` is required for maintenance: when the window opens, "
                           "e.g. `scheduled_start: 2026-03-14T22:00:00Z`",
        "scheduled_end": "`scheduled_end` is required for maintenance: when the window closes, "
                         "e.g. `scheduled_end: 2026-03-15T02:00:00Z`",
    }

    type: MaintenanceKind = Field(description="`maintenance`.")
    title: Title = Field(description="Short public title.")
    severity: Name | None = Field(default=None, description="Optional: a severity key declared in the site config.")
    impact: Impact | None = Field(default=None, description="Public impact; defaults from the severity.")
    components: ComponentsField = Field(default_factory=dict, max_length=MAX_COMPONENTS, description=_COMPONENTS)
    scheduled_start: Timestamp = Field(description="Maintenance window start.")
    scheduled_end: Timestamp = Field(description="Maintenance window end.")
    resolved: Timestamp | None = Field(default=None, description="When the maintenance completed.")
    updates: list[MaintenanceUpdate] = Field(default_factory=list, max_length=MAX_UPDATES, description=_TIMELINE)
    internal: dict[str, Any] = Field(default_factory=dict, description=_INTERNAL)


_NO_IMPACT = "{field}: a notice affects no component and counts no downtime; make it an incident (`type: incident`)"


class NoticeFront(FrontMatter):
    """A notice: an announcement shown from `started` until `ends` (or until the file
    is removed); it affects no component and counts no downtime."""

    refused: ClassVar[Mapping[str, str]] = {
        "components": "{field}: a notice affects no component; make it an incident (`type: incident`) to show impact",
        "severity": _NO_IMPACT + " to rate its severity",
        "impact": _NO_IMPACT + " to show impact",
        **dict.fromkeys(
            ("detected", "declared", "acknowledged", "mitigated"),
            "{field}: a notice has no response times; make it an incident (`type: incident`) to record them",
        ),
        "resolved": "{field}: a notice is not resolved; set `ends` to when it stops being shown, or remove the file",
        **dict.fromkeys(
            ("scheduled_start", "scheduled_end"),
            "{field}: a notice has no window; it is shown from `started` until `ends` "
            "(planned work is `type: maintenance`)",
        ),
    }
    required_because: ClassVar[Mapping[str, str]] = {
        "started": "`started` is required for a notice: when it is first shown, e.g. `started: 2026-03-14T09:00:00Z`",
    }

    type: NoticeKind = Field(description="`notice`.")
    title: Title = Field(description="Short public title.")
    started: Timestamp = Field(description="When the notice is posted: it is shown from then on.")
    ends: Timestamp | None = Field(
        default=None, description="When it stops being shown; left out, it is shown until the file is removed.",
    )
    pinned: bool = Field(default=False, description="Shown at the top of the status page.")
    updates: list[NoticeUpdate] = Field(
        default_factory=list, max_length=MAX_UPDATES, description="Later messages, oldest first: `at` and `message`.",
    )
    internal: dict[str, Any] = Field(default_factory=dict, description=_INTERNAL)


#: The front-matter of any file under ``incidents/``.
AnyFront = IncidentFront | MaintenanceFront | NoticeFront

#: Each ``type`` and its model, in the order of ``values.IncidentType``.
FRONT_MODELS: dict[str, type[AnyFront]] = {
    get_args(model.model_fields["type"].annotation)[0]: model
    for model in (IncidentFront, MaintenanceFront, NoticeFront)
}


def type_of(value: object) -> str | None:
    """The ``type`` a front-matter mapping (or model) declares, ``incident`` when it
    declares none; None for something that is not a mapping."""
    if isinstance(value, FrontMatter):
        return str(getattr(value, "type", INCIDENT))
    if not isinstance(value, Mapping):
        return None
    kind = value.get("type", INCIDENT)
    return kind if isinstance(kind, str) else repr(kind)


def front_model(value: object) -> type[AnyFront] | None:
    """The model of the type ``value`` declares, or None for an unknown type."""
    kind = type_of(value)
    return FRONT_MODELS.get(kind) if kind is not None else None


#: Validates a front-matter mapping as the model its ``type`` names.
FRONT_MATTER: TypeAdapter[AnyFront] = TypeAdapter(
    Annotated[
        Annotated[IncidentFront, Tag(INCIDENT)]
        | Annotated[MaintenanceFront, Tag(MAINTENANCE)]
        | Annotated[NoticeFront, Tag(NOTICE)],
        Discriminator(type_of),
    ]
)
