"""Incident announcements: declaration, update and resolution messages.

A notice (``type: notice``) has one template, ``notice``, whichever is asked for:
its message, its latest update and when it is shown.

The message is filled from the incident file (severity and its name, impact, stage,
affected components, commander, duration, latest update, next-update time) and
drawn by a Jinja template, ``statuspress/announce/<template>.<format>``, which a
team overrides by putting a file with the same path in its site's ``overrides/``
folder. The three templates follow the declaration / update / resolution messages of
incident handbooks (PagerDuty's and GitLab's): what happened, how bad, who leads,
what is known, when the next update comes.

Formats: ``text`` (plain), ``slack`` (Slack mrkdwn) and ``email`` (a ``Subject:``
line, a blank line, the plain-text body).

The messages speak the language of the environment they are rendered with (its
catalog, ``render/i18n.py``): the templates' own words and the texts composed here
(durations, component statuses, the next-update promise); English by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import jinja2

from statuspress.checks.process import postmortem_due
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.render import text, urls
from statuspress.render.i18n import Localizer
from statuspress.render.markdown import to_text
from statuspress.render.templating import localizer, make_environment
from statuspress.views.snapshot import IncidentState

TEMPLATES = ("declared", "update", "resolved")
FORMATS = ("text", "slack", "email")


@dataclass(frozen=True)
class AffectedComponent:
    """A component the incident names, with the status it gives it."""

    id: str
    name: str
    status: str  # a label, e.g. "Partial outage"


@dataclass(frozen=True)
class LatestUpdate:
    """The newest public update, as plain text."""

    at: datetime
    stage: str  # a label; "Update" when the update kept the stage
    message: str


@dataclass(frozen=True)
class Announcement:
    """Everything an announcement template may show."""

    id: str
    title: str
    severity: str | None  # the key, e.g. "SEV1"
    severity_name: str | None  # e.g. "Critical"
    impact: str  # a label, e.g. "Critical"
    stage: str  # the current stage as a label, e.g. "Investigating"
    resolved: datetime | None
    started: datetime | None
    components: tuple[AffectedComponent, ...]
    commander: str | None
    channel: str | None
    duration: str  # "47 min": so far (until the as-of time) or until resolved; "" if unknown
    latest: LatestUpdate | None
    cadence: str | None  # "every 30 min", "at start and end", or None
    next_update: datetime | None
    postmortem_required: bool
    postmortem_due: date | None
    grace_days: int
    url: str | None
    at: datetime
    #: A notice (``type: notice``): its message as plain text, when it stops being
    #: shown, and when it stopped (once that has passed).
    notice: bool = False
    message: str = ""
    ends: datetime | None = None
    ended: datetime | None = None
    #: The language of the composed texts below.
    t: Localizer = field(default_factory=lambda: Localizer("en"), repr=False, compare=False)

    @property
    def severity_label(self) -> str:
        """``SEV1 (Critical)``; "Maintenance" or "Notice" without a severity."""
        if self.notice:
            return self.t.gettext("Notice")
        if self.severity is None:
            return self.t.gettext("Maintenance")
        return f"{self.severity} ({self.severity_name})" if self.severity_name else self.severity

    @property
    def tag(self) -> str:
        """The bracketed prefix of a headline: the severity key, ``MAINTENANCE`` or ``NOTICE``."""
        if self.notice:
            return self.t.gettext("NOTICE")
        return self.severity or self.t.gettext("MAINTENANCE")

    @property
    def components_text(self) -> str:
        """``Payments API (partial outage), Website (degraded performance)``."""
        if not self.components:
            return self.t.gettext("none listed")
        # English writes a status in running text in lower case; other languages keep
        # the label's case (German nouns, for one).
        return ", ".join(
            f"{c.name} ({c.status.lower() if self.t.english else self.t.gettext(c.status)})"
            for c in self.components
        )

    @property
    def next_update_text(self) -> str | None:
        """``by 2026-03-14 09:42 UTC (every 30 min)``; None when nothing is promised."""
        if self.resolved is not None:
            return None
        if self.next_update is not None:
            return self.t.gettext("by %(time)s (%(cadence)s)", time=text.utc(self.next_update), cadence=self.cadence)
        if self.cadence == self.t.gettext("at start and end"):
            return self.t.gettext("when it is resolved")
        return None


def _internal(incident: Incident, key: str) -> str | None:
    value = incident.internal.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def announcement(state: IncidentState, config: SiteConfig, t: Localizer | None = None) -> Announcement:
    """The facts of an incident as of its snapshot's time: the stage, the statuses and
    the latest update are those every page shows at that time; the texts composed
    here in ``t``'s language (English by default)."""
    t = t or Localizer("en")
    incident = state.incident
    at = state.at
    severity = config.severity(incident.severity)
    start = state.start
    resolved = incident.resolved if state.end is not None and state.end == incident.resolved else None
    end = resolved or at
    elapsed = end - start if start is not None and end >= start else None
    last = state.latest
    cadence_minutes = severity.cadence_minutes if severity is not None else None
    cadence: str | None = None
    next_update: datetime | None = None
    if cadence_minutes is not None:
        cadence = t.gettext("every %(minutes)s min", minutes=cadence_minutes)
        if resolved is None:
            # Before the first update, the message being sent now is the first one.
            next_update = (last.at if last is not None else at) + timedelta(minutes=cadence_minutes)
    elif severity is not None and severity.public_updates == "start_and_end":
        cadence = t.gettext("at start and end")
    components = tuple(
        AffectedComponent(
            cid,
            component.name if (component := config.component(cid)) is not None else cid,
            text.status_label(status),
        )
        # While it is open, what each component shows now; afterwards, what it did.
        for cid, status in (state.statuses if state.lifecycle == "active" else incident.affected).items()
    )
    required = bool(severity is not None and severity.postmortem and not incident.is_maintenance)
    return Announcement(
        id=incident.id,
        title=incident.title,
        severity=incident.severity,
        severity_name=severity.name if severity is not None else None,
        impact=text.impact_label("maintenance" if incident.is_maintenance else incident.impact),
        stage=text.stage_label(state.stage),
        resolved=resolved,
        started=start,
        components=components,
        commander=_internal(incident, "commander"),
        channel=_internal(incident, "channel"),
        duration=t.format_duration(elapsed),
        latest=LatestUpdate(last.at, text.stage_label(last.status), plain_message(last.message)) if last else None,
        cadence=cadence,
        next_update=next_update,
        postmortem_required=required,
        postmortem_due=postmortem_due(resolved, config.postmortem_grace_days)
        if required and resolved is not None else None,
        grace_days=config.postmortem_grace_days,
        url=urls.absolute(config.url, urls.incident(incident.id)) if config.url else None,
        at=at,
        notice=incident.is_notice,
        message=plain_message(incident.body) if incident.is_notice else "",
        ends=incident.ends if incident.is_notice else None,
        ended=state.end if incident.is_notice else None,
        t=t,
    )


def plain_message(markdown: str) -> str:
    """An update message as plain text, paragraph by paragraph (``to_text``: blocks
    apart by an empty line, links as ``text (url)``)."""
    return to_text(markdown)


def slack_escape(value: object) -> str:
    """Slack mrkdwn treats ``&``, ``<`` and ``>`` as control characters."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote(value: object) -> str:
    """Every line as a Slack quote (``> ``); an empty line as a bare ``>``."""
    return "\n".join(f"> {line}" if line else ">" for line in str(value).split("\n"))


def one_line(value: object) -> str:
    """Whitespace (newlines included) collapsed, for a Subject: header."""
    return re.sub(r"\s+", " ", str(value)).strip()


def announcement_environment(env: jinja2.Environment | None = None) -> jinja2.Environment:
    """``env`` (or the default environment) with autoescaping off and the
    announcement filters: these are plain-text, Slack and e-mail messages, where
    HTML escaping would turn "R&D" into "R&amp;D"."""
    base = env or make_environment()
    # A fresh cache: templates compiled by ``base`` are bound to it (and its filters).
    plain = base.overlay(autoescape=False, cache_size=50)
    plain.filters = {**base.filters, "slack": slack_escape, "quote": quote}  # the overlay shares base's dict
    plain.filters["one_line"] = one_line
    return plain


def render_announcement(
    state: IncidentState, config: SiteConfig, template: str, fmt: str,
    env: jinja2.Environment | None = None,
) -> str:
    """The ``template`` message (declared, update, resolved) in ``fmt`` (text, slack,
    email) for an incident as its snapshot state shows it."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown announcement template {template!r}; expected one of {', '.join(TEMPLATES)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown announcement format {fmt!r}; expected one of {', '.join(FORMATS)}")
    environment = announcement_environment(env)
    facts = announcement(state, config, localizer(environment))
    # A notice is posted once and has no stages: one message says it all.
    name = "notice" if state.is_notice else template
    return environment.get_template(f"statuspress/announce/{name}.{fmt}").render(a=facts)
