"""The site as known at one as-of time: computed once per build, read by every output.

``snapshot(site, at)`` applies the rules of ``views.incident_state`` (stage, steps,
visible updates, component statuses over time), ``views.status`` (component
statuses, headline, active and upcoming maintenance), ``views.uptime`` and
``views.history`` exactly once. Pages, the Statuspage JSON, the feeds, the calendar,
the badge and the search index take the ``Snapshot`` and never ask a view again, so
no two outputs can disagree about an incident at ``at``.

The public API (also for ``statuspress notify``): ``Snapshot``, ``snapshot`` and the
records it holds, ``IncidentState``, ``UpdateState``, ``ComponentChange``,
``StageStep``, ``StatusSpan`` (``views.incident_state``), ``StatusView``,
``ComponentState`` (``views.status``) and ``ComponentUptime`` (``views.uptime``).
Every record is frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING

from statuspress.load.site import paused_gc
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem
from statuspress.views.history import HistoryPage, paginate
from statuspress.views.incident_state import (
    ComponentChange,
    IncidentState,
    StageStep,
    StatusSpan,
    UpdateState,
    incident_state,
)
from statuspress.views.metrics import IncidentTimes, incident_times
from statuspress.views.status import ComponentState, StatusView, status_view
from statuspress.views.uptime import ComponentUptime, uptime_by_component

if TYPE_CHECKING:
    from statuspress.load.site import Site

__all__ = [
    "ComponentChange", "ComponentState", "ComponentUptime", "IncidentState", "Snapshot",
    "StageStep", "StatusSpan", "StatusView", "UpdateState", "snapshot",
]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the outputs show, as of ``at``."""

    at: datetime
    config: SiteConfig
    #: Every incident and maintenance, in site order (start, then id).
    incidents: tuple[IncidentState, ...]
    by_id: Mapping[str, IncidentState]
    status: StatusView
    uptime: Mapping[str, ComponentUptime]  # component id -> bars, declared order
    #: Incidents started by ``at`` and maintenance whose window started, newest first:
    #: the history pages and the JSON's incident lists.
    past: tuple[IncidentState, ...]
    #: Component id -> the ``past`` entries naming it, newest first.
    past_by_component: Mapping[str, tuple[IncidentState, ...]]
    #: What the feeds carry: ``past`` plus every maintenance announced by an update,
    #: most recently updated first.
    news: tuple[IncidentState, ...]
    #: Component id -> the ``news`` entries naming it, in ``news`` order.
    news_by_component: Mapping[str, tuple[IncidentState, ...]]
    history: tuple[HistoryPage, ...]  # ``past`` in pages of ``history_page_size``
    #: Component id -> its ``past_by_component`` entries in pages.
    component_history: Mapping[str, tuple[HistoryPage, ...]]
    #: Incident id -> the postmortems its page shows (public ones; every one in the
    #: internal build).
    postmortems: Mapping[str, tuple[Postmortem, ...]]
    #: Incidents with a published public postmortem dated by ``at`` (Statuspage's
    #: ``postmortem`` status).
    with_postmortem: frozenset[str]
    #: Incident id -> its durations (time to detect, acknowledge, mitigate, resolve):
    #: the knowledge base's figures and, in the internal build only, its page's.
    #: Each is computed when first read, so a public build computes none.
    times: Mapping[str, IncidentTimes]

    @property
    def internal(self) -> bool:
        return self.config.audience == "internal"


class _Durations(Mapping[str, IncidentTimes]):
    """Incident id -> ``incident_times``, each computed on first read and kept.

    Only the internal build reads durations (its incident pages and knowledge base);
    computing them for every incident of every public build was wasted work. The
    mapping is read-only to its readers, and a duration depends on the file alone,
    so computing it later gives what computing it in ``snapshot`` would have."""

    __slots__ = ("_found", "_states")

    def __init__(self, states: Mapping[str, IncidentState]) -> None:
        self._states = states
        self._found: dict[str, IncidentTimes] = {}

    def __getitem__(self, incident_id: str) -> IncidentTimes:
        found = self._found.get(incident_id)
        if found is None:
            found = self._found[incident_id] = incident_times(self._states[incident_id].incident)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._states)

    def __len__(self) -> int:
        return len(self._states)


def _naming(states: tuple[IncidentState, ...], site: Site) -> dict[str, tuple[IncidentState, ...]]:
    """Declared component id -> the states of ``states`` that name it, in their order."""
    found: dict[str, list[IncidentState]] = {component.id: [] for component in site.config.components}
    for state in states:
        for cid in state.incident.named_components:
            naming = found.get(cid)
            if naming is not None:
                naming.append(state)
    return {cid: tuple(naming) for cid, naming in found.items()}


def _started_by(state: IncidentState, at: datetime) -> bool:
    return state.start is not None and state.start <= at


def snapshot(
    site: Site, at: datetime, *, state_of: Callable[[Incident, datetime], IncidentState] = incident_state
) -> Snapshot:
    """The snapshot of ``site`` at ``at`` (an aware UTC datetime). ``state_of`` is
    ``incident_state`` or a cache in front of it (the build's, across rebuilds)."""
    # Like loading, this builds tens of thousands of small acyclic records that all
    # stay alive, and each automatic collection would walk the whole site's heap
    # again (about 40 % of the snapshot's time at 10,000 incidents).
    with paused_gc():
        return _snapshot(site, at, state_of)


def _snapshot(site: Site, at: datetime, state_of: Callable[[Incident, datetime], IncidentState]) -> Snapshot:
    states = tuple(state_of(incident, at) for incident in site.incidents)
    by_id = {state.id: state for state in states}
    past = tuple(sorted(
        (s for s in states if _started_by(s, at)), key=lambda s: s.incident.sort_key, reverse=True
    ))
    news = tuple(sorted(
        (s for s in states if _started_by(s, at) or (s.is_maintenance and s.updates)),
        key=lambda s: (s.updated, s.incident.sort_key), reverse=True,
    ))
    past_naming = _naming(past, site)
    size = site.config.history_page_size
    covering = site.postmortems_by_incident
    internal = site.config.audience == "internal"
    # Most incidents have no postmortem: only those that have one cost more than a
    # lookup, and they share the empty tuple.
    postmortems: dict[str, tuple[Postmortem, ...]] = dict.fromkeys(by_id, ())
    published: set[str] = set()
    day = at.date()
    for incident_id, found in covering.items():
        if incident_id not in postmortems:
            continue
        postmortems[incident_id] = tuple(pm for pm in found if internal or pm.is_public)
        if any(pm.is_public and (pm.date is None or pm.date <= day) for pm in found):
            published.add(incident_id)
    with_postmortem = frozenset(published)
    return Snapshot(
        at=at,
        config=site.config,
        incidents=states,
        by_id=MappingProxyType(by_id),
        status=status_view(site, at, by_id),
        uptime=MappingProxyType(uptime_by_component(site, at, by_id)),
        past=past,
        past_by_component=MappingProxyType(past_naming),
        news=news,
        news_by_component=MappingProxyType(_naming(news, site)),
        history=tuple(paginate(past, size)),
        component_history=MappingProxyType({
            cid: tuple(paginate(found, size)) for cid, found in past_naming.items()
        }),
        postmortems=MappingProxyType(postmortems),
        with_postmortem=with_postmortem,
        times=_Durations(by_id),
    )
