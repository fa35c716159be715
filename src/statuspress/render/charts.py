"""Static SVG charts of the incident metrics: no JavaScript needed to see them.

Python lays the charts out (scales, bar and point positions, the texts a screen
reader gets); the Jinja templates in ``templates/statuspress/charts/`` draw them.
Each function returns SVG text, to inline in a page or write as an ``.svg`` file.

Accessibility: every chart has ``role="img"``, an ``aria-label`` that states the
data, a ``<title>`` and a ``<desc>``. Colours have at least 4.5:1 contrast on white,
and each severity also has its own fill pattern and a legend, so the series can be
told apart without colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import jinja2

from statuspress.model.config import Severity, SiteConfig
from statuspress.render.i18n import Localizer
from statuspress.render.templating import localizer, make_environment
from statuspress.render.text import rounded
from statuspress.views.metrics import Bucket, MonthStats, PeriodMetrics

WIDTH = 640
HEIGHT = 320
LEFT, RIGHT, BOTTOM = 64, 16, 48
TITLE_Y = 20
LEGEND_TOP = 36
LEGEND_ROW = 20
LEGEND_ITEM = 140
MAX_BAR = 48

#: Fill colours by position on the severity ladder (cycled): dark enough for 4.5:1
#: on white (red 6.5:1, orange 5.2:1, olive 5.9:1, blue 6.7:1, purple 9.3:1, teal 5.5:1).
SERIES_COLOURS = ("#b91c1c", "#c2410c", "#6b6b00", "#1d4ed8", "#6b21a8", "#0f766e")
#: Fill patterns by ladder position (cycled), so no series depends on colour alone.
SERIES_PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "vertical")
LINE_COLOUR = "#1d4ed8"
BAR_COLOUR = "#1d4ed8"


def fmt(value: float) -> str:
    """A coordinate as SVG wants it: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Tick:
    """A y-axis gridline and its label."""

    y: str
    label: str


@dataclass(frozen=True)
class XLabel:
    """A category label under the x axis (``year`` is a second line, may be empty)."""

    x: str
    text: str
    year: str


@dataclass(frozen=True)
class Frame:
    """The plot area of a chart and its axes."""

    chart_id: str
    title: str
    aria_label: str
    description: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    ticks: tuple[Tick, ...]
    x_labels: tuple[XLabel, ...]
    y_title: str
    x_title: str
    empty: bool

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top

    @property
    def plot_width(self) -> int:
        return self.right - self.left


def nice_step(maximum: float, candidates: Sequence[float], most: int = 5) -> float:
    """The smallest candidate step that needs at most ``most`` steps to reach ``maximum``."""
    for step in candidates:
        if maximum / step <= most:
            return step
    return candidates[-1] * math.ceil(maximum / (candidates[-1] * most))


_COUNT_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)
#: Minute steps for duration axes: readable as "15 min", "1 h", "6 h", "1 d".
_MINUTE_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 10080)


def _frame(
    chart_id: str, title: str, aria_label: str, description: str, *, legend_rows: int,
    top_value: float, step: float, tick_label: object, x_labels: Sequence[tuple[float, str, str]],
    y_title: str, x_title: str, empty: bool,
) -> Frame:
    top = LEGEND_TOP + legend_rows * LEGEND_ROW + 12
    bottom = HEIGHT - BOTTOM
    ticks = []
    count = round(top_value / step)
    for index in range(count + 1):
        value = index * step
        y = bottom - (bottom - top) * value / top_value
        ticks.append(Tick(fmt(y), tick_label(value)))  # type: ignore[operator]
    return Frame(
        chart_id, title, aria_label, description, WIDTH, HEIGHT, LEFT, top, WIDTH - RIGHT, bottom,
        tuple(ticks), tuple(XLabel(fmt(x), text, year) for x, text, year in x_labels),
        y_title, x_title, empty,
    )


def _month_labels(
    months: Sequence[MonthStats], left: float, slot: float, local: Localizer,
) -> list[tuple[float, str, str]]:
    """Month abbreviations under the bars; the year under the first month and each
    January. With many months only every k-th is labelled, so labels never overlap."""
    every = max(1, math.ceil(len(months) / 12))
    labels = []
    for index, month in enumerate(months):
        if index % every:
            continue
        year = str(month.month.year) if index == 0 or month.month.month == 1 else ""
        labels.append((left + slot * (index + 0.5), local.format_date(month.month, "month"), year))
    return labels


def _span(months: Sequence[MonthStats], local: Localizer) -> str:
    if not months:
        return local.gettext("no months")
    if len(months) == 1:
        return months[0].label
    return local.gettext("%(first)s to %(last)s") % {"first": months[0].label, "last": months[-1].label}


def _rounded(local: Localizer, delta: timedelta) -> str:
    """A statistic as a chart labels it: rounded as in the tables, in the chart's language."""
    return local.format_duration(rounded(delta))


# --- incidents per month by severity ----------------------------------------------


@dataclass(frozen=True)
class Series:
    """One severity: its legend entry, colour and pattern."""

    index: int
    key: str
    name: str
    colour: str
    pattern: str
    legend_x: str
    legend_y: str


@dataclass(frozen=True)
class Segment:
    """One severity's part of one month's bar."""

    series: int
    key: str
    month: str
    count: int
    x: str
    y: str
    width: str
    height: str
    title: str


@dataclass(frozen=True)
class Bar:
    """A whole bar with its total above it."""

    label: str
    count: int
    x: str
    y: str
    width: str
    height: str
    label_x: str
    label_y: str
    title: str


def _series(severities: Sequence[Severity]) -> list[Series]:
    per_row = (WIDTH - LEFT - RIGHT) // LEGEND_ITEM
    return [
        Series(
            index, s.key, s.name,
            SERIES_COLOURS[index % len(SERIES_COLOURS)], SERIES_PATTERNS[index % len(SERIES_PATTERNS)],
            fmt(LEFT + (index % per_row) * LEGEND_ITEM), fmt(LEGEND_TOP + (index // per_row) * LEGEND_ROW),
        )
        for index, s in enumerate(severities)
    ]


def incidents_per_month_svg(
    months: Sequence[MonthStats], severities: Sequence[Severity], *,
    env: jinja2.Environment | None = None, chart_id: str = "incidents-per-month",
) -> str:
    """Stacked bars: incidents per month, one segment per severity (most severe at
    the bottom), the total above each bar, a legend with each severity's pattern."""
    environment = env or make_environment()
    local = localizer(environment)
    _ = local.gettext
    number = local.format_number
    series = _series(severities)
    per_row = (WIDTH - LEFT - RIGHT) // LEGEND_ITEM
    legend_rows = max(1, math.ceil(len(series) / per_row))
    peak = max((m.count for m in months), default=0)
    step = nice_step(max(peak, 1), _COUNT_STEPS)
    top_value = step * max(1, math.ceil(peak / step))
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    total = sum(m.count for m in months)
    parts = []
    for m in months:
        detail = ", ".join(f"{s.key} {number(m.by_severity.get(s.key, 0))}"
                           for s in series if m.by_severity.get(s.key))
        parts.append(f"{m.label}: {number(m.count)}" + (f" ({detail})" if detail else ""))
    in_total = local.ngettext("%(num)s incident in total", "%(num)s incidents in total", total) % {
        "num": number(total)}
    heading = {"span": _span(months, local), "total": in_total}
    aria = (_("Incidents per month by severity, %(span)s: %(total)s") % heading
            + "; " + "; ".join(parts)
            if months else _("Incidents per month by severity: no data for this period"))
    frame = _frame(
        chart_id, _("Incidents per month by severity"), aria,
        _("Stacked bars, one per month; each bar is split by severity, most severe at the bottom.") + " "
        + "; ".join(parts),
        legend_rows=legend_rows, top_value=top_value, step=step, tick_label=lambda v: number(int(v)),
        x_labels=_month_labels(months, LEFT, slot, local), y_title=_("Incidents"), x_title=_("Month (UTC)"),
        empty=not months,
    )
    scale = frame.plot_height / top_value
    bar_width = min(slot * 0.7, MAX_BAR)
    segments, bars = [], []
    for index, m in enumerate(months):
        x = LEFT + slot * index + (slot - bar_width) / 2
        base = float(frame.bottom)
        for s in series:
            count = m.by_severity.get(s.key, 0)
            if not count:
                continue
            height = count * scale
            base -= height
            segments.append(Segment(
                s.index, s.key, m.label, count, fmt(x), fmt(base), fmt(bar_width), fmt(height),
                f"{m.label}, {s.key} {s.name}: {count}",
            ))
        height = m.count * scale
        bars.append(Bar(
            m.label, m.count, fmt(x), fmt(frame.bottom - height), fmt(bar_width), fmt(height),
            fmt(x + bar_width / 2), fmt(frame.bottom - height - 4), f"{m.label}: {m.count}",
        ))
    return environment.get_template("statuspress/charts/incidents_per_month.svg").render(
        frame=frame, series=series, segments=segments, bars=bars,
    )


# --- MTTR trend -------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A month's median time to resolve."""

    month: str
    value: timedelta
    label: str
    x: str
    y: str


def _duration_axis(peak: timedelta) -> tuple[float, float]:
    """(step, top) in minutes for a duration axis reaching ``peak``."""
    minutes = max(peak.total_seconds() / 60, 1)
    step = nice_step(minutes, _MINUTE_STEPS)
    return step, step * max(1, math.ceil(minutes / step))


def mttr_trend_svg(
    months: Sequence[MonthStats], *, env: jinja2.Environment | None = None, chart_id: str = "mttr-trend",
) -> str:
    """The median time to resolve of each month as points joined by a line; a month
    with no resolved incident has no point, and the line breaks there rather than
    drawing a value nobody measured."""
    environment = env or make_environment()
    local = localizer(environment)
    _ = local.gettext
    known = [m for m in months if m.time_to_resolve.median is not None]
    peak = max((m.time_to_resolve.median for m in known), default=timedelta(0))  # type: ignore[type-var]
    step, top_value = _duration_axis(peak)  # type: ignore[arg-type]
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    parts = [
        f"{m.label} {_rounded(local, m.time_to_resolve.median)} (n={local.format_number(m.time_to_resolve.n)})"
        if m.time_to_resolve.median is not None else f"{m.label} {_('no resolved incident')}"
        for m in months
    ]
    aria = (_("Median time to resolve per month, %(span)s:") % {"span": _span(months, local)} + " " + "; ".join(parts)
            if months else _("Median time to resolve per month: no data for this period"))
    frame = _frame(
        chart_id, _("Median time to resolve (MTTR) per month"), aria,
        _("Points show each month's median time to resolve (resolved − started) of the incidents "
          "that started that month; months without a resolved incident have no point.") + " " + "; ".join(parts),
        legend_rows=0, top_value=top_value, step=step,
        tick_label=lambda v: local.format_duration(timedelta(minutes=v)) if v else "0",
        x_labels=_month_labels(months, LEFT, slot, local), y_title=_("Median time to resolve"),
        x_title=_("Month (UTC)"), empty=not known,
    )
    scale = frame.plot_height / top_value
    lines: list[list[Point]] = []
    points: list[Point] = []
    previous_known = False
    for index, m in enumerate(months):
        median = m.time_to_resolve.median
        if median is None:
            previous_known = False
            continue
        y = frame.bottom - median.total_seconds() / 60 * scale
        point = Point(m.label, median, _rounded(local, median), fmt(LEFT + slot * (index + 0.5)), fmt(y))
        points.append(point)
        if previous_known:
            lines[-1].append(point)
        else:
            lines.append([point])
        previous_known = True
    polylines = [" ".join(f"{p.x},{p.y}" for p in run) for run in lines if len(run) > 1]
    return environment.get_template("statuspress/charts/mttr_trend.svg").render(
        frame=frame, points=points, polylines=polylines, colour=LINE_COLOUR,
    )


# --- time-to-detect distribution --------------------------------------------------


@dataclass(frozen=True)
class HistogramBar:
    """One bucket's bar."""

    label: str
    count: int
    x: str
    y: str
    width: str
    height: str
    label_x: str
    label_y: str


def detect_distribution_svg(
    buckets: Sequence[Bucket], *, env: jinja2.Environment | None = None,
    chart_id: str = "detect-distribution",
) -> str:
    """A histogram of the known times to detect, one bar per bucket, counts on top."""
    environment = env or make_environment()
    local = localizer(environment)
    _ = local.gettext
    number = local.format_number
    total = sum(b.count for b in buckets)
    peak = max((b.count for b in buckets), default=0)
    step = nice_step(max(peak, 1), _COUNT_STEPS)
    top_value = step * max(1, math.ceil(peak / step))
    slot = (WIDTH - LEFT - RIGHT) / max(len(buckets), 1)
    parts = "; ".join(f"{_(b.label)}: {number(b.count)}" for b in buckets)
    aria = local.ngettext(
        "Time to detect distribution, %(num)s incident with a known time to detect: %(parts)s",
        "Time to detect distribution, %(num)s incidents with a known time to detect: %(parts)s", total,
    ) % {"num": number(total), "parts": parts}
    frame = _frame(
        chart_id, _("Time to detect (detected − started)"), aria,
        _("Histogram of time to detect; each bar counts the incidents in a range.") + " " + parts,
        legend_rows=0, top_value=top_value, step=step, tick_label=lambda v: number(int(v)),
        x_labels=[(LEFT + slot * (i + 0.5), _(b.label), "") for i, b in enumerate(buckets)],
        y_title=_("Incidents"), x_title=_("Time to detect"), empty=total == 0,
    )
    scale = frame.plot_height / top_value
    bar_width = min(slot * 0.8, MAX_BAR * 1.5)
    bars = []
    for index, bucket in enumerate(buckets):
        x = LEFT + slot * index + (slot - bar_width) / 2
        height = bucket.count * scale
        bars.append(HistogramBar(
            _(bucket.label), bucket.count, fmt(x), fmt(frame.bottom - height), fmt(bar_width), fmt(height),
            fmt(x + bar_width / 2), fmt(frame.bottom - height - 4),
        ))
    return environment.get_template("statuspress/charts/detect_distribution.svg").render(
        frame=frame, bars=bars, colour=BAR_COLOUR,
    )


def metrics_charts(
    metrics: PeriodMetrics, config: SiteConfig, *, env: jinja2.Environment | None = None, prefix: str = "",
) -> dict[str, str]:
    """The three charts of a period, keyed by file name (``incidents-per-month.svg``
    ...). ``prefix`` keeps element ids unique when several periods share a page."""
    environment = env or make_environment()
    return {
        "incidents-per-month.svg": incidents_per_month_svg(
            metrics.months, config.severities, env=environment, chart_id=f"{prefix}incidents-per-month"),
        "mttr-trend.svg": mttr_trend_svg(metrics.months, env=environment, chart_id=f"{prefix}mttr-trend"),
        "detect-distribution.svg": detect_distribution_svg(
            metrics.detect_histogram, env=environment, chart_id=f"{prefix}detect-distribution"),
    }
