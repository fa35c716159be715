"""Where an incident or a maintenance is in its life at an as-of time: open or not,
a maintenance's phase and the span in which it held its components.

A leaf of ``views``: ``status``, ``incident_state`` and ``uptime`` share these rules.
"""

from __future__ import annotations

from datetime import datetime

from statuspress.model.incident import Incident
from statuspress.model.values import MaintenanceStage

#: A maintenance's phase is one of its stages.
MaintenancePhase = MaintenanceStage

#: The phases in which a maintenance puts its components under maintenance.
ACTIVE_PHASES: frozenset[str] = frozenset({"in_progress", "verifying"})


def is_active(incident: Incident, at: datetime) -> bool:
    """Whether an incident (``type: incident``) is open at ``at``: started at or before
    it and not yet resolved. Always False for maintenance (see ``maintenance_phase``)."""
    if incident.is_maintenance or incident.started is None or incident.started > at:
        return False
    return incident.resolved is None or incident.resolved > at


def _announced_stage(m: Incident, at: datetime) -> str | None:
    """The stage of the latest update at or before ``at`` that gives one."""
    stage: str | None = None
    for update in m.updates:
        if update.at > at:
            break  # updates are oldest first (validated)
        if update.status is not None:
            stage = update.status
    return stage


def window(m: Incident) -> tuple[datetime, datetime]:
    start = m.scheduled_start or m.started
    end = m.scheduled_end or start
    assert start is not None and end is not None, f"maintenance {m.id} has no window"
    return start, end


def maintenance_phase(m: Incident, at: datetime) -> MaintenancePhase:
    """The phase of a maintenance at ``at``, as known then (later updates are ignored).

    ``completed`` if resolved at or before ``at``; else the latest ``in_progress`` /
    ``verifying`` update; else ``in_progress`` inside the scheduled window; else
    ``completed`` once the window has passed (a window that ends without a completion
    update counts as completed at ``scheduled_end``); else ``scheduled``.
    """
    if m.resolved is not None and m.resolved <= at:
        return "completed"
    stage = _announced_stage(m, at)
    if stage in ACTIVE_PHASES:
        return stage  # type: ignore[return-value]
    start, end = window(m)
    if start <= at < end:
        return "in_progress"
    if at >= end:
        return "completed"
    return "scheduled"


def maintenance_span(m: Incident, at: datetime) -> tuple[datetime, datetime] | None:
    """When a maintenance had its components under maintenance, as known at ``at``:
    from the window start (or the first ``in_progress`` / ``verifying`` update, if
    earlier) until its completion, else ``at`` while an announced stage keeps it in
    progress, else ``scheduled_end``; never beyond ``at``. None when nothing of it
    has happened by ``at``. Consistent with ``maintenance_phase`` at every instant."""
    start, end = window(m)
    first_announced = next(
        (u.at for u in m.updates if u.at <= at and u.status in ACTIVE_PHASES), None
    )
    if first_announced is not None and first_announced < start:
        start = first_announced
    if m.resolved is not None and m.resolved <= at:
        end = m.resolved
    elif _announced_stage(m, at) in ACTIVE_PHASES:
        end = at
    end = min(end, at)
    if start >= end:
        return None
    return start, end
