"""``statuspress notify``: deliver the notifications that are due, exactly once."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from statuspress.cli.common import config_option, find_config, now, open_project
from statuspress.content import load_site
from statuspress.errors import ContentError
from statuspress.notify.messages import notify_environment
from statuspress.notify.run import Outcome, Report, run_notify
from statuspress.notify.state import DeliveryState
from statuspress.notify.targets import Secrets, shown_url
from statuspress.render.templating import make_environment
from statuspress.render.text import iso, utc

_LABELS = {
    "sent": "sent", "failed": "FAILED", "waiting": "waiting", "baseline": "baseline",
    "would_send": "would send", "would_baseline": "baseline",
}


@click.command()
@click.option("--state", "state_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The state file: which target got which event. Created on the first run.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send nothing, write nothing.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text (one line per delivery; messages in a dry run) or json.")
@config_option
def notify(state_path: Path, dry_run: bool, fmt: str, config_file: Path) -> None:
    """Send the notifications that are due to the targets under `notify:` in mkdocs.yml.

    Events (incident declared, update, resolved, postmortem published, maintenance
    scheduled, reminder, started, completed) are worked out from the content as of
    now (SOURCE_DATE_EPOCH when set). Each one goes to each target once: the state
    file records every delivery as it succeeds. A target that fails is reported,
    the command exits 1, and the next run sends what is missing. When the state file
    does not exist yet, events older than `baseline_hours` (24) are recorded
    without being sent. Target URLs are never printed.

    \b
    Examples:
      statuspress notify --state notify-state.json --dry-run
      statuspress notify --state "$RUNNER_TEMP/notify-state.json"
      statuspress notify --state state.json --dry-run --format json
    """
    project = open_project(config_file)
    site = load_site(project.config, project.root)
    if site.has_errors:
        # Customers must never be told what a broken file half says.
        raise ContentError(site.problems)
    targets = project.config.notify.targets
    secrets = Secrets(targets)
    if not targets:
        click.echo("nothing to do: no notify targets; add them under `notify: targets:` in "
                   f"{find_config(config_file)[1]} (see the README, \"Notify subscribers\")", err=True)
        return
    state = DeliveryState.load(state_path)
    at = now()
    env = notify_environment(make_environment(project.overrides, language=project.language))

    def echo(text: str, *, err: bool = False) -> None:
        click.echo(secrets.mask(text), err=err)

    if fmt == "text":
        echo(_header(state_path, state, at, project.config.notify.baseline_hours, dry_run))
    def progress(outcome: Outcome) -> None:
        # A baseline can be the whole history: one line per target, after the run.
        if outcome.result not in ("baseline", "would_baseline"):
            echo(_line(outcome, dry_run))

    report = run_notify(site, at, state, env, dry_run=dry_run, progress=progress if fmt == "text" else None)
    if fmt == "json":
        echo(json.dumps(_json(report, state_path), ensure_ascii=False, indent=2))
    else:
        baselined = Counter(o.target.name for o in report.outcomes if o.result in ("baseline", "would_baseline"))
        for target in targets:
            if baselined[target.name]:
                verb = "would be recorded" if dry_run else "recorded"
                echo(f"baseline   {baselined[target.name]} older events -> {target.name} ({shown_url(target)}): "
                     f"{verb} as sent without sending")
        for name, problem in report.unusable.items():
            # In a dry run this is part of the preview; in a real run it is an error.
            echo(f"{'note' if dry_run else 'error'}: target `{name}` {problem}; nothing was sent to it",
                 err=not dry_run)
        echo(_summary(report))
        failed = sum(1 for o in report.outcomes if o.result in ("failed", "waiting"))
        if failed:
            echo(f"error: {failed} deliveries did not happen (FAILED and waiting above); the next run "
                 "sends them, and nothing that was sent goes out twice", err=True)
    if report.failed:
        sys.exit(1)  # not ctx.exit: run_main runs click without standalone mode


def _header(path: Path, state: DeliveryState, at: datetime, hours: int, dry_run: bool) -> str:
    lines = [f"notify as of {utc(at)}" + (" (dry run: nothing is sent or recorded)" if dry_run else "")]
    if not state.existed:
        lines.append(f"first run: {path} does not exist yet, so events before {utc(at - timedelta(hours=hours))} "
                     "are recorded without being sent")
    return "\n".join(lines)


def _line(outcome: Outcome, dry_run: bool) -> str:
    target = outcome.target
    head = f"{_LABELS[outcome.result]:<10} {outcome.event.id} -> {target.name} ({shown_url(target)})"
    if outcome.result == "failed":
        head += f": {outcome.error}; it is sent on the next run"
    elif outcome.result == "waiting":
        head += f": {outcome.error}"
    if not dry_run or outcome.message is None:
        return head
    message = outcome.message
    body = message.markdown if target.format == "markdown" and target.type == "apprise" else message.text
    shown = "\n".join(f"  | {line}".rstrip() for line in body.rstrip("\n").split("\n"))
    return f"{head}\n  Subject: {message.subject}\n{shown}\n"


def _summary(report: Report) -> str:
    counts = Counter(o.result for o in report.outcomes)
    already = sum(report.already.values())
    if report.dry_run:
        parts = [f"{counts['would_send']} to send", f"{counts['would_baseline']} to record as baseline"]
    else:
        parts = [f"{counts['sent']} sent", f"{counts['failed']} failed", f"{counts['waiting']} waiting",
                 f"{counts['baseline']} recorded as baseline"]
    return "summary: " + ", ".join([*parts, f"{already} already delivered"])


def _json(report: Report, path: Path) -> dict[str, Any]:
    return {
        "as_of": iso(report.at),
        "dry_run": report.dry_run,
        "first_run": report.first_run,
        "state": str(path),
        "unusable_targets": report.unusable,
        "already_delivered": report.already,
        "deliveries": [
            {
                "event": o.event.id,
                "kind": o.event.kind,
                "event_at": iso(o.event.at),
                "target": o.target.name,
                "url": shown_url(o.target),
                "audience": o.target.audience,
                "result": o.result,
                "error": o.error,
                "subject": o.message.subject if o.message else None,
                "text": o.message.text if o.message else None,
                "markdown": o.message.markdown if o.message else None,
            }
            for o in report.outcomes
        ],
    }
