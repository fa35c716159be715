"""The public site's HTML pages: status, incident, maintenance, history, components.

Each function renders one kind of page from the views (``statuspress.views``) with
the templates under ``templates/statuspress/``, inside the page shell of
``render/site.py``. No page lists the whole history (history and component pages are
paginated), so every page stays the same size however long the history grows.

Presentation-only derivations live here (the stage steps of the progress bar);
everything about status, uptime and history comes
from the views and is computed once per build by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jinja2

from statuspress.load import Site
from statuspress.model import Incident, Postmortem
from statuspress.model.values import INCIDENT_STAGES, MAINTENANCE_STAGES
from statuspress.render import urls
from statuspress.render.feeds import visible_updates
from statuspress.render.site import (
    CSS_PATH,
    GENERATOR,
    JS_PATH,
    FeedLink,
    Page,
    ShellContext,
    material_config,
    tabs,
)
from statuspress.views.history import HistoryPage, component_history, paginate, past_incidents
from statuspress.views.metrics import incident_times
from statuspress.views.status import RECENT_DAYS, StatusView, maintenance_phase
from statuspress.views.uptime import ComponentUptime

__all__ = [
    "RECENT_DAYS", "StageStep", "component_pages", "current_stage", "history_pages", "incident_page",
    "postmortems_shown", "render_page", "stage_steps", "status_page",
]

#: At most this many recently resolved incidents are listed on the status page (the
#: rest are one click away in the history), so that a busy week cannot grow the page.
RECENT_LIMIT = 10

#: Internal roles shown on the internal build's incident page, in this order.
INTERNAL_ROLES = (
    ("commander", "Incident commander"),
    ("ops_lead", "Ops / technical lead"),
    ("comms_lead", "Communications lead"),
    ("scribe", "Scribe"),
    ("channel", "Channel"),
)


@dataclass(frozen=True)
class StageStep:
    """One stage of the progress bar: when it was first reached, and its state
    (``done``, ``current``, ``skipped`` when a later stage was reached without it,
    ``todo``)."""

    stage: str
    at: datetime | None
    state: str


def render_page(
    env: jinja2.Environment, template: str, shell: ShellContext, page: Page, **context: Any
) -> bytes:
    """Render one page template inside the shell, as UTF-8 bytes."""
    html = env.get_template(template).render(
        shell=shell, page=page, tabs=tabs(shell), material_config=material_config(shell, page),
        generator=GENERATOR, css_path=CSS_PATH, js_path=JS_PATH, site_name=shell.site_title,
        **context,
    )
    return html.encode("utf-8")


def _site_feeds(name: str) -> tuple[FeedLink, ...]:
    return (
        FeedLink(f"{name} Status - Incident History (RSS)", "history.rss", "application/rss+xml"),
        FeedLink(f"{name} Status - Incident History (Atom)", "history.atom", "application/atom+xml"),
    )


def postmortems_shown(site: Site, incident: Incident) -> list[Postmortem]:
    """The postmortems an incident page shows: the published public ones in the public
    build; every one (as links) in the internal build."""
    covering = site.postmortems_by_incident.get(incident.id, [])
    if site.config.audience == "internal":
        return list(covering)
    return [pm for pm in covering if pm.is_public]


def stage_steps(incident: Incident, at: datetime) -> list[StageStep]:
    """The progress bar of an incident or maintenance as of ``at``."""
    order = MAINTENANCE_STAGES if incident.is_maintenance else INCIDENT_STAGES
    shown = visible_updates(incident, at)
    reached: dict[str, datetime] = {}
    # The first stage is where every incident starts: at its start for an incident,
    # at the announcement (its first update) for a maintenance.
    opened = shown[0].at if shown else None
    if not incident.is_maintenance and incident.start is not None and incident.start <= at:
        opened = incident.start
    if opened is not None:
        reached[order[0]] = opened
    current = order[0]
    for update in shown:
        if update.status in order:
            reached.setdefault(update.status, update.at)
            current = update.status
    if incident.is_maintenance:
        # A window starts (and, without updates, ends) on its own schedule.
        current = maintenance_phase(incident, at)
        implied = {"in_progress": incident.scheduled_start, "completed": incident.resolved}.get(current)
        if current not in reached and implied is not None and implied <= at:
            reached[current] = implied
    position = order.index(current)
    steps = []
    for index, stage in enumerate(order):
        if index < position:
            state = "done" if stage in reached else "skipped"
        elif index == position:
            state = "current"
        else:
            state = "todo"
        steps.append(StageStep(stage, reached.get(stage), state))
    return steps


def status_page(
    site: Site, at: datetime, env: jinja2.Environment, shell: ShellContext, *,
    view: StatusView, uptime: Mapping[str, ComponentUptime],
) -> dict[str, bytes]:
    """The site root: banner, active incidents, maintenance, components with their
    uptime bars, and the last days of history."""
    page = Page(
        url="", title="Status", section="status",
        description=f"Current status of {site.config.name}: {view.overall.description}.",
        feeds=_site_feeds(site.config.name),
    )
    html = render_page(
        env, "statuspress/status.html", shell, page,
        config=site.config, view=view, uptime=uptime, at=at, recent_days=RECENT_DAYS, recent_limit=RECENT_LIMIT,
        latest=_latest_updates(view, at),
    )
    return {"index.html": html}


def _latest_updates(view: StatusView, at: datetime) -> dict[str, Any]:
    """Incident id -> (its stage as of ``at``, its latest public update or None)."""
    latest: dict[str, Any] = {}
    for incident in [*view.active_incidents, *view.active_maintenance, *view.upcoming_maintenance]:
        shown = visible_updates(incident, at)
        latest[incident.id] = (current_stage(incident, at), shown[-1] if shown else None)
    return latest


def current_stage(incident: Incident, at: datetime) -> str:
    """The stage an incident or maintenance is in at ``at`` (updates posted later do
    not count; a maintenance follows its window, see ``maintenance_phase``)."""
    return next(step.stage for step in stage_steps(incident, at) if step.state == "current")


def incident_page(
    site: Site, incident: Incident, at: datetime, env: jinja2.Environment, shell: ShellContext
) -> bytes:
    """The page of one incident or maintenance (``incidents/<id>/``)."""
    config = site.config
    url = urls.incident(incident.id)
    page = Page(
        url=url, title=incident.title, section="history",
        description=f"{'Maintenance' if incident.is_maintenance else 'Incident'} report: {incident.title}",
        feeds=_site_feeds(config.name),
    )
    updates = list(reversed(visible_updates(incident, at)))
    internal = config.audience == "internal"
    template = "statuspress/maintenance.html" if incident.is_maintenance else "statuspress/incident.html"
    end = incident.resolved if incident.resolved is not None and incident.resolved <= at else None
    start = incident.start
    return render_page(
        env, template, shell, page,
        config=config, incident=incident, updates=updates, steps=stage_steps(incident, at), at=at,
        components=[(config.component(cid), status) for cid, status in incident.affected.items()],
        duration=(end or at) - start if start is not None and start <= at else None,
        ended=end is not None,
        phase=maintenance_phase(incident, at) if incident.is_maintenance else None,
        postmortems=postmortems_shown(site, incident),
        internal=internal,
        times=incident_times(incident) if internal else None,
        internal_roles=[(label, incident.internal.get(key)) for key, label in INTERNAL_ROLES
                        if internal and incident.internal.get(key)],
        internal_other=[(key, value) for key, value in sorted(incident.internal.items())
                        if internal and key not in dict(INTERNAL_ROLES) and key != "notes"],
    )


def history_pages(site: Site, at: datetime, env: jinja2.Environment, shell: ShellContext) -> dict[str, bytes]:
    """``history/`` and ``history/page/N/``: past incidents by month, newest first."""
    incidents = past_incidents(site, at)
    pages = paginate(incidents, site.config.history_page_size)
    return _paginated(
        env, shell, pages, site, at, url_of=urls.history, title="Incident history",
        section="history", feeds=_site_feeds(site.config.name), extra={},
        template="statuspress/history.html",
    )


def component_pages(
    site: Site, at: datetime, env: jinja2.Environment, shell: ShellContext, *,
    view: StatusView, uptime: Mapping[str, ComponentUptime],
) -> dict[str, bytes]:
    """``components/<id>/`` (and ``page/N/``): a component's status, uptime and history."""
    files: dict[str, bytes] = {}
    states = {state.component.id: state for group in view.groups for state in group.components}
    for component in site.config.components:
        pages = paginate(component_history(site, component.id, at), site.config.history_page_size)
        feeds = (
            FeedLink(f"{component.name} - Incident History (RSS)",
                     f"components/{component.id}/history.rss", "application/rss+xml"),
            FeedLink(f"{component.name} - Incident History (Atom)",
                     f"components/{component.id}/history.atom", "application/atom+xml"),
        )
        files.update(_paginated(
            env, shell, pages, site, at,
            url_of=lambda number, cid=component.id: urls.component(cid, number),
            title=component.name, section="", feeds=feeds, template="statuspress/component.html",
            extra={"component": component, "state": states[component.id],
                   "uptime": uptime[component.id], "month_level": 3},
        ))
    return files


def _paginated(
    env: jinja2.Environment, shell: ShellContext, pages: list[HistoryPage], site: Site, at: datetime, *,
    url_of: Any, title: str, section: str, feeds: tuple[FeedLink, ...], template: str,
    extra: dict[str, Any],
) -> dict[str, bytes]:
    """Render every page of a paginated list (always at least the first page)."""
    files: dict[str, bytes] = {}
    count = max(len(pages), 1)
    for number in range(1, count + 1):
        history = pages[number - 1] if pages else None
        page = Page(
            url=url_of(number),
            title=title if number == 1 else f"{title} (page {number} of {count})",
            section=section,
            description=f"{title}: incidents and maintenance, newest first.",
            feeds=feeds,
            prev_url=url_of(number - 1) if number > 1 else None,
            next_url=url_of(number + 1) if number < count else None,
        )
        files[urls.file_of(page.url)] = render_page(
            env, template, shell, page,
            config=site.config, history=history, number=number, count=count, at=at, **extra,
        )
    return files
