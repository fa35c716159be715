"""The MkDocs adapter: ``plugins: - statuspress:`` in ``mkdocs.yml``.

A thin layer over the core. It validates the options as statuspress's ``SiteConfig``,
loads and checks the content before MkDocs touches ``site_dir`` (a build with invalid
content fails with the ``path:line: error:`` lines of ``statuspress validate`` and
leaves the previous site as it was), renders every output with
``statuspress.build.build_outputs`` straight into ``site_dir`` and hands them to MkDocs
as generated files already in place, and adds the incidents to the search index.

Events, in the order MkDocs runs them:

* ``on_startup``: defined so that MkDocs keeps this instance across ``mkdocs serve``
  rebuilds (its caches make a rebuild after one edit cheap); notes whether it serves.
* ``on_config``: the as-of time, the site config and the content; errors raise
  ``PluginError`` (MkDocs cleans ``site_dir`` only after ``on_pre_build``), warnings
  are logged as MkDocs warnings so that ``--strict`` fails on them.
* ``on_pre_build`` (serving only): set the files of the last build aside so that
  MkDocs' cleaning of ``site_dir`` spares them (``statuspress.servedir``); ``on_files``
  puts them back and writes only what changed.
* ``on_files``: render and add the generated files. Collisions with the docs folder:
  the status page *is* the site root, so a docs ``index.md`` is dropped (logged); any
  other docs page at one of our paths wins over ours, with a warning, because a
  person wrote it on purpose and can rename it.
* ``on_env`` (serving only): MkDocs' theme environment, made anew on every rebuild,
  gets compiled templates kept in memory across rebuilds (``_TemplateCodeCache``).
* ``on_serve``: watch the content folders (with the platform's file events where it
  has them, ``ContentWatcher``) and the overrides.
* ``on_post_template``: add our pages to ``sitemap.xml`` (MkDocs lists only the
  Markdown pages it built itself, so without this a search engine would find the
  about page and not one incident).
* ``on_post_build``: append our search entries to ``search/search_index.json``.
* ``on_shutdown``: stop watching.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_markdown_title
from mkdocs.utils.meta import get_data
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from statuspress.build import PageCache, RenderStats, SearchEntry, build_outputs, templates_fingerprint
from statuspress.buildcache import BYTECODE_DIR, CACHE_DIR, DiskPageCache, code_fingerprint
from statuspress.checks.layout import content_folder_test, layout_problems
from statuspress.checks.problems import Problem
from statuspress.clock import as_of
from statuspress.content import load_site
from statuspress.errors import ContentError
from statuspress.load import Site
from statuspress.load.cache import LoadCache
from statuspress.load.siteconfig import config_key_lines, plugin_block, site_config_from
from statuspress.model.config import SiteConfig
from statuspress.outputdir import OutputFolder
from statuspress.pool import workers_setting
from statuspress.render.i18n import N_, Localizer
from statuspress.render.search_index import document_text, search_index_chunks
from statuspress.render.site import NavLink, PaletteOption, ShellContext
from statuspress.render.templating import fixed_fragments, make_environment, template_error
from statuspress.servedir import KeptOutputs

log = logging.getLogger("mkdocs.plugins.statuspress")

#: Material's hashed assets, found among the theme files MkDocs collected.
_ASSETS = {
    "main": re.compile(r"^assets/stylesheets/main\.[0-9a-f]+\.min\.css$"),
    "palette": re.compile(r"^assets/stylesheets/palette\.[0-9a-f]+\.min\.css$"),
    "bundle": re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"),
    "worker": re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$"),
}

#: What Material's scripts print on our pages, and the texts of its search box that
#: our shell repeats (partials/search.html): Material's own, in the site's language,
#: from its partials/languages/ (``material_translations``).
MATERIAL_KEYS = (
    "clipboard.copy", "clipboard.copied",
    "search", "search.placeholder", "search.reset", "search.result.initializer",
    "search.result.placeholder", "search.result.none", "search.result.one", "search.result.other",
    "search.result.more.one", "search.result.more.other", "search.result.term.missing",
    "select.version",
)


#: Material's palette toggle (system preference, light, dark), for a theme without a
#: palette: the status page then follows the reader's colour scheme and can be switched.
DEFAULT_PALETTE: list[dict[str, Any]] = [
    {"media": "(prefers-color-scheme)",
     "toggle": {"icon": "material/brightness-auto", "name": N_("Switch to light mode")}},
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "indigo",
     "toggle": {"icon": "material/brightness-7", "name": N_("Switch to dark mode")}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo",
     "toggle": {"icon": "material/brightness-4", "name": N_("Switch to system preference")}},
]


def palette_in(palette: Any, language: str) -> Any:
    """``theme.palette`` with the toggle names statuspress knows (``DEFAULT_PALETTE``'s,
    which sites copy) in ``language``, for Material's pages and ours alike; any other
    name stays as the site wrote it."""
    t = Localizer(language)

    def named(option: Any) -> Any:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if not isinstance(toggle, dict) or not isinstance(toggle.get("name"), str) or not toggle["name"]:
            return option
        return {**option, "toggle": {**toggle, "name": t.gettext(toggle["name"])}}

    return [named(option) for option in palette] if isinstance(palette, list) else named(palette)


def material_translations(language: str, theme_dirs: list[Path]) -> dict[str, str]:
    """Material's texts of ``MATERIAL_KEYS`` for ``language`` (``de``, ``pt-BR``), read
    from its ``partials/languages/<language>.html`` in the theme's folders (a site's
    ``custom_dir`` first, as Material reads them); English for what it lacks."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs]))
    found: dict[str, str] = {}
    for name in dict.fromkeys((language, "en")):
        try:
            module = env.get_template(f"partials/languages/{name}.html").module
        except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
            continue
        for key in MATERIAL_KEYS:
            value = str(module.t(key)).strip()  # type: ignore[attr-defined]
            if key not in found and value:
                found[key] = value
    return found


# Config.__init_subclass__ and BasePlugin.__init_subclass__ have no annotations in
# mkdocs 1.6; subclassing calls them, which strict mypy reports on the class line.
class _NoScheme(Config):  # type: ignore[no-untyped-call]
    """MkDocs validates no option itself: ``SiteConfig`` does (see ``load_config``)."""


class StatuspressPlugin(BasePlugin[_NoScheme]):  # type: ignore[no-untyped-call]
    """Builds the status site from ``incidents/`` and ``postmortems/``.

    Its options are statuspress's site configuration (``docs/format.md``), validated
    by statuspress itself rather than by a MkDocs ``config_scheme``: the content
    format has one source of truth, the ``SiteConfig`` model. What is validated is
    what MkDocs resolved (``INHERIT``, ``!ENV``, ``!relative``); the file is parsed
    again only to point errors at lines.
    """

    def __init__(self) -> None:
        self.options: dict[str, Any] = {}
        self.config_file: Path | None = None
        self.site_config: SiteConfig | None = None
        self.site: Site | None = None
        self.at: datetime | None = None
        #: Parsed content files, reused across ``mkdocs serve`` rebuilds.
        self.load_cache = LoadCache()
        #: Rendered incident pages, reused across ``mkdocs serve`` rebuilds and, from
        #: ``.cache/statuspress/``, across builds.
        self.page_cache: PageCache = PageCache()
        #: What the last build did with incident pages (rendered / reused).
        self.render_stats = RenderStats()
        self.search: list[SearchEntry] = []
        #: Serving: the JSON text of each search entry of the last build.
        self._search_json: dict[SearchEntry, str] = {}
        #: The generated files the sitemap lists (not ``Outputs.unlisted``: the embeds).
        self.generated: list[str] = []
        #: Under ``mkdocs serve``: what the last build wrote, kept across rebuilds.
        self.serving = False
        self.kept = KeptOutputs()
        #: Serving: the generated files handed to MkDocs by the last build, by path.
        self._files: dict[str, File] = {}
        #: The last sitemap in and out, with our pages added (the same on most rebuilds).
        self._sitemap: tuple[str, tuple[str, ...], str] | None = None
        #: (overrides, language), the environment, its templates' fingerprint.
        self._env: tuple[tuple[Any, ...], jinja2.Environment, str] | None = None
        #: Serving: MkDocs' theme templates, compiled once for every rebuild.
        self._theme_code = _TemplateCodeCache()
        #: Serving: the content folders watched through the platform's file events.
        self.watcher: ContentWatcher | None = None

    # ------------------------------------------------------------------ config

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """Keep the options as MkDocs resolved them; ``on_config`` validates them.

        MkDocs' own option validation would reject every key it does not know, and
        our keys are defined by ``SiteConfig``, so it gets an empty scheme."""
        self.options = dict(options)
        self.config_file = Path(config_file_path) if config_file_path else None
        return super().load_config({}, config_file_path)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance (and its caches) across rebuilds."""
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Serving: move the last build's own files out of the way of MkDocs' cleaning."""
        if self.serving:
            self.kept.set_aside(Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves ``site_dir`` in an unknown state: write everything next time."""
        gc.unfreeze()
        self.kept.forget()
        self._files = {}

    def _site_config(self, root: Path) -> SiteConfig:
        """The options MkDocs resolved, as a ``SiteConfig``; errors point at the lines
        of the file that holds the plugin block (``mkdocs.yml`` or what it inherits)."""
        options = _resolved(self.options)
        display = self.config_file.name if self.config_file is not None else "mkdocs.yml"
        block = plugin_block(self.config_file, display) if self.config_file is not None else None
        if block is None:
            return site_config_from(options, display, root=root)
        return site_config_from(options, block.display, block.marked, root=root, line=block.line)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check all content; fail before MkDocs cleans ``site_dir``."""
        try:
            self.at = as_of()
            workers_setting()  # read again as pages render; checked here, before anything is built
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        root = self.config_file.parent if self.config_file is not None else Path.cwd()
        try:
            self.site_config = self._site_config(root)
        except ContentError as exc:
            raise PluginError(_problem_lines(exc.problems)) from None
        # Rendered pages persist between builds (CI restores the folder); kept as it
        # is across `mkdocs serve` rebuilds.
        pages = root / CACHE_DIR / "pages" / self.site_config.audience
        if not isinstance(self.page_cache, DiskPageCache) or self.page_cache.folder != pages:
            if isinstance(self.page_cache, DiskPageCache):
                self.page_cache.flush()
            self.page_cache = DiskPageCache(pages)
            # Serving: the search entries are stored when the server stops (on_shutdown).
            self.page_cache.defer_search = self.serving
        store = root / CACHE_DIR / "documents.jsonl"
        if self.load_cache.store != store:
            self.load_cache = LoadCache(store, code_fingerprint())
        self._check_layout(config, root)
        self.site = load_site(self.site_config, root, cache=self.load_cache)
        self.load_cache.save()
        for problem in self.site.problems:
            if problem.level == "warning":
                log.warning(problem.format())
        if self.site.has_errors:
            raise PluginError(_problem_lines(self.site.problems))
        # What was loaded stays alive until the build ends: the cyclic collector
        # need not walk it again at each full collection (1.7 s -> 0.7 s of a
        # rebuild with nothing changed at 10,000 incidents). ``on_post_build`` and
        # ``on_build_error`` unfreeze it; the page pool freezes the heap too.
        # Serving too: a full collection in the first rebuild after the first build
        # walked the whole heap (0.76 s of it).
        gc.freeze()
        if config.theme.name == "material":
            config.theme["palette"] = palette_in(
                config.theme.get("palette") or DEFAULT_PALETTE, str(config.theme.get("language") or "en"))
        return config

    def _check_layout(self, config: MkDocsConfig, root: Path) -> None:
        """Refuse a ``site_dir``/``docs_dir`` that would delete or read the content."""
        assert self.site_config is not None
        lines = config_key_lines(self.config_file) if self.config_file is not None else {}
        problems = layout_problems(
            root, self.site_config, self.config_file.name if self.config_file else "mkdocs.yml",
            docs_dir=Path(config.docs_dir), site_dirs=[Path(config.site_dir)], lines=lines,
        )
        if problems:
            raise PluginError(_problem_lines(problems))

    # ------------------------------------------------------------------ files

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Render every output and add it to MkDocs' files."""
        assert self.site is not None and self.at is not None
        # Content folders inside docs_dir: their raw files (internal postmortems too)
        # must not become MkDocs pages; statuspress renders what the audience may see.
        is_content = content_folder_test(self.site.root, self.site.config)
        for file in [f for f in files if f.abs_src_path and is_content(f.abs_src_path)]:
            files.remove(file)
        shell = shell_context(config, files)
        env = self._environment(config, shell.language)
        taken = {file.dest_uri: file for file in files}
        home = taken.get("index.html")
        if home is not None and home.is_documentation_page():
            # The status page is the site root; the docs page would silently replace it.
            log.info(f"statuspress: {home.src_uri} is not built: the status page is the site's home page")
            files.remove(home)
            del taken["index.html"]
        # Each file is written into site_dir as it is rendered (MkDocs has cleaned it
        # by now) and MkDocs is told it is already there: holding every page until
        # MkDocs writes it was 310 MiB at 10,000 incidents (issue 13).
        # Serving: the last build's own files are back in place, and only the files
        # whose bytes changed are written again (statuspress.servedir).
        site_dir = Path(config.site_dir)
        if self.serving:
            self.kept.restore(site_dir)
        written = OutputFolder(site_dir, skip=taken, previous=self.kept.written if self.serving else None)
        try:
            outputs = build_outputs(self.site, self.at, env, shell=shell, cache=self.page_cache, files=written)
        except BaseException as exc:
            for path in list(written):  # no half-built site
                del written[path]
            if isinstance(exc, jinja2.TemplateError):
                raise PluginError(template_error(exc)) from None
            raise
        self.render_stats = self.page_cache.stats
        if not self.serving:
            # One build, then the process ends: the folder has the pages for the next.
            self.page_cache.release()
        self.search = outputs.search
        for path in written.skipped:
            log.warning(
                f"statuspress: {taken[path].src_uri} replaces the generated {path}; "
                "rename it to keep statuspress's page"
            )
        self.generated = []
        # Serving: the File objects of the last build, when MkDocs would make the same
        # again (its paths and URLs are all they hold; 14,000 made anew cost a second).
        made = self._files if self.serving else {}
        where = (config.site_dir, config.use_directory_urls)
        self._files = {}
        for path in written:
            kept = made.get(path)
            if kept is None or (kept.dest_dir, kept.use_directory_urls) != where:
                kept = _WrittenFile.generated(config, path, abs_src_path=written.file_of(path),
                                              inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(kept)
            if self.serving:
                self._files[path] = kept
            if path not in outputs.unlisted:
                self.generated.append(path)
        if self.serving:
            shared = {f.dest_uri.split("/", 1)[0] for f in files if f.dest_uri not in written}
            self.kept.record(site_dir, written.digests, shared)
        return files

    def _environment(self, config: MkDocsConfig, language: str) -> jinja2.Environment:
        """The Jinja environment, kept across ``mkdocs serve`` rebuilds while no
        template changed (its compiled templates with it); compiled templates are also
        kept under ``BYTECODE_DIR`` for the next local build."""
        overrides = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        key = (tuple(overrides), language)
        if self._env is not None and self._env[0] == key:
            env = self._env[1]
            if templates_fingerprint(env) == self._env[2]:
                # Its fixed page-shell fragments hold the last build's shell.
                fixed_fragments(env).forget()
                return env
        root = self.config_file.parent if self.config_file is not None else Path.cwd()
        env = make_environment(overrides, language=language, bytecode_dir=root / BYTECODE_DIR)
        # The environment is dropped when a template changes (the fingerprint); without
        # auto-reload Jinja stops checking the template files' times on every include.
        env.auto_reload = False
        self._env = (key, env, templates_fingerprint(env))
        return env

    # ------------------------------------------------------------------ serve

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Serving: MkDocs makes its theme's environment anew for every rebuild and
        compiled Material's 404 page and sitemap again each time (0.2 to 0.3 s at
        10,000 incidents); their compiled code is kept in memory, under the digest of
        each template's source, so an edited theme template is compiled again."""
        if self.serving and env.bytecode_cache is None:
            env.bytecode_cache = self._theme_code
        return env

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when a content file or an override template changes.

        MkDocs polls what it watches (every file's ``stat`` twice a second, so that
        Docker volumes and network mounts work). For the content folders, 12,000
        files at 10,000 incidents, that took a third of a core while idle and, in
        the server's threads, slowed every rebuild beside it; they are watched through
        the platform's file events instead (inotify, FSEvents, ...), unless
        ``STATUSPRESS_WATCH=poll`` asks for MkDocs' polling (a folder whose changes
        the system does not report: some Docker and network mounts), the platform has
        no such events, or a folder holds a symbolic link (events name the link, not
        the file it leads to; polling follows it)."""
        if self.site_config is not None and self.config_file is not None:
            root = self.config_file.parent
            folders = [str(root / folder) for folder in (self.site_config.incidents_dir,
                                                         self.site_config.postmortems_dir)
                       if (root / folder).is_dir()]
            native = [] if os.environ.get(WATCH_ENV, "").strip().lower() == "poll" else [
                folder for folder in folders if not _holds_link(folder)]
            request = _rebuild_request(server)
            if native and request is not None:
                if self.watcher is not None:
                    self.watcher.stop()
                self.watcher = ContentWatcher(request)
                if not self.watcher.start(native):
                    self.watcher = None
                    native = []
                else:
                    # MkDocs' own "Watching paths" line lists only what it polls.
                    shown = ", ".join(f"'{os.path.relpath(folder, root)}'" for folder in native)
                    log.info(f"statuspress: watching {shown} for changes through file events")
            else:
                native = []
            for folder in folders:
                if folder not in native:
                    server.watch(folder)
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server

    def on_shutdown(self) -> None:
        """The server stopped: so does the content watcher; the page cache stores the
        search entries it kept back (``DiskPageCache.defer_search``)."""
        if isinstance(self.page_cache, DiskPageCache):
            self.page_cache.flush()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    # ------------------------------------------------------------------ sitemap

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Add every generated page to ``sitemap.xml`` (MkDocs gzips what this returns)."""
        if template_name != "sitemap.xml" or not self.generated or not output_content.strip():
            return output_content
        pages = sorted((p for p in self.generated if p == "index.html" or p.endswith("/index.html")),
                       key=lambda p: (p != "index.html", p))  # the status page first
        base = config.site_url or "/"
        locations = tuple(base + page.removesuffix("index.html") for page in pages)
        if self._sitemap is None or self._sitemap[:2] != (output_content, locations):
            self._sitemap = (output_content, locations, _sitemap_with(output_content, list(locations)))
        return self._sitemap[2]

    # ------------------------------------------------------------------ search

    @event_priority(-100)  # last: after the search plugin has written search_index.json
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Append our entries to the search index the search plugin wrote."""
        gc.unfreeze()  # the build is over: a process that builds again collects it as usual
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not self.search or not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        # Written a document at a time: the internal index is 19 MB at 10,000 incidents.
        with path.open("w", encoding="utf-8") as out:
            out.writelines(search_index_chunks(index, self._search_texts()))

    def _search_texts(self) -> Iterator[str]:
        """The JSON text of each search entry. Serving, those of the entries the last
        build also had are kept: most are the same objects (the page cache keeps
        them), and encoding 10,000 again was 0.12 s of every rebuild."""
        kept, fresh = self._search_json, {}
        for entry in self.search:
            text = kept.get(entry)
            if text is None:
                # (A literal dict, not ``dataclasses.asdict``: that deep-copies each
                # field, two thirds of the time of writing 10,000 entries.)
                text = document_text({"location": entry.location, "title": entry.title, "text": entry.text})
            if self.serving:
                fresh[entry] = text
            yield text
        self._search_json = fresh


#: ``poll``: watch the content folders as MkDocs watches its own, by polling.
WATCH_ENV = "STATUSPRESS_WATCH"


class ContentWatcher:
    """The content folders watched through the platform's file events (watchdog's
    native observer): ``changed()`` is called on every change to a file in them, as
    MkDocs' own watcher reports one; nothing is polled."""

    def __init__(self, changed: Callable[[], None]) -> None:
        self.changed = changed
        self.observer: BaseObserver | None = None

    def start(self, folders: list[str]) -> bool:
        """Watch ``folders`` (recursively); False when the platform has no file events
        or they cannot be had (say, the system's inotify limits reached)."""
        if Observer is PollingObserver:
            return False
        observer = Observer()
        handler = _Changed(self.changed)
        try:
            for folder in folders:
                observer.schedule(handler, folder, recursive=True)
            observer.start()
        except OSError as exc:
            log.info(f"statuspress: watching the content folders by polling ({exc})")
            return False
        self.observer = observer
        return True

    def stop(self) -> None:
        """Stop watching."""
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None


class _Changed(FileSystemEventHandler):
    """Any change to a file (not a folder's own entry), as MkDocs' watcher counts one."""

    def __init__(self, changed: Callable[[], None]) -> None:
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type not in ("opened", "closed_no_write"):
            self.changed()


def _rebuild_request(server: LiveReloadServer) -> Callable[[], None] | None:
    """What MkDocs' own watcher does on a change: ask its build loop for a rebuild
    (MkDocs 1.6, its last 1.x release, has no public call for it); None for a
    server without that loop, which then watches the folders itself."""
    condition = getattr(server, "_rebuild_cond", None)
    if not isinstance(condition, threading.Condition) or not hasattr(server, "_want_rebuild"):
        return None

    def request() -> None:
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    return request


def _holds_link(folder: str) -> bool:
    """Whether anything under ``folder`` is a symbolic link."""
    for dirpath, dirs, names in os.walk(folder):
        if any(os.path.islink(os.path.join(dirpath, name)) for name in (*dirs, *names)):
            return True
    return False


class _TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory, across the environments of one process. Jinja
    stores each under its template's name and checks the digest of its source before
    using it: an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


class _WrittenFile(File):
    """A generated file that statuspress wrote at its place in ``site_dir`` already."""

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy (MkDocs would ``stat`` source and target of each of 14,000
        files only to find them the same), unless a plugin moved its destination."""
        if self.abs_src_path != self.abs_dest_path:
            super().copy_file(dirty)

    def is_documentation_page(self) -> bool:
        """Never: statuspress writes pages, feeds and JSON, no Markdown. (MkDocs asks
        each file at least twice a build, and its test of the name was 50 ms of a
        serve rebuild at 10,000 incidents.)"""
        return False


def _resolved(value: Any) -> Any:
    """The options with MkDocs' ``!relative`` placeholders turned into the paths they
    stand for (they resolve against the config file, which MkDocs knows by now)."""
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item) for item in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemap_with(sitemap: str, locations: list[str]) -> str:
    """``sitemap`` (MkDocs' ``sitemap.xml``) with a ``<url>`` for each location it
    does not list yet, after its own."""
    ET.register_namespace("", _SITEMAP_NS)
    root = ET.fromstring(sitemap)
    listed = {loc.text for loc in root.iter(f"{{{_SITEMAP_NS}}}loc")}
    for location in locations:
        if location not in listed:
            url = ET.SubElement(root, f"{{{_SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{_SITEMAP_NS}}}loc").text = location
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _problem_lines(problems: list[Problem]) -> str:
    """The errors as ``path:line: error: message`` lines (warnings are logged apart)."""
    return "\n".join(p.format() for p in problems if p.level == "error") or "content has problems"


# ---------------------------------------------------------------------- shell


def shell_context(config: MkDocsConfig, files: Files) -> ShellContext:
    """What our page shell takes from MkDocs and Material: assets, palette, tabs."""
    theme = config.theme
    assets: dict[str, str] = {}
    for file in files:
        for name, pattern in _ASSETS.items():
            if name not in assets and pattern.match(file.src_uri):
                assets[name] = file.src_uri
    palette = _palette(theme.get("palette"), [Path(d) for d in theme.dirs])
    stylesheets = tuple(assets[n] for n in ("main", "palette") if n in assets and (n == "main" or palette))
    search_on = any(name in config.plugins for name in ("search", "material/search"))
    font = theme.get("font")
    fonts = None
    if font is not False and "main" in assets:
        font = font if isinstance(font, dict) else {}
        fonts = (font.get("text") or "Roboto", font.get("code") or "Roboto Mono")
    features = tuple(f for f in (theme.get("features") or []) if not str(f).startswith("navigation.instant"))
    language = str(theme.get("language") or theme.locale or "en")
    return ShellContext(
        site_title=config.site_name,
        description=config.site_description or "",
        site_url=config.site_url or "",
        language=language,
        stylesheets=stylesheets,
        scripts=(assets["bundle"],) if "bundle" in assets else (),
        search_worker=assets.get("worker") if search_on else None,
        features=features,
        palette=palette,
        fonts=fonts,
        favicon=theme.get("favicon") or None,
        logo=theme.get("logo") or None,
        nav=nav_links(config, files),
        copyright=config.copyright or "",
        extra_css=tuple(str(p) for p in config.extra_css),
        extra_javascript=tuple(str(p) for p in config.extra_javascript),
        translations=material_translations(language, [Path(d) for d in theme.dirs]),
    )


def _palette(value: Any, theme_dirs: list[Path]) -> tuple[PaletteOption, ...]:
    """Material's ``theme.palette`` (a mapping or a list of schemes with toggles)."""
    if not value:
        return ()
    options = [value] if isinstance(value, dict) else list(value)
    result = []
    for option in options:
        if not isinstance(option, dict):
            continue
        toggle = option.get("toggle") or {}
        icon = _icon_svg(toggle.get("icon"), theme_dirs) if toggle else None
        result.append(PaletteOption(
            scheme=str(option.get("scheme") or "default").replace(" ", "-"),
            primary=str(option.get("primary") or "indigo").replace(" ", "-"),
            accent=str(option.get("accent") or "indigo").replace(" ", "-"),
            media=option.get("media"),
            toggle_name=toggle.get("name"),
            toggle_icon=icon,
        ))
    return tuple(result)


def _icon_svg(name: str | None, theme_dirs: list[Path]) -> str | None:
    """The SVG of a Material icon such as ``material/brightness-7``, from the theme."""
    if not name:
        return None
    for folder in theme_dirs:
        path = folder / ".icons" / f"{name}.svg"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def nav_links(config: MkDocsConfig, files: Files) -> tuple[NavLink, ...]:
    """Tabs for the site's own pages: the top level of ``nav`` when it is configured,
    else the top-level pages and folders of the docs folder (the root page excluded:
    the status page is the home page)."""
    pages = {file.src_uri: file for file in files.documentation_pages()}
    links: list[NavLink] = []
    if config.nav:
        for item in config.nav:
            title, target = (next(iter(item.items())) if isinstance(item, dict) else (None, item))
            while isinstance(target, list) and target:  # a section: its first page
                first = target[0]
                target = next(iter(first.values())) if isinstance(first, dict) else first
            if not isinstance(target, str):
                continue
            if "://" in target:
                links.append(NavLink(str(title or target), target))
            elif target in pages and pages[target].dest_uri != "index.html":
                links.append(NavLink(str(title or _page_title(pages[target])), pages[target].url))
        return tuple(links)
    seen_dirs: set[str] = set()
    for src_uri, file in pages.items():
        if file.dest_uri == "index.html":
            continue
        top, _, rest = src_uri.partition("/")
        if not rest:
            links.append(NavLink(_page_title(file), file.url))
        elif top not in seen_dirs:
            seen_dirs.add(top)
            links.append(NavLink(top.replace("-", " ").replace("_", " ").capitalize(), file.url))
    return tuple(links)


def _page_title(file: File) -> str:
    """A docs page's title as MkDocs derives it: front-matter, first heading, file name."""
    try:
        markdown, meta = get_data(file.content_string)
    except (OSError, UnicodeDecodeError):
        markdown, meta = "", {}
    title = meta.get("title") or get_markdown_title(markdown)
    if title:
        return str(title)
    name = file.name.replace("-", " ").replace("_", " ")
    return name.capitalize() if name.lower() == name else name
