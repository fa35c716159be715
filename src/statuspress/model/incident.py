"""A file under ``incidents/`` as loaded: its front-matter (``incident_file``) with
the id, the body, the line marks and what the loader normalised.

The properties read the same for every type, so code downstream asks
``incident.scheduled_start`` or ``incident.resolved`` without first asking the type:
a key a type does not have reads as None (``components`` as empty).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from statuspress.model.incident_file import (
    AnyFront,
    IncidentFront,
    IncidentUpdate,
    MaintenanceFront,
    MaintenanceUpdate,
    NoticeFront,
    NoticeUpdate,
    Update,
)
from statuspress.model.source import Source
from statuspress.model.values import (
    INCIDENT_STAGES,
    MAINTENANCE_STAGES,
    NOTICE_STAGE,
    ComponentStatus,
    Impact,
    IncidentType,
)

__all__ = ["Incident", "IncidentUpdate", "MaintenanceUpdate", "NoticeUpdate", "Update"]


@dataclass(frozen=True)
class Incident:
    """An incident, a maintenance or a notice, as loaded from its file."""

    front: AnyFront
    id: str
    body: str
    source: Source
    #: Every affected component with its status (``load.site.normalise``); empty
    #: before normalisation and always for a notice.
    affected: dict[str, ComponentStatus] = field(default_factory=dict)
    #: The impact the severity implies, when the file gives none (``normalise``).
    implied_impact: Impact | None = None

    # --- what every type has ----------------------------------------------------

    @property
    def src(self) -> Source:
        """The file this incident was read from."""
        return self.source

    @property
    def title(self) -> str:
        return self.front.title

    @property
    def type(self) -> IncidentType:
        return self.front.type

    @property
    def updates(self) -> Sequence[Update]:
        """The updates, oldest first."""
        return self.front.updates

    @property
    def internal(self) -> dict[str, Any]:
        return self.front.internal

    @property
    def is_maintenance(self) -> bool:
        return isinstance(self.front, MaintenanceFront)

    @property
    def is_notice(self) -> bool:
        return isinstance(self.front, NoticeFront)

    # --- keys some types have; None (or empty) for the others ---------------------

    @property
    def severity(self) -> str | None:
        return None if isinstance(self.front, NoticeFront) else self.front.severity

    @property
    def impact(self) -> Impact | None:
        """The impact the file gives, else the one its severity implies (after
        normalisation); ``none`` for a notice, which counts no downtime."""
        if isinstance(self.front, NoticeFront):
            return "none"
        return self.front.impact if self.front.impact is not None else self.implied_impact

    @property
    def components(self) -> dict[str, ComponentStatus | None]:
        """The components as written (a list is read as id -> None)."""
        return {} if isinstance(self.front, NoticeFront) else self.front.components

    @property
    def started(self) -> datetime | None:
        """When the impact began (incident) or the notice was posted; None for maintenance."""
        return None if isinstance(self.front, MaintenanceFront) else self.front.started

    @property
    def detected(self) -> datetime | None:
        return self.front.detected if isinstance(self.front, IncidentFront) else None

    @property
    def declared(self) -> datetime | None:
        return self.front.declared if isinstance(self.front, IncidentFront) else None

    @property
    def acknowledged(self) -> datetime | None:
        return self.front.acknowledged if isinstance(self.front, IncidentFront) else None

    @property
    def mitigated(self) -> datetime | None:
        return self.front.mitigated if isinstance(self.front, IncidentFront) else None

    @property
    def resolved(self) -> datetime | None:
        """When an incident was closed or a maintenance completed; None for a notice."""
        return None if isinstance(self.front, NoticeFront) else self.front.resolved

    @property
    def scheduled_start(self) -> datetime | None:
        return self.front.scheduled_start if isinstance(self.front, MaintenanceFront) else None

    @property
    def scheduled_end(self) -> datetime | None:
        return self.front.scheduled_end if isinstance(self.front, MaintenanceFront) else None

    @property
    def ends(self) -> datetime | None:
        """When a notice stops being shown (None: until the file is removed); None
        for the other types."""
        return self.front.ends if isinstance(self.front, NoticeFront) else None

    @property
    def pinned(self) -> bool:
        """A notice shown at the top of the status page; False for the other types."""
        return isinstance(self.front, NoticeFront) and self.front.pinned

    # --- derived ---------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Unresolved incidents, maintenance that has not completed, and notices
        without an ``ends`` (whatever the as-of time: the views judge times)."""
        if isinstance(self.front, NoticeFront):
            return self.front.ends is None
        return self.front.resolved is None

    # Cached (an incident never changes once made): sorting and the views ask for it
    # hundreds of thousands of times a build at 10,000 incidents.
    @cached_property
    def start(self) -> datetime:
        """When it began: ``started`` for incidents and notices, the window start for
        maintenance."""
        if isinstance(self.front, MaintenanceFront):
            return self.front.scheduled_start
        return self.front.started

    @property
    def stages(self) -> tuple[str, ...]:
        """The stages this type allows, first to final; none for a notice."""
        if isinstance(self.front, NoticeFront):
            return ()
        return MAINTENANCE_STAGES if isinstance(self.front, MaintenanceFront) else INCIDENT_STAGES

    @property
    def stage(self) -> str:
        """The current stage: the latest status given, else the type's first stage;
        always ``posted`` for a notice."""
        if isinstance(self.front, NoticeFront):
            return NOTICE_STAGE
        for update in reversed(self.updates):
            if update.status is not None:
                return update.status
        return self.stages[0]

    @property
    def last_update_at(self) -> datetime | None:
        return self.front.updates[-1].at if self.front.updates else None

    @cached_property
    def latest_time(self) -> datetime:
        """The latest moment it gives: its last update, start, resolution, window or
        ``ends`` (a build asks every incident whether anything is still to come)."""
        moments = (self.last_update_at, self.start, self.resolved, self.scheduled_start, self.scheduled_end,
                   self.ends)
        return max(moment for moment in moments if moment is not None)

    @cached_property
    def named_components(self) -> tuple[str, ...]:
        """Every component it names, once each: those ``affected`` holds (after
        normalisation, every component it lists, even one left operational), else
        as written, then any an update moves that the file did not list."""
        named = dict.fromkeys(self.affected or self.components)
        for update in self.updates:
            named.update(dict.fromkeys(update.components))
        return tuple(named)

    @cached_property
    def sort_key(self) -> tuple[datetime, str]:
        """Chronological order by start, then id (stable for equal starts)."""
        return (self.start, self.id)
