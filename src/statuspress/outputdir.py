"""Generated files written to their folder as they are rendered, not held in memory.

``build_outputs`` puts every file it renders into a ``MutableMapping[str, bytes]``
(site-relative path -> bytes). A plain ``dict`` keeps them all, which is what tests
and small callers want; at 10,000 incidents and 2,000 postmortems that is 310 MiB of
pages held until the engine writes them. ``OutputFolder`` is the same mapping
backed by a folder: each page is written the moment it is rendered and only its path
is kept, so memory no longer grows with the number of pages. The MkDocs plugin hands
it ``site_dir`` and tells MkDocs where each file already is.

Under ``mkdocs serve`` the last build's files are back in ``site_dir``
(``servedir.KeptOutputs``) when the build starts: given their digests, a file whose
bytes did not change is not written again, only its digest is kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path

__all__ = ["OutputFolder", "digest"]


def digest(content: bytes) -> bytes:
    """A short digest of a file's bytes: enough to tell an unchanged file."""
    return hashlib.blake2b(content, digest_size=16).digest()


class OutputFolder(MutableMapping[str, bytes]):
    """Site-relative path -> bytes, stored as files under ``folder``.

    Paths in ``skip`` are not written (another file owns them, say a docs page at one
    of our paths); they are remembered in ``skipped``, in the order they came, so
    that the engine can say which of ours it left out. Reading a path reads the file
    back; iterating lists the paths written, in the order they were first written.

    With ``previous`` (path -> ``digest`` of the bytes already in ``folder``), a file
    whose bytes are unchanged is left as it is; ``digests`` then holds every file's.
    """

    def __init__(
        self, folder: Path, *, skip: Iterable[str] = (), previous: Mapping[str, bytes] | None = None
    ) -> None:
        self.folder = folder
        self._root = os.fspath(folder)
        self._skip = frozenset(skip)
        self._previous = previous
        #: Path -> digest of its bytes, kept only when ``previous`` is given.
        self.digests: dict[str, bytes] = {}
        self.skipped: list[str] = []
        #: Written paths in order (a dict: ordered, and a fast membership test).
        self._paths: dict[str, None] = {}
        self._dirs: set[str] = set()

    def _target(self, path: str) -> str:
        # Plain strings and os calls: at 14,000 files a build, pathlib's parsing and
        # its mkdir(parents=True) retries cost more than writing the bytes.
        parts = path.split("/")
        if not path or path.startswith("/") or ".." in parts:
            # Our own URLs never look like this; a file outside the site would be a bug.
            raise ValueError(f"not a path inside the site: {path!r}")
        return os.path.join(self._root, path)

    def path_of(self, path: str) -> Path:
        """Where the file for a site-relative ``path`` lives."""
        return Path(self._target(path))

    def __setitem__(self, path: str, content: bytes) -> None:
        if path in self._skip:
            if path not in self.skipped:
                self.skipped.append(path)
            return
        target = self._target(path)
        if self._previous is not None:
            shown = digest(content)
            self.digests[path] = shown
            if self._previous.get(path) == shown and os.path.isfile(target):
                self._paths[path] = None
                return
        parent = os.path.dirname(target)
        if parent not in self._dirs:
            os.makedirs(parent, exist_ok=True)
            self._dirs.add(parent)
        with open(target, "wb") as handle:
            handle.write(content)
        self._paths[path] = None

    def __getitem__(self, path: str) -> bytes:
        if path not in self._paths:
            raise KeyError(path)
        return self.path_of(path).read_bytes()

    def __delitem__(self, path: str) -> None:
        if path not in self._paths:
            raise KeyError(path)
        del self._paths[path]
        self.digests.pop(path, None)
        self.path_of(path).unlink(missing_ok=True)

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
