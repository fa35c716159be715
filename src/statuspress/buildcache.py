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

import hashlib
import json
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from statuspress.build import PageCache, SearchEntry

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
        #: Key -> the name of its file and the file's path, as plain strings: the
        #: status, incident, history and component pages (some 11,000) ask twice each.
        self._names: dict[str, tuple[str, str]] = {}
        self._root = os.fspath(folder)
        #: Serving: ``search.json`` is written by ``flush`` (when the server stops),
        #: not after every rebuild (10,000 entries dumped again after each edit).
        self.defer_search = False

    def _file(self, key: str) -> tuple[str, str]:
        found = self._names.get(key)
        if found is None:
            name = hashlib.sha256((self._code + key).encode("ascii")).hexdigest() + ".html"
            found = self._names[key] = (name, os.path.join(self._root, name))
        return found

    def get(self, key: str) -> bytes | None:
        """The page in the cache folder (or in memory, when the folder could not be
        written). A file whose bytes do not match the digest it starts with (cut
        short, edited, not a file) is no page: it is rendered again and replaced."""
        name, path = self._file(key)
        page = super().get(key)
        if page is None:
            try:
                with open(path, "rb") as handle:
                    stored = handle.read()
            except OSError:
                return None
            digest, _, page = stored.partition(b"\n")
            if digest != _digest(page):
                return None
        self._files_used.add(name)
        return page

    def use(self, key: str) -> None:
        """Keep the page's file, unread."""
        super().use(key)
        self._files_used.add(self._file(key)[0])

    def has(self, key: str) -> bool:
        """Whether the page is in memory or in the cache folder."""
        return super().has(key) or os.path.isfile(self._file(key)[1])

    def put(self, key: str, page: bytes) -> None:
        """Remember a freshly rendered page on disk (atomically, so that an
        interrupted build never leaves half a page to be reused). Not in memory as
        well: ten thousand pages held there would be 180 MiB (issue 13), and reading
        one back from the folder costs a few microseconds."""
        name, path = self._file(key)
        self._files_used.add(name)
        # Written even over an existing file: ``put`` follows a ``get`` that found it
        # unusable.
        if not _write(Path(path), _digest(page) + b"\n" + page):
            # A folder that cannot be written: `mkdocs serve` keeps the page in memory.
            super().put(key, page)

    def release(self) -> None:
        """Let go of the pages and entries held in memory; the folder keeps them."""
        super().release()
        self._search_loaded = False

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
        self._names = {}
        try:
            with os.scandir(self._root) as entries:
                for entry in entries:
                    if entry.name.endswith(".html") and entry.name not in self._files_used:
                        _remove(Path(entry.path))
        except OSError:
            pass  # no folder (yet): nothing to delete
        if not self.defer_search:
            self.flush()
        self._files_used = set()

    def flush(self) -> None:
        """Store the search entries in the folder's ``search.json`` if they changed."""
        if set(self.search) != self._search_written:
            entries = {key: [e.location, e.title, e.text] for key, e in sorted(self.search.items())}
            payload = json.dumps({"code": self._code, "entries": entries}, ensure_ascii=False)
            _write(self.folder / SEARCH_FILE, payload.encode("utf-8"))
            self._search_written = set(self.search)


def _digest(page: bytes) -> bytes:
    """The hex digest a cached page file starts with: tells a whole page from a cut or
    changed one (not a forged one: whoever can write the cache could write the
    digest too, so the cache is trusted like the repository; see the README)."""
    return hashlib.blake2b(page, digest_size=16).hexdigest().encode("ascii")


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


def _write(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` atomically; False when it cannot be written (a
    cache that cannot be written only makes the next build slower)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
            handle.write(content)
        os.replace(handle.name, path)
    except OSError:
        return False
    return True
