"""``statuspress report``: the incident metrics of a period, as Markdown or JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click

from statuspress.checks.problems import errors
from statuspress.cli.common import config_option, now, open_project
from statuspress.content import load_site
from statuspress.errors import ContentError
from statuspress.render.report import report_json, report_markdown
from statuspress.render.templating import make_environment
from statuspress.views.metrics import period_metrics

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@click.command()
@click.option("--since", type=_DATE, metavar="DATE",
              help="First day (UTC) of the period, e.g. 2026-01-01: incidents that started on or after it.")
@click.option("--until", type=_DATE, metavar="DATE",
              help="Day after the period (UTC), e.g. 2026-04-01: incidents that started before it.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="markdown tables to paste into a review, or json for scripts "
              "(durations in seconds).")
@config_option
def report(since: datetime | None, until: datetime | None, fmt: str, config_file: Path | None) -> None:
    """Print incident metrics for a period: counts; mean, median and p90 of time to
    detect, acknowledge, mitigate and resolve; MTBF; incidents per month; action
    items; repeat incidents. Overall, by severity and by component.

    The period is [--since, --until): --until is exclusive, so a quarter is
    --since 2026-01-01 --until 2026-04-01. Maintenance is never counted.
    Content with errors is refused (run `statuspress validate`).

    \b
    Examples:
      statuspress report --since 2026-01-01 --until 2026-04-01 > q1-review.md
      statuspress report --format json | jq .overall.time_to_resolve.median
    """
    first, end = _day(since), _day(until)
    if first is not None and end is not None and end <= first:
        raise click.BadParameter(
            f"{end.isoformat()} is not after --since {first.isoformat()}; --until is the day after the period",
            param_hint="--until",
        )
    project = open_project(config_file)
    site = load_site(project.config, project.root)
    if site.has_errors:
        # Files with errors are left out of the site: figures without them would be wrong.
        raise ContentError(errors(site.problems))
    metrics = period_metrics(site, first, end, now())
    if fmt == "json":
        click.echo(json.dumps(report_json(metrics), indent=2, ensure_ascii=False))
    else:
        env = make_environment(project.overrides)
        click.echo(report_markdown(metrics, project.config, env), nl=False)
