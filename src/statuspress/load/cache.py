"""Re-reading only what changed: under ``mkdocs serve`` a rebuild after one edit
should not parse the other ten thousand files again.

The cache also records the digest of each file's bytes: a document as loaded is a
function of those bytes (and of the site config), so the page cache keys pages on
them instead of on the parsed models (``statuspress.buildkeys``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from statuspress.load.documents import parse_document
from statuspress.problems import Problem

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def _read(path: Path, display: str, model: type[M]) -> tuple[M | None, list[Problem], str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, "error", f"cannot read the file: {exc.strerror}", "io")], ""
    document, problems = parse_document(raw, display, path.stem, model)
    return document, problems, hashlib.sha256(raw).hexdigest()


class LoadCache:
    """Parsed documents keyed by path, size and modification time."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], Any, list[Problem], str]] = {}
        #: Display path -> the SHA-256 of the file's bytes, for the files read last.
        self.digests: dict[str, str] = {}
        #: (tag, id(document)) -> (document, what was derived from it).
        self._derived: dict[tuple[str, int], tuple[Any, Any]] = {}
        self.hits = 0
        self.misses = 0

    def derive(self, tag: str, document: Any, compute: Callable[[], T]) -> T:
        """``compute()``, a pure function of ``document`` (as returned by ``read``) and
        of what ``tag`` names (the site config), remembered while the document is:
        the checks and the normalisation of an unchanged file are not run again."""
        key = (tag, id(document))
        entry = self._derived.get(key)
        if entry is not None and entry[0] is document:
            return entry[1]  # type: ignore[no-any-return]
        value = compute()
        self._derived[key] = (document, value)
        return value

    def forget_derived(self, keep: set[str]) -> None:
        """Drop what was derived under tags other than ``keep`` or from documents the
        cache no longer holds."""
        alive = {id(entry[1]) for entry in self._entries.values()}
        self._derived = {k: v for k, v in self._derived.items() if k[0] in keep and k[1] in alive}

    def read(self, path: Path, display: str, model: type[M]) -> tuple[M | None, list[Problem]]:
        """Like ``read_document``, from the cache when the file has not changed."""
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (-1, -1)
        key = (str(path), model.__name__)
        entry = self._entries.get(key)
        if entry is not None and entry[0] == stamp and stamp != (-1, -1):
            self.hits += 1
            if entry[3]:
                self.digests[display] = entry[3]
            return entry[1], entry[2]
        self.misses += 1
        document, problems, digest = _read(path, display, model)
        self._entries[key] = (stamp, document, problems, digest)
        if digest:
            self.digests[display] = digest
        return document, problems
