"""One incident or maintenance as known at an as-of time ``at``.

This module is the one home of the rules that say what an incident *is* at ``at``;
``views.snapshot`` applies them once per build and every output reads the result.

Rules
=====

* **Visible updates** are those posted at or before ``at``, oldest first.
* **Stage.** Each update leaves the incident in the stage it names, or keeps the
  stage (an "Update"); before any update an incident is ``investigating`` and a
  maintenance ``scheduled``. A maintenance's stage is its *phase*
  (``views.status.maintenance_phase``), which also moves with its window.
* **Stage steps** (the progress bar): a stage's time is the time of the first
  visible update that left the incident in it, so the tracker and the update list
  always show the same time. The first stage falls back to the start (incidents) and
  a maintenance's ``in_progress`` / ``completed`` to the window start / its
  ``resolved`` time (or ``scheduled_end`` for a window that passed on its own).
* **Component statuses over time.** From the start, each component the file names
  has the status of ``affected`` (the front-matter ``components``, normalised). An
  update's ``components:`` mapping moves the components it names from that update's
  time on. An incident's statuses hold while it is open (until ``resolved``); they
  count as downtime until ``mitigated`` (else ``resolved``, else ``at``), see
  ``docs/uptime.md``. A maintenance's statuses hold while it is in progress
  (``maintenance_span``).
* **Changes per update** (Statuspage's ``affected_components``): an incident's first
  visible update brings each named component from ``operational`` to its initial
  status; a maintenance's first ``in_progress`` / ``verifying`` update does the same.
  An update's ``components:`` lists its own moves (old status: what this incident
  gave the component before). The final ``resolved`` / ``completed`` update returns
  every component still affected to ``operational``. A move that changes nothing is
  not listed.
* **Cancelled**: a maintenance completed before its window started, without an
  ``in_progress`` / ``verifying`` update.
* **Lifecycle**: ``announced`` (a maintenance whose window has not started),
  ``active`` (an open incident; a maintenance in progress or verifying; a notice
  while shown) or ``past``.
* **Notices** (``type: notice``) are *shown* while ``started <= at < ends`` (no
  ``ends``: until the file is removed). They name no component, so they have no
  statuses, spans or changes, and no stage steps; their stage is ``identified``
  while shown and ``resolved`` once ``ends`` has passed (what the Statuspage JSON
  says), and ``end`` is ``ends`` once reached. A notice is created when it is posted
  (``started``) and updated by each visible update and by its end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Literal

from statuspress.model.incident import Incident, Update
from statuspress.model.values import (
    INCIDENT_STAGES,
    MAINTENANCE_STAGES,
    ComponentStatus,
)
from statuspress.views.phase import (
    ACTIVE_PHASES,
    is_active,
    maintenance_phase,
    maintenance_span,
)

__all__ = [
    "ComponentChange", "IncidentState", "Lifecycle", "StageStep", "StatusSpan", "UpdateState",
    "impact_end", "incident_state", "notice_shown", "visible_updates",
]

Lifecycle = Literal["announced", "active", "past"]

#: The stage that closes an incident or a maintenance.
_FINAL = {"resolved", "completed"}


@dataclass(frozen=True, slots=True)
class ComponentChange:
    """One component moved by an update."""

    component_id: str
    old_status: ComponentStatus
    new_status: ComponentStatus


@dataclass(frozen=True, slots=True)
class UpdateState:
    """A public update, with the stage it leaves the incident in."""

    id: str  # ``<incident id>-<n>``, n counting the file's updates from 1
    at: datetime
    status: str | None  # as written; None for an "Update" that keeps the stage
    stage: str  # the stage after this update
    message: str  # Markdown
    changes: tuple[ComponentChange, ...]


@dataclass(frozen=True, slots=True)
class StageStep:
    """One stage of the progress bar: when it was first reached, and its state
    (``done``, ``current``, ``skipped`` when a later stage was reached without it,
    ``todo``)."""

    stage: str
    at: datetime | None
    state: str


@dataclass(frozen=True, slots=True)
class StatusSpan:
    """A component in one status because of this incident, from ``start`` to ``end``
    (clipped to ``at``). ``downtime`` spans count in uptime; the others are the part
    of an open incident after it was mitigated, shown but not counted."""

    component_id: str
    status: ComponentStatus
    start: datetime
    end: datetime
    downtime: bool


@dataclass(frozen=True, slots=True)
class IncidentState:
    """An incident or maintenance as known at ``at``: what every output shows of it."""

    incident: Incident
    at: datetime
    updates: tuple[UpdateState, ...]  # visible at ``at``, oldest first
    stage: str  # the current stage; a maintenance's phase
    steps: tuple[StageStep, ...]
    lifecycle: Lifecycle
    start: datetime | None  # impact began / the window starts (may be after ``at``)
    end: datetime | None  # resolved or completed, when known by ``at``
    created: datetime  # the first visible update, else the start; never after ``at``
    updated: datetime  # the latest visible update, else ``created``
    statuses: Mapping[str, ComponentStatus]  # every component it names -> its status now
    spans: tuple[StatusSpan, ...]  # by component, then time
    #: A maintenance completed before its window started, never in progress.
    cancelled: bool = False

    @property
    def id(self) -> str:
        return self.incident.id

    @property
    def is_maintenance(self) -> bool:
        return self.incident.is_maintenance

    @property
    def is_notice(self) -> bool:
        return self.incident.is_notice

    @property
    def pinned(self) -> bool:
        """A notice pinned to the top of the status page."""
        return self.incident.is_notice and self.incident.pinned

    @property
    def newest_first(self) -> tuple[UpdateState, ...]:
        return tuple(reversed(self.updates))

    @property
    def latest(self) -> UpdateState | None:
        return self.updates[-1] if self.updates else None

    @property
    def announced(self) -> bool:
        """Whether anything about it is public: an update, or its start has passed."""
        return bool(self.updates) or (self.start is not None and self.start <= self.at)


# A snapshot holds a record per update, stage step, change and span of every incident,
# and a frozen dataclass costs a few microseconds to build. The records without a time
# repeat across incidents (a component moved from one status to another; a stage not
# reached yet), so each is built once and shared: they are immutable, and equal
# records compare equal whether shared or not. Both tables are bounded by the
# declared components and the stages.
_CHANGES: dict[tuple[str, ComponentStatus, ComponentStatus], ComponentChange] = {}
_UNTIMED_STEPS: dict[tuple[str, str], StageStep] = {}


def _change(component_id: str, old: ComponentStatus, new: ComponentStatus) -> ComponentChange:
    key = (component_id, old, new)
    found = _CHANGES.get(key)
    if found is None:
        found = _CHANGES[key] = ComponentChange(component_id, old, new)
    return found


def _untimed_step(stage: str, state: str) -> StageStep:
    found = _UNTIMED_STEPS[(stage, state)] = StageStep(stage, None, state)
    return found


# The records a snapshot builds by the thousand (an update, a span, a timed stage
# step and the state of every incident) are made here without their dataclass's
# ``__init__``: a frozen one sets each field through ``object.__setattr__``, about
# 1,500 instructions a field under callgrind, while setting the slot through its
# descriptor costs half. The objects are the same (frozen, equal, hashable);
# tests/test_snapshot.py checks each maker against its class's own constructor.
_new = object.__new__


def _setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[object, object], None], ...]:
    """The slot setters of ``names``, which must be the class's fields in order: a
    field added, removed or moved stops the import here, not a page later."""
    found = tuple(f.name for f in fields(cls))
    assert found == names, f"{cls.__name__}'s fields are {found}: update its maker"
    return tuple(getattr(cls, name).__set__ for name in names)


_UPDATE = _setters(UpdateState, ("id", "at", "status", "stage", "message", "changes"))
_SPAN = _setters(StatusSpan, ("component_id", "status", "start", "end", "downtime"))
_STEP = _setters(StageStep, ("stage", "at", "state"))
_STATE = _setters(IncidentState, (
    "incident", "at", "updates", "stage", "steps", "lifecycle", "start", "end", "created",
    "updated", "statuses", "spans", "cancelled",
))


def _update(
    id: str, at: datetime, status: str | None, stage: str, message: str,
    changes: tuple[ComponentChange, ...],
) -> UpdateState:
    record: UpdateState = _new(UpdateState)
    s_id, s_at, s_status, s_stage, s_message, s_changes = _UPDATE
    s_id(record, id)
    s_at(record, at)
    s_status(record, status)
    s_stage(record, stage)
    s_message(record, message)
    s_changes(record, changes)
    return record


def _span(component_id: str, status: ComponentStatus, start: datetime, end: datetime, downtime: bool) -> StatusSpan:
    record: StatusSpan = _new(StatusSpan)
    s_component, s_status, s_start, s_end, s_downtime = _SPAN
    s_component(record, component_id)
    s_status(record, status)
    s_start(record, start)
    s_end(record, end)
    s_downtime(record, downtime)
    return record


def _timed_step(stage: str, at: datetime, state: str) -> StageStep:
    record: StageStep = _new(StageStep)
    s_stage, s_at, s_state = _STEP
    s_stage(record, stage)
    s_at(record, at)
    s_state(record, state)
    return record


def _state(
    incident: Incident, at: datetime, updates: tuple[UpdateState, ...], stage: str,
    steps: tuple[StageStep, ...], lifecycle: Lifecycle, start: datetime | None,
    end: datetime | None, created: datetime, updated: datetime,
    statuses: Mapping[str, ComponentStatus], spans: tuple[StatusSpan, ...], cancelled: bool,
) -> IncidentState:
    record: IncidentState = _new(IncidentState)
    (s_incident, s_at, s_updates, s_stage, s_steps, s_lifecycle, s_start, s_end, s_created,
     s_updated, s_statuses, s_spans, s_cancelled) = _STATE
    s_incident(record, incident)
    s_at(record, at)
    s_updates(record, updates)
    s_stage(record, stage)
    s_steps(record, steps)
    s_lifecycle(record, lifecycle)
    s_start(record, start)
    s_end(record, end)
    s_created(record, created)
    s_updated(record, updated)
    s_statuses(record, statuses)
    s_spans(record, spans)
    s_cancelled(record, cancelled)
    return record


def visible_updates(incident: Incident, at: datetime) -> list[Update]:
    """The updates posted at or before ``at``, oldest first."""
    return [update for update in incident.updates if update.at <= at]


def impact_end(incident: Incident, at: datetime) -> datetime:
    """When an incident stopped counting as downtime: ``mitigated``, else
    ``resolved``, else ``at``; never beyond ``at``."""
    return min(incident.mitigated or incident.resolved or at, at)


def _stages(maintenance: bool, shown: list[Update]) -> list[str]:
    stage = "scheduled" if maintenance else "investigating"
    stages = []
    for update in shown:
        stage = update.status or stage
        stages.append(stage)
    return stages


def _changes(
    incident: Incident, maintenance: bool, shown: list[Update], stages: list[str]
) -> list[tuple[ComponentChange, ...]]:
    """What each visible update moved (see the module docstring)."""
    if not maintenance and not any(update.components for update in shown):
        return _plain_changes(incident, shown)
    current: dict[str, ComponentStatus] = {}
    opened = False
    out: list[tuple[ComponentChange, ...]] = []
    for update, stage in zip(shown, stages, strict=True):
        moves: dict[str, ComponentStatus] = {}
        opens = stage in ACTIVE_PHASES if maintenance else True
        if opens and not opened:
            opened = True
            moves.update(incident.affected)
        moves.update(update.components)
        if update.status in _FINAL:
            for cid in current:
                moves.setdefault(cid, "operational")
            for cid in moves:
                if cid not in update.components:
                    moves[cid] = "operational"
        found = []
        for cid, new in moves.items():
            old = current.get(cid, "operational")
            current[cid] = new
            if old != new:
                found.append(_change(cid, old, new))
        out.append(tuple(found))
    return out


def _plain_changes(incident: Incident, shown: list[Update]) -> list[tuple[ComponentChange, ...]]:
    """``_changes`` for the common case, an incident whose updates move nothing: the
    first update opens the file's components, a final ``resolved`` closes them."""
    out: list[tuple[ComponentChange, ...]] = [()] * len(shown)
    if not shown:
        return out
    hit = [(cid, status) for cid, status in incident.affected.items() if status != "operational"]
    closes = shown[-1].status in _FINAL
    if len(shown) == 1:
        out[0] = () if closes else tuple(_change(c, "operational", s) for c, s in hit)
        return out
    out[0] = tuple(_change(c, "operational", s) for c, s in hit)
    if closes:
        out[-1] = tuple(_change(c, s, "operational") for c, s in hit)
    return out


def _steps(
    incident: Incident, maintenance: bool, at: datetime, shown: list[Update], stages: list[str],
    current: str, start: datetime | None,
) -> tuple[StageStep, ...]:
    order = MAINTENANCE_STAGES if maintenance else INCIDENT_STAGES
    reached: dict[str, datetime] = {}
    for update, stage in zip(shown, stages, strict=True):
        reached.setdefault(stage, update.at)
    if order[0] not in reached:
        if not maintenance and start is not None and start <= at:
            reached[order[0]] = start
        elif shown:
            reached[order[0]] = shown[0].at
    if maintenance and current not in reached:
        # A window starts (and, without updates, ends) on its own schedule.
        implied = {
            "in_progress": incident.scheduled_start,
            "completed": incident.resolved or incident.scheduled_end,
        }.get(current)
        if implied is not None and implied <= at:
            reached[current] = implied
    position = order.index(current)
    steps = []
    for index, stage in enumerate(order):
        when = reached.get(stage)
        if index < position:
            state = "done" if when is not None else "skipped"
        elif index == position:
            state = "current"
        else:
            state = "todo"
        if when is not None:
            steps.append(_timed_step(stage, when, state))
        else:
            steps.append(_UNTIMED_STEPS.get((stage, state)) or _untimed_step(stage, state))
    return tuple(steps)


def _moves(incident: Incident, shown: list[Update]) -> dict[str, list[tuple[datetime | None, ComponentStatus]]]:
    """Component id -> its statuses in order; time None means "from the start"."""
    moves: dict[str, list[tuple[datetime | None, ComponentStatus]]] = {
        cid: [(None, status)] for cid, status in incident.affected.items()
    }
    for update in shown:
        for cid, status in update.components.items():
            moves.setdefault(cid, []).append((update.at, status))
    return moves


def _spans(
    moves: Mapping[str, list[tuple[datetime | None, ComponentStatus]]],
    start: datetime, end: datetime, *, downtime: bool,
) -> list[StatusSpan]:
    found: list[StatusSpan] = []
    for cid, steps in moves.items():
        if len(steps) == 1 and steps[0][0] is None:  # most: the file's status, never moved
            status = steps[0][1]
            if status != "operational" and start < end:
                found.append(_span(cid, status, start, end, downtime))
            continue
        for index, (moment, status) in enumerate(steps):
            begin = max(moment or start, start)
            following = steps[index + 1][0] if index + 1 < len(steps) else None
            stop = min(following, end) if following is not None else end
            if status != "operational" and begin < stop:
                found.append(_span(cid, status, begin, stop, downtime))
    return found


def _end(incident: Incident, resolved: datetime | None, at: datetime, phase: str | None) -> datetime | None:
    if resolved is not None and resolved <= at:
        return resolved
    if phase == "completed":
        return incident.scheduled_end  # a window that passed without a completion
    return None


def _cancelled(incident: Incident, resolved: datetime | None, at: datetime, stages: list[str]) -> bool:
    start = incident.scheduled_start
    return (
        start is not None and resolved is not None and resolved <= at and resolved < start
        and not any(stage in ACTIVE_PHASES for stage in stages)
    )


def notice_shown(incident: Incident, at: datetime) -> bool:
    """Whether a notice is on the status page at ``at``: ``started <= at < ends``."""
    start = incident.started
    return start is not None and start <= at and (incident.ends is None or at < incident.ends)


def _notice_state(incident: Incident, at: datetime) -> IncidentState:
    """A notice at ``at`` (see "Notices" in the module docstring)."""
    shown = visible_updates(incident, at)
    start = incident.started
    posted = min(start, at) if start is not None else (shown[0].at if shown else at)
    end = incident.ends if incident.ends is not None and incident.ends <= at else None
    latest = max([posted, *(u.at for u in shown), *([end] if end is not None else [])])
    stage = "resolved" if end is not None else "identified"
    return _state(
        incident=incident,
        at=at,
        updates=tuple(
            _update(f"{incident.id}-{n}", u.at, u.status, "identified", u.message, ())
            for n, u in enumerate(shown, start=1)
        ),
        stage=stage,
        steps=(),
        lifecycle="active" if notice_shown(incident, at) else "past",
        start=start,
        end=end,
        created=posted,
        updated=latest,
        statuses={},
        spans=(),
        cancelled=False,
    )


def incident_state(incident: Incident, at: datetime) -> IncidentState:
    """``incident`` as known at ``at`` (an aware UTC datetime)."""
    if incident.is_notice:
        return _notice_state(incident, at)
    # Each of these is a property that asks the front-matter's type: read them once.
    maintenance = incident.is_maintenance
    resolved = incident.resolved
    start = incident.start
    shown = visible_updates(incident, at)
    stages = _stages(maintenance, shown)
    changes = _changes(incident, maintenance, shown, stages)
    phase = maintenance_phase(incident, at) if maintenance else None
    stage = phase if phase is not None else (stages[-1] if stages else "investigating")
    moves = _moves(incident, shown)
    spans: list[StatusSpan] = []
    lifecycle: Lifecycle
    if maintenance:
        lifecycle = "active" if phase in ACTIVE_PHASES else "announced" if phase == "scheduled" else "past"
        window = maintenance_span(incident, at)
        if window is not None:
            spans = _spans(moves, window[0], window[1], downtime=True)
        active = lifecycle == "active"
    else:
        active = is_active(incident, at)
        lifecycle = "active" if active else "past"
        started = incident.started
        if started is not None and started < at:
            counted = impact_end(incident, at)
            spans = _spans(moves, started, counted, downtime=True)
            shown_until = min(resolved or at, at)
            if counted < shown_until:
                spans += _spans(moves, counted, shown_until, downtime=False)
    if len(spans) > 1:
        spans.sort(key=lambda s: (s.component_id, s.start))
    created = shown[0].at if shown else min(start, at) if start is not None else at
    statuses: dict[str, ComponentStatus] = (
        {cid: steps[-1][1] for cid, steps in moves.items()} if active
        else dict.fromkeys(moves, "operational")
    )
    prefix = incident.id
    return _state(
        incident=incident,
        at=at,
        updates=tuple([
            _update(f"{prefix}-{n}", u.at, u.status, s, u.message, c)
            for n, (u, s, c) in enumerate(zip(shown, stages, changes, strict=True), start=1)
        ]),
        stage=stage,
        steps=_steps(incident, maintenance, at, shown, stages, stage, start),
        lifecycle=lifecycle,
        start=start,
        end=_end(incident, resolved, at, phase),
        created=created,
        updated=shown[-1].at if shown else (min(start, at) if start is not None else created),
        statuses=statuses,
        spans=tuple(spans),
        cancelled=maintenance and _cancelled(incident, resolved, at, stages),
    )
