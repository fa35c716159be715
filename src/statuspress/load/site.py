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
from statuspress.load.documents import read_document
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


def content_files(folder: Path) -> list[Path]:
    """The ``.md`` files under ``folder``, in a stable order (README.md excluded)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*.md")
        if p.is_file() and p.name.lower() != "readme.md" and not p.name.startswith((".", "_"))
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


def _load_site(config: SiteConfig, root: Path, cache: LoadCache | None) -> Site:
    problems: list[Problem] = []
    incidents: list[Incident] = []
    postmortems: list[Postmortem] = []
    cache = cache if cache is not None else LoadCache()
    unreadable: set[str] = set()  # incident files already reported as unreadable
    for path in content_files(root / config.incidents_dir):
        incident, found = cache.read(path, _display(path, root), Incident)
        problems.extend(found)
        if incident is None:
            unreadable.add(path.stem)
        else:
            more = check_incident(incident)
            problems.extend(more)
            incidents.append(incident)
    for path in content_files(root / config.postmortems_dir):
        postmortem, found = cache.read(path, _display(path, root), Postmortem)
        problems.extend(found)
        if postmortem is not None:
            problems.extend(check_postmortem(postmortem, config))
            postmortems.append(postmortem)
    problems.extend(check_duplicate_ids("incident", incidents))
    problems.extend(check_duplicate_ids("postmortem", postmortems))
    problems.extend(check_references(config, incidents, postmortems, unreadable=unreadable))
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
