"""One ``statuspress notify`` run: plan what is due for each target, then deliver it.

* **Due** events come from ``events.derive_events`` at the as-of time.
* **Filters**: a target with ``events:`` gets only those kinds; with ``components:``
  only events naming one of those components.
* **Already delivered** (or baselined) events, per the state file, are skipped.
* **Baseline**: a target the state file has never seen (every target, on the very
  first run) gets the events of the last ``baseline_hours`` only; older due events
  are recorded as ``baseline`` without being sent, so adopting statuspress, or adding
  a target, never mails the whole history.
* **Delivery** is oldest first. Each success is written to the state file at once;
  a failure is reported and not recorded, and the target's later events wait for the
  next run, so that subscribers never get an update before the news it follows.
* **Dry run**: the same plan, the messages rendered, nothing sent or written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

import jinja2

from statuspress.load import Site
from statuspress.model.config import NotifyTarget
from statuspress.notify.content import Content, read_content
from statuspress.notify.events import Event, derive_events
from statuspress.notify.messages import Message, render_message
from statuspress.notify.payloads import Part, statuspage_parts
from statuspress.notify.state import DeliveryState
from statuspress.notify.targets import DeliveryFailed, post_json, send_apprise, url_problem

Result = Literal["sent", "failed", "waiting", "baseline", "would_send", "would_baseline"]


@dataclass(frozen=True)
class Outcome:
    """What happened (or, in a dry run, would happen) to one event for one target."""

    event: Event
    target: NotifyTarget
    result: Result
    message: Message | None = None  # what was (or would be) sent; None for a baseline
    error: str | None = None  # why it failed, or why it waits


@dataclass
class Report:
    """Everything a run did, for the command's text or JSON output."""

    at: datetime
    dry_run: bool
    first_run: bool
    outcomes: list[Outcome] = field(default_factory=list)
    #: Targets that cannot be delivered to, with the reason (missing or unknown URL).
    unusable: dict[str, str] = field(default_factory=dict)
    #: Due events already delivered, per target.
    already: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """A real run with a delivery that did not succeed (the command exits 1)."""
        return not self.dry_run and (
            bool(self.unusable) or any(o.result in ("failed", "waiting") for o in self.outcomes)
        )


def wanted(target: NotifyTarget, event: Event) -> bool:
    """Whether ``target``'s filters let ``event`` through."""
    if target.events is not None and event.kind not in target.events:
        return False
    if target.components is not None and not set(target.components) & set(event.components):
        return False
    return event.incident is not None


class _Messages:
    """Each event's message, rendered once per audience."""

    def __init__(self, content: Content, env: jinja2.Environment) -> None:
        self.content, self.env = content, env
        self._cache: dict[tuple[str, bool], Message] = {}

    def get(self, event: Event, target: NotifyTarget) -> Message:
        internal = target.audience == "internal"
        key = (event.id, internal)
        if key not in self._cache:
            config = self.content.site.config
            self._cache[key] = render_message(event, self.content, config, self.env, internal=internal)
        return self._cache[key]


def run_notify(
    site: Site, at: datetime, state: DeliveryState, env: jinja2.Environment, *, dry_run: bool,
    progress: Callable[[Outcome], None] | None = None,
) -> Report:
    """Plan and (unless ``dry_run``) deliver every due event; ``progress`` sees each outcome."""
    config = site.config.notify
    content = read_content(site, at)
    events = derive_events(content, config.reminder_minutes)
    messages = _Messages(content, env)
    report = Report(at, dry_run, first_run=not state.existed)
    cutoff = at - timedelta(hours=config.baseline_hours)

    def note(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)

    for target in config.targets:
        problem = url_problem(target)
        if problem is not None:
            report.unusable[target.name] = problem
            if not dry_run:
                continue  # its baseline waits until it can be delivered to
        new = not state.knows(target.name)
        due = [e for e in events if wanted(target, e)]
        pending = [e for e in due if not state.delivered(target.name, e.id)]
        report.already[target.name] = len(due) - len(pending)
        baseline = [e for e in pending if new and e.at < cutoff]
        if not dry_run:
            state.introduce(target.name, at)
            for event in baseline:
                state.record(target.name, event.id, "baseline", at)
            state.save()
        for event in baseline:
            note(Outcome(event, target, "would_baseline" if dry_run else "baseline"))
        blocked: str | None = None
        for event in (e for e in pending if not (new and e.at < cutoff)):
            message = messages.get(event, target)
            if dry_run:
                note(Outcome(event, target, "would_send", message))
            elif blocked is not None:
                note(Outcome(event, target, "waiting", message, blocked))
            else:
                try:
                    _deliver(target, event, message, content, state, at)
                except DeliveryFailed as exc:
                    note(Outcome(event, target, "failed", message, str(exc)))
                    blocked = f"waits for {event.id}, which failed"
                else:
                    note(Outcome(event, target, "sent", message))
    return report


def _deliver(
    target: NotifyTarget, event: Event, message: Message, content: Content, state: DeliveryState,
    at: datetime,
) -> None:
    """Send one event to one target and record it; raise ``DeliveryFailed``."""
    if target.type == "statuspage_webhook":
        assert target.url is not None
        parts: list[Part] = statuspage_parts(event, content, content.site.config)
        for part in parts:
            key = f"{event.id}/incident" if part.key == event.id else part.key
            if state.delivered(target.name, key):
                continue  # sent by an earlier run whose next part failed
            post_json(target.url, part.body, content.site.config.notify.timeout_seconds)
            state.record(target.name, key, "sent", at)
            state.save()
    else:
        send_apprise(target, message.subject, message.text, message.markdown)
    state.record(target.name, event.id, "sent", at)
    state.save()
