"""Re-reading only what changed: under ``mkdocs serve`` a rebuild after one edit
should not parse the other ten thousand files again.

The cache also records the digest of each file's bytes: a document as loaded is a
function of those bytes (and of the site config), so the page cache keys pages on
them instead of on the parsed models (``statuspress.buildkeys``)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from statuspress.load.documents import D, document_from, parse_document
from statuspress.load.frontmatter import SplitError, split_document
from statuspress.load.store import StoreError, decode, decode_split, encode, encode_split
from statuspress.load.yamlmarks import YamlError, parse_yaml
from statuspress.problems import Problem

T = TypeVar("T")

#: The store's layout (``load/store.py``); another number is another layout.
_FORMAT = 1


class LoadCache:
    """Parsed documents keyed by path, size and modification time.

    With ``store`` (a file under ``.cache/statuspress/``), what the slow part of
    reading made of each file (split and YAML with line marks, ``load/store.py``) is
    also kept on disk between processes, keyed by the digest of the file's bytes (a
    checkout gives every file a new time): CI's next build only validates unchanged
    files again. ``version`` names the code that wrote it; a store written by other
    code, cut short or not in the store's format is ignored (the files are parsed).
    It is JSON read back into plain values, never objects: CI restores it from a
    cache that is not the repository.

    The store is read and written once per process (the first load); ``mkdocs
    serve``'s rebuilds after that rely on the times and sizes.
    """

    def __init__(self, store: Path | None = None, version: str = "") -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], Any, list[Problem], str]] = {}
        self.store = store
        self.version = version
        #: From the store: entry name -> [digest, split, data], until it is saved.
        self._stored: dict[str, Any] | None = None
        #: What ``save`` writes: entry name -> [digest, split, data] of the files read.
        self._records: dict[str, list[Any]] = {}
        self._store_done = store is None
        #: Documents taken from the store instead of parsed.
        self.revived = 0
        #: Display path -> the SHA-256 of the file's bytes, for the files read last.
        self.digests: dict[str, str] = {}
        #: (tag, id(document)) -> (document, what was derived from it).
        self._derived: dict[tuple[str, int], tuple[Any, Any]] = {}
        self.hits = 0
        self.misses = 0

    def _parse(self, path: Path, display: str, kind: type[D], name: str) -> tuple[D | None, list[Problem], str]:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, [Problem(display, 1, "error", f"cannot read the file: {exc.strerror}", "io")], ""
        digest = hashlib.sha256(raw).hexdigest()
        if self._store_done:
            document, problems = parse_document(raw, display, path.stem, kind)
            return document, problems, digest
        if self._stored is None:
            self._stored = self._load_store()
        record = self._stored.get(name)
        if type(record) is list and len(record) == 3 and record[0] == digest:
            try:
                split, data = decode_split(record[1]), decode(record[2])
            except (StoreError, ValueError, RecursionError):
                pass  # not what this code wrote: parsed below
            else:
                self.revived += 1
                self._records[name] = record
                document, problems = document_from(split, data, display, path.stem, kind)
                return document, problems, digest
        try:
            split = split_document(raw)
            data = parse_yaml(split.yaml_text, split.yaml_line)
        except (SplitError, YamlError):
            document, problems = parse_document(raw, display, path.stem, kind)  # its problem
            return document, problems, digest
        # (A value the store cannot hold: this file is parsed every time.)
        with contextlib.suppress(StoreError):
            self._records[name] = [digest, encode_split(split), encode(data)]
        document, problems = document_from(split, data, display, path.stem, kind)
        return document, problems, digest

    def _load_store(self) -> dict[str, Any]:
        assert self.store is not None
        try:
            stored = json.loads(self.store.read_bytes())
        except (OSError, ValueError, RecursionError):
            return {}  # none yet, unreadable or cut short: parse anew
        if (type(stored) is not dict or stored.get("format") != _FORMAT
                or stored.get("version") != self.version or type(stored.get("documents")) is not dict):
            return {}  # another version's, or not a store at all
        documents: dict[str, Any] = stored["documents"]
        return documents

    def save(self) -> None:
        """After the first load: write the store when a file was parsed anew or one
        is gone (atomically: an interrupted write leaves the previous store), then
        let go of it."""
        if self._store_done or self.store is None:
            return
        stored, records = self._stored or {}, self._records
        self._store_done, self._stored, self._records = True, None, {}
        if records.keys() == stored.keys() and all(stored[name] is records[name] for name in records):
            return
        payload = {"format": _FORMAT, "version": self.version, "documents": records}
        try:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=self.store.parent, prefix=".tmp-", delete=False
            ) as handle:
                json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(handle.name, self.store)
        except (OSError, ValueError):
            return  # a store that cannot be written only makes the next build slower

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
        document, problems, digest = self._parse(path, display, kind, f"{kind.__name__}:{path}")
        self._entries[key] = (stamp, document, problems, digest)
        if digest:
            self.digests[display] = digest
        return document, problems
