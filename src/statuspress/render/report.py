"""The metrics of a period as a Markdown report (to paste into a quarterly review)
or as a JSON document (for scripts).

Both read one ``PeriodMetrics`` (``statuspress.views.metrics``); neither computes a
figure of its own. JSON durations are in **seconds** (a number, or null when
unknown); the Markdown shows them as people read them (``1 h 5 min``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import jinja2

from statuspress.model.config import SiteConfig
from statuspress.render import text
from statuspress.render.i18n import Localizer
from statuspress.render.templating import make_environment
from statuspress.views.metrics import (
    DURATION_METRICS,
    MTBF_METRIC,
    P90_METHOD,
    GroupMetrics,
    PeriodMetrics,
    Summary,
)

#: A repeat group can hold hundreds of postmortems on a big site: the Markdown shows
#: this many ids and a count (the JSON has them all).
REPEAT_IDS_SHOWN = 10

#: The rows of every metric table: the four durations, then MTBF.
TABLE_METRICS = (*DURATION_METRICS, MTBF_METRIC)


def period_title(since: date | None, until: date | None) -> str:
    """``2026-01-01 to 2026-03-31`` (``until`` is exclusive, the title inclusive)."""
    last = (until - timedelta(days=1)).isoformat() if until is not None else None
    if since is None and last is None:
        return "all time"
    if since is None:
        return f"up to {last}"
    if last is None:
        return f"from {since.isoformat()}"
    return f"{since.isoformat()} to {last}"


def period_scope(since: date | None, until: date | None, local: Localizer | None = None) -> str:
    """The sentence that says which incidents a report covers; in ``local``'s language
    for a metrics page (the report itself is English)."""
    _ = local.gettext if local is not None else str
    # ISO dates in English, as `--since` and `--until` take them; the locale's elsewhere.
    def day(value: date) -> str:
        return local.format_date(value, "long") if local is not None and not local.english else value.isoformat()

    if since is None and until is None:
        which = _("All incidents")
    elif until is None:
        which = _("Incidents that started on or after %(since)s") % {"since": day(since)}  # type: ignore[arg-type]
    elif since is None:
        which = _("Incidents that started before %(until)s") % {"until": day(until)}
    else:
        which = _("Incidents that started on or after %(since)s and before %(until)s") % {
            "since": day(since), "until": day(until)}
    return which + _(" (UTC dates); maintenance is not counted.")


def seconds(delta: timedelta | None) -> int | float | None:
    """A duration in seconds for JSON: an integer when whole, None when unknown."""
    if delta is None:
        return None
    value = delta.total_seconds()
    return int(value) if value.is_integer() else value


def summary_json(summary: Summary) -> dict[str, Any]:
    """``{"n", "total", "mean", "median", "p90"}`` with durations in seconds."""
    return {
        "n": summary.n,
        "total": summary.total,
        "mean": seconds(summary.mean),
        "median": seconds(summary.median),
        "p90": seconds(summary.p90),
    }


def group_json(group: GroupMetrics) -> dict[str, Any]:
    """One group (all, a severity or a component) for JSON."""
    out: dict[str, Any] = {"key": group.key, "name": group.name, "incidents": group.count}
    for metric in TABLE_METRICS:
        out[metric.name] = summary_json(group.summary(metric.name))
    return out


def report_json(metrics: PeriodMetrics) -> dict[str, Any]:
    """The whole report as a JSON-ready mapping (durations in seconds)."""
    actions = metrics.action_items
    return {
        "period": {
            "since": metrics.since.isoformat() if metrics.since else None,
            "until": metrics.until.isoformat() if metrics.until else None,
            "as_of": text.iso(metrics.at),
        },
        "units": {"durations": "seconds"},
        "definitions": {
            **{m.name: m.definition for m in TABLE_METRICS},
            "p90": P90_METHOD,
            "completion_rate": "done ÷ (all − won't do); null when there is nothing to complete",
        },
        "overall": group_json(metrics.overall),
        "by_severity": [group_json(g) for g in metrics.by_severity],
        "by_component": [group_json(g) for g in metrics.by_component],
        "months": [
            {
                "month": m.label,
                "incidents": m.count,
                "by_severity": dict(m.by_severity),
                "time_to_resolve": summary_json(m.time_to_resolve),
            }
            for m in metrics.months
        ],
        "time_to_detect_histogram": [
            {"label": b.label, "from": seconds(b.lower), "to": seconds(b.upper), "incidents": b.count}
            for b in metrics.detect_histogram
        ],
        "action_items": {
            "total": actions.total,
            "done": actions.done,
            "wont_do": actions.wont_do,
            "open": actions.open,
            "in_progress": actions.in_progress,
            "completion_rate": actions.completion_rate,
            "overdue": [
                {
                    "postmortem": row.postmortem.id,
                    "title": row.item.title,
                    "owner": row.item.owner,
                    "due": row.item.due.isoformat(),
                    "status": row.item.status,
                }
                for row in actions.overdue
            ],
        },
        "repeats": [
            {"tag": r.tag, "service": r.service, "postmortems": list(r.postmortem_ids)}
            for r in metrics.repeats
        ],
    }


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, newlines flattened."""
    return " ".join(str(value).split()).replace("|", "\\|")


def stat(delta: timedelta | None) -> str:
    """A statistic for a table cell, rounded to the unit shown; an em dash when unknown."""
    return text.rounded_duration(delta) if delta is not None else "—"


def report_markdown(
    metrics: PeriodMetrics, config: SiteConfig, env: jinja2.Environment | None = None,
) -> str:
    """The report as Markdown tables (``statuspress/report/metrics.md``)."""
    base = env or make_environment()
    # Markdown, not HTML: escaping "&" as "&amp;" would show up in the pasted text.
    plain = base.overlay(autoescape=False, cache_size=50)
    plain.filters = {**base.filters, "cell": cell, "stat": stat}
    return plain.get_template("statuspress/report/metrics.md").render(
        m=metrics,
        config=config,
        title=period_title(metrics.since, metrics.until),
        scope=period_scope(metrics.since, metrics.until),
        all_postmortems=metrics.since is None and metrics.until is None,
        metrics_rows=TABLE_METRICS,
        duration_metrics=DURATION_METRICS,
        mtbf=MTBF_METRIC,
        p90_method=P90_METHOD,
        severities=config.severities,
        repeat_ids=REPEAT_IDS_SHOWN,
    )
