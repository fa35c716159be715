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

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import jinja2

from statuspress.model.values import STATUS_RANK
from statuspress.pool import run_jobs
from statuspress.render import markdown, urls
from statuspress.render.i18n import Localizer
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
    "RECENT_DAYS", "PageJob", "PageMemo", "component_pages", "history_pages", "incident_page", "incident_pages",
    "page_job", "render_page", "status_page",
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


class PageMemo(Protocol):
    """Where pages rendered by an earlier build are kept (``statuspress.build``)."""

    def key(self, template: str, context: Mapping[str, Any], *, shows_at: bool) -> str:
        """The key of the page ``template`` renders from ``context``. ``shows_at``:
        whether the template shows the as-of time itself (not only through the views
        it is given)."""
        ...

    def has(self, key: str) -> bool:
        """Whether an earlier build kept a page under ``key``."""
        ...

    def get(self, key: str) -> bytes | None:
        """The page an earlier build kept under ``key``."""
        ...

    def put(self, key: str, page: bytes) -> None:
        """Keep a page rendered under ``key``."""
        ...


@dataclass(frozen=True)
class PageJob:
    """One page to render: its template, what the template is handed (everything is
    derived from it, so it keys the page), and the rendering itself."""

    template: str
    context: Mapping[str, Any]
    shows_at: bool
    render: Callable[[], bytes]

    def run(self, memo: PageMemo | None) -> bytes:
        """The page: from ``memo`` when an earlier build kept it, else rendered (and
        kept there)."""
        if memo is None:
            return self.render()
        return self.run_keyed(memo, self.key(memo))

    def key(self, memo: PageMemo) -> str:
        """The page's key in ``memo``."""
        return memo.key(self.template, self.context, shows_at=self.shows_at)

    def run_keyed(self, memo: PageMemo, key: str) -> bytes:
        """``run`` with the page's ``key`` already made."""
        page = memo.get(key)
        if page is None:
            page = self.render()
            memo.put(key, page)
        return page


def page_job(
    env: jinja2.Environment, template: str, shell: ShellContext, page: Page, *,
    shows_at: bool = True, **context: Any,
) -> PageJob:
    """The job of rendering one page template inside the shell, as UTF-8 bytes.
    ``header_icon`` in ``context``: the overall status indicator the header shows
    (the status, incident, history and component pages pass it; without it, a
    neutral mark)."""
    def render() -> bytes:
        html = env.get_template(template).render(
            shell=shell, page=page, tabs=tabs(shell), material_config=material_config(shell, page),
            generator=GENERATOR, css_path=CSS_PATH, js_path=JS_PATH, site_name=shell.site_title,
            **context,
        )
        return html.encode("utf-8")

    return PageJob(template, {"shell": shell, "page": page, **context}, shows_at, render)


def render_page(
    env: jinja2.Environment, template: str, shell: ShellContext, page: Page, *,
    memo: PageMemo | None = None, shows_at: bool = True, **context: Any,
) -> bytes:
    """Render one page template inside the shell (``page_job``), through ``memo``
    when given."""
    return page_job(env, template, shell, page, shows_at=shows_at, **context).run(memo)


def _site_feeds(t: Localizer, name: str) -> tuple[FeedLink, ...]:
    return _feeds_of(t.gettext("%(name)s Status - Incident History", name=name))


@functools.lru_cache(maxsize=8)  # one tuple for every page: a page key digests it once
def _feeds_of(title: str) -> tuple[FeedLink, ...]:
    return (
        FeedLink(f"{title} (RSS)", "history.rss", "application/rss+xml"),
        FeedLink(f"{title} (Atom)", "history.atom", "application/atom+xml"),
    )


def status_page(
    snap: Snapshot, env: jinja2.Environment, shell: ShellContext, memo: PageMemo | None = None
) -> dict[str, bytes]:
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
        env, "statuspress/status.html", shell, page, memo=memo,
        config=snap.config, view=view, uptime=snap.uptime, at=snap.at, recent_days=RECENT_DAYS,
        recent_limit=RECENT_LIMIT,
    )
    return {"index.html": html}


def incident_page(
    snap: Snapshot, state: IncidentState, env: jinja2.Environment, shell: ShellContext,
    memo: PageMemo | None = None,
) -> bytes:
    """The page of one incident or maintenance (``incidents/<id>/``)."""
    return _incident_job(snap, state, env, shell).run(memo)


def _incident_job(snap: Snapshot, state: IncidentState, env: jinja2.Environment, shell: ShellContext) -> PageJob:
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
    # The as-of time reaches the page only through the state and the duration.
    return page_job(
        env, template, shell, page, shows_at=False,
        config=config, state=state, incident=incident, updates=state.newest_first, steps=state.steps,
        at=at,
        # In the declared order, as the JSON API and the status page list them.
        components=[(c, shown[c.id]) for c in config.components if c.id in shown],
        # A notice's page shows no duration; without one, its cache key does not move
        # with the clock either.
        duration=(state.end or at) - start if start is not None and start <= at and not incident.is_notice
        else None,
        ended=state.end is not None and state.end == incident.resolved,
        phase=state.stage if incident.is_maintenance else None,
        crumb=("", N_("Status")) if announced else ("history/", N_("Incident history")),
        # Part of the page's cache key like every value here: another incident
        # changing the overall status renders the page again.
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
    snap: Snapshot, states: Sequence[IncidentState], env: jinja2.Environment, shell: ShellContext,
    memo: PageMemo | None = None,
) -> Iterator[tuple[str, bytes]]:
    """The pages of ``states``, one at a time in their order, each with its key in
    ``memo`` (``""`` without one), byte for byte what ``incident_page`` renders: those
    ``memo`` does not have are rendered on every core when there are enough of them
    (``pool.py``).

    Their Markdown is converted here first, in the build's own process: the
    conversions are cached, and the JSON, feeds and search entries rendered after
    the pages read the same texts; converted in the workers only, they would be
    converted twice. So are the page templates compiled (the workers inherit them)."""
    jobs = [_incident_job(snap, state, env, shell) for state in states]
    keys = [memo.key(job.template, job.context, shows_at=job.shows_at) if memo is not None else ""
            for job in jobs]
    missing = [index for index, key in enumerate(keys) if memo is None or not memo.has(key)]
    for template in sorted({jobs[index].template for index in missing}):
        env.get_template(template)
    for index in missing:
        markdown.to_html(states[index].incident.body)
        for update in states[index].newest_first:
            markdown.to_html(update.message)
    rendered = run_jobs([jobs[index].render for index in missing])
    to_render = set(missing)
    for index, (job, key) in enumerate(zip(jobs, keys, strict=True)):
        page = next(rendered) if index in to_render else None
        if page is None and memo is not None:
            page = memo.get(key)
            if page is not None:
                yield key, page
                continue
        if page is None:  # its cache file went away since ``has``
            page = job.render()
        if memo is not None:
            memo.put(key, page)
        yield key, page


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


def history_pages(snap: Snapshot, env: jinja2.Environment, shell: ShellContext) -> dict[str, PageJob]:
    """``history/`` and ``history/page/N/``: past incidents by month, newest first,
    as jobs (path -> job): the build puts each through the page cache by its key."""
    t = localizer(env)
    return _paginated(
        env, shell, snap.history, snap, url_of=urls.history, title=t.gettext("Incident history"),
        section="history", feeds=_site_feeds(t, snap.config.name), extra={},
        template="statuspress/history.html",
    )


def component_pages(snap: Snapshot, env: jinja2.Environment, shell: ShellContext) -> dict[str, PageJob]:
    """``components/<id>/``: a component's status, uptime and the first page of its
    history; ``page/N/``: the rest of its history only, as jobs (path -> job). Only
    the first page shows what moves with the clock (today's bar), so a rebuild an
    hour or an edit later renders again the first page of each component, not all
    74 pages of a long one."""
    files: dict[str, PageJob] = {}
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
            extra={"component": component, "month_level": 3},
            first={"state": states[component.id], "uptime": snap.uptime[component.id]},
        ))
    return files


def _paginated(
    env: jinja2.Environment, shell: ShellContext, pages: Sequence[HistoryPage], snap: Snapshot, *,
    url_of: Any, title: str, section: str, feeds: tuple[FeedLink, ...], template: str,
    extra: dict[str, Any], first: dict[str, Any] | None = None,
) -> dict[str, PageJob]:
    """The jobs of every page of a paginated list (always at least the first page),
    each handed ``extra``, the first one ``first`` too. The history and component
    templates show the as-of time only through the views."""
    files: dict[str, PageJob] = {}
    t = localizer(env)
    count = max(len(pages), 1)
    for number in range(1, count + 1):
        only_first = (first or {}) if number == 1 else {}
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
        files[urls.file_of(page.url)] = page_job(
            env, template, shell, page, shows_at=False,
            config=snap.config, history=history, number=number, count=count, at=snap.at,
            header_icon=snap.status.overall.indicator, **extra, **only_first,
        )
    return files
