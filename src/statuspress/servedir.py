"""The generated files of the last build, kept in ``site_dir`` across ``mkdocs serve``
rebuilds.

Without ``--dirty``, MkDocs empties ``site_dir`` before every build and writes every
file again: at ten thousand incidents that is more time than the rebuild itself.
It spares entries whose name starts with a dot. So before it cleans, the folders and
files that only statuspress writes are moved into such an entry (a rename each, not
a copy), moved back after, and only the files whose bytes changed are written
(``outputdir.OutputFolder``, given the digests kept here); the files of pages that no
longer exist are deleted. The served folder then holds
exactly what a clean build writes.

Nothing here knows about MkDocs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["KeptOutputs"]

#: Hidden, so that MkDocs' cleaning leaves it alone.
ASIDE = ".statuspress-kept"


class KeptOutputs:
    """What the last build wrote into one ``site_dir``, and the parts of it set aside."""

    def __init__(self) -> None:
        self.site_dir: Path | None = None
        #: Site-relative path -> the digest of the bytes the last build wrote there.
        self.written: dict[str, bytes] = {}
        #: Top-level entries that only statuspress writes (moved as a whole).
        self.own: set[str] = set()
        self._aside: list[str] = []

    def forget(self) -> None:
        """After a failed build: nothing is known to be in place."""
        self.written = {}
        self.own = set()
        self._aside = []

    def set_aside(self, site_dir: Path) -> None:
        """Before MkDocs cleans ``site_dir``: move our own entries out of its way."""
        aside = site_dir / ASIDE
        if aside.exists():  # left by a build that failed half-way
            shutil.rmtree(aside, ignore_errors=True)
        if site_dir != self.site_dir:
            self.site_dir = site_dir
            self.forget()
        self._aside = []
        for name in sorted(self.own):
            source = site_dir / name
            if source.exists() or source.is_symlink():
                aside.mkdir(exist_ok=True)
                os.replace(source, aside / name)
                self._aside.append(name)

    def restore(self, site_dir: Path) -> None:
        """After MkDocs cleaned ``site_dir``: put our entries back."""
        aside = site_dir / ASIDE
        if site_dir != self.site_dir or not aside.is_dir():
            self.forget()
            shutil.rmtree(aside, ignore_errors=True)
            return
        for name in self._aside:
            target = site_dir / name
            if not target.exists():
                os.replace(aside / name, target)
        shutil.rmtree(aside, ignore_errors=True)
        # What was restored is in place; anything else must be written again.
        restored = set(self._aside)
        self.written = {p: c for p, c in self.written.items() if p.split("/", 1)[0] in restored}

    def record(self, site_dir: Path, files: Mapping[str, bytes], shared: Iterable[str]) -> None:
        """The generated files of this build (path -> digest of its bytes), and the
        top-level names other files use (those are never moved). Deletes the kept
        files this build no longer has."""
        self.site_dir = site_dir
        for stale in set(self.written) - set(files):
            path = site_dir / stale
            path.unlink(missing_ok=True)
            _remove_empty_parents(path.parent, site_dir)
        self.written = dict(files)
        taken = set(shared)
        self.own = {path.split("/", 1)[0] for path in files} - taken


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
