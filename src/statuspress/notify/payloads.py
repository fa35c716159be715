"""Statuspage's webhook JSON, for targets of ``type: statuspage_webhook``.

Statuspage POSTs one document per incident change,
``{"meta", "page", "incident": {... "incident_updates": [newest first]}}``, and one
per component change, ``{"meta", "page", "component_update", "component"}``.
Receivers written for it (Zulip's integration, in-house bots) then work unchanged.
The incident object is the one our ``api/v2/`` files show as of the event's time
(``render.statuspage.webhook_objects``), so the webhook and the API never disagree.

A component change goes with the events that change statuses: ``declared`` and
``started`` (from the moment the incident started or the window opened),
``resolved`` and ``completed``. Old and new statuses follow the status page's rule,
other open incidents included, so a component that stays down because of another
incident is not reported as recovered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from statuspress.model import SiteConfig
from statuspress.notify.content import Content, snapshot_at
from statuspress.notify.events import Event
from statuspress.render.statuspage import timestamp, webhook_objects

#: The events whose moment changes component statuses.
_CHANGES = frozenset({"declared", "resolved", "started", "completed"})

_JUST_BEFORE = timedelta(microseconds=1)


@dataclass(frozen=True)
class Part:
    """One POST of a delivery; ``key`` is what the state file records for it."""

    key: str
    body: bytes


def statuspage_parts(event: Event, content: Content, config: SiteConfig) -> list[Part]:
    """The POST bodies of ``event``: the incident document, then one document per
    component whose status it changed."""
    assert event.incident is not None
    page, incident, rows = webhook_objects(snapshot_at(content.site, event.at), event.incident.id)
    meta = {
        "unsubscribe": config.url or None,
        "documentation": config.url or None,
        "generated_at": timestamp(content.at),
    }
    parts = [Part(event.id, _dump({"meta": meta, "page": page, "incident": incident}))]
    if event.kind not in _CHANGES:
        return parts
    changed_at = event.at
    if event.kind == "declared" and event.incident.start is not None:
        changed_at = min(event.incident.start, event.at)
    before, after = content.statuses_at(changed_at - _JUST_BEFORE), content.statuses_at(changed_at)
    for component_id in event.components:
        old, new = before.get(component_id), after.get(component_id)
        if old is None or new is None or old == new or component_id not in rows:
            continue
        key = f"{event.id}/component/{component_id}"
        update = {
            "old_status": old,
            "new_status": new,
            "created_at": timestamp(changed_at),
            "component_type": "Component",
            "id": key,
            "component_id": component_id,
        }
        parts.append(Part(key, _dump({"meta": meta, "page": page, "component_update": update,
                                       "component": {**rows[component_id], "status": new}})))
    return parts


def _dump(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

