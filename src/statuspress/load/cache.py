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
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import IO, Any, TypeVar

from statuspress.load.documents import D, document_from, parse_document, source_of
from statuspress.load.frontmatter import Split, SplitError, split_document
from statuspress.load.store import StoreError, decode, decode_split, encode, encode_split
from statuspress.load.yamlmarks import YamlError, parse_yaml
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem
from statuspress.model.source import Source
from statuspress.pool import pays, run_jobs
from statuspress.problems import Problem

T = TypeVar("T")

#: The store's layout (``load/store.py``); another number is another layout.
_FORMAT = 1


def _record(line: str, name: str, digest: str) -> tuple[Split, Any]:
    """The split and data stored in ``line`` for the file ``name`` with ``digest``;
    ``StoreError`` (or ``ValueError``) for anything else."""
    record = json.loads(line)
    if type(record) is not list or len(record) != 4 or record[0] != name or record[1] != digest:
        raise StoreError("not this file's record")
    return decode_split(record[2]), decode(record[3])


#: Reads the name at the start of a store line without parsing the rest.
_DECODER = json.JSONDecoder()

#: Fewer files to parse than this are parsed one by one: forking workers costs more.
#: A file's split and YAML take about 0.4 ms, reading its store line back 0.04 ms.
PARSE_AHEAD_MIN = 400


def _store_line(path: str, name: str) -> bytes:
    """In a worker: the store line (``[name, digest, split, data]``, as UTF-8) of the
    file at ``path``, or nothing when it cannot be read, parsed or stored (the build's
    own process then parses it, and reports its problem)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        split = split_document(raw)
        data = parse_yaml(split.yaml_text, split.yaml_line)
        return _store_text(name, hashlib.sha256(raw).hexdigest(), split, data).encode("utf-8")
    except (OSError, SplitError, YamlError, StoreError):
        return b""


def _store_text(name: str, digest: str, split: Split, data: Any) -> str:
    """The store's line for the file ``name`` with ``digest``, split and parsed;
    ``StoreError`` for a value the store cannot hold."""
    return json.dumps([name, digest, encode_split(split), encode(data)], ensure_ascii=False, separators=(",", ":"))


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

    The store is JSON Lines: a header, then one line per file, ``[name, digest,
    split, data]``. It is read as lines (each parsed only when its file is read) and
    written one line at a time as files are read, so that neither end holds every
    document's data at once. It is read and written once per process (the first
    load); ``mkdocs serve``'s rebuilds after that rely on the times and sizes.
    """

    def __init__(self, store: Path | None = None, version: str = "") -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], Any, list[Problem], str]] = {}
        self.store = store
        self.version = version
        #: From the store: entry name -> its line, until it is saved.
        self._stored: dict[str, str] | None = None
        #: The next store, begun once a file's line is new (``_write``); the names of
        #: the files read so far, in order (a dict: ordered, and a fast membership test).
        self._writing: IO[str] | None = None
        self._written: dict[str, None] = {}
        self._store_done = store is None
        #: Documents taken from the store instead of parsed.
        self.revived = 0
        #: Documents whose YAML a ``parse_ahead`` worker parsed.
        self.parsed_ahead = 0
        #: Display path -> the SHA-256 of the file's bytes, for the files read last.
        self.digests: dict[str, str] = {}
        #: Store lines made by ``parse_ahead``'s workers, until their file is read.
        self._ahead: dict[str, str] = {}
        #: Entry name -> the parsed front-matter of a file the model refused (``draft``).
        self._drafts: dict[str, Source] = {}
        #: (tag, id(document)) -> (document, what was derived from it).
        self._derived: dict[tuple[str, int], tuple[Any, Any]] = {}
        self.hits = 0
        self.misses = 0

    def _parse(self, path: str, display: str, kind: type[D], name: str) -> tuple[D | None, list[Problem], str]:
        stem = Path(path).stem
        self._drafts.pop(name, None)
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            return None, [Problem(display, 1, "error", f"cannot read the file: {exc.strerror}", "io")], ""
        digest = hashlib.sha256(raw).hexdigest()
        ahead = self._ahead.pop(name, None)
        line = ahead if ahead is not None else self._stored_line(name)
        if line is not None:
            try:
                split, data = _record(line, name, digest)
            except (StoreError, ValueError, RecursionError):
                pass  # the file changed since, or not what this code wrote: parsed below
            else:
                if ahead is None:
                    self.revived += 1
                else:
                    self.parsed_ahead += 1
                self._write(name, line, stored=ahead is None)
                document, problems = document_from(split, data, display, stem, kind)
                self._keep_draft(name, document, split, data, display)
                return document, problems, digest
        try:
            split = split_document(raw)
            data = parse_yaml(split.yaml_text, split.yaml_line)
        except (SplitError, YamlError):
            document, problems = parse_document(raw, display, stem, kind)  # its problem
            return document, problems, digest
        if not self._store_done:
            # (A value the store cannot hold: this file is parsed every time.)
            with contextlib.suppress(StoreError):
                self._write(name, _store_text(name, digest, split, data), stored=False)
        document, problems = document_from(split, data, display, stem, kind)
        self._keep_draft(name, document, split, data, display)
        return document, problems, digest

    def _keep_draft(self, name: str, document: object, split: Split, data: Any, display: str) -> None:
        if document is None and isinstance(data, dict):
            self._drafts[name] = source_of(split, data, display)

    def draft(self, path: Path | str, kind: type[Incident] | type[Postmortem]) -> Source | None:
        """For a file ``read`` last found invalid (the model refused it): its parsed
        front-matter with line marks, so that the checks that need the site config
        (an undeclared severity or component) still report on it, in the same run
        as the model's own problems. None for a valid file or one that did not parse."""
        return self._drafts.get(f"{kind.__name__}:{path}")

    def _stored_line(self, name: str) -> str | None:
        """The store's line for ``name`` (the store read on first use), if any."""
        if self._store_done:
            return None
        if self._stored is None:
            self._stored = self._load_store()
        return self._stored.get(name)

    def parse_ahead(self, files: list[tuple[str, type[Incident] | type[Postmortem]]]) -> None:
        """Before ``read`` is called on each of ``files``: split and parse the YAML of
        the ones neither in memory nor in the store (a cold build's 12,000) in worker
        processes (``statuspress.pool``), when there are enough of them and the pool
        pays. ``read`` then only decodes what a worker made, as it decodes a stored
        line, and validates it: the same document, byte for byte (what the store
        already guarantees), in less of the build's own time."""
        if self._stored is None and not self._store_done:
            self._stored = self._load_store()
        stored = self._stored or {}
        todo = []
        for name, kind in files:
            entry = self._entries.get((name, kind.__name__))
            if entry is None and f"{kind.__name__}:{name}" not in stored:
                todo.append((name, f"{kind.__name__}:{name}"))
        if len(todo) < PARSE_AHEAD_MIN or not pays(len(todo)):
            return
        jobs = [partial(_store_line, name, key) for name, key in todo]
        for (_, key), line in zip(todo, run_jobs(jobs), strict=True):
            if line:
                self._ahead[key] = line.decode("utf-8")

    def _load_store(self) -> dict[str, str]:
        assert self.store is not None
        lines: dict[str, str] = {}
        try:
            with self.store.open(encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                if header != {"format": _FORMAT, "version": self.version}:
                    return {}  # another version's, or not a store at all
                for line in handle:
                    name = _DECODER.raw_decode(line, 1)[0] if line.startswith('["') else None
                    if type(name) is not str:
                        return {}
                    lines[name] = line
        except (OSError, ValueError, RecursionError):
            return {}  # none yet, unreadable or not JSON Lines: parse anew
        return lines

    def _write(self, name: str, line: str, *, stored: bool) -> None:
        if self._store_done or name in self._written:
            return
        self._written[name] = None
        if stored and self._writing is None:
            # The store's own line: written out only once some line is new, so that a
            # build with nothing changed does not write 40 MB (at 10,000 incidents)
            # only to delete them.
            return
        try:
            if self._writing is None:
                self._writing = self._new_store(earlier for earlier in self._written if earlier != name)
            self._writing.write(line.rstrip("\n") + "\n")
        except OSError:
            self._store_done = True  # a store that cannot be written only makes the next build slower

    def _new_store(self, names: Iterable[str]) -> IO[str]:
        """The next store, begun in a temporary file beside it, with the stored lines
        of ``names``."""
        assert self.store is not None and self._stored is not None
        self.store.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115  # closed in ``save``
            "w", encoding="utf-8", dir=self.store.parent, prefix=".tmp-", delete=False)
        handle.write(json.dumps({"format": _FORMAT, "version": self.version}) + "\n")
        for name in names:
            handle.write(self._stored[name].rstrip("\n") + "\n")
        return handle

    def save(self) -> None:
        """After the first load: put the new store in place when a file was parsed
        anew or one is gone (atomically: an interrupted build leaves the previous
        store), then let go of it."""
        self._ahead = {}  # a file listed but gone before it was read
        if self.store is None or self._stored is None:
            return
        failed = self._store_done
        handle = self._writing
        try:
            if handle is None and not failed and self._written.keys() != self._stored.keys():
                # Every line read was the store's own, but some files are gone.
                handle = self._new_store(self._written)
        except OSError:
            failed = True
        self._store_done, self._stored, self._written, self._writing = True, None, {}, None
        if handle is None:
            return
        try:
            handle.close()
            if failed:
                os.unlink(handle.name)  # cut short: the previous store stays
            else:
                os.replace(handle.name, self.store)
        except OSError:
            return

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

    def read(self, path: Path | str, display: str, kind: type[D]) -> tuple[D | None, list[Problem]]:
        """Like ``read_document``, from the cache when the file has not changed."""
        name = str(path)
        try:
            stat = os.stat(name)
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (-1, -1)
        key = (name, kind.__name__)
        entry = self._entries.get(key)
        if entry is not None and entry[0] == stamp and stamp != (-1, -1):
            self.hits += 1
            if entry[3]:
                self.digests[display] = entry[3]
            return entry[1], entry[2]
        self.misses += 1
        document, problems, digest = self._parse(name, display, kind, f"{kind.__name__}:{name}")
        self._entries[key] = (stamp, document, problems, digest)
        if digest:
            self.digests[display] = digest
        return document, problems
