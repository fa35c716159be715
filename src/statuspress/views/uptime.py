"""Daily uptime per component: the bars under each component and the percentage.

The rule (also in docs/uptime.md, for users)
============================================

* An **incident** gives component ``c`` the status ``affected[c]`` from ``started``
  until ``mitigated`` (customer impact stopped), else ``resolved``, else ``at`` while it
  is still open; never beyond ``at``. An incident that names ``c`` as ``operational``
  (impact ``none``) is no outage.
* A **maintenance** gives its components ``under_maintenance`` (or the status its
  ``components`` mapping names for one) while it is in progress
  (``status.maintenance_span``: from its window start, or an earlier announced start,
  until its completion, or ``scheduled_end`` when it has no updates saying otherwise).
* Days are UTC days. Within a day, overlapping outages of one component are merged at
  the exact second, keeping the **worst** status at each instant (``STATUS_RANK``), so
  a minute is never counted twice. ``minutes[status]`` is the time spent in each
  non-operational status, in minutes (floats).
* ``downtime = Σ minutes[status] × uptime_weights[status]``; by default a minute of
  major outage counts fully, partial outage 0.3, degraded performance and maintenance 0.
* ``tracked`` is the part of the day that counts: 1440 minutes, less the part of
  today after ``at``; 0 for a day entirely after ``at``. A day's uptime is
  ``100 × (1 − downtime / tracked)`` (None when nothing is tracked), and the window's
  uptime is ``100 × (1 − Σ downtime / Σ tracked)``.

Cost: one sweep over the interval boundaries of the incidents naming the component
plus one step per day an outage touches, O(k log k + days touched), never per minute.
``uptime_by_component`` sorts every incident's spans to their components in one pass,
and builds the bars of days without any outage once for all components (most bars of
most components: a component's list starts as a copy of them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from statuspress.model.config import Component, WeightedStatus
from statuspress.model.incident import Incident
from statuspress.model.values import STATUS_RANK, ComponentStatus
from statuspress.views.incident_state import IncidentState, impact_end, incident_state
from statuspress.views.index import incidents_by_component

if TYPE_CHECKING:
    from statuspress.load.site import Site

DAY = timedelta(days=1)
DAY_MINUTES = 1440.0

#: Non-operational statuses, worst first: the keys of ``DayUptime.minutes``.
OUTAGE_STATUSES: tuple[WeightedStatus, ...] = (
    "major_outage", "partial_outage", "degraded_performance", "under_maintenance",
)
_BY_RANK: dict[int, ComponentStatus] = {STATUS_RANK[s]: s for s in OUTAGE_STATUSES}

# Weighted sums of float minutes pick up binary noise (100 × 0.3 is 30.000000000000004);
# rounding to a nanominute keeps reported figures exact without losing anything real.
_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Outage:
    """One incident's effect on the component during one day."""

    incident: Incident
    status: ComponentStatus
    start: datetime  # clipped to the day
    end: datetime  # clipped to the day (and to the as-of time)


@dataclass(frozen=True, slots=True)
class DayUptime:
    """One daily bar."""

    day: date
    minutes: dict[WeightedStatus, float]  # every key of OUTAGE_STATUSES, worst first
    downtime: float  # weighted minutes
    tracked: float  # minutes of the day that count
    uptime: float | None  # percent; None when tracked == 0
    worst: ComponentStatus  # of the downtime; operational when nothing counted
    outages: tuple[Outage, ...]  # by start, for the tooltip
    #: Open incidents that held the component in a status after they were mitigated:
    #: no downtime, but the page showed that status, so the bar says so too.
    touched: tuple[Outage, ...] = ()

    @property
    def level(self) -> ComponentStatus:
        """The colour of the bar: the worst status the component showed that day."""
        if not self.outages and not self.touched:
            return self.worst  # most bars: no list to build for every cell of every page
        shown = [self.worst, *(o.status for o in self.outages), *(o.status for o in self.touched)]
        return max(shown, key=STATUS_RANK.__getitem__)


@dataclass(frozen=True, slots=True)
class ComponentUptime:
    """A component's bars, oldest first, and its uptime over the whole window."""

    component: Component
    days: tuple[DayUptime, ...]
    uptime: float  # percent; 100.0 when no time is tracked at all


@dataclass(frozen=True, slots=True)
class _Interval:
    incident: Incident
    status: ComponentStatus
    start: datetime
    end: datetime


def outage_span(incident: Incident, at: datetime) -> tuple[datetime, datetime] | None:
    """When an incident (not maintenance) affected its components, as known at
    ``at``: ``started`` until ``mitigated``, else ``resolved``, else ``at``; never
    beyond ``at``. None when it had not started by ``at`` (or lasted no time)."""
    if incident.started is None or incident.started >= at:
        return None
    end = impact_end(incident, at)
    return (incident.started, end) if incident.started < end else None


_Intervals = tuple[list[_Interval], list[_Interval]]


def _intervals(
    states: Iterable[IncidentState], since: datetime, at: datetime
) -> dict[str, _Intervals]:
    """Component id -> its downtime and its shown-only spans that overlap ``[since,
    at)``, clipped to it, in the order of ``states``: one pass over every span, not
    one per component."""
    found: dict[str, _Intervals] = {}
    for state in states:
        for span in state.spans:
            start, end = max(span.start, since), min(span.end, at)
            if start < end:
                counted, shown = found.setdefault(span.component_id, ([], []))
                (counted if span.downtime else shown).append(
                    _Interval(state.incident, span.status, start, end)
                )
    return found


def _seconds_by_day(
    intervals: list[_Interval], since: datetime
) -> dict[int, list[float]]:
    """Day index -> seconds per status rank, the worst status winning at each
    instant; only the days an interval covers.

    A sweep over the interval boundaries: between two consecutive boundaries the set
    of open outages is constant, so the worst of them owns that stretch.
    """
    seconds: dict[int, list[float]] = {}
    if not intervals:
        return seconds
    events: list[tuple[datetime, int, int]] = []
    for interval in intervals:
        rank = STATUS_RANK[interval.status]
        events.append((interval.start, 1, rank))
        events.append((interval.end, -1, rank))
    events.sort(key=lambda event: event[0])
    open_count = [0] * len(STATUS_RANK)
    previous = since
    for moment, delta, rank in events:
        if moment > previous:
            top = max((r for r, n in enumerate(open_count) if n > 0), default=0)
            if top:
                _spread(seconds, since, previous, moment, top)
            previous = moment
        open_count[rank] += delta
    return seconds


def _spread(
    seconds: dict[int, list[float]], since: datetime, start: datetime, end: datetime, rank: int
) -> None:
    """Add ``[start, end)`` to the days it covers (each day crossed once)."""
    index = (start - since) // DAY
    while start < end:
        boundary = since + (index + 1) * DAY
        stop = min(end, boundary)
        day = seconds.get(index)
        if day is None:
            day = seconds[index] = [0.0] * len(STATUS_RANK)
        day[rank] += (stop - start).total_seconds()
        start = stop
        index += 1


def _outages_by_day(
    intervals: list[_Interval], since: datetime, days: int
) -> dict[int, list[Outage]]:
    """Day index -> the outages of that day, by start; only the days an interval covers."""
    by_day: dict[int, list[Outage]] = {}
    for interval in sorted(intervals, key=lambda i: (i.start, i.incident.sort_key)):
        index = (interval.start - since) // DAY
        while index < days:
            day_start = since + index * DAY
            if day_start >= interval.end:
                break
            by_day.setdefault(index, []).append(Outage(
                interval.incident, interval.status,
                max(interval.start, day_start), min(interval.end, day_start + DAY),
            ))
            index += 1
    return by_day


def _day(
    day: date, seconds: list[float], outages: list[Outage], touched: list[Outage],
    weights: Mapping[WeightedStatus, float], at: datetime,
) -> DayUptime:
    day_start = datetime.combine(day, time(), tzinfo=timezone.utc)
    tracked = max(0.0, (min(day_start + DAY, at) - day_start).total_seconds() / 60.0)
    minutes: dict[WeightedStatus, float] = {
        status: seconds[STATUS_RANK[status]] / 60.0 for status in OUTAGE_STATUSES
    }
    downtime = round(sum(minutes[s] * weights.get(s, 0.0) for s in OUTAGE_STATUSES), _DIGITS)
    worst: ComponentStatus = next((s for s in OUTAGE_STATUSES if minutes[s] > 0), "operational")
    return DayUptime(
        day=day,
        minutes=minutes,
        downtime=downtime,
        tracked=tracked,
        uptime=100.0 * (1.0 - downtime / tracked) if tracked else None,
        worst=worst,
        outages=tuple(outages),
        touched=tuple(touched),
    )


def component_uptime(
    site: Site, component_id: str, at: datetime, days: int | None = None,
    states: Mapping[str, IncidentState] | None = None,
) -> ComponentUptime:
    """The daily bars of one component: ``days`` (default ``uptime_days``) UTC days
    ending with the day of ``at``, oldest first. ``states`` (incident id ->
    ``incident_state(incident, at)``) when already known. Raises KeyError for an
    undeclared component id."""
    component = site.config.component(component_id)
    if component is None:
        raise KeyError(f"no component `{component_id}` is declared")
    count = days if days is not None else site.config.uptime_days
    if count < 1:
        raise ValueError(f"days must be at least 1, got {count}")
    naming = incidents_by_component(site).get(component_id, ())
    found = _intervals(_started(naming, at, states), _since(at, count), at)
    clean = _clean_bars(site, at, count)
    return _component_uptime(site, component, at, count, found.get(component_id, ([], [])), clean)


def _since(at: datetime, count: int) -> datetime:
    """The start of the first of ``count`` UTC days ending with the day of ``at``."""
    first = at.astimezone(timezone.utc).date() - timedelta(days=count - 1)
    return datetime.combine(first, time(), tzinfo=timezone.utc)


def _started(
    incidents: Iterable[Incident], at: datetime, states: Mapping[str, IncidentState] | None
) -> Iterator[IncidentState]:
    """The states of ``incidents`` that started before ``at``."""
    for i in incidents:
        if i.start is not None and i.start < at:
            yield states[i.id] if states is not None else incident_state(i, at)


@dataclass(frozen=True, slots=True)
class _CleanBars:
    """The bars of a window without any outage, the same for every component, and
    the minutes they track: most bars of most components are these."""

    bars: tuple[DayUptime, ...]
    tracked: float


def _clean_bars(site: Site, at: datetime, count: int) -> _CleanBars:
    since = _since(at, count)
    first = since.date()
    zeros = [0.0] * len(STATUS_RANK)
    weights = site.config.uptime_weights
    bars = tuple(_day(first + timedelta(days=i), zeros, [], [], weights, at) for i in range(count))
    return _CleanBars(bars, sum(bar.tracked for bar in bars))


def _component_uptime(
    site: Site, component: Component, at: datetime, count: int,
    intervals: _Intervals, clean: _CleanBars,
) -> ComponentUptime:
    """``component_uptime`` from the component's ``intervals``: the ``clean`` bars,
    with a bar of its own for each day an outage or a shown-only span touches. A
    bar's tracked minutes depend on its day alone, so the window's are ``clean``'s."""
    since = _since(at, count)
    first = since.date()
    counted, shown = intervals
    seconds = _seconds_by_day(counted, since)
    outages = _outages_by_day(counted, since, count)
    touched = _outages_by_day(shown, since, count)
    weights = site.config.uptime_weights
    bars = list(clean.bars)
    zeros = [0.0] * len(STATUS_RANK)
    downtime = 0.0
    for i in sorted(seconds.keys() | outages.keys() | touched.keys()):
        day_seconds = seconds.get(i, zeros)
        day_outages = outages.get(i, [])
        day_touched = touched.get(i, [])
        if day_outages or day_touched or any(day_seconds):
            bar = bars[i] = _day(first + timedelta(days=i), day_seconds, day_outages, day_touched, weights, at)
            # Every other bar's downtime is 0.0, which adds nothing to a float sum:
            # this is the sum over the window, in day order.
            downtime += bar.downtime
    tracked = clean.tracked
    uptime = 100.0 * (1.0 - downtime / tracked) if tracked else 100.0
    return ComponentUptime(component, tuple(bars), uptime)


def uptime_by_component(
    site: Site, at: datetime, states: Mapping[str, IncidentState] | None = None
) -> dict[str, ComponentUptime]:
    """``component_uptime`` for every declared component, in declared order."""
    count = site.config.uptime_days  # at least 1 (validated)
    # Every span is of a component its incident names, so one pass over the incidents
    # in site order sorts each span to its component in that component's own order.
    found = _intervals(_started(site.incidents, at, states), _since(at, count), at)
    clean = _clean_bars(site, at, count)
    return {
        c.id: _component_uptime(site, c, at, count, found.get(c.id, ([], [])), clean)
        for c in site.config.components
    }
