"""A whole site as loaded: ``Site``, the content files of a folder, normalisation.

``statuspress.content.load_site`` builds a ``Site``; it lives above the checks because
it runs them, while this module stays below them.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem
from statuspress.model.values import IMPACT_TO_STATUS, ComponentStatus
from statuspress.problems import Problem


@dataclass
class Site:
    """Everything a build or a report needs: config, content and problems."""

    config: SiteConfig
    root: Path
    incidents: tuple[Incident, ...]
    postmortems: tuple[Postmortem, ...]
    problems: list[Problem] = field(default_factory=list)
    #: Display path -> the SHA-256 of the content file's bytes (what the page cache
    #: keys a document on); empty for a site not loaded from files.
    digests: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def incidents_by_id(self) -> dict[str, Incident]:
        return {incident.id: incident for incident in self.incidents}

    @cached_property
    def postmortems_by_id(self) -> dict[str, Postmortem]:
        return {postmortem.id: postmortem for postmortem in self.postmortems}

    @cached_property
    def postmortems_by_incident(self) -> dict[str, list[Postmortem]]:
        """Incident id -> the postmortems that cover it."""
        index: dict[str, list[Postmortem]] = {}
        for postmortem in self.postmortems:
            for incident_id in postmortem.incidents:
                index.setdefault(incident_id, []).append(postmortem)
        return index

    @property
    def has_errors(self) -> bool:
        return any(p.level == "error" for p in self.problems)


#: What a content file is called, said once for every message that needs it.
CONTENT_FILE_RULE = (
    "statuspress reads the files ending in `.md` (lowercase) under the content folders, "
    "except README.md and names that start with `.` or `_`"
)


def is_content_name(name: str) -> bool:
    """Whether a file called ``name`` inside a content folder is loaded (the
    pre-commit hook's pattern in ``init`` says the same)."""
    return name.endswith(".md") and name.lower() != "readme.md" and not name.startswith((".", "_"))


def content_files(folder: Path) -> list[Path]:
    """The content files under ``folder``, in a stable order; symbolic links
    included (``load_site`` refuses those that leave the site's folder)."""
    return [Path(path) for path, _link in content_entries(folder).files]


class Listing(NamedTuple):
    """What ``content_entries`` finds under a content folder."""

    #: Each content file's path in text, and whether it is a symbolic link.
    files: list[tuple[str, bool]]
    #: The symbolic links to folders, not descended into: their files are not loaded.
    linked_folders: list[str]


def content_entries(folder: Path) -> Listing:
    """``content_files`` as paths in text, with whether each is a symbolic link, as
    the folder's listing says without a ``stat`` (only links need ``refused_links``'
    check), and the linked folders it does not descend into. Text, not ``Path``: a
    serve rebuild lists 12,000 files, and making a ``Path`` of each, then its text
    again, took 75 ms of it."""
    if not folder.is_dir():
        return Listing([], [])
    # Directory entries rather than ``rglob``: they answer is_file without a ``stat``
    # each, and linked folders are not descended into (as ``os.walk`` does not, which
    # lists every folder a second time). A ``mkdocs serve`` rebuild lists 12,000
    # files; ``rglob`` took a second of it.
    found: list[tuple[tuple[str, ...], str, bool]] = []
    linked: list[str] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(os.fspath(folder), ())]
    while pending:
        dirpath, parts = pending.pop()
        try:
            with os.scandir(dirpath) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, (*parts, entry.name)))
                    elif is_content_name(entry.name) and ((link := entry.is_symlink()) or entry.is_file()):
                        found.append(((*parts, entry.name), entry.path, link))
                    elif entry.is_symlink() and entry.is_dir():  # (a stat for links only)
                        linked.append(entry.path)
        except OSError:
            continue  # a folder that cannot be listed, as ``os.walk`` skips it
    found.sort(key=lambda item: item[0])  # the order of sorted Paths: part by part
    return Listing([(path, link) for _, path, link in found], sorted(linked))


def linked_folder_problem(path: str, display: str, root: Path) -> Problem:
    """A warning for a symbolic link to a folder inside a content folder: its files
    are not loaded, and a reader of the status page would never know. Linking each
    file works only for a folder inside the site (a link out of it is refused)."""
    try:
        inside = Path(path).resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        inside = False
    fix = "move them into the content folder, or link each file" if inside else (
        "it points outside the site's folder, so copy its files into the content folder")
    return Problem(
        display, 1, "warning",
        f"is a symbolic link to a folder, which statuspress does not follow: the files in it are not loaded; {fix}",
        "symlink",
    )


def refused_links(entries: Iterable[tuple[str, bool]], root: Path) -> dict[str, Problem]:
    """Path -> why it is not read, for the symbolic links among ``entries`` (path,
    whether it is a link) that are not followed:

    * a link whose target is outside ``root`` or missing: such a file is never read,
      so no part of it can be published or quoted in a message;
    * a link to a file loaded already, as a content file of its own or through an
      earlier link: the same document would be published twice, under two ids.

    (The listing does not descend into linked folders; a linked content folder is
    checked once, by ``content._folder_problem``.)"""
    entries = list(entries)
    display = display_paths(root)
    inside_root = root.resolve()
    folders: dict[str, str] = {}  # a file's folder -> that folder's real path

    def real(path: str) -> str:
        folder, name = os.path.split(path)
        found = folders.get(folder)
        if found is None:
            found = folders[folder] = os.path.realpath(folder)
        return os.path.join(found, name)

    loaded = {real(path) for path, link in entries if not link}
    refused: dict[str, Problem] = {}
    for path, link in entries:
        if not link:
            continue
        try:
            target = Path(path).resolve(strict=True)
            inside = target.is_relative_to(inside_root) and target.is_file()
        except (OSError, RuntimeError):  # a dangling link, or a loop of links
            inside = False
        if not inside:
            refused[path] = Problem(
                display(path), 1, "error",
                "is a symbolic link to a file outside the site's folder (or to nothing); statuspress does "
                "not follow such links: replace the link with the file itself", "symlink",
            )
        elif str(target) in loaded:
            refused[path] = Problem(
                display(path), 1, "error",
                f"is a symbolic link to `{display(str(target))}`, which statuspress loads already: the same "
                "document would be published twice, under two ids; remove the link", "symlink",
            )
        else:
            loaded.add(str(target))
    return refused


def display_path(path: Path | str, root: Path) -> str:
    """``path`` as problems show it: relative to the site root when inside it."""
    return display_paths(root)(str(path))


def display_paths(root: Path) -> Callable[[str], str]:
    """``display_path`` under ``root`` for paths in text, the root's part worked out
    once (12,000 times a rebuild)."""
    prefix = os.path.join(str(root), "")

    def display(text: str) -> str:
        if prefix != os.sep and text.startswith(prefix):  # (``relative_to`` is slow for 12,000 paths)
            return text[len(prefix):].replace(os.sep, "/")
        try:
            return Path(text).relative_to(root).as_posix()
        except ValueError:
            return Path(text).as_posix()

    return display


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees everything).

    Loading creates hundreds of thousands of small, acyclic containers (parsed YAML,
    models) that all stay alive; each automatic collection walks the ever larger heap
    again. At 10,000 incidents that was a quarter of the load time (benchmarks/README.md).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def normalise(incident: Incident, config: SiteConfig) -> Incident:
    """Fill what the file may leave out: the impact (from the severity) and each
    affected component's status (from the impact, for a list of components). A
    notice affects nothing and is returned as it is."""
    if incident.is_notice:
        return incident
    impact = incident.impact
    if impact is None:
        severity = config.severity(incident.severity)
        impact = severity.impact if severity is not None else "none"
    implied: ComponentStatus = "under_maintenance" if incident.is_maintenance else IMPACT_TO_STATUS[impact]
    affected = {cid: (status or implied) for cid, status in incident.components.items()}
    if impact == incident.impact and affected == incident.affected:
        return incident
    return replace(incident, affected=affected, implied_impact=impact)


def only_paths(problems: Iterable[Problem], displays: set[str]) -> list[Problem]:
    """The problems of the given files (for ``statuspress validate PATHS``)."""
    return [p for p in problems if p.path in displays]
