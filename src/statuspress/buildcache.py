"""Rendered incident pages kept on disk between builds: ``.cache/statuspress/``.

``build.PageCache`` keeps pages in memory across ``mkdocs serve`` rebuilds.
``DiskPageCache`` also keeps them in files named by the digest of everything a page
shows (``statuspress.buildkeys``: the template and what it is handed, the site config
and page shell) and of statuspress's own code, so that the next ``statuspress
build`` (CI's hourly rebuild, with the folder restored by ``actions/cache``) renders
again only the pages whose inputs or as-of-dependent content changed. A page read
from the cache is the bytes a cold build would render.

Each audience has its own folder; after a build, the files it did not use are
deleted, so the cache holds one site's pages and no more.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from importlib import resources
from pathlib import Path

from statuspress.build import PageCache, SearchEntry
from statuspress.outputdir import write_new

#: Relative to the folder of ``mkdocs.yml``; CI restores it with ``actions/cache``,
#: so it holds data only (pages, JSON), nothing that is ever executed.
CACHE_DIR = Path(".cache") / "statuspress"
#: Jinja's compiled templates: marshalled Python code, run when loaded, so never in
#: ``CACHE_DIR``: a cache restored from elsewhere could hold any code with a valid
#: header and checksum (those are derived from public sources). Kept for local builds.
BYTECODE_DIR = Path(".cache") / "statuspress-bytecode"
#: The search entries of incidents that no longer depend on the time, in the folder.
SEARCH_FILE = "search.json"


def code_fingerprint() -> str:
    """A digest of statuspress's own modules and templates: a new version (or a
    local edit) renders every page anew."""
    digest = hashlib.sha256()
    package = Path(str(resources.files("statuspress")))
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".xml", ".txt", ".css", ".js", ".svg", ".json", ".mo"):
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class DiskPageCache(PageCache):
    """A ``PageCache`` whose pages live in ``folder`` (one file per page), with the
    search entries in one file beside them."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._code = code_fingerprint()
        self._files_used: set[str] = set()
        self._search_loaded = False
        self._search_written: set[str] = set()
        #: Key -> the digest its file is named by: the status, incident, history and
        #: component pages (some 11,000) ask twice each.
        self._names: dict[str, str] = {}
        #: The folder's page files, listed once a build: key digest -> file name.
        self._listing: dict[str, str] | None = None
        #: The files whose bytes this build read back whole or wrote.
        self._checked: set[str] = set()
        self._root = os.fspath(folder)
        #: Serving: ``search.json`` is written by ``flush`` (when the server stops),
        #: not after every rebuild (10,000 entries dumped again after each edit).
        self.defer_search = False

    def _name(self, key: str) -> str:
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = hashlib.sha256((self._code + key).encode("ascii")).hexdigest()
        return found

    def _files(self) -> dict[str, str]:
        """The page files in the folder, by the key digest their name starts with."""
        if self._listing is None:
            self._listing = {}
            with contextlib.suppress(OSError):  # no folder yet: no pages
                for name in os.listdir(self._root):
                    if (named := _named(name)) is not None:
                        self._listing[named] = name
        return self._listing

    def get(self, key: str) -> bytes | None:
        """The page in the cache folder (or in memory, when the folder could not be
        written). A file whose bytes do not match the digest in its name (cut short,
        edited, not a file) is no page: it is rendered again and replaced."""
        page = super().get(key)
        name = self._files().get(self._name(key))
        if page is None:
            if name is None:
                return None
            try:
                with open(os.path.join(self._root, name), "rb") as handle:
                    page = handle.read()
            except OSError:
                return None
            if name[65:97] != _digest(page):
                return None
            self._checked.add(name)
        if name is not None:
            self._files_used.add(name)
        return page

    def file_of(self, key: str) -> str | None:
        """The file holding the page ``get`` or ``put`` just handed over for ``key``
        (None when it is kept in memory): the output folder links it into
        ``site_dir`` instead of writing the same bytes a second time."""
        if super().has(key):
            return None
        name = self._files().get(self._name(key))
        return os.path.join(self._root, name) if name in self._checked else None

    def use(self, key: str) -> None:
        """Keep the page's file, unread."""
        super().use(key)
        name = self._files().get(self._name(key))
        if name is not None:
            self._files_used.add(name)

    def has(self, key: str) -> bool:
        """Whether the page is in memory or in the cache folder."""
        return super().has(key) or self._name(key) in self._files()

    def put(self, key: str, page: bytes) -> None:
        """Remember a freshly rendered page on disk, in a file named by the digests of
        its key and of its bytes. Written in place, not through a temporary file and a
        rename: a page an interrupted build cut short does not match its name, so it
        is never reused, and the two calls saved per page were a tenth of a cold
        build's writing. Not in memory as well: ten thousand pages held there would
        be 180 MiB (issue 13), and reading one back from the folder costs a few
        microseconds."""
        named = self._name(key)
        files = self._files()
        name = f"{named}-{_digest(page)}.html"
        path = os.path.join(self._root, name)
        # The folder is made when the first write finds none, not before every page.
        if not (_write_new(path, page) or (_made(self._root) and _write_new(path, page))):
            # A folder that cannot be written: `mkdocs serve` keeps the page in memory.
            super().put(key, page)
            return
        old = files.get(named)
        if old is not None and old != name:
            _remove(Path(self._root, old))  # the key's page before (a `get` found it unusable)
        files[named] = name
        self._files_used.add(name)
        self._checked.add(name)

    def release(self) -> None:
        """Let go of the pages and entries held in memory; the folder keeps them."""
        self.flush()
        super().release()
        self._search_loaded = False
        # Nothing in memory is not "every entry deleted": a flush after this (MkDocs'
        # on_shutdown, which `mkdocs build` and `statuspress build` both send) left
        # search.json empty, and every later build made the 10,000 entries again.
        self._search_written = set()

    def search_entry(self, key: str) -> SearchEntry | None:
        """The search entry in memory, else from the folder's ``search.json``."""
        if not self._search_loaded:
            self._search_loaded = True
            self._load_search()
        return super().search_entry(key)

    def _load_search(self) -> None:
        try:
            stored = json.loads((self.folder / SEARCH_FILE).read_text(encoding="utf-8"))
            if stored.get("code") != self._code:
                return
            for key, (location, title, text) in stored["entries"].items():
                self.search.setdefault(key, SearchEntry(location, title, text))
        except (OSError, ValueError, KeyError, TypeError):
            return  # no file, or not one this version wrote: the entries are made anew
        self._search_written = set(self.search)

    def finish(self) -> None:
        """After a build: forget what it did not use, delete the page files it did not
        use (older versions of pages, incidents gone) and store the search entries
        (unless ``defer_search``)."""
        super().finish()
        self._checked = set()
        # What is left is the next build's listing (a serve rebuild's): the folder is
        # not listed again, nor the names of the pages still there digested again.
        listing: dict[str, str] = {}
        self._listing = None
        try:
            with os.scandir(self._root) as entries:
                for entry in entries:
                    if not entry.name.endswith(".html"):
                        continue
                    if entry.name not in self._files_used:
                        _remove(Path(entry.path))
                    elif (named := _named(entry.name)) is not None:
                        listing[named] = entry.name
            self._listing = listing
        except OSError:
            pass  # no folder (yet): nothing to delete, nothing listed
        self._names = {key: named for key, named in self._names.items() if named in listing}
        if not self.defer_search:
            self.flush()
        self._files_used = set()

    def flush(self) -> None:
        """Store the search entries in the folder's ``search.json`` if they changed."""
        if set(self.search) != self._search_written:
            entries = {key: [e.location, e.title, e.text] for key, e in sorted(self.search.items())}
            payload = json.dumps({"code": self._code, "entries": entries}, ensure_ascii=False)
            if _made(self._root):
                _write_new(os.path.join(self._root, SEARCH_FILE), payload.encode("utf-8"))
            self._search_written = set(self.search)


def _named(name: str) -> str | None:
    """The key digest a page file's name starts with; None for any other file."""
    named, dash, rest = name.partition("-")
    return named if dash and len(named) == 64 and len(rest) == 37 and rest.endswith(".html") else None


def _digest(page: bytes) -> str:
    """The hex digest in a cached page file's name: tells a whole page from a cut or
    changed one (not a forged one: whoever can write the cache could name a file
    too, so the cache is trusted like the repository; see the README)."""
    return hashlib.blake2b(page, digest_size=16).hexdigest()


def _remove(path: Path) -> None:
    """Delete a stale cache entry, whatever it is; one that cannot be deleted only
    takes room."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        return


def _made(folder: str) -> bool:
    """Make the cache folder; False when it cannot be made."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return True


def _write_new(path: str, content: bytes) -> bool:
    """Write ``content`` into a new file at ``path`` (``outputdir.write_new``: a page's
    file may be linked into a ``site_dir``); False when it cannot be written (a cache
    that cannot be written only makes the next build slower)."""
    try:
        write_new(path, content)
    except OSError:
        return False
    return True
