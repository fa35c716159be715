"""Loading a whole site: every incident and postmortem, read, checked, normalised.

``load_site`` is the one entry point the CLI and the MkDocs plugin share. It never
raises for bad content: every problem of the run is collected in ``Site.problems``.
It sits above both ``load`` (reading files into models) and ``checks`` (the rules
about them), so that neither of those imports the other upward.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from statuspress.checks.crossfile import check_draft_references, check_duplicate_ids, check_references
from statuspress.checks.document import check_incident, check_postmortem
from statuspress.load.cache import LoadCache
from statuspress.load.site import (
    Site,
    content_entries,
    display_path,
    display_paths,
    linked_folder_problem,
    normalise,
    paused_gc,
    refused_links,
)
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem
from statuspress.problems import Problem

__all__ = ["Site", "load_site"]


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
        display_path(path, root), 1, "error",
        f"the content folder `{key}: {folder}` leads outside the site's folder through a symbolic "
        "link; statuspress does not follow it: keep the content inside the repository", "symlink",
    )


def _load_site(config: SiteConfig, root: Path, cache: LoadCache | None) -> Site:
    folders = (("incidents_dir", config.incidents_dir), ("postmortems_dir", config.postmortems_dir))
    problems = [problem for key, folder in folders if (problem := _folder_problem(root, key, folder)) is not None]
    if problems:
        return Site(config, root, (), (), problems)
    incidents: list[Incident] = []
    postmortems: list[Postmortem] = []
    cache = cache if cache is not None else LoadCache()
    # The checks of one document and its normalisation depend on it and the config only.
    tags = {name: f"{name}:{config.model_dump_json()}" for name in ("incident", "postmortem", "normalised")}
    unreadable: set[str] = set()  # incident files already reported as unreadable
    listings = [(kind, content_entries(root / folder)) for kind, folder in ((Incident, config.incidents_dir),
                                                                             (Postmortem, config.postmortems_dir))]
    entries = [(kind, path, link) for kind, listing in listings for path, link in listing.files]
    refused = refused_links(((path, link) for _, path, link in entries), root) if any(
        link for _, _, link in entries) else {}
    problems.extend(refused.values())
    display = display_paths(root)
    problems.extend(linked_folder_problem(path, display(path), root) for _, listing in listings
                    for path in listing.linked_folders)
    listed = [(path, kind) for kind, path, _ in entries if path not in refused]
    cache.parse_ahead(listed)
    for path, kind in listed:
        if kind is Incident:
            incident, found = cache.read(path, display(path), Incident)
            problems.extend(found)
            if incident is None:
                unreadable.add(Path(path).stem)
                draft = cache.draft(path, Incident)
                if draft is not None:
                    problems.extend(check_draft_references(config, draft, found))
            else:
                problems.extend(cache.derive(tags["incident"], incident, partial(check_incident, incident)))
                incidents.append(incident)
        else:
            postmortem, found = cache.read(path, display(path), Postmortem)
            problems.extend(found)
            if postmortem is not None:
                problems.extend(cache.derive(
                    tags["postmortem"], postmortem, partial(check_postmortem, postmortem, config)))
                postmortems.append(postmortem)
    problems.extend(check_duplicate_ids("incident", incidents))
    problems.extend(check_duplicate_ids("postmortem", postmortems))
    problems.extend(check_references(config, incidents, postmortems, unreadable=unreadable))
    bad = {p.path for p in problems if p.level == "error"}
    # Content with errors stays out of the views so that one broken file cannot
    # produce a half-right page; the build fails on the errors anyway.
    usable = [cache.derive(tags["normalised"], i, partial(normalise, i, config))
              for i in incidents if i.src.path not in bad]
    cache.forget_derived(set(tags.values()))
    usable.sort(key=lambda i: i.sort_key)
    kept_pms = [p for p in postmortems if p.src.path not in bad]
    kept_pms.sort(key=lambda p: (p.date.isoformat() if p.date else "", p.id))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    paths = [i.src.path for i in usable] + [p.src.path for p in kept_pms]
    digests = {path: cache.digests[path] for path in paths if path in cache.digests}
    return Site(config, root, tuple(usable), tuple(kept_pms), problems, digests)
