"""``statuspress init``: the files of a new status site that builds at once.

The files ship as package data under ``templates/statuspress/init/``. Those ending
in ``.j2`` are rendered (site name, dates of the example incident); the others are
copied byte for byte. The GitHub workflows in ``init/github/workflows/`` are the
very files of statuspress's own repository (a test keeps them byte-identical), so a
new site is validated, built and published exactly like this one.

Package data avoids leading dots (``gitignore``, ``github/``), which some packaging
tools drop, and ``.py`` names (the site's test ships as ``test_site.py.txt``): pip
byte-compiles every ``.py`` of a wheel into ``__pycache__`` next to it, which would
put binary files among the templates. ``FILES`` maps each source to the name it gets
in the new site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from statuspress import __version__
from statuspress.authoring.checking import aware_utc
from statuspress.authoring.files import write_atomic
from statuspress.authoring.yamltext import scalar, slugify
from statuspress.errors import AuthoringError
from statuspress.render.templating import make_environment
from statuspress.render.text import iso

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: The package folder the files come from, and its Jinja template prefix.
SOURCE = "templates/statuspress/init"
TEMPLATE_PREFIX = "statuspress/init/"

#: Where each packaged file goes in the new site.
FILES: tuple[tuple[str, str], ...] = (
    ("mkdocs.yml", "mkdocs.yml.j2"),
    ("README.md", "README.md.j2"),
    ("pyproject.toml", "pyproject.toml.j2"),
    ("pages/about.md", "about.md.j2"),
    ("postmortems/README.md", "postmortems-README.md"),
    (".gitignore", "gitignore"),
    (".pre-commit-config.yaml", "pre-commit-config.yaml"),
    ("tests/test_site.py", "test_site.py.txt"),
)
WORKFLOWS = "github/workflows"

#: The example incident's timeline, as offsets from 14:00 UTC two days before "now".
_EXAMPLE_TIMES = {
    "started": (14, 5), "detected": (14, 11), "acknowledged": (14, 13), "declared": (14, 15),
    "investigating": (14, 18), "identified": (14, 47), "mitigated": (15, 20),
    "monitoring": (15, 24), "resolved": (16, 0),
}
EXAMPLE_SLUG = "slow-api-responses"


@dataclass(frozen=True)
class SiteFile:
    """One file of the new site: its path relative to the site folder, and bytes."""

    path: str
    data: bytes


def _package_files() -> Traversable:
    return resources.files("statuspress").joinpath(SOURCE)


def workflow_files() -> dict[str, bytes]:
    """The packaged workflows: ``.github/workflows/<name>`` -> bytes."""
    folder = _package_files().joinpath(WORKFLOWS)
    return {
        f".github/workflows/{entry.name}": entry.read_bytes()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.is_file() and entry.name.endswith((".yml", ".yaml"))
    }


def example_incident_id(at: datetime) -> str:
    """The id of the example incident: two days before ``at``."""
    return f"{(aware_utc(at) - timedelta(days=2)).date().isoformat()}-{EXAMPLE_SLUG}"


def default_requirement() -> str:
    """What a new site installs by default: exactly the statuspress that wrote it."""
    return f"statuspress=={__version__}"


def local_requirement(path: Path) -> str:
    """A requirement on a statuspress checkout or wheel at ``path`` (PEP 508 direct
    reference; pip installs it, but the site then only builds where that path exists)."""
    return f"statuspress @ {path.resolve().as_uri()}"


def site_files(name: str, at: datetime, requirement: str | None = None) -> list[SiteFile]:
    """Every file ``statuspress init`` writes for a site called ``name`` at time ``at``
    (the example incident happened two days earlier, so the new page shows it).

    ``requirement`` is the statuspress the site's ``pyproject.toml`` depends on (a
    PEP 508 requirement such as ``statuspress @ git+https://…``); by default the
    version that is running. The generated workflows install from that file."""
    requirement = (requirement or default_requirement()).strip()
    if "\n" in requirement or not requirement:
        raise AuthoringError("--requirement must be one requirement on one line, e.g. statuspress==0.1.0")
    name = name.strip()
    if not name:
        raise AuthoringError("--name is empty; give the name your customers know you by")
    at = aware_utc(at)
    day = (at - timedelta(days=2)).replace(hour=0, minute=0, second=0)
    times = {key: iso(day.replace(hour=h, minute=m)) for key, (h, m) in _EXAMPLE_TIMES.items()}
    incident_id = example_incident_id(at)
    context = {
        "name": scalar(name),
        "site_name": scalar(f"{name} Status"),
        "project_name": f"{slugify(name, 'my')}-status",
        "description": json.dumps(f"The status page and postmortem archive of {name}.", ensure_ascii=False),
        "version": __version__,
        # A JSON string is also a valid TOML basic string.
        "requirement": json.dumps(requirement, ensure_ascii=False),
        "times": times,
        "incident_id": incident_id,
    }
    # Markdown files show the name as written, YAML files get it quoted when needed.
    markdown_context = {**context, "name": name, "site_name": f"{name} Status"}
    env = make_environment()
    out: list[SiteFile] = []
    package = _package_files()
    for target, source in FILES:
        if source.endswith(".j2"):
            values = markdown_context if target.endswith(".md") else context
            text = env.get_template(TEMPLATE_PREFIX + source).render(**values)
            out.append(SiteFile(target, text.encode("utf-8")))
        else:
            out.append(SiteFile(target, package.joinpath(source).read_bytes()))
    example = env.get_template(TEMPLATE_PREFIX + "example-incident.md.j2").render(**context)
    out.append(SiteFile(f"incidents/{incident_id}.md", example.encode("utf-8")))
    out.append(SiteFile("overrides/.gitkeep", b""))
    out += [SiteFile(path, data) for path, data in workflow_files().items()]
    return sorted(out, key=lambda f: f.path)


def write_site(folder: Path, files: list[SiteFile], *, force: bool = False) -> list[Path]:
    """Write ``files`` into ``folder`` (created if needed) and return their paths.

    A folder that already holds anything is refused unless ``force``; with ``force``
    the files of the new site replace files of the same name, and nothing else is
    touched.
    """
    if folder.exists() and not folder.is_dir():
        raise AuthoringError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise AuthoringError(f"{folder} is not empty; choose an empty folder, or pass --force to write into it anyway")
    written = []
    for item in files:
        path = folder / item.path
        write_atomic(path, item.data)
        written.append(path)
    return written
