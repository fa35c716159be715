"""The incident history: everything that has happened, newest first, in pages.

Pages have a fixed size (``history_page_size``) counted from the newest incident, so
page 1 always shows the latest incidents and no page grows as history accumulates:
adding an incident moves the oldest one of each page onto the next. Within a page,
incidents are grouped by the UTC month they started in; a month may continue on the
next page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from statuspress.model.incident import Incident
from statuspress.views.incident_state import IncidentState
from statuspress.views.index import incidents_by_component

if TYPE_CHECKING:
    from statuspress.load.site import Site


@dataclass(frozen=True, slots=True)
class MonthGroup:
    """The incidents of one page that started in one month."""

    month: date  # the first day of the month
    incidents: tuple[IncidentState, ...]  # newest first


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """One page of history."""

    number: int  # 1 is the newest
    count: int  # the total number of pages
    months: tuple[MonthGroup, ...]  # newest first
    first: date | None  # the start date of the page's first (newest) incident
    last: date | None  # the start date of the page's last (oldest) incident


def _started_by(incident: Incident, at: datetime) -> bool:
    start = incident.start
    return start is not None and start <= at


def _newest_first(incidents: list[Incident]) -> list[Incident]:
    return sorted(incidents, key=lambda i: i.sort_key, reverse=True)


def past_incidents(site: Site, at: datetime) -> list[Incident]:
    """Every incident and maintenance that started (for maintenance: whose window
    started) at or before ``at``, newest first (by start, then id)."""
    return _newest_first([i for i in site.incidents if _started_by(i, at)])


def component_history(site: Site, component_id: str, at: datetime) -> list[Incident]:
    """The past incidents and maintenance naming ``component_id``, newest first."""
    found = incidents_by_component(site).get(component_id, ())
    return _newest_first([i for i in found if _started_by(i, at)])


def _month(incident: IncidentState) -> date:
    start = incident.start
    assert start is not None
    return date(start.year, start.month, 1)


def _month_groups(incidents: Sequence[IncidentState]) -> tuple[MonthGroup, ...]:
    groups: list[MonthGroup] = []
    current: list[IncidentState] = []
    month: date | None = None
    for incident in incidents:
        this = _month(incident)
        if this != month and current:
            assert month is not None
            groups.append(MonthGroup(month, tuple(current)))
            current = []
        month = this
        current.append(incident)
    if current:
        assert month is not None
        groups.append(MonthGroup(month, tuple(current)))
    return tuple(groups)


def paginate(incidents: Sequence[IncidentState], page_size: int) -> list[HistoryPage]:
    """Split ``incidents`` (newest first, as ``Snapshot.past`` holds them) into pages
    of ``page_size``; page 1 is the newest. There is always at least one page, empty
    when there are no incidents."""
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, got {page_size}")
    chunks = [incidents[i:i + page_size] for i in range(0, len(incidents), page_size)] or [[]]
    pages: list[HistoryPage] = []
    for number, chunk in enumerate(chunks, start=1):
        starts = [i.start.date() for i in chunk if i.start is not None]
        pages.append(HistoryPage(
            number=number,
            count=len(chunks),
            months=_month_groups(chunk),
            first=starts[0] if starts else None,
            last=starts[-1] if starts else None,
        ))
    return pages
