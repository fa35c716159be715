"""The words of a notification: a subject, a plain-text body and a Markdown body.

They come from Jinja templates under ``statuspress/notify/`` (``subject.text``, and
``<kind>.text`` / ``<kind>.md`` for each kind of event), drawn by the same
environment and filters as ``statuspress announce`` and overridable the same way:
a file at ``overrides/statuspress/notify/<kind>.md`` in the site wins. Templates get

* ``a``: the announcement facts of ``statuspress.render.announce`` for the incident
  *as it stood when the event happened* (later updates left out);
* ``e``: ``EventFacts``, what this event adds (its stage, its update, the window);
* ``internal``: whether the target is an internal one.

Public means public: for a public target the internal fields (commander, channel)
are removed from ``a`` before a template sees it, so that even an override that
forgets the ``internal`` test cannot show them.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import jinja2

from statuspress.model import SiteConfig
from statuspress.notify.content import Content, as_known_at, state_at
from statuspress.notify.events import Event
from statuspress.render import text, urls
from statuspress.render.announce import announcement, announcement_environment, one_line, plain_message
from statuspress.render.i18n import Localizer
from statuspress.render.markdown import to_text
from statuspress.render.templating import localizer


@dataclass(frozen=True)
class EventFacts:
    """What a notification template may show about the event itself."""

    id: str
    kind: str
    at: datetime
    maintenance: bool  # a maintenance (else an incident)
    stage: str  # a label: "Identified", "In progress", "Update" for a stage-less update
    update_at: datetime | None
    message: str  # the update (a posted notice: its message) as plain text; "" for none
    message_markdown: str  # the update's Markdown as written (raw HTML neutralised)
    window_start: datetime | None
    window_end: datetime | None
    starts_in: str  # "1 h" until the window opens (reminders); "" otherwise
    postmortem_title: str
    postmortem_summary: str  # plain text
    url: str  # the incident page
    notice: bool = False  # a notice (``type: notice``); a ``declared`` one carries its message


@dataclass(frozen=True)
class Message:
    """One rendered notification."""

    subject: str
    text: str
    markdown: str


def markdown_escape(value: object) -> str:
    """Plain text (a title, a component name) safe inside Markdown: the characters
    that would start emphasis, code, a link or HTML are backslash-escaped. Only those:
    every value goes mid-line, and a chat client shows any other backslash as typed."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", str(value))


def markdown_user(value: object) -> str:
    """A user's Markdown as written, made harmless for a receiver that turns Markdown
    into HTML (an e-mail): raw HTML tags and character references are shown as text,
    and a ``javascript:`` (``vbscript:``, ``data:``) link is broken into plain text."""
    markdown = str(value).replace("&", "&amp;")
    markdown = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", markdown)
    return re.sub(r"(?i)\b(javascript|vbscript|data)\s*:", r"\1 :", markdown)


def notify_environment(env: jinja2.Environment | None = None) -> jinja2.Environment:
    """The announcement environment plus the two Markdown filters."""
    environment = announcement_environment(env)
    environment.filters["md"] = markdown_escape
    environment.filters["md_user"] = markdown_user
    return environment


def event_facts(
    event: Event, config: SiteConfig, content: Content, lead_minutes: int, t: Localizer | None = None,
) -> EventFacts:
    """The facts of ``event`` for its templates; the reminder's lead time in ``t``'s language."""
    t = t or Localizer("en")
    incident = event.incident
    update = event.update
    stage = text.stage_label(update.status if update is not None and event.kind == "updated" else event.stage)
    start = incident.scheduled_start if incident is not None and incident.is_maintenance else None
    pm = event.postmortem
    # A notice's post carries its message, the file's body.
    posted = incident is not None and incident.is_notice and update is None
    text_of = update.message if update is not None else incident.body if posted and incident is not None else ""
    return EventFacts(
        id=event.id,
        kind=event.kind,
        at=event.at,
        maintenance=incident is not None and incident.is_maintenance,
        stage=stage,
        update_at=update.at if update is not None else None,
        message=plain_message(text_of) if text_of else "",
        message_markdown=markdown_user(text_of.strip()) if text_of else "",
        notice=incident is not None and incident.is_notice,
        window_start=start,
        window_end=incident.scheduled_end if incident is not None and incident.is_maintenance else None,
        starts_in=(t.format_duration(_time_left(start, content.at, lead_minutes))
                   if event.kind == "reminder" and start is not None else ""),
        postmortem_title=pm.title if pm is not None else "",
        postmortem_summary=to_text(content.summaries.get(pm.id, "")) if pm is not None else "",
        url=urls.absolute(config.url, urls.incident(incident.id)) if incident is not None and config.url else "",
    )


def _time_left(start: datetime, at: datetime, lead_minutes: int) -> timedelta:
    """How long until the window opens, in whole minutes rounded up: an hourly run
    sends the reminder up to an hour after it fell due, and "starts in 1 h" two
    minutes before the start would be wrong. Never more than the lead time, never
    under a minute (a reminder is due only before the window opens)."""
    minutes = -(-(start - at) // timedelta(minutes=1))
    return timedelta(minutes=min(max(minutes, 1), lead_minutes))


def render_message(
    event: Event, content: Content, config: SiteConfig, env: jinja2.Environment, *, internal: bool,
) -> Message:
    """The subject and bodies of ``event`` for a public or an internal target."""
    assert event.incident is not None, "every event is about an incident or maintenance"
    t = localizer(env)
    facts = announcement(state_at(as_known_at(event.incident, event.at), event.at), config, t)
    if not internal:
        facts = dataclasses.replace(facts, commander=None, channel=None)
    e = event_facts(event, config, content, config.notify.reminder_minutes, t)
    values = {"a": facts, "e": e, "internal": internal, "site_name": config.name}
    subject = one_line(env.get_template("statuspress/notify/subject.text").render(values))
    body_text = env.get_template(f"statuspress/notify/{event.kind}.text").render(values)
    body_markdown = env.get_template(f"statuspress/notify/{event.kind}.md").render(values)
    return Message(subject, body_text.strip() + "\n", body_markdown.strip() + "\n")
