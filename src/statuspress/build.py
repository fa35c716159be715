"""A whole site's outputs: every page, feed, JSON document and asset.

``build_outputs`` is the one call an engine makes once the content is loaded: it
puts every file of the site, as bytes, into the mapping the engine hands it (a
``dict`` by default; the MkDocs plugin's ``outputdir.OutputFolder`` writes each into
``site_dir`` as it comes) and returns the entries to add to the search index.
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

import functools
import hashlib
import html
import json
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any, Protocol, TypeVar, runtime_checkable

import jinja2

from statuspress import __version__
from statuspress.buildkeys import Fingerprints, digest_text
from statuspress.load import Site
from statuspress.model import Incident
from statuspress.render import pages, urls
from statuspress.render.archive import archive_outputs, internal_shell
from statuspress.render.badge import badges
from statuspress.render.calendar import maintenance_calendar
from statuspress.render.embed import embed_outputs, embed_status
from statuspress.render.feeds import history_feeds
from statuspress.render.i18n import Localizer
from statuspress.render.markdown import to_text
from statuspress.render.site import CSS_PATH, JS_PATH, ShellContext
from statuspress.render.statuspage import statuspage_api
from statuspress.render.templating import is_template, localizer
from statuspress.views.incident_state import incident_state
from statuspress.views.knowledge import knowledge_base
from statuspress.views.snapshot import IncidentState, Snapshot, snapshot
from statuspress.views.uptime import ComponentUptime

__all__ = [
    "Outputs", "PageCache", "RenderStats", "SearchEntry", "ShellContext", "asset_files",
    "build_outputs", "search_entries", "templates_fingerprint",
]


_V = TypeVar("_V")


@dataclass(frozen=True)
class SearchEntry:
    """One document for the search index. ``title`` and ``text`` are HTML-escaped
    plain text, as Material's own index holds them."""

    location: str
    title: str
    text: str


@dataclass
class Outputs:
    """Every generated file (site-relative path -> bytes) and the search entries.

    ``files`` is the mapping ``build_outputs`` was given (``outputdir.OutputFolder``
    writes each file as it comes), else a ``dict`` holding every file."""

    files: MutableMapping[str, bytes]
    search: list[SearchEntry]
    #: Pages that are not for search engines (the embeds): left out of the sitemap.
    unlisted: frozenset[str] = frozenset()


@dataclass
class RenderStats:
    """What the last build did: incident pages (and all pages) rendered anew or reused."""

    rendered: int = 0
    reused: int = 0
    rendered_ids: list[str] = field(default_factory=list)
    #: Every page through the cache: status, incident, history and component pages.
    pages_rendered: int = 0
    pages_reused: int = 0
    #: Search entries made anew (the others came from the cache).
    search_made: int = 0


class _Kept(dict[str, _V]):
    """Values kept across builds under their key, with the keys this build used: a
    build forgets the rest when it finishes."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[str] = set()

    def take(self, key: str) -> _V | None:
        """The value under ``key``, marked as used."""
        found = self.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def keep(self, key: str, value: _V) -> None:
        """Remember ``value`` under ``key``, marked as used."""
        self[key] = value
        self.used.add(key)

    def forget_unused(self) -> list[_V]:
        """Drop what this build did not use (returned); the next build starts counting
        anew."""
        dropped = [self.pop(stale) for stale in set(self) - self.used]
        self.used.clear()
        return dropped


class PageCache:
    """Rendered pages, kept across builds by the engine (``mkdocs serve``) under the
    digest of everything they show (``statuspress.buildkeys``): the template, the
    page shell, the views handed to the template. The as-of time is part of the key
    only of a page that shows it (the status page); the others change with it only
    through their views, and an incident's view is only recomputed when it depends
    on the time (open incidents, updates or windows still in the future).

    It also keeps, per incident, the view (``IncidentState``) and the search entry of
    incidents that no longer depend on the time, so that a rebuild recomputes neither.
    """

    def __init__(self) -> None:
        self._pages: _Kept[bytes] = _Kept()
        #: Incident digest -> its state, for incidents whose state cannot change.
        #: With each state, the digests of it and of its parts (``_Keys.state_of``).
        self.states: _Kept[tuple[IncidentState, dict[int, str]]] = _Kept()
        #: The digests of every cached state and of its parts, by id: ``Fingerprints``
        #: looks them up here (the states keep those objects alive while cached).
        self.state_tokens: dict[int, str] = {}
        #: Search-entry key -> entry.
        self.search: _Kept[SearchEntry] = _Kept()
        #: In memory only (``mkdocs serve``): what an incident page's key is made from,
        #: when the incident no longer depends on the time -> that key. A rebuild then
        #: neither builds the page's context nor digests it (``_incident_files``).
        self.page_keys: _Kept[str] = _Kept()
        self.stats = RenderStats()

    def get(self, key: str) -> bytes | None:
        """The cached page under ``key``, if any."""
        return self._pages.take(key)

    def has(self, key: str) -> bool:
        """Whether a page is cached under ``key``."""
        return key in self._pages

    def put(self, key: str, page: bytes) -> None:
        """Remember a freshly rendered page."""
        self._pages.keep(key, page)

    def file_of(self, key: str) -> str | None:
        """A file holding exactly the page just got or put under ``key``, which the
        output folder may link instead of writing; None here (pages in memory)."""
        return None

    def use(self, key: str) -> None:
        """Keep the page under ``key`` without reading it: its file in ``site_dir`` is
        in place already (``outputdir.OutputFolder.put_keyed``)."""
        if key in self._pages:
            self._pages.used.add(key)

    def state(self, key: str) -> tuple[IncidentState, dict[int, str]] | None:
        """The state cached under ``key``, with the digests of its parts by id."""
        return self.states.take(key)

    def put_state(self, key: str, state: IncidentState, tokens: dict[int, str]) -> None:
        """Remember the state of an incident that no longer depends on the time, and
        the digests of it and its parts (``tokens``, by the id of each: the state
        keeps them alive)."""
        self.states.keep(key, (state, tokens))
        self.state_tokens.update(tokens)

    def search_entry(self, key: str) -> SearchEntry | None:
        """The search entry cached under ``key``."""
        return self.search.take(key)

    def put_search_entry(self, key: str, entry: SearchEntry) -> None:
        """Remember a search entry."""
        self.search.keep(key, entry)

    def release(self) -> None:
        """Let go of what is held in memory (a build that is the process's last one:
        its states would otherwise outlive the snapshot through MkDocs' own work)."""
        self._pages, self.states, self.search, self.page_keys = _Kept(), _Kept(), _Kept(), _Kept()
        self.state_tokens = {}

    def finish(self) -> None:
        """After a build: forget what it did not use (older versions of pages,
        incidents that were edited or deleted)."""
        for kept in (self._pages, self.search, self.page_keys):
            kept.forget_unused()
        for _state, tokens in self.states.forget_unused():
            # Gone with its state: the ids may be reused by any object from now on.
            for part, token in tokens.items():
                if self.state_tokens.get(part) == token:
                    del self.state_tokens[part]


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


def overrides_templates(env: jinja2.Environment) -> bool:
    """Whether the site overrides any statuspress template (its ``custom_dir``)."""
    loader = env.loader
    if not isinstance(loader, jinja2.ChoiceLoader) or len(loader.loaders) < 2:
        return False
    return any(is_template(name) for name in loader.loaders[0].list_templates())


def _depends_on_time(incident: Incident, at: datetime) -> bool:
    """True when what is shown of the incident changes with the as-of time: open
    incidents (their duration grows, a maintenance moves through its phases) and
    anything with an update, a start, an end or a window still to come (a notice's
    ``ends`` too: it stops being shown then)."""
    return incident.is_open or incident.latest_time > at


class _Memo:
    """The ``PageMemo`` of one build: pages from ``cache`` under ``base`` (templates,
    language, code) + the digest of their context."""

    def __init__(self, cache: PageCache, keys: Fingerprints, base: str, shell: ShellContext, *,
                 at_always: bool) -> None:
        self.cache = cache
        self.keys = keys
        self.base = base
        #: The page shell every page of the build is handed.
        self.shell = shell
        #: Site overrides may show the as-of time anywhere: then it keys every page.
        self.at_always = at_always
        self.reused = 0
        self.rendered = 0

    def key(self, template: str, context: Mapping[str, Any], *, shows_at: bool) -> str:
        """The page's key: its template and everything it is handed, under ``base``."""
        keyed = context if shows_at or self.at_always else {k: v for k, v in context.items() if k != "at"}
        return digest_text(self.base + self.keys.context(template, keyed))

    def has(self, key: str) -> bool:
        """Whether the cache has a page under ``key``."""
        return self.cache.has(key)

    def get(self, key: str) -> bytes | None:
        """The cached page under ``key``, counted as reused."""
        page = self.cache.get(key)
        if page is not None:
            self.reused += 1
        return page

    def put(self, key: str, page: bytes) -> None:
        """Keep a page rendered in this build."""
        self.cache.put(key, page)
        self.rendered += 1


class _Keys:
    """The digests of one build's content, and its cached incident states.

    ``shown_only``: the package's own templates render every page, so values are
    keyed on what those show of them: not an incident state's as-of time (only its
    consequences are shown), and an uptime bar by its texts (``remember_uptime``).
    Site overrides may show anything: then every field counts."""

    def __init__(self, site: Site, cache: PageCache | None, *, shown_only: bool) -> None:
        self.site = site
        self.cache = cache
        self.shown_only = shown_only
        self.fingerprints = Fingerprints(
            unshown={IncidentState: frozenset({"at"})} if shown_only else None,
            carried=cache.state_tokens if cache is not None else None,
        )
        config = digest_text(site.config.model_dump_json())
        self.config = config
        documents = [(i, i.src.path) for i in site.incidents] + [(p, p.src.path) for p in site.postmortems]
        for doc, path in documents:
            found = site.digests.get(path)
            if found is not None:
                # A document is its file's bytes read under this config.
                self.fingerprints.remember(doc, f"doc:{path}:{found}:{config}")
        #: Incident id -> digest of its state when the state cannot change with time.
        self.fixed: dict[str, str] = {}

    def state_of(self, incident: Incident, at: datetime) -> IncidentState:
        """``incident_state``, from the cache for an unchanged incident that no longer
        depends on the time."""
        if self.cache is None or _depends_on_time(incident, at):
            return incident_state(incident, at)
        key = self.fingerprints.of(incident)
        found = self.cache.state(key)
        if found is None:
            # (A cached state may hold an earlier but equal copy of the incident: the
            # same file bytes under the same config.)
            state = incident_state(incident, at)
            self.cache.put_state(key, state, _state_tokens(state, key))
        else:
            state = found[0]
        # Its digests and its parts' are the cache's (``PageCache.state_tokens``): made
        # once per state, not once per build, nor copied into each build's memo.
        self.fixed[incident.id] = key
        return state

    def remember_uptime(self, uptimes: Iterable[ComponentUptime], t: Localizer) -> None:
        """Key each component's uptime bar on what ``uptime_bar`` shows: rounded
        percentages, outage durations and titles, colours. Today's bar counts the
        minutes up to the as-of time, so its figures move with every build while the
        bar, as rounded for readers, stays the same (an hourly rebuild with nothing
        changed then reuses the component pages)."""
        if not self.shown_only:
            return
        token = self.fingerprints.of
        for uptime in uptimes:
            days = [
                (day.day.isoformat(), bool(day.tracked), None if day.uptime is None else t.format_uptime(day.uptime),
                 day.level, [(o.status, t.format_duration(o.end - o.start), o.incident.title) for o in day.outages],
                 [(o.status, o.incident.title) for o in day.touched])
                for day in uptime.days
            ]
            shown = [token(uptime.component), t.format_uptime(uptime.uptime), days]
            self.fingerprints.remember(uptime, "uptime:" + digest_text(json.dumps(shown)))


def _state_tokens(state: IncidentState, key: str) -> dict[int, str]:
    """The digests of ``state`` and of its parts that templates are handed on their
    own, by id: equal for every as-of time from now on, digested by its incident."""
    tokens = {id(state): "state:" + key, id(state.incident): key}
    for name, items in (("u", state.updates), ("s", state.steps), ("p", state.spans)):
        if items:  # (the empty tuple is one object, shared by every state)
            tokens[id(items)] = f"{name}:{key}"
        for number, item in enumerate(items):
            tokens[id(item)] = f"{name}{number}:{key}"
    return tokens


@runtime_checkable
class KeyedFiles(Protocol):
    """A files mapping that can skip a file already in place under the same key
    (``outputdir.OutputFolder.put_keyed``)."""

    def put_keyed(
        self, path: str, key: str, content: bytes | Callable[[], bytes],
        source: Callable[[], str | None] | None = None,
    ) -> None:
        """Put ``content`` (or what it returns) at ``path`` unless the file there was
        made under ``key``; link the file ``source`` names instead, if it can."""
        ...


def _incident_files(
    snap: Snapshot, env: jinja2.Environment, shell: ShellContext, memo: _Memo | None, stats: RenderStats,
    keys: _Keys, files: MutableMapping[str, bytes],
) -> None:
    # One page at a time: the caller's mapping may write each to disk and keep none.
    # The pages no earlier build kept are the bulk of a cold build: rendered on every
    # core when there are enough of them (pool.py).
    keyed = files if isinstance(files, KeyedFiles) else None
    # An incident that no longer depends on the time, seen by an earlier build in
    # this process: its page key follows from its state's key and what the page
    # takes from elsewhere (``_page_key_inputs``), without its context.
    inputs = _page_key_inputs(snap, keys, memo)
    known = {sid: memo.cache.page_keys.take(found) for sid, found in inputs.items()
             if found is not None and memo is not None}
    pending = [state for state in snap.incidents if known.get(state.id) is None]
    rendered = pages.incident_pages(snap, pending, env, shell, memo)
    done = memo.rendered if memo is not None else 0
    for state in snap.incidents:
        sid = state.id
        path = urls.file_of(urls.incident(sid))
        key = known.get(sid)
        if key is not None and memo is not None:
            memo.reused += 1
            stats.reused += 1
            if keyed is not None:
                _put_cached(keyed, memo, path, key, functools.partial(_cached_page, memo, key, snap, state, env, shell))
            else:
                memo.cache.use(key)
                files[path] = _cached_page(memo, key, snap, state, env, shell)
            continue
        key, page = next(rendered)
        if memo is None or memo.rendered > done:
            stats.rendered += 1
            stats.rendered_ids.append(sid)
        else:
            stats.reused += 1
        done = memo.rendered if memo is not None else 0
        found = inputs[sid]
        if memo is not None and found is not None:
            memo.cache.page_keys.keep(found, key)
        if keyed is not None and memo is not None:
            _put_cached(keyed, memo, path, key, page)
        else:
            files[path] = page


def _put_cached(keyed: KeyedFiles, memo: _Memo, path: str, key: str, content: bytes | Callable[[], bytes]) -> None:
    """Put the page kept under ``key`` at ``path`` (``content``: its bytes, or how to
    get them): it stays in the page cache even when the file in place is not read,
    and is linked from the cache's file where it can be."""
    memo.cache.use(key)
    keyed.put_keyed(path, key, content, functools.partial(memo.cache.file_of, key))


def _put_pages(jobs: Mapping[str, pages.PageJob], memo: _Memo | None, files: MutableMapping[str, bytes]) -> None:
    """Put each job's page at its path, through the page cache: by key, so that a
    page already in place under its key is neither read back nor digested (a serve
    rebuild's 1,400 history and component pages at 10,000), and one the cache holds
    is linked from its file rather than written again."""
    keyed = files if isinstance(files, KeyedFiles) else None
    for path, job in jobs.items():
        if memo is None:
            files[path] = job.render()
            continue
        key = job.key(memo)
        if keyed is None:
            files[path] = job.run_keyed(memo, key)
        else:
            _put_cached(keyed, memo, path, key, functools.partial(job.run_keyed, memo, key))


def _page_key_inputs(snap: Snapshot, keys: _Keys, memo: _Memo | None) -> dict[str, str | None]:
    """Incident id -> for an incident whose state cannot change any more: a digest of
    everything its page is made from (``pages._incident_job``): the state (its
    incident with it), the duration shown, its postmortems, the overall status in the
    header, the shell and, through the memo's base, the templates, language and
    config. None when the page must be keyed from its context: a state that moves
    with the time, or site overrides (they may show anything, the as-of time too)."""
    if memo is None or memo.at_always:
        return {state.id: None for state in snap.incidents}
    token = keys.fingerprints.of
    # What every incident page takes from elsewhere: the same all build long.
    common = "\0".join(["page", memo.base, token(memo.shell), snap.status.overall.indicator, str(snap.internal)])
    found: dict[str, str | None] = {}
    for state in snap.incidents:
        sid = state.id
        fixed = keys.fixed.get(sid)
        start = state.start
        started = start is not None and start <= snap.at
        if fixed is None or (started and state.end is None and not state.incident.is_notice):
            found[sid] = None  # (the second: its page shows the time since it started)
            continue
        # The duration ``_incident_job`` shows is the state's, once it has started.
        parts = [common, fixed, str(started), *(token(pm) for pm in snap.postmortems[sid])]
        if snap.internal:
            parts.append(token(snap.times[sid]))
        found[sid] = digest_text("\0".join(parts))
    return found


def _cached_page(
    memo: _Memo, key: str, snap: Snapshot, state: IncidentState, env: jinja2.Environment, shell: ShellContext,
) -> bytes:
    """The page kept under ``key``; rendered again if its cache file went away."""
    page = memo.cache.get(key)
    return page if page is not None else pages.incident_page(snap, state, env, shell, memo)


def asset_files() -> dict[str, bytes]:
    """statuspress's own stylesheet and script, as shipped in the package."""
    folder = resources.files("statuspress") / "assets"
    return {
        CSS_PATH: (folder / "statuspress.css").read_bytes(),
        JS_PATH: (folder / "statuspress.js").read_bytes(),
    }


def search_entries(
    snap: Snapshot, cache: PageCache | None = None, keys: _Keys | None = None, stats: RenderStats | None = None,
) -> list[SearchEntry]:
    """One search entry per incident and maintenance: its title, then its public
    description, the updates posted by the as-of time and its public postmortem, as
    plain text. Nothing internal, in either audience. ``cache`` keeps the entries of
    incidents that no longer depend on the time; ``stats`` counts those made anew."""
    entries = []
    for state in snap.incidents:
        key = None
        if cache is not None and keys is not None and state.id in keys.fixed:
            shown = [keys.fingerprints.of(pm) for pm in snap.postmortems[state.id]]
            key = digest_text("\0".join(["search", keys.fixed[state.id], *shown]))
            found = cache.search_entry(key)
            if found is not None:
                entries.append(found)
                continue
        entry = _search_entry(snap, state)
        if stats is not None:
            stats.search_made += 1
        if cache is not None and key is not None:
            cache.put_search_entry(key, entry)
        entries.append(entry)
    return entries


def _search_entry(snap: Snapshot, state: IncidentState) -> SearchEntry:
    incident = state.incident
    texts = [to_text(incident.body)]
    texts += [to_text(update.message) for update in state.newest_first]
    for postmortem in snap.postmortems[incident.id]:
        if postmortem.is_public:
            texts += [postmortem.title, to_text(postmortem.body)]
    text = " ".join(t for t in texts if t)
    return SearchEntry(
        location=urls.incident(incident.id),
        title=html.escape(incident.title, quote=False),
        text=html.escape(text, quote=False),
    )


def build_outputs(
    site: Site,
    at: datetime,
    env: jinja2.Environment,
    *,
    shell: ShellContext,
    cache: PageCache | None = None,
    files: MutableMapping[str, bytes] | None = None,
) -> Outputs:
    """Every file of the site for ``site`` as of ``at``.

    ``env`` comes from ``statuspress.render.templating.make_environment`` (with the
    site's overrides); ``cache`` keeps incident pages across builds. Files go into
    ``files`` as they are rendered (an ``outputdir.OutputFolder`` writes them to disk
    and keeps none in memory); without it, into a new ``dict``.
    """
    files = {} if files is None else files
    internal = site.config.audience == "internal"
    if internal:
        # Every page of the internal build gets the knowledge base's tabs.
        shell = internal_shell(shell)
    # The as-of time is applied once, here: every renderer formats this snapshot and
    # none of them asks a view again, so no two outputs can disagree.
    overridden = cache is not None and overrides_templates(env)
    keys = _Keys(site, cache, shown_only=not overridden)
    snap = snapshot(site, at, state_of=keys.state_of)
    memo = None
    if cache is not None:
        keys.remember_uptime(snap.uptime.values(), localizer(env))
        base = digest_text("\0".join([
            templates_fingerprint(env), str(env.globals.get("lang")), keys.config, __version__,
        ]))
        memo = _Memo(cache, keys.fingerprints, base, shell, at_always=overridden)
    stats = RenderStats()
    files.update(pages.status_page(snap, env, shell, memo))
    _incident_files(snap, env, shell, memo, stats, keys, files)
    _put_pages(pages.history_pages(snap, env, shell), memo, files)
    _put_pages(pages.component_pages(snap, env, shell), memo, files)
    files.update(history_feeds(snap, env))
    files.update(statuspage_api(snap))
    files.update(badges(snap, env))
    files.update(maintenance_calendar(snap, localizer(env)))
    embeds = embed_outputs(embed_status(snap), env)
    files.update(embeds)
    files.update(asset_files())
    search = search_entries(snap, cache, keys, stats)
    if cache is not None and memo is not None:
        stats.pages_rendered, stats.pages_reused = memo.rendered, memo.reused
        cache.stats = stats
        cache.finish()
    if internal:
        # The postmortem knowledge base (issue 4): never rendered for the public build.
        knowledge = archive_outputs(site, knowledge_base(site, snap), env, shell, files)
        search += [SearchEntry(*doc) for doc in knowledge.search]
    return Outputs(files=files, search=search, unlisted=frozenset(embeds))
