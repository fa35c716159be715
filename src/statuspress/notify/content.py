"""The one adapter between the site's views and ``notify``.

Events are derived from what the site shows at the as-of time: which updates are
public by then, which phase each maintenance is in, what status each component has.
All of that is read here, in ``read_content``, and nowhere else in the package, so
that the day the views become one as-of snapshot only this module changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from statuspress.load import Site
from statuspress.model import Incident, Postmortem, Update
from statuspress.views.archive import summary_of
from statuspress.views.incident_state import IncidentState, incident_state
from statuspress.views.phase import ACTIVE_PHASES, maintenance_phase
from statuspress.views.snapshot import Snapshot, snapshot
from statuspress.views.status import component_statuses


@dataclass(frozen=True, slots=True)
class Story:
    """One incident or maintenance as known at the as-of time."""

    incident: Incident
    #: The updates public by the as-of time, oldest first.
    updates: tuple[Update, ...]
    #: A maintenance's phase (scheduled, in_progress, verifying, completed); None for an incident.
    phase: str | None
    #: A maintenance: when its components went under maintenance (the window start,
    #: or an earlier announced start); None until it began.
    began: datetime | None
    #: When it was resolved or completed, once that moment has passed; else None.
    ended: datetime | None
    #: A maintenance: the 1-based position of the ``in_progress`` / ``verifying``
    #: update that started it (posted at or before ``began``), if the team posted one.
    start_update: int | None = None


@dataclass(frozen=True)
class Content:
    """Everything event derivation needs, as of ``at``."""

    site: Site
    at: datetime
    stories: tuple[Story, ...]
    #: Postmortems published publicly by ``at`` (the only ones that are ever news).
    postmortems: tuple[Postmortem, ...]
    #: Component id -> status at any moment (the status page's rule).
    statuses_at: Callable[[datetime], dict[str, str]]
    #: Postmortem id -> its one-line summary (Markdown), for the public postmortems.
    summaries: dict[str, str]


def read_content(site: Site, at: datetime) -> Content:
    """The site's incidents, maintenance and public postmortems as known at ``at``."""
    stories = tuple(_story(incident, at) for incident in site.incidents)
    postmortems = tuple(
        pm for pm in site.postmortems if pm.is_public and (pm.date is None or pm.date <= at.date())
    )

    def statuses_at(moment: datetime) -> dict[str, str]:
        return {cid: state.status for cid, state in component_statuses(site, moment).items()}

    return Content(site, at, stories, postmortems, statuses_at, {pm.id: summary_of(pm) for pm in postmortems})


def state_at(incident: Incident, moment: datetime) -> IncidentState:
    """``incident`` as every page showed it at ``moment`` (stage, statuses, latest update)."""
    return incident_state(incident, moment)


def snapshot_at(site: Site, moment: datetime) -> Snapshot:
    """The whole site as the API showed it at ``moment``, for the Statuspage webhook."""
    return snapshot(site, moment)


def as_known_at(incident: Incident, moment: datetime) -> Incident:
    """``incident`` as a reader saw it at ``moment``: later updates (and a later
    ``resolved``) left out, so a message about an old update shows that update's stage."""
    updates = [u for u in incident.updates if u.at <= moment]
    resolved = incident.resolved if incident.resolved is not None and incident.resolved <= moment else None
    if len(updates) == len(incident.updates) and resolved == incident.resolved:
        return incident
    changes: dict[str, object] = {"updates": updates}
    if not incident.is_notice:
        changes["resolved"] = resolved
    return replace(incident, front=incident.front.model_copy(update=changes))


def _story(incident: Incident, at: datetime) -> Story:
    updates = tuple(u for u in incident.updates if u.at <= at)
    if not incident.is_maintenance:
        resolved = incident.resolved if incident.resolved is not None and incident.resolved <= at else None
        return Story(incident, updates, None, None, resolved)
    phase = maintenance_phase(incident, at)
    start = incident.scheduled_start or incident.started
    end = incident.scheduled_end or start
    announced = next((u.at for u in updates if u.status in ACTIVE_PHASES), None)
    began = min(t for t in (start, announced) if t is not None) if start or announced else None
    ended: datetime | None = None
    if phase == "completed":
        ended = incident.resolved if incident.resolved is not None and incident.resolved <= at else end
    if phase == "scheduled" or began is None or began > at or (ended is not None and began > ended):
        began = None  # it has not begun, or it was completed (called off) before it began
    start_update = next(
        (n for n, u in enumerate(updates, start=1) if u.status in ACTIVE_PHASES and u.at <= began), None,
    ) if began is not None else None
    return Story(incident, updates, phase, began, ended, start_update)
