"""Re-reading only what changed: under ``mkdocs serve`` a rebuild after one edit
should not parse the other ten thousand files again.

The cache also records the digest of each file's bytes: a document as loaded is a
function of those bytes (and of the site config), so the page cache keys pages on
them instead of on the parsed models (``statuspress.buildkeys``)."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from statuspress.load.documents import D, parse_document
from statuspress.problems import Problem

T = TypeVar("T")


def _read(path: Path, display: str, kind: type[D]) -> tuple[D | None, list[Problem], str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, "error", f"cannot read the file: {exc.strerror}", "io")], ""
    document, problems = parse_document(raw, display, path.stem, kind)
    return document, problems, hashlib.sha256(raw).hexdigest()


class LoadCache:
    """Parsed documents keyed by path, size and modification time.

    With ``store`` (a file under ``.cache/statuspress/``), the documents are also kept
    on disk between processes, keyed by the digest of each file's bytes (a checkout
    gives every file a new time): CI's next build parses only the files that changed.
    ``version`` names the code that parsed them; a store written by other code is
    ignored. The store is a pickle: it is read only from the site's own cache folder.
    """

    def __init__(self, store: Path | None = None, version: str = "") -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], Any, list[Problem], str]] = {}
        self.store = store
        self.version = version
        #: From the store: key -> (digest, document, problems), and what was derived.
        self._stored: dict[tuple[str, str], tuple[str, Any, list[Problem]]] | None = None
        #: Entry key -> [(tag, value)] derived from its document (``derive``).
        self._stored_derived: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        self._changed = False
        #: Documents taken from the store instead of parsed.
        self.revived = 0
        #: Display path -> the SHA-256 of the file's bytes, for the files read last.
        self.digests: dict[str, str] = {}
        #: (tag, id(document)) -> (document, what was derived from it).
        self._derived: dict[tuple[str, int], tuple[Any, Any]] = {}
        self.hits = 0
        self.misses = 0

    def _revive(
        self, path: Path, display: str, kind: type[D], key: tuple[str, str]
    ) -> tuple[D | None, list[Problem], str]:
        if self.store is None:
            return _read(path, display, kind)
        if self._stored is None:
            self._load_store()
        assert self._stored is not None
        try:
            raw = path.read_bytes()
        except OSError:
            return _read(path, display, kind)
        digest = hashlib.sha256(raw).hexdigest()
        stored = self._stored.get(key)
        if stored is not None and stored[0] == digest:
            self.revived += 1
            document, problems = stored[1], stored[2]
            for tag, value in self._stored_derived.get(key, ()):
                self._derived[(tag, id(document))] = (document, value)
            return document, problems, digest
        self._changed = True
        document, problems = parse_document(raw, display, path.stem, kind)
        return document, problems, digest

    def _load_store(self) -> None:
        self._stored = {}
        assert self.store is not None
        stored: dict[tuple[str, str], tuple[str, Any, list[Problem]]] = {}
        derived: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        try:
            with self.store.open("rb") as handle:
                if pickle.load(handle) != {"version": self.version}:
                    return
                while (record := pickle.load(handle)) is not None:
                    key, digest, document, problems, made = record
                    stored[key] = (digest, document, problems)
                    derived[key] = made
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, KeyError,
                TypeError, ValueError):
            return  # unreadable, cut short or stale: parse anew
        self._stored, self._stored_derived = stored, derived

    def save(self) -> None:
        """Write the store when a document was parsed anew or one is gone (atomically:
        an interrupted write leaves the previous store)."""
        if self.store is None or self._stored is None:
            return
        entries = {key: (e[3], e[1], e[2]) for key, e in self._entries.items() if e[3]}
        if not self._changed and entries.keys() == self._stored.keys():
            return
        keys = {id(e[1]): key for key, e in self._entries.items()}
        derived: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        for (tag, of), entry in self._derived.items():
            if of in keys:
                derived.setdefault(keys[of], []).append((tag, entry[1]))
        try:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.store.parent, prefix=".tmp-", delete=False) as handle:
                # One record at a time: pickling the whole cache at once holds a memo of
                # every object in it (140 MiB more at 12,000 documents).
                pickle.dump({"version": self.version}, handle, protocol=pickle.HIGHEST_PROTOCOL)
                for key, (digest, document, problems) in entries.items():
                    record = (key, digest, document, problems, derived.get(key, []))
                    pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(None, handle)
            os.replace(handle.name, self.store)
        except OSError:
            return  # a store that cannot be written only makes the next build slower
        self._stored, self._stored_derived, self._changed = entries, derived, False

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

    def read(self, path: Path, display: str, kind: type[D]) -> tuple[D | None, list[Problem]]:
        """Like ``read_document``, from the cache when the file has not changed."""
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (-1, -1)
        key = (str(path), kind.__name__)
        entry = self._entries.get(key)
        if entry is not None and entry[0] == stamp and stamp != (-1, -1):
            self.hits += 1
            if entry[3]:
                self.digests[display] = entry[3]
            return entry[1], entry[2]
        self.misses += 1
        document, problems, digest = self._revive(path, display, kind, key)
        self._entries[key] = (stamp, document, problems, digest)
        if digest:
            self.digests[display] = digest
        return document, problems
