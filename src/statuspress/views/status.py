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
  status each active incident gives it now (``IncidentState.statuses``: the file's
  ``components``, moved by later updates' ``components:``), and what each
  maintenance in phase ``in_progress`` or ``verifying`` gives the components it names
  (``under_maintenance`` for a list of ids; a mapping may name another status). A
  future maintenance changes nothing; an incident with impact ``none`` names a component without changing it.
* A **notice** (``type: notice``) is listed in ``notices`` while shown
  (``started <= at < ends``), pinned ones first, then the most recently started; it
  changes no component status, is no active incident and is not in ``recent`` (the
  history lists it).
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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from statuspress.model.config import Component
from statuspress.model.values import STATUS_RANK, ComponentStatus
from statuspress.views.incident_state import IncidentState, incident_state

# Re-exported: the phase rules were defined here first and are part of the API.
from statuspress.views.phase import (  # noqa: F401
    ACTIVE_PHASES,
    MaintenancePhase,
    is_active,
    maintenance_phase,
    maintenance_span,
)

if TYPE_CHECKING:
    from statuspress.load.site import Site

Indicator = Literal["none", "minor", "major", "critical", "maintenance"]

#: How far back "recent" reaches on the front page.
RECENT_DAYS = 7


@dataclass(frozen=True, slots=True)
class ComponentState:
    """A component's status at the as-of time, and what causes it."""

    component: Component
    status: ComponentStatus
    #: Active incidents and in-progress maintenance naming the component, in site
    #: (chronological) order. Includes incidents that name it without changing it.
    incidents: tuple[IncidentState, ...]


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
    active_incidents: tuple[IncidentState, ...]  # most recently started first
    active_maintenance: tuple[IncidentState, ...]  # in_progress or verifying, earliest window first
    upcoming_maintenance: tuple[IncidentState, ...]  # scheduled, soonest first
    recent: tuple[IncidentState, ...]  # resolved in the last RECENT_DAYS days, newest first
    notices: tuple[IncidentState, ...] = ()  # shown now: pinned first, then newest first

    @property
    def pinned_notices(self) -> tuple[IncidentState, ...]:
        """The shown notices pinned to the top of the status page."""
        return tuple(state for state in self.notices if state.pinned)

    @property
    def other_notices(self) -> tuple[IncidentState, ...]:
        """The shown notices that are not pinned."""
        return tuple(state for state in self.notices if not state.pinned)


def worst(statuses: Iterable[str]) -> ComponentStatus:
    """The worst of ``statuses`` by ``STATUS_RANK``; operational for none."""
    found = max(statuses, key=STATUS_RANK.__getitem__, default="operational")
    return found  # type: ignore[return-value]


def _states(site: Site, at: datetime, states: Mapping[str, IncidentState] | None) -> list[IncidentState]:
    if states is None:
        return [incident_state(incident, at) for incident in site.incidents]
    return [states[incident.id] for incident in site.incidents]


def component_statuses(
    site: Site, at: datetime, states: Mapping[str, IncidentState] | None = None
) -> dict[str, ComponentState]:
    """Every declared component's state at ``at``, keyed by id, in declared order.
    ``states`` (incident id -> ``incident_state(incident, at)``) when already known."""
    causes: dict[str, list[IncidentState]] = {c.id: [] for c in site.config.components}
    statuses: dict[str, list[str]] = {c.id: [] for c in site.config.components}
    for state in _states(site, at, states):
        if state.lifecycle != "active":
            continue
        for cid, status in state.statuses.items():
            if cid not in causes:  # undeclared ids are reported by validation
                continue
            causes[cid].append(state)
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


def status_view(
    site: Site, at: datetime, states: Mapping[str, IncidentState] | None = None
) -> StatusView:
    """The state of the site at ``at`` (an aware UTC datetime). ``states`` (incident
    id -> ``incident_state(incident, at)``) when the caller already has them."""
    every = _states(site, at, states)
    by_id = states if states is not None else {s.id: s for s in every}
    components = tuple(component_statuses(site, at, by_id).values())
    active: list[IncidentState] = []
    in_progress: list[IncidentState] = []
    upcoming: list[IncidentState] = []
    recent: list[tuple[datetime, IncidentState]] = []
    since = at - timedelta(days=RECENT_DAYS)
    notices: list[IncidentState] = []
    for state in every:
        if state.is_notice:
            if state.lifecycle == "active":
                notices.append(state)
            continue
        if state.is_maintenance:
            if state.lifecycle == "active":
                in_progress.append(state)
            elif state.lifecycle == "announced":
                upcoming.append(state)
        elif state.lifecycle == "active":
            active.append(state)
        if state.end is not None and since <= state.end <= at:
            recent.append((state.end, state))
    # site.incidents is sorted by (start, id): reverse it for "most recent first".
    active.sort(key=lambda s: s.incident.sort_key, reverse=True)
    in_progress.sort(key=lambda s: s.incident.sort_key)
    upcoming.sort(key=lambda s: s.incident.sort_key)
    recent.sort(key=lambda pair: (pair[0], pair[1].incident.sort_key), reverse=True)
    notices.sort(key=lambda s: s.incident.sort_key, reverse=True)
    notices.sort(key=lambda s: not s.pinned)  # stable: pinned first, each newest first
    return StatusView(
        at=at,
        overall=overall_status(components),
        components=components,
        groups=_groups(components),
        active_incidents=tuple(active),
        active_maintenance=tuple(in_progress),
        upcoming_maintenance=tuple(upcoming),
        recent=tuple(state for _, state in recent),
        notices=tuple(notices),
    )
