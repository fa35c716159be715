"""A whole site's outputs, in memory: every page, feed, JSON document and asset.

``build_outputs`` is the one call an engine makes once the content is loaded: it
returns every file of the site as bytes (the engine decides where they go; the MkDocs
plugin adds them as generated files) and the entries to add to the search index.
It knows nothing of MkDocs; ``ShellContext`` carries what the page shell needs from
the engine.

Incident pages are the bulk of a site (one per incident, ten thousand on a long
history), so they can be kept across builds in a ``PageCache``: under ``mkdocs
serve`` a rebuild after one edit re-renders only the page whose inputs changed.

The internal build (``audience: internal``) is the public one plus internal blocks on
the incident pages; the postmortem archive (issue 4) is one more renderer call in
``build_outputs``, gated on the audience like the internal blocks.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources

import jinja2

from statuspress.load import Site
from statuspress.model import Incident
from statuspress.render import pages, urls
from statuspress.render.archive import archive_outputs, internal_shell
from statuspress.render.badge import badges
from statuspress.render.calendar import maintenance_calendar
from statuspress.render.embed import embed_outputs, embed_status
from statuspress.render.feeds import history_feeds
from statuspress.render.markdown import to_text
from statuspress.render.site import CSS_PATH, JS_PATH, ShellContext
from statuspress.render.statuspage import statuspage_api
from statuspress.render.templating import is_template, localizer
from statuspress.views.knowledge import knowledge_base
from statuspress.views.snapshot import IncidentState, Snapshot, snapshot

__all__ = [
    "Outputs", "PageCache", "RenderStats", "SearchEntry", "ShellContext", "asset_files",
    "build_outputs", "search_entries", "templates_fingerprint",
]


@dataclass(frozen=True)
class SearchEntry:
    """One document for the search index. ``title`` and ``text`` are HTML-escaped
    plain text, as Material's own index holds them."""

    location: str
    title: str
    text: str


@dataclass
class Outputs:
    """Every generated file (site-relative path -> bytes) and the search entries."""

    files: dict[str, bytes]
    search: list[SearchEntry]
    #: Pages that are not for search engines (the embeds): left out of the sitemap.
    unlisted: frozenset[str] = frozenset()


@dataclass
class RenderStats:
    """What the last build did with incident pages: rendered anew or reused."""

    rendered: int = 0
    reused: int = 0
    rendered_ids: list[str] = field(default_factory=list)


class PageCache:
    """Rendered incident pages, kept across builds by the engine (``mkdocs serve``).

    A page is reused when its key is unchanged: the incident as loaded (front-matter,
    body, normalised components), the postmortems shown on it, and a fingerprint of
    the templates, site config and page shell. Pages whose content depends on the
    as-of time (open incidents, updates or windows still in the future) are never
    reused.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, bytes]] = {}
        self.stats = RenderStats()

    def get(self, incident_id: str, key: str) -> bytes | None:
        """The cached page for this incident if its key is unchanged."""
        entry = self._pages.get(incident_id)
        return entry[1] if entry is not None and entry[0] == key else None

    def put(self, incident_id: str, key: str, page: bytes) -> None:
        """Remember a freshly rendered page."""
        self._pages[incident_id] = (key, page)

    def keep_only(self, incident_ids: set[str]) -> None:
        """Forget pages of incidents that no longer exist (a deleted or renamed file)."""
        for stale in set(self._pages) - incident_ids:
            del self._pages[stale]


def templates_fingerprint(env: jinja2.Environment) -> str:
    """A digest of every statuspress template the environment can load (site
    overrides included), so that editing a template invalidates every cached page.
    Only template files are read: nothing else in the override folder, no bytecode."""
    digest = hashlib.sha256()
    loader = env.loader
    assert loader is not None
    for name in sorted(loader.list_templates()):
        if not is_template(name):
            continue
        source, _, _ = loader.get_source(env, name)
        digest.update(name.encode("utf-8") + b"\0" + source.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _depends_on_time(incident: Incident, at: datetime) -> bool:
    """True when the page reads the as-of time: open incidents (their duration grows,
    a maintenance moves through its phases) and anything with a future update. A
    notice's page shows no duration: what changes with time (its end, its visible
    updates) is in the cache key."""
    if incident.is_notice:
        return False
    last = incident.last_update_at
    start = incident.start
    if incident.is_open:
        return True
    return (last is not None and last > at) or (start is not None and start > at) or (
        incident.resolved is not None and incident.resolved > at
    )


def _time_facts(state: IncidentState) -> list[object]:
    return [len(state.updates), state.stage, state.lifecycle, state.end]


def _incident_key(snap: Snapshot, incident: Incident, base: str) -> str:
    """The cache key of one incident page: everything the page shows, nothing else."""
    parts = {
        "base": base,
        "id": incident.id,
        "body": incident.body,
        "front": incident.front.model_dump(mode="json"),
        "affected": incident.affected,
        # What the as-of time decides about a page that is otherwise fixed.
        "state": _time_facts(snap.by_id[incident.id]),
        # The header icon shows the overall status, which other incidents change.
        "header": snap.status.overall.indicator,
        "postmortems": [
            {"id": pm.id, "body": pm.body, "front": pm.front.model_dump(mode="json")}
            for pm in snap.postmortems[incident.id]
        ],
    }
    payload = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _incident_files(
    snap: Snapshot, env: jinja2.Environment, shell: ShellContext, cache: PageCache | None
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    stats = RenderStats()
    base = ""
    if cache is not None:
        base = hashlib.sha256(
            (templates_fingerprint(env) + shell.fingerprint()
             + snap.config.model_dump_json()).encode("utf-8")
        ).hexdigest()
    at = snap.at
    # Pages to render, in the order of the site: (path, state, cache key or None).
    todo: list[tuple[str, IncidentState, str | None]] = []
    for state in snap.incidents:
        incident = state.incident
        path = urls.file_of(urls.incident(incident.id))
        files[path] = b""  # a place in the order; the page is rendered below
        if cache is None:
            todo.append((path, state, None))
            continue
        volatile = _depends_on_time(incident, at)
        key = _incident_key(snap, incident, base)
        page = None if volatile else cache.get(incident.id, key)
        if page is None:
            todo.append((path, state, key))
        else:
            stats.reused += 1
            files[path] = page
    # The bulk of a cold build: on every core when there are enough of them (render/pool.py).
    rendered = pages.incident_pages(snap, [state for _, state, _ in todo], env, shell)
    for (path, state, page_key), page in zip(todo, rendered, strict=True):
        files[path] = page
        stats.rendered += 1
        if cache is not None and page_key is not None:
            stats.rendered_ids.append(state.id)
            cache.put(state.id, page_key, page)
    if cache is not None:
        cache.keep_only({state.id for state in snap.incidents})
        cache.stats = stats
    return files


def asset_files() -> dict[str, bytes]:
    """statuspress's own stylesheet and script, as shipped in the package."""
    folder = resources.files("statuspress") / "assets"
    return {
        CSS_PATH: (folder / "statuspress.css").read_bytes(),
        JS_PATH: (folder / "statuspress.js").read_bytes(),
    }


def search_entries(snap: Snapshot) -> list[SearchEntry]:
    """One search entry per incident and maintenance: its title, then its public
    description, the updates posted by the as-of time and its public postmortem, as
    plain text. Nothing internal, in either audience."""
    entries = []
    for state in snap.incidents:
        incident = state.incident
        texts = [to_text(incident.body)]
        texts += [to_text(update.message) for update in state.newest_first]
        for postmortem in snap.postmortems[incident.id]:
            if postmortem.is_public:
                texts += [postmortem.title, to_text(postmortem.body)]
        text = " ".join(t for t in texts if t)
        entries.append(SearchEntry(
            location=urls.incident(incident.id),
            title=html.escape(incident.title, quote=False),
            text=html.escape(text, quote=False),
        ))
    return entries


def build_outputs(
    site: Site,
    at: datetime,
    env: jinja2.Environment,
    *,
    shell: ShellContext,
    cache: PageCache | None = None,
) -> Outputs:
    """Every file of the site for ``site`` as of ``at``.

    ``env`` comes from ``statuspress.render.templating.make_environment`` (with the
    site's overrides); ``cache`` keeps incident pages across builds.
    """
    files: dict[str, bytes] = {}
    internal = site.config.audience == "internal"
    if internal:
        # Every page of the internal build gets the knowledge base's tabs.
        shell = internal_shell(shell)
    # The as-of time is applied once, here: every renderer formats this snapshot and
    # none of them asks a view again, so no two outputs can disagree.
    snap = snapshot(site, at)
    files.update(pages.status_page(snap, env, shell))
    files.update(_incident_files(snap, env, shell, cache))
    files.update(pages.history_pages(snap, env, shell))
    files.update(pages.component_pages(snap, env, shell))
    files.update(history_feeds(snap, env))
    files.update(statuspage_api(snap))
    files.update(badges(snap, env))
    files.update(maintenance_calendar(snap, localizer(env)))
    embeds = embed_outputs(embed_status(snap), env)
    files.update(embeds)
    files.update(asset_files())
    search = search_entries(snap)
    if internal:
        # The postmortem knowledge base (issue 4): never rendered for the public build.
        knowledge = archive_outputs(site, knowledge_base(site, snap), env, shell)
        files.update(knowledge.files)
        search += [SearchEntry(*doc) for doc in knowledge.search]
    return Outputs(files=files, search=search, unlisted=frozenset(embeds))
