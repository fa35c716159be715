"""Loading a whole site: every incident and postmortem, checked, normalised.

``load_site`` is the one entry point the CLI and the MkDocs plugin share. It never
raises for bad content: every problem of the run is collected in ``Site.problems``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from statuspress.checks.crossfile import check_duplicate_ids, check_references
from statuspress.checks.document import check_incident, check_postmortem
from statuspress.checks.problems import Problem
from statuspress.load.cache import LoadCache
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem
from statuspress.model.values import IMPACT_TO_STATUS


@dataclass
class Site:
    """Everything a build or a report needs: config, content and problems."""

    config: SiteConfig
    root: Path
    incidents: tuple[Incident, ...]
    postmortems: tuple[Postmortem, ...]
    problems: list[Problem] = field(default_factory=list)

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
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if is_content_name(p.name) and (p.is_file() or p.is_symlink()))


def outside_link(path: Path, root: Path) -> Problem | None:
    """A problem when ``path`` is a symbolic link whose target is outside ``root`` or
    missing. Such a file is never read, so no part of it can be published or quoted
    in a message. (``rglob`` does not descend into linked folders; a linked content
    folder is checked once, by ``_folder_problem``.)"""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
        inside = target.is_relative_to(root.resolve()) and target.is_file()
    except (OSError, RuntimeError):  # a dangling link, or a loop of links
        inside = False
    if inside:
        return None
    return Problem(
        _display(path, root), 1, "error",
        "is a symbolic link to a file outside the site's folder (or to nothing); statuspress does "
        "not follow such links: replace the link with the file itself", "symlink",
    )


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


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


def load_site(config: SiteConfig, root: Path, *, cache: LoadCache | None = None) -> Site:
    """Load, validate and normalise all content under ``root`` (the folder of mkdocs.yml)."""
    with paused_gc():
        return _load_site(config, root, cache)


def _folder_problem(root: Path, key: str, folder: str) -> Problem | None:
    """A content folder that is a link to somewhere outside the site's folder."""
    path = root / folder
    try:
        if not path.exists() or path.resolve().is_relative_to(root.resolve()):
            return None
    except (OSError, RuntimeError):
        pass
    return Problem(
        _display(path, root), 1, "error",
        f"the content folder `{key}: {folder}` leads outside the site's folder through a symbolic "
        "link; statuspress does not follow it: keep the content inside the repository", "symlink",
    )


def _load_site(config: SiteConfig, root: Path, cache: LoadCache | None) -> Site:
    problems: list[Problem] = [
        problem for key, folder in (("incidents_dir", config.incidents_dir), ("postmortems_dir", config.postmortems_dir))
        if (problem := _folder_problem(root, key, folder)) is not None
    ]
    if problems:
        return Site(config, root, (), (), problems)
    incidents: list[Incident] = []
    postmortems: list[Postmortem] = []
    cache = cache if cache is not None else LoadCache()
    for path in content_files(root / config.incidents_dir):
        if (refused := outside_link(path, root)) is not None:
            problems.append(refused)
            continue
        incident, found = cache.read(path, _display(path, root), Incident)
        problems.extend(found)
        if incident is not None:
            more = check_incident(incident)
            problems.extend(more)
            incidents.append(incident)
    for path in content_files(root / config.postmortems_dir):
        if (refused := outside_link(path, root)) is not None:
            problems.append(refused)
            continue
        postmortem, found = cache.read(path, _display(path, root), Postmortem)
        problems.extend(found)
        if postmortem is not None:
            problems.extend(check_postmortem(postmortem, config))
            postmortems.append(postmortem)
    problems.extend(check_duplicate_ids("incident", incidents))
    problems.extend(check_duplicate_ids("postmortem", postmortems))
    problems.extend(check_references(config, incidents, postmortems))
    bad = {p.path for p in problems if p.level == "error"}
    # Content with errors stays out of the views so that one broken file cannot
    # produce a half-right page; the build fails on the errors anyway.
    usable = [normalise(i, config) for i in incidents if i.src.path not in bad]
    usable.sort(key=lambda i: i.sort_key)
    kept_pms = [p for p in postmortems if p.src.path not in bad]
    kept_pms.sort(key=lambda p: (p.date.isoformat() if p.date else "", p.id))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    return Site(config, root, tuple(usable), tuple(kept_pms), problems)


def normalise(incident: Incident, config: SiteConfig) -> Incident:
    """Fill what the file may leave out: the impact (from the severity) and each
    affected component's status (from the impact, for a list of components)."""
    impact = incident.impact
    if impact is None:
        severity = config.severity(incident.severity)
        impact = severity.impact if severity is not None else "none"
    implied = "under_maintenance" if incident.is_maintenance else IMPACT_TO_STATUS[impact]
    affected = {cid: (status or implied) for cid, status in incident.components.items()}
    if impact == incident.impact and affected == incident.affected:
        return incident
    normalised = incident.model_copy(update={"impact": impact, "affected": affected})
    normalised.source = incident.source
    return normalised


def only_paths(problems: Iterable[Problem], displays: set[str]) -> list[Problem]:
    """The problems of the given files (for ``statuspress validate PATHS``)."""
    return [p for p in problems if p.path in displays]
