"""Incident metrics: per-incident durations and their statistics over a period.

Every figure is derived from the raw timestamps in the incident files (never typed
in), with these definitions (stated again on the metrics pages and in the report):

====================  ==========================================================
time to detect        detected − started
time to acknowledge   acknowledged − detected
time to mitigate      mitigated − started
time to resolve       resolved − started (the impact duration)
MTBF                  mean of (next incident's start − previous incident's resolve)
completion rate       done ÷ (all action items − won't do)
====================  ==========================================================

A duration is *unknown* (None) when one of its timestamps is missing: never zero,
never filled in from the clock, and left out of ``Summary.n``. Maintenance is not an
incident and counts in none of these figures.

Everything here is a pure function of a ``Site`` (and, for "overdue", an explicit
as-of time), so the report command, the metrics pages and the charts all read the
same numbers.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from statuspress.formatting import N_
from statuspress.model.incident import Incident
from statuspress.model.postmortem import ActionItem, Postmortem, is_overdue

if TYPE_CHECKING:
    from statuspress.load.site import Site


@dataclass(frozen=True)
class MetricDefinition:
    """How a metric is named and defined, for tables, pages and the report."""

    name: str  # the attribute name on ``IncidentTimes`` / ``GroupMetrics``
    abbreviation: str
    label: str
    definition: str


#: The per-incident durations, in the order every table shows them.
DURATION_METRICS: tuple[MetricDefinition, ...] = (
    MetricDefinition("time_to_detect", "MTTD", N_("Time to detect"), N_("detected − started")),
    MetricDefinition("time_to_acknowledge", "MTTA", N_("Time to acknowledge"), N_("acknowledged − detected")),
    MetricDefinition("time_to_mitigate", "MTTM", N_("Time to mitigate"), N_("mitigated − started")),
    MetricDefinition("time_to_resolve", "MTTR", N_("Time to resolve"), N_("resolved − started")),
)

MTBF_METRIC = MetricDefinition(
    "mtbf", "MTBF", N_("Time between failures"),
    N_("next incident's started − previous incident's resolved, for consecutive incidents in start "
       "order; an overlap (the next incident started before the previous one was resolved) counts as 0"),
)

P90_METHOD = N_(
    "p90 interpolates linearly between the closest ranks (the inclusive method: position "
    "0.9 × (n − 1) in the sorted values, counted from 0); with one value, p90 is that value"
)

#: Time-to-detect histogram buckets: (label, lower bound inclusive, upper bound exclusive).
DETECT_BUCKETS: tuple[tuple[str, timedelta, timedelta | None], ...] = (
    (N_("< 5 min"), timedelta(0), timedelta(minutes=5)),
    (N_("5–15 min"), timedelta(minutes=5), timedelta(minutes=15)),
    (N_("15–30 min"), timedelta(minutes=15), timedelta(minutes=30)),
    (N_("30–60 min"), timedelta(minutes=30), timedelta(hours=1)),
    (N_("1–4 h"), timedelta(hours=1), timedelta(hours=4)),
    (N_("≥ 4 h"), timedelta(hours=4), None),
)


# --- per incident -------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentTimes:
    """The four durations of one incident; None where a timestamp is missing."""

    incident_id: str
    time_to_detect: timedelta | None
    time_to_acknowledge: timedelta | None
    time_to_mitigate: timedelta | None
    time_to_resolve: timedelta | None


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    return end - start if start is not None and end is not None else None


def incident_times(incident: Incident) -> IncidentTimes:
    """The durations of ``incident``, straight from its timestamps."""
    return IncidentTimes(
        incident_id=incident.id,
        time_to_detect=_between(incident.started, incident.detected),
        time_to_acknowledge=_between(incident.detected, incident.acknowledged),
        time_to_mitigate=_between(incident.started, incident.mitigated),
        time_to_resolve=_between(incident.started, incident.resolved),
    )


# --- statistics ---------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """One metric over a set of incidents.

    ``n`` is how many had the data, ``total`` how many there were; ``mean``,
    ``median`` and ``p90`` are None when ``n`` is 0. ``p90`` uses linear
    interpolation between the closest ranks (``statistics.quantiles(values, n=10,
    method="inclusive")[-1]``), and is the value itself when ``n`` is 1. Results are
    rounded to the microsecond, the resolution of ``timedelta``.
    """

    n: int
    total: int
    mean: timedelta | None = None
    median: timedelta | None = None
    p90: timedelta | None = None


_US = timedelta(microseconds=1)


def summarise(values: Sequence[timedelta | None]) -> Summary:
    """Count, mean, median and p90 of the known values among ``values``."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return Summary(0, len(values))
    # Integer microseconds keep the interpolation exact until the final division.
    micros = [v // _US for v in known]
    mean = sum(known, timedelta()) / len(known)
    median = timedelta(microseconds=round(statistics.median(micros)))
    if len(micros) == 1:
        p90 = known[0]
    else:
        p90 = timedelta(microseconds=round(statistics.quantiles(micros, n=10, method="inclusive")[-1]))
    return Summary(len(known), len(values), mean, median, p90)


def mtbf(incidents: Sequence[Incident]) -> Summary:
    """Time between failures over ``incidents``, taken in start order.

    One gap per consecutive pair: the next incident's ``started`` minus the previous
    incident's ``resolved``. A pair whose previous incident is unresolved has no gap
    (unknown, not counted in ``n``; ``total`` is the number of pairs). A negative gap
    (the incidents overlapped) counts as 0: the service never ran failure-free between
    them. Maintenance, notices (and anything without ``started``) are left out.
    """
    # Sorting on the plain fields: ``Incident.sort_key`` is a property chain, and this
    # runs once per group on sites with thousands of incidents.
    ordered = sorted(
        (i for i in incidents if i.started is not None and i.type == "incident"),
        key=lambda i: (i.started, i.id),
    )
    gaps: list[timedelta | None] = []
    for previous, following in pairwise(ordered):
        gap = _between(previous.resolved, following.started)
        gaps.append(max(gap, timedelta(0)) if gap is not None else None)
    return summarise(gaps)


# --- groups -------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupMetrics:
    """The figures for one set of incidents: all, one severity or one component."""

    key: str  # "all", a severity key or a component id
    name: str
    count: int
    time_to_detect: Summary
    time_to_acknowledge: Summary
    time_to_mitigate: Summary
    time_to_resolve: Summary
    mtbf: Summary

    def summary(self, metric: str) -> Summary:
        """The summary of the metric named ``metric`` (see ``DURATION_METRICS``)."""
        value = getattr(self, metric)
        assert isinstance(value, Summary)
        return value


def group_metrics(key: str, name: str, incidents: Sequence[Incident]) -> GroupMetrics:
    """Count, the four duration summaries and MTBF for ``incidents``."""
    times = [incident_times(i) for i in incidents]
    return GroupMetrics(
        key=key,
        name=name,
        count=len(incidents),
        time_to_detect=summarise([t.time_to_detect for t in times]),
        time_to_acknowledge=summarise([t.time_to_acknowledge for t in times]),
        time_to_mitigate=summarise([t.time_to_mitigate for t in times]),
        time_to_resolve=summarise([t.time_to_resolve for t in times]),
        mtbf=mtbf(incidents),
    )


@dataclass(frozen=True)
class MonthStats:
    """One calendar month (UTC) of the period: counts by severity and the TTR summary."""

    month: date  # the first day of the month
    count: int
    by_severity: dict[str, int]  # every declared severity key, in ladder order
    time_to_resolve: Summary

    @property
    def label(self) -> str:
        """``2026-03``."""
        return self.month.strftime("%Y-%m")


@dataclass(frozen=True)
class Bucket:
    """One bar of a histogram: ``lower ≤ value < upper`` (no upper bound when None)."""

    label: str
    lower: timedelta
    upper: timedelta | None
    count: int


def detect_histogram(times: Iterable[IncidentTimes]) -> tuple[Bucket, ...]:
    """How many known times to detect fall in each of ``DETECT_BUCKETS``."""
    values = [t.time_to_detect for t in times if t.time_to_detect is not None]
    return tuple(
        Bucket(label, lower, upper, sum(1 for v in values if v >= lower and (upper is None or v < upper)))
        for label, lower, upper in DETECT_BUCKETS
    )


# --- action items and repeats -------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ActionItemRow:
    """One action item with the postmortem it belongs to."""

    postmortem: Postmortem
    index: int  # position in the postmortem's ``action_items``
    item: ActionItem
    overdue: bool


@dataclass(frozen=True)
class ActionItemStats:
    """Action items of a set of postmortems, with the completion rate.

    ``completion_rate`` is done ÷ (all − won't do), None when that is 0 (no items,
    or only won't-do ones). ``overdue`` is sorted by due date, postmortem and position.
    """

    rows: tuple[ActionItemRow, ...]
    total: int
    done: int
    wont_do: int
    open: int
    in_progress: int
    completion_rate: float | None
    overdue: tuple[ActionItemRow, ...]


def action_item_stats(postmortems: Iterable[Postmortem], at: datetime) -> ActionItemStats:
    """Every action item of ``postmortems``; overdue as of ``at``."""
    rows = tuple(
        ActionItemRow(pm, index, item, is_overdue(item, at))
        for pm in postmortems
        for index, item in enumerate(pm.action_items)
    )
    counts = {status: sum(1 for r in rows if r.item.status == status)
              for status in ("open", "in_progress", "done", "wont_do")}
    denominator = len(rows) - counts["wont_do"]
    overdue = sorted((r for r in rows if r.overdue), key=lambda r: (r.item.due, r.postmortem.id, r.index))
    return ActionItemStats(
        rows=rows,
        total=len(rows),
        done=counts["done"],
        wont_do=counts["wont_do"],
        open=counts["open"],
        in_progress=counts["in_progress"],
        completion_rate=counts["done"] / denominator if denominator else None,
        overdue=tuple(overdue),
    )


@dataclass(frozen=True)
class RepeatGroup:
    """Postmortems that share a tag and a service: the same failure coming back."""

    tag: str
    service: str
    postmortem_ids: tuple[str, ...]


def repeat_groups(postmortems: Iterable[Postmortem]) -> tuple[RepeatGroup, ...]:
    """One group per (tag, service) pair named by two or more postmortems, the most
    repeated first (then by tag and service); ids in the order the postmortems are
    given (the site's order)."""
    index: dict[tuple[str, str], list[str]] = {}
    for pm in postmortems:
        for tag in dict.fromkeys(pm.tags):
            for service in dict.fromkeys(pm.services):
                index.setdefault((tag, service), []).append(pm.id)
    repeated = [(key, ids) for key, ids in index.items() if len(ids) > 1]
    repeated.sort(key=lambda entry: (-len(entry[1]), entry[0]))
    return tuple(RepeatGroup(tag, service, tuple(ids)) for (tag, service), ids in repeated)


# --- a period -----------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodMetrics:
    """Every figure for the incidents that started in ``[since, until)``."""

    since: date | None
    until: date | None
    at: datetime
    incidents: tuple[Incident, ...]
    times: tuple[IncidentTimes, ...]
    overall: GroupMetrics
    by_severity: tuple[GroupMetrics, ...]  # every declared severity, in ladder order
    by_component: tuple[GroupMetrics, ...]  # every declared component, in config order
    months: tuple[MonthStats, ...]
    detect_histogram: tuple[Bucket, ...]
    postmortems: tuple[Postmortem, ...]
    action_items: ActionItemStats
    repeats: tuple[RepeatGroup, ...]


def in_period(incident: Incident, since: date | None, until: date | None) -> bool:
    """A real incident (not maintenance, not a notice) whose ``started`` UTC date is in
    ``[since, until)``."""
    if incident.type != "incident" or incident.started is None:
        return False
    day = incident.started.date()  # timestamps are normalised to UTC by the model
    return (since is None or day >= since) and (until is None or day < until)


def _month_starts(first: date, last: date) -> list[date]:
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _months(site: Site, incidents: Sequence[Incident], since: date | None, until: date | None) -> list[MonthStats]:
    """Every month of the period, empty ones included; an open end stops at the
    first or last incident's month."""
    starts = [i.started.date() for i in incidents if i.started is not None]
    first = since if since is not None else (min(starts) if starts else None)
    last = (until - timedelta(days=1)) if until is not None else (max(starts) if starts else None)
    if first is None or last is None or last < first:
        return []
    keys = [s.key for s in site.config.severities]
    by_month: dict[date, list[Incident]] = {}
    for incident in incidents:
        if incident.started is not None:
            by_month.setdefault(incident.started.date().replace(day=1), []).append(incident)
    out = []
    for month in _month_starts(first, last):
        chosen = by_month.get(month, [])
        by_severity = {key: sum(1 for i in chosen if i.severity == key) for key in keys}
        out.append(MonthStats(month, len(chosen), by_severity,
                              summarise([incident_times(i).time_to_resolve for i in chosen])))
    return out


def period_postmortems(site: Site, incident_ids: set[str], open_ended: bool) -> tuple[Postmortem, ...]:
    """The postmortems a period's action items and repeats are read from: those
    covering at least one of the period's incidents, or every postmortem when the
    period is open at both ends."""
    if open_ended:
        return site.postmortems
    return tuple(pm for pm in site.postmortems if any(i in incident_ids for i in pm.incidents))


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter (UTC dates): ``[since, until)``."""

    year: int
    number: int  # 1..4
    since: date
    until: date

    @property
    def label(self) -> str:
        """``2026-Q1``."""
        return f"{self.year}-Q{self.number}"


def quarter_of(day: date) -> Quarter:
    """The quarter ``day`` falls in."""
    number = (day.month - 1) // 3 + 1
    since = date(day.year, 3 * number - 2, 1)
    until = date(day.year + 1, 1, 1) if number == 4 else date(day.year, 3 * number + 1, 1)
    return Quarter(day.year, number, since, until)


def quarters(site: Site) -> tuple[Quarter, ...]:
    """Every quarter from the first incident's to the last one's, oldest first,
    empty quarters included (a quiet quarter is worth a review page too); none
    when the site has no incidents. Maintenance does not count."""
    days = [i.started.date() for i in site.incidents if in_period(i, None, None) and i.started is not None]
    if not days:
        return ()
    current, last = quarter_of(min(days)), quarter_of(max(days))
    out = [current]
    while current != last:
        current = quarter_of(current.until)
        out.append(current)
    return tuple(out)


def period_metrics(site: Site, since: date | None, until: date | None, at: datetime) -> PeriodMetrics:
    """All metrics for incidents that started on or after ``since`` and before
    ``until`` (UTC dates; None leaves that end open). ``at`` decides which action
    items are overdue."""
    incidents = tuple(i for i in site.incidents if in_period(i, since, until))
    config = site.config
    by_severity = tuple(
        group_metrics(s.key, s.name, [i for i in incidents if i.severity == s.key])
        for s in config.severities
    )
    by_component = tuple(
        group_metrics(c.id, c.name, [i for i in incidents if c.id in i.components])
        for c in config.components
    )
    times = tuple(incident_times(i) for i in incidents)
    postmortems = period_postmortems(site, {i.id for i in incidents}, since is None and until is None)
    return PeriodMetrics(
        since=since,
        until=until,
        at=at,
        incidents=incidents,
        times=times,
        overall=group_metrics("all", "All incidents", incidents),
        by_severity=by_severity,
        by_component=by_component,
        months=tuple(_months(site, incidents, since, until)),
        detect_histogram=detect_histogram(times),
        postmortems=postmortems,
        action_items=action_item_stats(postmortems, at),
        repeats=repeat_groups(postmortems),
    )
