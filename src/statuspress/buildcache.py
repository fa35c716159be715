"""Rendered incident pages kept on disk between builds: ``.cache/statuspress/``.

``build.PageCache`` keeps incident pages in memory across ``mkdocs serve`` rebuilds.
``DiskPageCache`` also keeps them in files named by the hash of everything a page
shows (``build._incident_key``: the incident, the postmortems on its page, the
templates, the site config and page shell) and of statuspress's own code, so that
the next ``statuspress build`` (CI's hourly rebuild, with the folder restored by
``actions/cache``) renders again only the pages whose inputs changed, and the pages
that depend on the as-of time, which are never reused. A page read from the cache is
the bytes a cold build would render.

Each audience has its own folder; after a build, the files it did not use are
deleted, so the cache holds one site's pages and no more.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

from statuspress.build import PageCache

#: Relative to the folder of ``mkdocs.yml``.
CACHE_DIR = Path(".cache") / "statuspress"


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
    """A ``PageCache`` whose pages live in ``folder`` (one file per page)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._code = code_fingerprint()
        self._used: set[str] = set()

    def _path(self, key: str) -> Path:
        name = hashlib.sha256((self._code + key).encode("ascii")).hexdigest()
        return self.folder / f"{name}.html"

    def get(self, incident_id: str, key: str) -> bytes | None:
        """The page in the cache folder (or in memory, when the folder could not be
        written), if its key is unchanged."""
        path = self._path(key)
        page = super().get(incident_id, key)
        if page is None:
            try:
                page = path.read_bytes()
            except OSError:
                return None
        self._used.add(path.name)
        return page

    def put(self, incident_id: str, key: str, page: bytes) -> None:
        """Remember a freshly rendered page on disk (atomically, so that an
        interrupted build never leaves half a page to be reused). Not in memory as
        well: ten thousand pages held there would be 180 MiB (issue 13), and reading
        one back from the folder costs a few microseconds."""
        path = self._path(key)
        self._used.add(path.name)
        if path.is_file():
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".tmp-", delete=False) as handle:
                handle.write(page)
            os.replace(handle.name, path)
        except OSError:
            # A folder that cannot be written: `mkdocs serve` keeps the page in memory.
            super().put(incident_id, key, page)

    def keep_only(self, incident_ids: set[str]) -> None:
        """After a build: forget deleted incidents, and delete the files this build
        did not use (older versions of pages, incidents gone)."""
        super().keep_only(incident_ids)
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self._used:
                    path.unlink(missing_ok=True)
        self._used = set()
