"""Re-reading only what changed: under ``mkdocs serve`` a rebuild after one edit
should not parse the other ten thousand files again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from statuspress.load.documents import D, read_document
from statuspress.problems import Problem


class LoadCache:
    """Parsed documents keyed by path, size and modification time."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], Any, list[Problem]]] = {}
        self.hits = 0
        self.misses = 0

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
            return entry[1], entry[2]
        self.misses += 1
        document, problems = read_document(path, display, kind)
        self._entries[key] = (stamp, document, problems)
        return document, problems
