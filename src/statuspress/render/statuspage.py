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
  ``position`` counts the rows from 1 in the order they are listed: the site's
  component order, each group's row just before its first component. ``showcase``
  is true for components (every component shows uptime bars), false for groups;
  ``start_date`` is null. Statuses come from ``views.status``.
- **Incidents**: ``created_at`` is the first public update (else the start),
  ``updated_at`` the latest (else the start), ``status`` the stage as of ``at`` (for
  maintenance ``views.status.maintenance_phase``); ``body`` is the update's
  Markdown as plain text; ``resolved_at`` is the ``resolved`` time once reached
  (null for a window that passed without one: the content has no time for it).
  Updates posted after ``at`` are left out.
- **Selection**: incidents are those started by ``at`` (``views.history``),
  unresolved ones the view's active incidents; the maintenance lists hold every
  maintenance, announced windows included, filtered by phase.
- **Orderings**: newest first by start everywhere (incidents and maintenance, the
  upcoming list too), and ``incident_updates`` newest first.

Timestamps are ISO 8601 in UTC with milliseconds (``2026-03-14T09:12:00.000Z``).
The files are compact JSON (no indentation), UTF-8, keys in Statuspage's order.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from typing import Any

from statuspress.load import Site
from statuspress.model import Incident, SiteConfig
from statuspress.render import urls
from statuspress.render.feeds import last_updated, visible_updates
from statuspress.render.markdown import to_text
from statuspress.views.history import past_incidents
from statuspress.views.status import ComponentState, StatusView, maintenance_phase, status_view

__all__ = ["API_PATH", "MOST_RECENT", "page_id", "statuspage_api", "timestamp", "webhook_objects"]

API_PATH = "api/v2/"

#: How many incidents / maintenances the full lists carry, as on Statuspage.
MOST_RECENT = 50

Json = dict[str, Any]


def timestamp(moment: datetime | None) -> str | None:
    """``2026-03-14T09:12:00.000Z`` (UTC, milliseconds); None stays None (JSON null)."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def page_id(config: SiteConfig) -> str:
    """The page's id: a slug of the site name (``Acme Cloud`` -> ``acme-cloud``)."""
    return _slug(config.name) or "status"


def statuspage_api(site: Site, at: datetime, *, view: StatusView | None = None) -> dict[str, bytes]:
    """Every ``api/v2/`` document of the site as of ``at``: path -> UTF-8 JSON bytes.

    ``view`` is ``status_view(site, at)`` when the caller already has it.
    """
    return _Api(site, at, view or status_view(site, at)).documents()


def webhook_objects(site: Site, incident: Incident, at: datetime) -> tuple[Json, Json, dict[str, Json]]:
    """What a Statuspage webhook carries, as of ``at``: the page with its status
    (``id``, ``status_indicator``, ``status_description``), ``incident`` as the API
    shows it, and the component rows by id. The same objects as ``statuspage_api``,
    so a receiver sees in a webhook exactly what the API said at that moment."""
    api = _Api(site, at, status_view(site, at))
    overall = api.view.overall
    page = {"id": api.page_id, "status_indicator": overall.indicator, "status_description": overall.description}
    return page, api.incident(incident), api.rows_by_id


class _Api:
    """The documents share the page object, the component rows and the incident
    objects; they are built once here and assembled into each file."""

    def __init__(self, site: Site, at: datetime, view: StatusView) -> None:
        self.site = site
        self.config = site.config
        self.at = at
        self.view = view
        self.page_id = page_id(self.config)
        # Public by `at`: incidents that started, and every announced maintenance
        # (an upcoming window is news before it starts).
        started = past_incidents(site, at)
        self.incidents = [i for i in started if not i.is_maintenance]
        self.maintenances = sorted(
            (i for i in site.incidents if i.is_maintenance), key=lambda i: i.sort_key, reverse=True
        )
        public = [*self.incidents, *self.maintenances]
        # Only times reached by `at`: an announced window that has no update yet must
        # not date the page in the future.
        times = sorted(t for i in public for t in _times(i, at) if t <= at)
        self.created = times[0] if times else at
        self.updated = times[-1] if times else at
        self.rows = self._component_rows([i for i in public if i.start is not None and i.start <= at])
        self.rows_by_id = {row["id"]: row for row in self.rows}
        self._objects: dict[str, Json] = {}  # one object per incident, shared by the documents

    # -- documents -------------------------------------------------------------

    def documents(self) -> dict[str, bytes]:
        page = self.page()
        incidents = [self.incident(i) for i in self.incidents[:MOST_RECENT]]
        unresolved = [self.incident(i) for i in self._unresolved()]
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
            "url": self.config.url,
            "time_zone": self.config.time_zone,
            "updated_at": timestamp(self.updated),
        }

    # -- components ------------------------------------------------------------

    def _component_rows(self, started: list[Incident]) -> list[Json]:
        """Component and group rows in display order (see the module docstring)."""
        latest: dict[str, datetime] = {}
        for incident in started:
            when = last_updated(incident, self.at)
            for component_id in incident.affected:
                if component_id not in latest or when > latest[component_id]:
                    latest[component_id] = when
        rows: list[Json] = []
        group_ids: set[str] = set()
        for group in self.view.groups:
            children = [self._component_row(state, latest) for state in group.components]
            if group.name is None:
                rows.extend(children)
                continue
            group_id = _unique(f"group.{_slug(group.name) or 'group'}", group_ids)
            for child in children:
                child["group_id"] = group_id
            rows.append(self._group_row(group_id, group.name, group.status, children))
            rows.extend(children)
        for position, row in enumerate(rows, start=1):
            row["position"] = position
        return rows

    def _component_row(self, state: ComponentState, latest: dict[str, datetime]) -> Json:
        component = state.component
        return {
            "id": component.id,
            "name": component.name,
            "status": state.status,
            "created_at": timestamp(self.created),
            "updated_at": timestamp(latest.get(component.id, self.created)),
            "position": 0,  # numbered once every row is in place
            "description": component.description,
            "showcase": True,
            "start_date": None,
            "group_id": None,  # set by the caller for a grouped component
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def _group_row(self, group_id: str, name: str, status: str, children: list[Json]) -> Json:
        return {
            "id": group_id,
            "name": name,
            "status": status,
            "created_at": timestamp(self.created),
            # ISO strings of one format sort as times do.
            "updated_at": max((c["updated_at"] for c in children), default=timestamp(self.created)),
            "position": 0,
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

    def _unresolved(self) -> list[Incident]:
        active = {i.id for i in self.view.active_incidents}
        return [i for i in self.incidents if i.id in active]

    def _phase(self, phases: set[str]) -> list[Incident]:
        return [m for m in self.maintenances if maintenance_phase(m, self.at) in phases]

    def incident(self, incident: Incident) -> Json:
        """An incident or scheduled-maintenance object, as of ``at``."""
        if incident.id not in self._objects:
            self._objects[incident.id] = self._build_incident(incident)
        return self._objects[incident.id]

    def _build_incident(self, incident: Incident) -> Json:
        at = self.at
        shown = visible_updates(incident, at)
        stages = _stages(incident, at)
        maintenance = incident.is_maintenance
        created = shown[0].at if shown else incident.start
        monitoring = next((u.at for u in shown if u.status == "monitoring"), None)
        resolved = incident.resolved if incident.resolved is not None and incident.resolved <= at else None
        link = urls.absolute(self.config.url, urls.incident(incident.id))
        updates = [
            {
                "id": f"{incident.id}-{index}",
                "status": stage,
                "body": to_text(update.message),
                "incident_id": incident.id,
                "created_at": timestamp(update.at),
                "updated_at": timestamp(update.at),
                "display_at": timestamp(update.at),
                "affected_components": None,
                "deliver_notifications": True,
                "custom_tweet": None,
                "tweet_id": None,
            }
            for index, (update, stage) in reversed(list(enumerate(zip(shown, stages, strict=True), start=1)))
        ]
        # Statuspage's maintenance status is its phase, which moves with the clock too.
        status = maintenance_phase(incident, at) if maintenance else (stages[-1] if stages else "investigating")
        if status == "resolved" and any(
            pm.is_public and (pm.date is None or pm.date <= at.date())
            for pm in self.site.postmortems_by_incident.get(incident.id, [])
        ):
            # As on Statuspage: a resolved incident whose postmortem is published.
            status = "postmortem"
        obj: Json = {
            "id": incident.id,
            "name": incident.title,
            "status": status,
            "created_at": timestamp(created),
            "updated_at": timestamp(last_updated(incident, at)),
            "monitoring_at": timestamp(monitoring),
            "resolved_at": timestamp(resolved),
            "impact": "maintenance" if maintenance else incident.impact,
            "shortlink": link,
            "started_at": timestamp(incident.start),
            "page_id": self.page_id,
            "incident_updates": updates,
            "components": [
                self.rows_by_id[c.id] for c in self.config.components if c.id in incident.affected
            ],
        }
        if maintenance:
            obj["scheduled_for"] = timestamp(incident.scheduled_start)
            obj["scheduled_until"] = timestamp(incident.scheduled_end)
        return obj


def _stages(incident: Incident, at: datetime) -> list[str]:
    """The stage each public update leaves the incident in (an "Update" keeps it)."""
    stage = "scheduled" if incident.is_maintenance else "investigating"
    stages: list[str] = []
    for update in visible_updates(incident, at):
        stage = update.status or stage
        stages.append(stage)
    return stages


def _times(incident: Incident, at: datetime) -> list[datetime]:
    """The start and the public update times of an incident, for the content's extent."""
    times = [u.at for u in visible_updates(incident, at)]
    if incident.start is not None:
        times.append(incident.start)
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
