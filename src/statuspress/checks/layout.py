"""Where the folders of a site may be, relative to each other.

MkDocs empties ``site_dir`` before each build and renders every Markdown file under
``docs_dir`` as a public page. A content folder that is, or is inside, one of them
would be deleted or published (internal postmortems included), so these rules run
before anything is built.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from statuspress.checks.problems import Problem
from statuspress.model.config import SiteConfig


def content_folders(root: Path, config: SiteConfig) -> dict[str, Path]:
    """The content folders by their option name, as absolute paths."""
    return {
        "incidents_dir": _absolute(root / config.incidents_dir),
        "postmortems_dir": _absolute(root / config.postmortems_dir),
    }


def content_folder_test(root: Path, config: SiteConfig) -> Callable[[str], bool]:
    """A test of whether a file path lies in a content folder. The MkDocs adapter
    leaves such files out of MkDocs' own pages, so a content folder inside
    ``docs_dir`` publishes only what statuspress renders for the audience, never the
    raw files (internal postmortems included)."""
    prefixes: set[str] = set()
    for folder in (config.incidents_dir, config.postmortems_dir):
        prefixes.add(os.path.abspath(root / folder) + os.sep)
        prefixes.add(str(_absolute(root / folder)) + os.sep)
    ordered = tuple(prefixes)
    return lambda path: os.path.abspath(path).startswith(ordered)


def layout_problems(
    root: Path, config: SiteConfig, display: str, *,
    docs_dir: Path | None = None, site_dirs: Iterable[Path] = (), lines: dict[str, int] | None = None,
) -> list[Problem]:
    """The ways the folders of a site collide: a ``site_dir`` that is, contains or is
    inside a content folder (MkDocs would delete the content, or a build would load
    its own output); a ``docs_dir`` that is or is inside a content folder; one
    content folder inside the other."""
    lines = lines or {}
    folders = content_folders(root, config)
    problems: list[Problem] = []

    def refuse(key: str, message: str) -> None:
        problems.append(Problem(display, lines.get(key, lines.get("plugins", 1)), "error", message, "layout"))

    shown = {key: getattr(config, key) for key in folders}
    for site_dir in site_dirs:
        site = _absolute(site_dir)
        for key, folder in folders.items():
            relation = _relation(site, folder)
            if relation is not None:
                refuse("site_dir", (
                    f"`site_dir` ({_shown(site, root)}) {relation} the content folder `{key}: {shown[key]}`; "
                    "every build empties site_dir, which would delete the content: "
                    "build into another folder, such as `site`"
                ))
    if docs_dir is not None:
        docs = _absolute(docs_dir)
        for key, folder in folders.items():
            if _within(docs, folder):
                refuse("docs_dir", (
                    f"`docs_dir` ({_shown(docs, root)}) is inside the content folder `{key}: {shown[key]}`; "
                    "its pages would be read as content files: keep the pages in a folder of their own"
                ))
    first, second = folders["incidents_dir"], folders["postmortems_dir"]
    relation = _relation(first, second)
    if relation is not None:
        refuse("plugins", (
            f"plugins.statuspress: `incidents_dir: {config.incidents_dir}` {relation} "
            f"`postmortems_dir: {config.postmortems_dir}`; each kind of content needs a folder of its own"
        ))
    return problems


def _relation(site: Path, folder: Path) -> str | None:
    if site == folder:
        return "is"
    if _within(folder, site):
        return "contains"
    if _within(site, folder):
        return "is inside"
    return None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(_absolute(root)).as_posix() or "."
    except ValueError:
        return path.as_posix()
