"""Finding content files by id and writing files without ever leaving half of one.

A write goes to a temporary file in the same folder, then ``os.replace`` swaps it in:
an editor, a concurrent ``mkdocs serve`` or a crash sees either the old file or the
new one, never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from statuspress.errors import AuthoringError
from statuspress.load.site import content_files
from statuspress.model.config import SiteConfig
from statuspress.suggest import meant


def id_of(argument: str) -> str:
    """The id an argument names: ``2026-03-14-api`` as given, or the stem of a path
    such as ``incidents/2026-03-14-api.md`` (what shell completion produces)."""
    text = argument.strip()
    if text.endswith(".md") or "/" in text or os.sep in text:
        return Path(text).stem
    return text


def find_content(folder: Path, doc_id: str, kind: str) -> Path:
    """The one file under ``folder`` whose id is ``doc_id``.

    An unknown id is an ``AuthoringError`` that suggests the closest id; two files with
    the same id (in different subfolders) are one too, since an edit would be a guess.
    """
    files = content_files(folder)
    matches = [path for path in files if path.stem == doc_id]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        shown = ", ".join(path.as_posix() for path in matches)
        raise AuthoringError(f"{kind} id `{doc_id}` is ambiguous: {shown} have the same name; rename one")
    guess = meant(doc_id, [path.stem for path in files])
    hint = f" (did you mean {guess}?)" if guess else ""
    raise AuthoringError(f"no {kind} `{doc_id}` in {folder.name}/{hint}")


def find_incident(config: SiteConfig, root: Path, argument: str) -> Path:
    """The incident file an ``ID`` argument names (see ``id_of`` and ``find_content``)."""
    return find_content(root / config.incidents_dir, id_of(argument), "incident")


def unique_path(folder: Path, stem: str) -> Path:
    """``folder/<stem>.md``, or ``<stem>-2.md``, ``-3`` ... when the id is taken anywhere
    under ``folder`` (ids are unique across subfolders)."""
    taken = {path.stem for path in content_files(folder)}
    candidate, number = stem, 1
    while candidate in taken or (folder / f"{candidate}.md").exists():
        number += 1
        candidate = f"{stem}-{number}"
    return folder / f"{candidate}.md"


def _default_mode() -> int:
    # mkstemp creates 0600 files; a new content file gets what `open()` would give it.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, *, new: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    With ``new=True`` an existing file is never overwritten. An existing file keeps
    its permission bits.
    """
    if new and path.exists():
        raise AuthoringError(f"{path} already exists; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = _default_mode()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, mode)
        if new and path.exists():  # created by someone else meanwhile
            raise AuthoringError(f"{path} already exists; not overwriting it")
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
