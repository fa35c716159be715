"""Small fixture sites written into a temporary folder, for tests.

``write_site(tmp_path, incidents={...}, postmortems={...})`` writes a ``mkdocs.yml``
with a statuspress block and the given content files, and returns the folder.
``load(tmp_path)`` loads it the way the CLI and the plugin do.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import yaml

from statuspress.load import Site, load_site, load_site_config

DEFAULT_COMPONENTS: list[dict[str, Any]] = [
    {"id": "api", "name": "API", "group": "Platform"},
    {"id": "web", "name": "Website", "group": "Platform"},
    {"id": "db", "name": "Database"},
]


def site_config_yaml(
    components: list[dict[str, Any]] | None = None, **options: Any
) -> str:
    """The text of a ``mkdocs.yml`` for a fixture site (Material theme, search, statuspress)."""
    plugin: dict[str, Any] = {"name": "Acme", "url": "https://status.acme.test/"}
    plugin.update(options)
    plugin["components"] = components if components is not None else DEFAULT_COMPONENTS
    config = {
        "site_name": "Acme Status",
        "site_url": "https://status.acme.test/",
        "docs_dir": "pages",
        "theme": {"name": "material"},
        "plugins": ["search", {"statuspress": plugin}],
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def write_site(
    root: Path,
    incidents: dict[str, str] | None = None,
    postmortems: dict[str, str] | None = None,
    *,
    config_text: str | None = None,
    pages: dict[str, str] | None = None,
    **options: Any,
) -> Path:
    """Write a fixture site into ``root``. Content values are file texts; they are
    dedented, so tests can write them as indented triple-quoted strings."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config_text or site_config_yaml(**options), encoding="utf-8")
    for folder, files in (("incidents", incidents or {}), ("postmortems", postmortems or {})):
        (root / folder).mkdir(exist_ok=True)
        for name, text in files.items():
            path = root / folder / (name if name.endswith(".md") else name + ".md")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (root / "pages").mkdir(exist_ok=True)
    for name, text in (pages or {"about.md": "# About\n\nAbout this status page.\n"}).items():
        (root / "pages" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def load(root: Path) -> Site:
    """Load a fixture site as ``statuspress validate`` does."""
    config = load_site_config(root / "mkdocs.yml")
    return load_site(config, root)


def incident_text(
    title: str = "API errors",
    severity: str = "SEV2",
    started: str = "2026-03-14T09:00:00Z",
    resolved: str | None = "2026-03-14T10:00:00Z",
    components: str = "[api]",
    extra: str = "",
    body: str = "",
) -> str:
    """A minimal valid incident file; ``extra`` is more front-matter lines."""
    lines = [
        "---",
        f"title: {title}",
        f"severity: {severity}",
        f"components: {components}",
        f"started: {started}",
    ]
    if resolved:
        lines.append(f"resolved: {resolved}")
    lines += ["updates:", f"  - at: {started}", "    status: investigating", "    message: We are investigating."]
    if resolved:
        lines += [f"  - at: {resolved}", "    status: resolved", "    message: Resolved."]
    if extra:
        lines += textwrap.dedent(extra).strip("\n").split("\n")
    lines += ["---", body]
    return "\n".join(lines) + "\n"
