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


def maintenance_text(
    title: str = "Database upgrade",
    start: str = "2026-03-14T22:00:00Z",
    end: str = "2026-03-14T23:00:00Z",
    components: str = "[db]",
    updates: list[tuple[str, str | None]] | None = None,
    resolved: str | None = None,
) -> str:
    """A minimal valid maintenance file. ``updates`` are ``(at, status)`` pairs
    (status None for a plain update); with ``resolved``, a final ``completed``
    update at that time is added."""
    lines = [
        "---",
        f"title: {title}",
        "type: maintenance",
        f"components: {components}",
        f"scheduled_start: {start}",
        f"scheduled_end: {end}",
    ]
    steps = list(updates or [])
    if resolved:
        lines.append(f"resolved: {resolved}")
        steps.append((resolved, "completed"))
    if steps:
        lines.append("updates:")
    for at, status in steps:
        lines.append(f"  - at: {at}")
        if status:
            lines.append(f"    status: {status}")
        lines.append("    message: Maintenance update.")
    lines += ["---", ""]
    return "\n".join(lines) + "\n"


#: The as-of time of ``timeline_site``: 2026-03-20T12:00:00Z.
TIMELINE_AT = "2026-03-20T12:00:00Z"

#: Planted in every ``internal:`` field of ``timeline_site``; no public output may contain it.
INTERNAL_MARKER = "INTERNAL-ONLY-7f3a"

TIMELINE_INCIDENTS: dict[str, str] = {
    # Resolved incident on api, with a status-less "Update" and a monitoring stage.
    "2026-03-01-api-errors": f"""
        ---
        title: Elevated API errors
        severity: SEV2
        components: [api]
        started: 2026-03-01T09:00:00Z
        resolved: 2026-03-01T10:00:00Z
        updates:
          - at: 2026-03-01T09:05:00Z
            status: investigating
            message: We are investigating elevated errors.
          - at: 2026-03-01T09:30:00Z
            message: Errors are limited to **eu-west**.
          - at: 2026-03-01T09:45:00Z
            status: monitoring
            message: A fix has been deployed.
          - at: 2026-03-01T10:00:00Z
            status: resolved
            message: Error rates are back to normal.
        internal:
          commander: {INTERNAL_MARKER} commander
          notes: {INTERNAL_MARKER} notes
        ---
        """,
    # Open incident on web with hostile Markdown and an update after the as-of time.
    "2026-03-10-web-slow": f"""
        ---
        title: Slow website
        severity: SEV3
        components:
          web: degraded_performance
        started: 2026-03-10T08:00:00Z
        updates:
          - at: 2026-03-10T08:10:00Z
            status: investigating
            message: "Pages load slowly. <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
          - at: 2026-03-21T09:00:00Z
            status: identified
            message: Posted after the as-of time.
        internal:
          channel: "#{INTERNAL_MARKER}"
        ---
        """,
    # Completed maintenance on db, inside the calendar's 30 days.
    "2026-03-05-db-upgrade": f"""
        ---
        title: Database upgrade
        type: maintenance
        components: [db]
        scheduled_start: 2026-03-05T22:00:00Z
        scheduled_end: 2026-03-05T23:00:00Z
        resolved: 2026-03-05T22:50:00Z
        updates:
          - at: 2026-03-01T12:00:00Z
            status: scheduled
            message: We will upgrade the database.
          - at: 2026-03-05T22:00:00Z
            status: in_progress
            message: The upgrade has started.
          - at: 2026-03-05T22:50:00Z
            status: completed
            message: The upgrade is complete.
        internal:
          notes: {INTERNAL_MARKER}
        ---
        """,
    # Maintenance in progress at the as-of time, on api.
    "2026-03-20-api-deploy": f"""
        ---
        title: API deploy; writes paused, briefly
        type: maintenance
        components: [api]
        scheduled_start: 2026-03-20T11:00:00Z
        scheduled_end: 2026-03-20T13:00:00Z
        updates:
          - at: 2026-03-18T10:00:00Z
            status: scheduled
            message: Writes will pause for up to two hours.
          - at: 2026-03-20T11:00:00Z
            status: in_progress
            message: |
              The deploy has started; writes pause, reads continue.

              Logs go to C:\\ops\\deploy.
        internal:
          notes: {INTERNAL_MARKER}
        ---
        """,
    # Upcoming maintenance on web, with a long message that the calendar folds.
    "2026-03-25-web-migration": f"""
        ---
        title: Website migration to the new hosting platform in the eu-west region
        type: maintenance
        components: [web]
        scheduled_start: 2026-03-25T02:00:00Z
        scheduled_end: 2026-03-25T04:00:00Z
        updates:
          - at: 2026-03-19T15:00:00Z
            status: scheduled
            message: The website moves to new servers; pages may be unavailable for up to five minutes. Café menus stay.
        internal:
          notes: {INTERNAL_MARKER}
        ---
        """,
    # Maintenance completed long before the as-of time (outside the calendar).
    "2026-01-10-old-maintenance": f"""
        ---
        title: Old maintenance
        type: maintenance
        components: [db]
        scheduled_start: 2026-01-10T01:00:00Z
        scheduled_end: 2026-01-10T02:00:00Z
        resolved: 2026-01-10T01:30:00Z
        updates:
          - at: 2026-01-10T01:00:00Z
            status: in_progress
            message: Started.
          - at: 2026-01-10T01:30:00Z
            status: completed
            message: Done.
        internal:
          notes: {INTERNAL_MARKER}
        ---
        """,
}


def timeline_site(root: Path) -> Site:
    """A site with a resolved and an open incident and maintenance in every phase
    (completed, in progress, upcoming, long past) as of ``TIMELINE_AT``; every
    ``internal:`` field carries ``INTERNAL_MARKER``. Used by the machine-readable
    output tests (feeds, JSON API, badge, calendar)."""
    write_site(root, incidents=TIMELINE_INCIDENTS)
    site = load(root)
    assert [p for p in site.problems if p.level == "error"] == [], site.problems
    return site
