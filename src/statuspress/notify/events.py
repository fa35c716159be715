"""What is due at the as-of time: one ``Event`` per thing a subscriber hears about.

Rules
=====

Every public update is carried by exactly one event, and an event's id is derived
from the content only, never from the state file or the clock, so the same content
always yields the same ids:

* **Incident**: its first update is ``declared`` (``<id>/declared``); the final
  ``resolved`` update is ``resolved`` (``<id>/resolved``); every other update is
  ``updated`` (``<id>/update/<n>/<time>``, ``n`` counting the file's updates from 1).
  An incident declared and resolved in one update is only ``resolved``. Editing the
  text of an update keeps its id, so it is not sent again; changing its time is a
  new update.
* **Maintenance**: ``scheduled`` once announced (its first update when that is a
  ``scheduled`` or stage-less one; a file without updates is announced by being
  there, one whose first update is still to come is not announced yet);
  ``reminder`` from ``reminder_minutes`` before the window until the window opens
  (a reminder never arrives after the start); ``started`` once the window has begun
  (carrying an ``in_progress`` / ``verifying`` update posted at or before the
  window start, which moved the start earlier); ``completed`` once it completed
  (carrying the final ``completed`` update; a window that passes without one
  completes at ``scheduled_end``, as on the status page). Other updates are
  ``updated``.
* **Notice**: ``declared`` (``<id>/declared``) once it is posted (``started``),
  carrying its message; every update is ``updated``. Its end is not news: it just
  stops being shown.
* **Postmortem**: ``<postmortem id>/postmortem`` once it is published, public and its
  ``date`` has come.

An event is due when it has happened by the as-of time; ``Event.at`` is when it
happened (the baseline of a new target compares it with its window).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from statuspress.model import Incident, Postmortem, Update
from statuspress.model.config import NotifyEventKind
from statuspress.notify.content import Content, Story
from statuspress.render.text import iso


@dataclass(frozen=True, slots=True)
class Event:
    """One notification's worth of news."""

    id: str
    kind: NotifyEventKind
    at: datetime
    #: The incident or maintenance it is about (a postmortem's first incident).
    incident: Incident | None
    #: The public update it carries, with its 1-based position in the file.
    update: Update | None = None
    position: int | None = None
    #: The stage the incident or maintenance is in after this event.
    stage: str | None = None
    postmortem: Postmortem | None = None
    #: The component ids it is about, for the targets' ``components:`` filters.
    components: tuple[str, ...] = ()


def derive_events(content: Content, reminder_minutes: int) -> list[Event]:
    """Every event due at ``content.at``, oldest first (ties by id)."""
    lead = timedelta(minutes=reminder_minutes)
    events: list[Event] = []
    for story in content.stories:
        if story.incident.is_maintenance:
            events += _maintenance_events(story, content.at, lead)
        elif story.incident.is_notice:
            events += _notice_events(story, content.at)
        else:
            events += _incident_events(story, content.at)
    events += [_postmortem_event(pm, content) for pm in content.postmortems]
    return sorted(events, key=lambda e: (e.at, e.id))


def _stages(story: Story) -> list[str]:
    stage = "scheduled" if story.incident.is_maintenance else "investigating"
    stages = []
    for update in story.updates:
        stage = update.status or stage
        stages.append(stage)
    return stages


def _update_event(story: Story, n: int, stage: str) -> Event:
    incident, update = story.incident, story.updates[n - 1]
    return Event(
        f"{incident.id}/update/{n}/{iso(update.at)}", "updated", update.at, incident,
        update, n, stage, components=tuple(incident.affected),
    )


def _incident_events(story: Story, at: datetime) -> list[Event]:
    incident, updates = story.incident, story.updates
    parts = tuple(incident.affected)
    stages = _stages(story)
    last = len(updates)
    resolving = last if last and story.ended is not None and updates[-1].status == "resolved" else None
    events: list[Event] = []
    for n, stage in enumerate(stages, start=1):
        if n == resolving:
            events.append(Event(f"{incident.id}/resolved", "resolved", updates[n - 1].at, incident,
                                updates[n - 1], n, "resolved", components=parts))
        elif n == 1:
            events.append(Event(f"{incident.id}/declared", "declared", updates[0].at, incident,
                                updates[0], 1, stage, components=parts))
        else:
            events.append(_update_event(story, n, stage))
    if not updates and incident.start is not None and incident.start <= at and story.ended is None:
        events.append(Event(f"{incident.id}/declared", "declared", incident.start, incident,
                            stage="investigating", components=parts))
    if story.ended is not None and resolving is None:
        events.append(Event(f"{incident.id}/resolved", "resolved", story.ended, incident,
                            stage="resolved", components=parts))
    return events


def _notice_events(story: Story, at: datetime) -> list[Event]:
    notice, start = story.incident, story.incident.start
    if start is None or start > at:
        return []
    posted = Event(f"{notice.id}/declared", "declared", start, notice, stage="identified")
    return [posted] + [_update_event(story, n, "identified") for n in range(1, len(story.updates) + 1)]


def _maintenance_events(story: Story, at: datetime, lead: timedelta) -> list[Event]:
    m, updates = story.incident, story.updates
    parts = tuple(m.affected)
    start = m.scheduled_start or m.started
    stages = _stages(story)
    used: set[int] = set()
    events: list[Event] = []

    if m.updates and not updates:
        return []  # its first update, the announcement, is not public yet
    announce = 1 if updates and updates[0].status in (None, "scheduled") else None
    announced_at = updates[0].at if updates else start
    assert announced_at is not None, f"maintenance {m.id} has neither a window nor updates"
    if announce:
        used.add(1)
    events.append(Event(f"{m.id}/scheduled", "scheduled", min(announced_at, at), m,
                        updates[0] if announce else None, announce, "scheduled", components=parts))

    if story.phase == "scheduled" and start is not None and start - lead <= at:
        events.append(Event(f"{m.id}/reminder", "reminder", start - lead, m, stage="scheduled",
                            components=parts))

    if story.began is not None:
        early = story.start_update
        if early is not None:
            used.add(early)
        events.append(Event(f"{m.id}/started", "started", story.began, m,
                            updates[early - 1] if early else None, early,
                            stages[early - 1] if early else "in_progress", components=parts))

    if story.phase == "completed" and story.ended is not None:
        final = len(updates) if updates and updates[-1].status == "completed" \
            and updates[-1].at == story.ended else None
        if final is not None:
            used.add(final)
        events.append(Event(f"{m.id}/completed", "completed", story.ended, m,
                            updates[final - 1] if final else None, final, "completed", components=parts))

    events += [_update_event(story, n, stages[n - 1]) for n in range(1, len(updates) + 1) if n not in used]
    return events


def _postmortem_event(pm: Postmortem, content: Content) -> Event:
    incidents = [i for i in (content.site.incidents_by_id.get(x) for x in pm.incidents) if i is not None]
    if pm.date is not None:
        when = datetime.combine(pm.date, time(0), tzinfo=timezone.utc)
    else:
        ends = [i.resolved for i in incidents if i.resolved is not None]
        when = max(ends) if ends else content.at
    parts: dict[str, None] = {}
    for incident in incidents:
        parts.update(dict.fromkeys(incident.affected))
    return Event(f"{pm.id}/postmortem", "postmortem", min(when, content.at),
                 incidents[0] if incidents else None, postmortem=pm, components=tuple(parts))
