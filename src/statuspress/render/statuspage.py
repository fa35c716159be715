"""The Atlassian Statuspage public API v2, as static JSON files under ``api/v2/``.

Monitors, widgets and chat integrations that read a Statuspage page read these
files unchanged. Keys, enum values and orderings follow Statuspage's documents (see
the reference notes); values derive from the content and the as-of time only:

- **Ids** are opaque strings on Statuspage; ours are derived, never random: the page
  id is a slug of the site name, a component's id is its own id, a group row's id is
  ``group.<slug of the group name>`` (a dot never occurs in a component id, so the
  two cannot collide), an incident's id is its file id and an update's id is
  ``<incident id>-<n>`` with ``n`` counting the file's updates from 1, oldest first,
  so that adding an update never renumbers the earlier ones.
- **Page** ``updated_at``: the latest update or start, at or before ``at``, of any
  incident or maintenance; ``at`` when there is none.
- **Components**: ``created_at`` is the earliest start or update in the content
  (the same for every row; nothing records when a component was declared);
  ``updated_at`` is the latest update (or start) public by ``at`` of an incident or
  maintenance naming it that had started by ``at`` (announcing a window changes no
  status), else ``created_at``; a group's is the latest of its children.
  Statuses come from the snapshot.
  ``position`` counts from 1 within the parent, as on Statuspage: a group's
  components 1, 2... inside it; groups and ungrouped components among the top-level
  rows, in the site's component order (each group's row just before its first
  component). ``showcase``
  is true for components (every component shows uptime bars), false for groups;
  ``start_date`` is null.
- **Incidents**: ``created_at`` is the first public update (else the start, never
  after ``at``), ``updated_at`` the latest, ``status`` the snapshot's stage (a
  maintenance's phase); ``started_at`` is the start, except for an upcoming
  maintenance, whose ``started_at`` is its announcement time as on real pages;
  ``body`` is the update's Markdown as plain text; ``affected_components`` lists
  what the update moved (``[{code, name, old_status, new_status}]``, null when
  nothing); ``resolved_at`` is the ``resolved`` time once reached (null for a window
  that passed without one: the content has no time for it). Updates posted after
  ``at`` are left out.
- **Notices** are incidents with impact ``none`` and no components: ``identified``
  while shown, ``resolved`` once ``ends`` has passed (``resolved_at`` = ``ends``);
  their message is the oldest update (id ``<notice id>-0``, at ``started``), below
  the file's updates, and their end the newest once passed: ``resolved``, the
  newest update when it was posted at ``ends``, else one of its own (id
  ``<notice id>-end``, at ``ends``, with an empty body). They are never in the
  maintenance lists.
- **Selection**: incidents are those started by ``at`` (``views.history``),
  unresolved ones the view's active incidents; the maintenance lists hold every
  maintenance, announced windows included, filtered by phase.
- **Orderings**: newest first by start everywhere (incidents and maintenance, the
  upcoming list too), and ``incident_updates`` newest first.

Timestamps are ISO 8601 with milliseconds in the page's ``time_zone``
(``2026-03-14T09:12:00.000Z`` for UTC, ``2022-02-15T13:14:17.744-08:00`` for
``America/Tijuana``). ``page.url`` has no trailing slash.
The files are compact JSON (no indentation), UTF-8, keys in Statuspage's order.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from statuspress.model import SiteConfig
from statuspress.render import urls
from statuspress.render.markdown import to_text
from statuspress.slugs import slugify
from statuspress.views.snapshot import (
    ComponentState,
    IncidentState,
    Snapshot,
    UpdateState,
)

__all__ = ["API_PATH", "MOST_RECENT", "page_id", "statuspage_api", "timestamp", "webhook_objects"]

API_PATH = "api/v2/"

#: How many incidents / maintenances the full lists carry, as on Statuspage.
MOST_RECENT = 50

Json = dict[str, Any]


#: Zone names Statuspage writes with a ``Z`` (any other zone gets its offset).
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu", "UCT"})


def timestamp(moment: datetime | None, zone: str = "Etc/UTC") -> str | None:
    """ISO 8601 with milliseconds in the page's time zone, as real pages print them:
    ``2026-03-14T09:12:00.000Z`` for UTC, ``2022-02-15T13:14:17.744-08:00`` for
    ``America/Tijuana``; None stays None (JSON null)."""
    if moment is None:
        return None
    millis = f"{moment.microsecond // 1000:03d}"
    if zone in _UTC_NAMES:
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + millis + "Z"
    local = moment.astimezone(ZoneInfo(zone))
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + millis + offset[:3] + ":" + offset[3:]


def page_id(config: SiteConfig) -> str:
    """The page's id: a slug of the site name (``Acme Cloud`` -> ``acme-cloud``)."""
    return slugify(config.name) or "status"


def statuspage_api(snap: Snapshot) -> dict[str, bytes]:
    """Every ``api/v2/`` document of the snapshot: path -> UTF-8 JSON bytes."""
    return _Api(snap).documents()


def webhook_objects(snap: Snapshot, incident_id: str) -> tuple[Json, Json, dict[str, Json]]:
    """What a Statuspage webhook carries, as of the snapshot's time: the page with its
    status (``id``, ``status_indicator``, ``status_description``), the incident as the
    API shows it, and the component rows by id. The same objects as ``statuspage_api``,
    so a receiver sees in a webhook exactly what the API said at that moment."""
    api = _Api(snap)
    overall = api.view.overall
    page = {"id": api.page_id, "status_indicator": overall.indicator, "status_description": overall.description}
    return page, api.incident(snap.by_id[incident_id]), api.rows_by_id


class _Api:
    """The documents share the page object, the component rows and the incident
    objects; they are built once here and assembled into each file."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.config = snap.config
        self.at = snap.at
        self.zone = snap.config.time_zone
        self.view = snap.status
        self.page_id = page_id(self.config)
        # Public by `at`: incidents that started, and every announced maintenance
        # (an upcoming window is news before it starts).
        self.incidents = [s for s in snap.past if not s.is_maintenance]
        self.maintenances = sorted(
            (s for s in snap.incidents if s.is_maintenance),
            key=lambda s: s.incident.sort_key, reverse=True,
        )
        public = [*self.incidents, *self.maintenances]
        # Only times reached by `at`: an announced window that has no update yet must
        # not date the page in the future.
        times = [t for s in public for t in _times(s) if t <= self.at]
        self.created = min(times, default=self.at)
        self.updated = max(times, default=self.at)
        self.rows = self._component_rows([s for s in public if s.start is not None and s.start <= self.at])
        self.rows_by_id = {row["id"]: row for row in self.rows}
        self.names = {c.id: c.name for c in self.config.components}
        self._objects: dict[str, Json] = {}  # one object per incident, shared by the documents

    def time(self, moment: datetime | None) -> str | None:
        return timestamp(moment, self.zone)

    # -- documents -------------------------------------------------------------

    def documents(self) -> dict[str, bytes]:
        page = self.page()
        incidents = [self.incident(s) for s in self.incidents[:MOST_RECENT]]
        unresolved = [self.incident(s) for s in self.incidents if s.lifecycle == "active"]
        maintenances = [self.incident(m) for m in self.maintenances[:MOST_RECENT]]
        upcoming = [self.incident(m) for m in self._phase({"scheduled"})]
        active = [self.incident(m) for m in self._phase({"in_progress", "verifying"})]
        summary_maintenances = [
            self.incident(m) for m in self._phase({"scheduled", "in_progress", "verifying"})
        ]
        status = {
            "indicator": self.view.overall.indicator,
            "description": self.view.overall.description,
        }
        docs: dict[str, Json] = {
            "summary.json": {
                "page": page, "components": self.rows, "incidents": unresolved,
                "scheduled_maintenances": summary_maintenances, "status": status,
            },
            "status.json": {"page": page, "status": status},
            "components.json": {"page": page, "components": self.rows},
            "incidents.json": {"page": page, "incidents": incidents},
            "incidents/unresolved.json": {"page": page, "incidents": unresolved},
            "scheduled-maintenances.json": {"page": page, "scheduled_maintenances": maintenances},
            "scheduled-maintenances/upcoming.json": {"page": page, "scheduled_maintenances": upcoming},
            "scheduled-maintenances/active.json": {"page": page, "scheduled_maintenances": active},
        }
        return {API_PATH + name: _dump(doc) for name, doc in docs.items()}

    def page(self) -> Json:
        return {
            "id": self.page_id,
            "name": self.config.name,
            # Statuspage writes the page URL without a trailing slash.
            "url": self.config.url.rstrip("/"),
            "time_zone": self.zone,
            "updated_at": self.time(self.updated),
        }

    # -- components ------------------------------------------------------------

    def _component_rows(self, started: list[IncidentState]) -> list[Json]:
        """Component and group rows in display order (see the module docstring)."""
        latest: dict[str, datetime] = {}
        for state in started:
            for component_id in state.statuses:
                if component_id not in latest or state.updated > latest[component_id]:
                    latest[component_id] = state.updated
        rows: list[Json] = []
        group_ids: set[str] = set()
        top = 0  # positions count within the parent: top-level rows, then each group's
        for group in self.view.groups:
            children = [self._component_row(state, latest) for state in group.components]
            if group.name is None:
                for child in children:
                    top += 1
                    child["position"] = top
                rows.extend(children)
                continue
            group_id = _unique(f"group.{slugify(group.name) or 'group'}", group_ids)
            for position, child in enumerate(children, start=1):
                child["group_id"] = group_id
                child["position"] = position
            top += 1
            rows.append(self._group_row(group_id, group.name, group.status, children, top))
            rows.extend(children)
        return rows

    def _component_row(self, state: ComponentState, latest: dict[str, datetime]) -> Json:
        component = state.component
        return {
            "id": component.id,
            "name": component.name,
            "status": state.status,
            "created_at": self.time(self.created),
            "updated_at": self.time(latest.get(component.id, self.created)),
            "position": 0,  # numbered by the caller, within the parent
            "description": component.description,
            "showcase": True,
            "start_date": None,
            "group_id": None,  # set by the caller for a grouped component
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def _group_row(self, group_id: str, name: str, status: str, children: list[Json], position: int) -> Json:
        return {
            "id": group_id,
            "name": name,
            "status": status,
            "created_at": self.time(self.created),
            # ISO strings of one format and zone sort as times do.
            "updated_at": max((c["updated_at"] for c in children), default=self.time(self.created)),
            "position": position,
            "description": None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": self.page_id,
            "group": True,
            "only_show_if_degraded": False,
            "components": [c["id"] for c in children],
        }

    # -- incidents and maintenance ---------------------------------------------

    def _phase(self, phases: set[str]) -> list[IncidentState]:
        return [m for m in self.maintenances if m.stage in phases]

    def incident(self, state: IncidentState) -> Json:
        """An incident or scheduled-maintenance object, as of ``at``."""
        if state.id not in self._objects:
            self._objects[state.id] = self._build_incident(state)
        return self._objects[state.id]

    def _changes(self, update: UpdateState) -> list[Json] | None:
        if not update.changes:
            return None
        return [
            {"code": c.component_id, "name": self.names.get(c.component_id, c.component_id),
             "old_status": c.old_status, "new_status": c.new_status}
            for c in update.changes
        ]

    def _build_incident(self, state: IncidentState) -> Json:
        incident = state.incident
        maintenance = incident.is_maintenance
        monitoring = next((u.at for u in state.updates if u.stage == "monitoring"), None)
        link = urls.absolute(self.config.url, urls.incident(incident.id))
        updates = [
            {
                "id": update.id,
                "status": update.stage,
                "body": to_text(update.message),
                "incident_id": incident.id,
                "created_at": self.time(update.at),
                "updated_at": self.time(update.at),
                "display_at": self.time(update.at),
                "affected_components": self._changes(update),
                "deliver_notifications": True,
                "custom_tweet": None,
                "tweet_id": None,
            }
            for update in state.newest_first
        ]
        if incident.is_notice and state.start is not None:
            updates.append(self._posting(state, state.start))
        if incident.is_notice and state.end is not None:
            # Its end as the update that resolved it: a reader of the updates alone
            # (a widget showing the newest) saw it `identified` for ever. An update
            # posted at the end (an imported page's last word) is that update.
            if state.newest_first and state.newest_first[0].at >= state.end:
                updates[0]["status"] = "resolved"
            else:
                updates.insert(0, self._ending(state, state.end))
        status = state.stage
        if status == "resolved" and state.id in self.snap.with_postmortem:
            # As on Statuspage: a resolved incident whose postmortem is published.
            status = "postmortem"
        resolved = incident.resolved if state.end is not None and state.end == incident.resolved else None
        if incident.is_notice:
            resolved = state.end
        # An upcoming maintenance has started nothing yet: real pages give the time it
        # was announced.
        started = state.created if state.lifecycle == "announced" else state.start
        obj: Json = {
            "id": incident.id,
            "name": incident.title,
            "status": status,
            "created_at": self.time(state.created),
            "updated_at": self.time(state.updated),
            "monitoring_at": self.time(monitoring),
            "resolved_at": self.time(resolved),
            "impact": "maintenance" if maintenance else incident.impact,
            "shortlink": link,
            "started_at": self.time(started),
            "page_id": self.page_id,
            "incident_updates": updates,
            "components": [
                self.rows_by_id[c.id] for c in self.config.components if c.id in state.statuses
            ],
        }
        if maintenance:
            obj["scheduled_for"] = self.time(incident.scheduled_start)
            obj["scheduled_until"] = self.time(incident.scheduled_end)
        return obj


    def _posting(self, state: IncidentState, at: datetime) -> Json:
        """A notice's message as the update that posted it."""
        return self._notice_update(state, f"{state.id}-0", "identified", to_text(state.incident.body), at)

    def _ending(self, state: IncidentState, at: datetime) -> Json:
        """A notice's end (``ends``, once passed) as the update that resolved it, with
        no text: nobody wrote one, and the API's texts are the authors' own."""
        return self._notice_update(state, f"{state.id}-end", "resolved", "", at)

    def _notice_update(self, state: IncidentState, update_id: str, status: str, body: str, at: datetime) -> Json:
        return {
            "id": update_id,
            "status": status,
            "body": body,
            "incident_id": state.id,
            "created_at": self.time(at),
            "updated_at": self.time(at),
            "display_at": self.time(at),
            "affected_components": None,
            "deliver_notifications": True,
            "custom_tweet": None,
            "tweet_id": None,
        }


def _times(state: IncidentState) -> list[datetime]:
    """The start and the public update times of an incident, for the content's extent."""
    times = [u.at for u in state.updates]
    if state.start is not None:
        times.append(state.start)
    return times


def _unique(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3``... when two group names slug alike."""
    name, n = candidate, 1
    while name in taken:
        n += 1
        name = f"{candidate}-{n}"
    taken.add(name)
    return name


def _dump(document: Json) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
