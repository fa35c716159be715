"""The public site's HTML pages: status, incident, maintenance, history, components.

Each function renders one kind of page from the views (``statuspress.views``) with
the templates under ``templates/statuspress/``, inside the page shell of
``render/site.py``. No page lists the whole history (history and component pages are
paginated), so every page stays the same size however long the history grows.

Every page reads the build's ``Snapshot`` (``views.snapshot``): the stage, the
steps, the visible updates, statuses, uptime and history are computed once there,
so a page never disagrees with another page, the feeds or the JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import jinja2

from statuspress.model.values import STATUS_RANK
from statuspress.render import markdown, urls
from statuspress.render.i18n import Localizer
from statuspress.render.pool import render_jobs
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
from statuspress.render.templating import localizer
from statuspress.render.text import N_
from statuspress.views.history import HistoryPage
from statuspress.views.snapshot import IncidentState, Snapshot
from statuspress.views.status import RECENT_DAYS

__all__ = [
    "RECENT_DAYS", "component_pages", "history_pages", "incident_page", "incident_pages", "render_page",
    "status_page",
]

#: At most this many recently resolved incidents are listed on the status page (the
#: rest are one click away in the history), so that a busy week cannot grow the page.
RECENT_LIMIT = 10

#: Internal roles shown on the internal build's incident page, in this order.
INTERNAL_ROLES = (
    ("commander", N_("Incident commander")),
    ("ops_lead", N_("Ops / technical lead")),
    ("comms_lead", N_("Communications lead")),
    ("scribe", N_("Scribe")),
    ("channel", N_("Channel")),
)


#: What an incident page's description calls it, and its template, by ``type``.
_KIND = {
    "incident": N_("Incident report: %(title)s"),
    "maintenance": N_("Maintenance report: %(title)s"),
    "notice": N_("Notice: %(title)s"),
}
_TEMPLATE = {"incident": "incident", "maintenance": "maintenance", "notice": "notice"}


def render_page(
    env: jinja2.Environment, template: str, shell: ShellContext, page: Page, **context: Any
) -> bytes:
    """Render one page template inside the shell, as UTF-8 bytes. ``header_icon``
    in ``context``: the overall status indicator the header shows (the status, incident,
    history and component pages pass it; without it, a neutral mark)."""
    html = env.get_template(template).render(
        shell=shell, page=page, tabs=tabs(shell), material_config=material_config(shell, page),
        generator=GENERATOR, css_path=CSS_PATH, js_path=JS_PATH, site_name=shell.site_title,
        **context,
    )
    return html.encode("utf-8")


def _site_feeds(t: Localizer, name: str) -> tuple[FeedLink, ...]:
    title = t.gettext("%(name)s Status - Incident History", name=name)
    return (
        FeedLink(f"{title} (RSS)", "history.rss", "application/rss+xml"),
        FeedLink(f"{title} (Atom)", "history.atom", "application/atom+xml"),
    )


def status_page(snap: Snapshot, env: jinja2.Environment, shell: ShellContext) -> dict[str, bytes]:
    """The site root: banner, active incidents, maintenance, components with their
    uptime bars, and the last days of history."""
    view = snap.status
    t = localizer(env)
    page = Page(
        url="", title=t.gettext("Status"), section="status",
        description=t.gettext("Current status of %(name)s: %(headline)s.", name=snap.config.name,
                              headline=t.gettext(view.overall.description)),
        feeds=_site_feeds(t, snap.config.name),
    )
    html = render_page(
        env, "statuspress/status.html", shell, page,
        config=snap.config, view=view, uptime=snap.uptime, at=snap.at, recent_days=RECENT_DAYS,
        recent_limit=RECENT_LIMIT,
    )
    return {"index.html": html}


def incident_page(
    snap: Snapshot, state: IncidentState, env: jinja2.Environment, shell: ShellContext
) -> bytes:
    """The page of one incident or maintenance (``incidents/<id>/``)."""
    config = snap.config
    incident = state.incident
    url = urls.incident(incident.id)
    t = localizer(env)
    announced = state.lifecycle == "announced"
    page = Page(
        # An upcoming window is listed on the status page, a past one in the history.
        url=url, title=incident.title, section="status" if announced else "history",
        description=t.gettext(_KIND[incident.type], title=incident.title),
        feeds=_site_feeds(t, config.name),
    )
    internal = snap.internal
    template = f"statuspress/{_TEMPLATE[incident.type]}.html"
    start = state.start
    at = snap.at
    shown = _shown_statuses(state)
    return render_page(
        env, template, shell, page,
        config=config, state=state, incident=incident, updates=state.newest_first, steps=state.steps,
        at=at,
        # In the declared order, as the JSON API and the status page list them.
        components=[(c, shown[c.id]) for c in config.components if c.id in shown],
        duration=(state.end or at) - start if start is not None and start <= at else None,
        ended=state.end is not None and state.end == incident.resolved,
        phase=state.stage if incident.is_maintenance else None,
        crumb=("", N_("Status")) if announced else ("history/", N_("Incident history")),
        # The page cache keys incident pages on this too (build._incident_key): another
        # incident changing the overall status renders them again.
        header_icon=snap.status.overall.indicator,
        postmortems=snap.postmortems[incident.id],
        internal=internal,
        times=snap.times[incident.id] if internal else None,
        internal_roles=[(label, incident.internal.get(key)) for key, label in INTERNAL_ROLES
                        if internal and incident.internal.get(key)],
        internal_other=[(key, value) for key, value in sorted(incident.internal.items())
                        if internal and key not in dict(INTERNAL_ROLES) and key != "notes"],
    )


def incident_pages(
    snap: Snapshot, states: Sequence[IncidentState], env: jinja2.Environment, shell: ShellContext
) -> list[bytes]:
    """The pages of ``states``, in their order: on every core when there are enough
    of them (``render/pool.py``), byte for byte what ``incident_page`` renders.

    Their Markdown is converted here first, in the build's own process: the
    conversions are cached, and the JSON, feeds and search entries rendered after
    the pages read the same texts; converted in the workers only, they would be
    converted twice. So are the page templates compiled (the workers inherit them)."""
    for kind in sorted({state.incident.type for state in states}):
        env.get_template(f"statuspress/{_TEMPLATE[kind]}.html")
    for state in states:
        markdown.to_html(state.incident.body)
        for update in state.newest_first:
            markdown.to_html(update.message)
    return render_jobs([partial(incident_page, snap, state, env, shell) for state in states])


def _shown_statuses(state: IncidentState) -> dict[str, str]:
    """What the page lists per component: the status now while it is open, else the
    worst status the incident gave it (what readers remember it for)."""
    if state.lifecycle == "active":
        return dict(state.statuses)
    found: dict[str, str] = dict(state.incident.affected)
    for span in state.spans:
        found.setdefault(span.component_id, span.status)
        if STATUS_RANK[span.status] > STATUS_RANK[found[span.component_id]]:
            found[span.component_id] = span.status
    for cid in state.statuses:
        found.setdefault(cid, "operational")
    return found


def history_pages(snap: Snapshot, env: jinja2.Environment, shell: ShellContext) -> dict[str, bytes]:
    """``history/`` and ``history/page/N/``: past incidents by month, newest first."""
    t = localizer(env)
    return _paginated(
        env, shell, snap.history, snap, url_of=urls.history, title=t.gettext("Incident history"),
        section="history", feeds=_site_feeds(t, snap.config.name), extra={},
        template="statuspress/history.html",
    )


def component_pages(snap: Snapshot, env: jinja2.Environment, shell: ShellContext) -> dict[str, bytes]:
    """``components/<id>/`` (and ``page/N/``): a component's status, uptime and history."""
    files: dict[str, bytes] = {}
    states = {state.component.id: state for group in snap.status.groups for state in group.components}
    t = localizer(env)
    for component in snap.config.components:
        title = t.gettext("%(component)s - Incident History", component=component.name)
        feeds = (
            FeedLink(f"{title} (RSS)", f"components/{component.id}/history.rss", "application/rss+xml"),
            FeedLink(f"{title} (Atom)", f"components/{component.id}/history.atom", "application/atom+xml"),
        )
        files.update(_paginated(
            env, shell, snap.component_history[component.id], snap,
            url_of=lambda number, cid=component.id: urls.component(cid, number),
            title=component.name, section="", feeds=feeds, template="statuspress/component.html",
            extra={"component": component, "state": states[component.id],
                   "uptime": snap.uptime[component.id], "month_level": 3},
        ))
    return files


def _paginated(
    env: jinja2.Environment, shell: ShellContext, pages: Sequence[HistoryPage], snap: Snapshot, *,
    url_of: Any, title: str, section: str, feeds: tuple[FeedLink, ...], template: str,
    extra: dict[str, Any],
) -> dict[str, bytes]:
    """Render every page of a paginated list (always at least the first page)."""
    files: dict[str, bytes] = {}
    t = localizer(env)
    count = max(len(pages), 1)
    for number in range(1, count + 1):
        history = pages[number - 1] if pages else None
        page = Page(
            url=url_of(number),
            title=title if number == 1 else t.gettext("%(title)s (page %(number)s of %(count)s)",
                                                     title=title, number=number, count=count),
            section=section,
            description=t.gettext("%(title)s: incidents and maintenance, newest first.", title=title),
            feeds=feeds,
            prev_url=url_of(number - 1) if number > 1 else None,
            next_url=url_of(number + 1) if number < count else None,
        )
        files[urls.file_of(page.url)] = render_page(
            env, template, shell, page,
            config=snap.config, history=history, number=number, count=count, at=snap.at,
            header_icon=snap.status.overall.indicator, **extra,
        )
    return files
