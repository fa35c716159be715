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

import contextlib
import errno
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path

__all__ = ["OutputFolder", "digest", "write_new"]

#: A file system that refuses links at all: another device (a ``site_dir`` elsewhere
#: than the cache), or one with no hard links.
_CANNOT_LINK = frozenset({errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})


def digest(content: bytes) -> bytes:
    """A short digest of a file's bytes: enough to tell an unchanged file."""
    return hashlib.blake2b(content, digest_size=16).digest()


def write_new(path: str, content: bytes) -> None:
    """Write ``content`` into a new file at ``path``: a file already there is unlinked
    first, never written through, since it may be a hard link (a page in
    ``site_dir`` and its file in the page cache are one file)."""
    try:
        handle = open(path, "xb")  # noqa: SIM115  # closed below
    except FileExistsError:
        os.unlink(path)
        handle = open(path, "xb")  # noqa: SIM115
    with handle:
        handle.write(content)


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
        #: Whether files may still be linked rather than written (``put_keyed``).
        self._links = True

    def path_of(self, path: str) -> Path:
        """Where the file for a site-relative ``path`` lives."""
        return Path(self.file_of(path))

    def file_of(self, path: str) -> str:
        """``path_of`` as a string: at some 14,000 files a build, ``pathlib``'s parsing
        cost more than writing the bytes."""
        parts = path.split("/")
        if not path or path.startswith("/") or ".." in parts:
            # Our own URLs never look like this; a file outside the site would be a bug.
            raise ValueError(f"not a path inside the site: {path!r}")
        return os.path.join(self._root, path)

    def __setitem__(self, path: str, content: bytes) -> None:
        if path in self._skip:
            if path not in self.skipped:
                self.skipped.append(path)
            return
        if self._previous is not None:
            shown = digest(content)
            if self._unchanged(path, shown):
                return
        self._write(path, content)

    def put_keyed(
        self, path: str, key: str, content: bytes | Callable[[], bytes],
        source: Callable[[], str | None] | None = None,
    ) -> None:
        """Put ``content`` (or the bytes it returns), where ``key`` digests everything
        they are made from (a page cache's key): when the file already in place was
        made under the same key, ``content`` is not even called. A ``mkdocs serve`` rebuild
        then neither reads nor digests the ten thousand pages an edit did not touch.

        ``source``, asked once the bytes are known, may name a file that holds exactly
        them (the page cache's): it is linked into the folder instead of written, where
        the file system allows it."""
        if path in self._skip:
            self[path] = b""  # noted as skipped; the bytes are not needed for that
            return
        if self._previous is not None and self._unchanged(path, b"key:" + key.encode("ascii")):
            return
        page = content if isinstance(content, bytes) else content()
        if source is not None and self._links and self._link(path, source()):
            return
        self._write(path, page)

    def _unchanged(self, path: str, shown: bytes) -> bool:
        """Record ``shown`` as the digest of ``path``; whether the file in place has it."""
        assert self._previous is not None
        self.digests[path] = shown
        if self._previous.get(path) == shown and os.path.isfile(self.file_of(path)):
            self._paths[path] = None
            return True
        return False

    def _parent_of(self, target: str) -> None:
        # os calls, not pathlib: its mkdir(parents=True) retried every parent per file.
        parent = os.path.dirname(target)
        if parent not in self._dirs:
            # Its parent made already (``incidents/`` for ten thousand pages): one
            # mkdir, not makedirs' stat of every level first.
            if os.path.dirname(parent) in self._dirs:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(parent)
            else:
                os.makedirs(parent, exist_ok=True)
                # Its parents too: the next page in ``incidents/`` then takes the
                # branch above (until 2026-12-02 only the page's own folder was
                # noted, and every incident page went through makedirs).
                above = os.path.dirname(parent)
                while above.startswith(self._root) and above not in self._dirs:
                    self._dirs.add(above)
                    above = os.path.dirname(above)
            self._dirs.add(parent)

    def _write(self, path: str, content: bytes) -> None:
        target = self.file_of(path)
        self._parent_of(target)
        write_new(target, content)
        self._paths[path] = None

    def _link(self, path: str, source: str | None) -> bool:
        """Link ``source`` at ``path``; False when it cannot be (the bytes are then
        written), and no more tries where the file system cannot link at all."""
        if source is None:
            return False
        target = self.file_of(path)
        self._parent_of(target)
        try:
            try:
                os.link(source, target)
            except FileExistsError:
                os.unlink(target)
                os.link(source, target)
        except OSError as exc:
            if exc.errno in _CANNOT_LINK:
                self._links = False
            return False
        self._paths[path] = None
        return True

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
