"""The current state of the site at an as-of time: component statuses, the headline,
active and upcoming maintenance, and what was resolved recently.

Everything is "as known at ``at``": incidents that start later, and updates posted
later, are ignored, so a build for a past instant shows exactly what the page showed
then.

Rules
=====

* An **incident** is *active* when ``started <= at`` and it is not resolved at ``at``
  (``resolved`` is None or later than ``at``).
* A **maintenance** is in one of four *phases* (see ``maintenance_phase``):
  ``completed`` once its ``resolved`` time has passed; else the stage of its latest
  ``in_progress`` / ``verifying`` update posted at or before ``at`` (so an early start
  or an overrun that the team announced is honoured); else ``in_progress`` inside its
  window ``[scheduled_start, scheduled_end)``; else, when the window has passed without
  a completion, ``completed`` (we assume it ended on time: a page must not show a
  forgotten maintenance as running for ever); else ``scheduled``.
* A **component's status** is the worst (``STATUS_RANK``: operational <
  under_maintenance < degraded_performance < partial_outage < major_outage) of the
  status each active incident gives it (``incident.affected``), and what each
  maintenance in phase ``in_progress`` or ``verifying`` gives the components it names
  (``under_maintenance`` for a list of ids; a mapping may name another status). A
  future maintenance changes nothing; an incident with impact ``none`` names a component without changing it.
* The **headline** follows component statuses, not incident impact (the Statuspage
  convention; an open incident that names no component leaves "All Systems
  Operational"):

  ==========================  ==============  ============================
  worst component status      indicator       description
  ==========================  ==============  ============================
  major_outage (all of them)  ``critical``    Major System Outage
  major_outage (some)         ``major``       Partial System Outage
  partial_outage              ``minor``       Minor Service Outage
  degraded_performance        ``minor``       Partially Degraded Service
  under_maintenance           ``maintenance`` Service Under Maintenance
  operational                 ``none``        All Systems Operational
  ==========================  ==============  ============================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from statuspress.model.config import Component
from statuspress.model.incident import Incident
from statuspress.model.values import STATUS_RANK, ComponentStatus

if TYPE_CHECKING:
    from statuspress.load.site import Site

Indicator = Literal["none", "minor", "major", "critical", "maintenance"]
MaintenancePhase = Literal["scheduled", "in_progress", "verifying", "completed"]

#: How far back "recent" reaches on the front page.
RECENT_DAYS = 7

#: The phases in which a maintenance puts its components under maintenance.
ACTIVE_PHASES: frozenset[str] = frozenset({"in_progress", "verifying"})


@dataclass(frozen=True, slots=True)
class ComponentState:
    """A component's status at the as-of time, and what causes it."""

    component: Component
    status: ComponentStatus
    #: Active incidents and in-progress maintenance naming the component, in site
    #: (chronological) order. Includes incidents that name it without changing it.
    incidents: tuple[Incident, ...]


@dataclass(frozen=True, slots=True)
class ComponentGroup:
    """A heading on the status page and its components; ``name`` None for a
    component declared without a group (it forms a group on its own)."""

    name: str | None
    components: tuple[ComponentState, ...]
    status: ComponentStatus  # the worst of its members


@dataclass(frozen=True, slots=True)
class Overall:
    """The headline: a Statuspage indicator and its sentence."""

    indicator: Indicator
    description: str
    status: ComponentStatus  # the worst component status


@dataclass(frozen=True, slots=True)
class StatusView:
    """Everything the front page, the JSON API and the badge show about "now"."""

    at: datetime
    overall: Overall
    components: tuple[ComponentState, ...]  # declared order
    groups: tuple[ComponentGroup, ...]  # order of first appearance
    active_incidents: tuple[Incident, ...]  # most recently started first
    active_maintenance: tuple[Incident, ...]  # in_progress or verifying, earliest window first
    upcoming_maintenance: tuple[Incident, ...]  # scheduled, soonest first
    recent: tuple[Incident, ...]  # resolved in the last RECENT_DAYS days, newest first


def worst(statuses: Iterable[str]) -> ComponentStatus:
    """The worst of ``statuses`` by ``STATUS_RANK``; operational for none."""
    found = max(statuses, key=STATUS_RANK.__getitem__, default="operational")
    return found  # type: ignore[return-value]


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


def _window(m: Incident) -> tuple[datetime, datetime]:
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
    start, end = _window(m)
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
    start, end = _window(m)
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


def _ends(incident: Incident, at: datetime) -> datetime | None:
    """When an incident or maintenance finished, as known at ``at`` (None if not)."""
    if incident.is_maintenance:
        if maintenance_phase(incident, at) != "completed":
            return None
        if incident.resolved is not None and incident.resolved <= at:
            return incident.resolved
        return _window(incident)[1]
    if incident.resolved is not None and incident.resolved <= at:
        return incident.resolved
    return None


def component_statuses(site: Site, at: datetime) -> dict[str, ComponentState]:
    """Every declared component's state at ``at``, keyed by id, in declared order."""
    causes: dict[str, list[Incident]] = {c.id: [] for c in site.config.components}
    statuses: dict[str, list[str]] = {c.id: [] for c in site.config.components}
    for incident in site.incidents:
        if incident.is_maintenance:
            if maintenance_phase(incident, at) not in ACTIVE_PHASES:
                continue
            # `under_maintenance` unless the file names another status for a component
            # (a migration that leaves the API degraded rather than down).
            given = dict(incident.affected)
        elif is_active(incident, at):
            given = dict(incident.affected)
        else:
            continue
        for cid, status in given.items():
            if cid not in causes:  # undeclared ids are reported by validation
                continue
            causes[cid].append(incident)
            statuses[cid].append(status)
    return {
        c.id: ComponentState(c, worst(statuses[c.id]), tuple(causes[c.id]))
        for c in site.config.components
    }


def overall_status(states: Iterable[ComponentState]) -> Overall:
    """The headline for a set of component states (see the module docstring)."""
    found = [state.status for state in states]
    status = worst(found)
    if status == "major_outage":
        if all(s == "major_outage" for s in found):
            return Overall("critical", "Major System Outage", status)
        return Overall("major", "Partial System Outage", status)
    if status == "partial_outage":
        return Overall("minor", "Minor Service Outage", status)
    if status == "degraded_performance":
        return Overall("minor", "Partially Degraded Service", status)
    if status == "under_maintenance":
        return Overall("maintenance", "Service Under Maintenance", status)
    return Overall("none", "All Systems Operational", status)


def _groups(states: Iterable[ComponentState]) -> tuple[ComponentGroup, ...]:
    """Named groups in order of first appearance; each ungrouped component alone."""
    order: list[str | None] = []
    members: list[list[ComponentState]] = []
    index: dict[str, int] = {}
    for state in states:
        name = state.component.group
        if name is not None and name in index:
            members[index[name]].append(state)
            continue
        if name is not None:
            index[name] = len(order)
        order.append(name)
        members.append([state])
    return tuple(
        ComponentGroup(name, tuple(group), worst(s.status for s in group))
        for name, group in zip(order, members, strict=True)
    )


def status_view(site: Site, at: datetime) -> StatusView:
    """The state of the site at ``at`` (an aware UTC datetime)."""
    states = component_statuses(site, at)
    active: list[Incident] = []
    in_progress: list[Incident] = []
    upcoming: list[Incident] = []
    recent: list[tuple[datetime, Incident]] = []
    since = at - timedelta(days=RECENT_DAYS)
    for incident in site.incidents:
        if incident.is_maintenance:
            phase = maintenance_phase(incident, at)
            if phase in ACTIVE_PHASES:
                in_progress.append(incident)
            elif phase == "scheduled":
                upcoming.append(incident)
        elif is_active(incident, at):
            active.append(incident)
        ended = _ends(incident, at)
        if ended is not None and since <= ended <= at:
            recent.append((ended, incident))
    # site.incidents is sorted by (start, id): reverse it for "most recent first".
    active.sort(key=lambda i: i.sort_key, reverse=True)
    in_progress.sort(key=lambda i: i.sort_key)
    upcoming.sort(key=lambda i: i.sort_key)
    recent.sort(key=lambda pair: (pair[0], pair[1].sort_key), reverse=True)
    components = tuple(states.values())
    return StatusView(
        at=at,
        overall=overall_status(components),
        components=components,
        groups=_groups(components),
        active_incidents=tuple(active),
        active_maintenance=tuple(in_progress),
        upcoming_maintenance=tuple(upcoming),
        recent=tuple(incident for _, incident in recent),
    )
