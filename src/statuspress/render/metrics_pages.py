"""The internal build's metrics page (``metrics/``) and one quarterly review page per
quarter that has incidents (``metrics/2026-q3/``).

Every figure comes from the build's ``KnowledgeBase`` (``views/knowledge.py``): the
metrics page shows its all-time ``period_metrics``, a quarter's page the metrics from
the quarter's first day to the day after it, exactly what ``statuspress report
--since ... --until ...`` prints. Tables, definitions and duration formatting are
shared with the report (``render/report.py``); the charts are
``render/charts.metrics_charts``, inlined as SVG so they show without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from functools import partial

import jinja2
from markupsafe import Markup

from statuspress.load import Site
from statuspress.render import urls
from statuspress.render.charts import metrics_charts
from statuspress.render.i18n import Localizer
from statuspress.render.pages import render_page
from statuspress.render.report import REPEAT_IDS_SHOWN, TABLE_METRICS, period_scope
from statuspress.render.site import Page, ShellContext
from statuspress.render.templating import localizer
from statuspress.render.text import N_, rounded
from statuspress.views.knowledge import KnowledgeBase
from statuspress.views.metrics import DURATION_METRICS, MTBF_METRIC, P90_METHOD, PeriodMetrics, Quarter

#: The charts in the order the page shows them: (file name in ``metrics_charts``, heading).
CHARTS: tuple[tuple[str, str], ...] = (
    ("incidents-per-month.svg", N_("Incidents per month by severity")),
    ("mttr-trend.svg", N_("Time to resolve, median per month")),
    ("detect-distribution.svg", N_("Time to detect distribution")),
)


#: Overdue action items listed on a metrics page (the tracker lists them all).
OVERDUE_SHOWN = 20
#: Repeat groups listed on a metrics page, most repeated first (``statuspress report``
#: lists them all). Unbounded, the table was most of the page on a big archive.
REPEATS_SHOWN = 20
#: Months in the all-time page's month table and charts. Every month of a long
#: history would make the page grow with it (ten years: 120 rows, 120 bars); older
#: months are on their quarter's review page.
MONTHS_SHOWN = 36


def quarter_key(quarter: Quarter) -> str:
    """``2026-q3``: the quarter's part of its page's URL."""
    return quarter.label.lower()


def quarter_title(quarter: Quarter, local: Localizer | None = None) -> str:
    """``2026 Q3`` (``T3 2026`` in French, ``2026年 第3四半期`` in Japanese)."""
    if local is None:
        return quarter.label.replace("-", " ")
    return local.gettext("%(year)s Q%(number)s") % {"year": quarter.year, "number": quarter.number}


def statistic(local: Localizer) -> Callable[[timedelta | None], str]:
    """A statistic for a table cell in ``local``'s language, rounded to the unit shown
    (as ``report.stat``); an em dash when unknown."""
    def cell(delta: timedelta | None) -> str:
        if delta is None:
            return "—"
        if delta < timedelta(0):
            return "-" + local.format_duration(rounded(-delta))
        return local.format_duration(rounded(delta))
    return cell


def metrics_page(
    site: Site, metrics: PeriodMetrics, env: jinja2.Environment, shell: ShellContext, *,
    url: str, title: str, quarters: tuple[Quarter, ...], quarter: Quarter | None,
) -> bytes:
    """One metrics page for one period."""
    local = localizer(env)
    page = Page(url=url, title=title, section="metrics",
                description=local.gettext("%(title)s: time to detect, acknowledge, mitigate and resolve; MTBF; "
                                          "action items; repeat incidents.") % {"title": title})
    months_cut = max(len(metrics.months) - MONTHS_SHOWN, 0) if quarter is None else 0
    if months_cut:
        metrics = replace(metrics, months=metrics.months[months_cut:])
    charts = metrics_charts(metrics, site.config, env=env)
    return render_page(
        env, "statuspress/archive/metrics.html", shell, page,
        config=site.config, m=metrics, quarter=quarter, quarters=quarters,
        scope=period_scope(metrics.since, metrics.until, local),
        all_postmortems=metrics.since is None and metrics.until is None,
        metrics_rows=TABLE_METRICS, duration_metrics=DURATION_METRICS, mtbf=MTBF_METRIC,
        p90_method=P90_METHOD, severities=site.config.severities, stat=statistic(local),
        quarter_key=quarter_key, quarter_title=partial(quarter_title, local=local),
        # Long lists are cut, as in the report, so the page does not grow with the archive.
        repeat_ids=REPEAT_IDS_SHOWN, overdue_shown=OVERDUE_SHOWN, repeats_shown=REPEATS_SHOWN,
        months_cut=months_cut,
        # The chart SVG is rendered by our own autoescaping templates: safe to inline.
        charts=[(local.gettext(heading), Markup(charts[name])) for name, heading in CHARTS],
    )


def metrics_pages(
    site: Site, kb: KnowledgeBase, env: jinja2.Environment, shell: ShellContext
) -> dict[str, bytes]:
    """``metrics/`` (all time) and ``metrics/<year>-q<n>/`` for each quarter with incidents."""
    quarters = kb.archive.quarters
    local = localizer(env)
    files = {urls.file_of(urls.metrics()): metrics_page(
        site, kb.all_time, env, shell,
        url=urls.metrics(), title=local.gettext("Incident metrics"), quarters=quarters, quarter=None,
    )}
    for quarter, metrics in kb.quarters:
        url = urls.metrics(quarter_key(quarter))
        files[urls.file_of(url)] = metrics_page(
            site, metrics, env, shell,
            url=url, title=local.gettext("Quarterly review: %(quarter)s") % {"quarter": quarter_title(quarter, local)},
            quarters=quarters, quarter=quarter,
        )
    return files


__all__ = [
    "CHARTS", "MONTHS_SHOWN", "OVERDUE_SHOWN", "REPEATS_SHOWN", "metrics_page", "metrics_pages",
    "quarter_key", "quarter_title", "statistic",
]
