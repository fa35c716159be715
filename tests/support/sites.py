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

from statuspress.content import load_site
from statuspress.load import Site, load_site_config

DEFAULT_COMPONENTS: list[dict[str, Any]] = [
    {"id": "api", "name": "API", "group": "Platform"},
    {"id": "web", "name": "Website", "group": "Platform"},
    {"id": "db", "name": "Database"},
]


def site_config_yaml(
    components: list[dict[str, Any]] | None = None, *, theme: dict[str, Any] | None = None, **options: Any
) -> str:
    """The text of a ``mkdocs.yml`` for a fixture site (Material theme, with ``theme``'s
    keys added, search, statuspress)."""
    plugin: dict[str, Any] = {"name": "Acme", "url": "https://status.acme.test/"}
    plugin.update(options)
    plugin["components"] = components if components is not None else DEFAULT_COMPONENTS
    config = {
        "site_name": "Acme Status",
        "site_url": "https://status.acme.test/",
        "docs_dir": "pages",
        "theme": {"name": "material", **(theme or {})},
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


# ---------------------------------------------------------------------- archive site

#: The as-of time of ``archive_site``: 2026-09-10T12:00:00Z.
ARCHIVE_AT = "2026-09-10T12:00:00Z"

#: A word that appears only in the Root Cause of ``2025-12-12-api-errors``.
ARCHIVE_ROOT_CAUSE_WORD = "zanzibar"

#: Seven incidents (SEV1-SEV3, 2025 Q4 to 2026 Q3) with hand-checkable timestamps,
#: and a maintenance window in 2026 Q4 that no metric or quarter may count.
ARCHIVE_INCIDENTS: dict[str, str] = {
    "2025-12-10-api-errors": """
        ---
        title: API errors
        severity: SEV1
        components: [api]
        started: 2025-12-10T10:00:00Z
        detected: 2025-12-10T10:05:00Z
        acknowledged: 2025-12-10T10:07:00Z
        declared: 2025-12-10T10:08:00Z
        mitigated: 2025-12-10T10:40:00Z
        resolved: 2025-12-10T11:00:00Z
        updates:
          - at: 2025-12-10T10:10:00Z
            status: investigating
            message: We are investigating API errors.
          - at: 2025-12-10T10:30:00Z
            status: identified
            message: A configuration change is being rolled back.
          - at: 2025-12-10T11:00:00Z
            status: resolved
            message: Error rates are back to normal.
        internal:
          commander: Dana Ortiz
          ops_lead: Sam Lee
          comms_lead: Priya Raman
          scribe: Jo Kim
          channel: "#inc-2025-12-10-api"
          notes: The rollback ran from the quokka deploy host.
        ---
        """,
    "2026-02-03-db-slow": """
        ---
        title: Slow database
        severity: SEV2
        components: [db]
        started: 2026-02-03T08:00:00Z
        detected: 2026-02-03T08:20:00Z
        acknowledged: 2026-02-03T08:30:00Z
        mitigated: 2026-02-03T09:00:00Z
        resolved: 2026-02-03T10:00:00Z
        updates:
          - at: 2026-02-03T08:25:00Z
            status: investigating
            message: Queries are slow.
          - at: 2026-02-03T10:00:00Z
            status: resolved
            message: Queries are fast again.
        internal:
          commander: Jo Kim
        ---
        """,
    "2026-04-15-web-down": """
        ---
        title: Website down
        severity: SEV2
        components: [web, api]
        started: 2026-04-15T12:00:00Z
        detected: 2026-04-15T12:02:00Z
        mitigated: 2026-04-15T12:30:00Z
        resolved: 2026-04-15T13:00:00Z
        updates:
          - at: 2026-04-15T12:05:00Z
            status: investigating
            message: The website is down.
          - at: 2026-04-15T13:00:00Z
            status: resolved
            message: The website is back.
        ---
        """,
    "2026-05-20-api-latency": """
        ---
        title: API latency
        severity: SEV3
        components: [api]
        started: 2026-05-20T06:00:00Z
        resolved: 2026-05-20T07:30:00Z
        updates:
          - at: 2026-05-20T06:10:00Z
            status: investigating
            message: The API is slow.
          - at: 2026-05-20T07:30:00Z
            status: resolved
            message: The API is fast again.
        ---
        """,
    "2026-07-01-db-failover": """
        ---
        title: Database failover
        severity: SEV1
        components: [db]
        started: 2026-07-01T23:30:00Z
        detected: 2026-07-01T23:40:00Z
        acknowledged: 2026-07-01T23:45:00Z
        mitigated: 2026-07-02T00:30:00Z
        resolved: 2026-07-02T01:00:00Z
        updates:
          - at: 2026-07-01T23:50:00Z
            status: investigating
            message: The database is unavailable.
          - at: 2026-07-02T00:20:00Z
            status: identified
            message: We are failing over to a replica.
          - at: 2026-07-02T01:00:00Z
            status: resolved
            message: The database is available.
        ---
        """,
    "2026-07-15-web-errors": """
        ---
        title: Website errors
        severity: SEV3
        components: [web]
        started: 2026-07-15T14:00:00Z
        detected: 2026-07-15T14:30:00Z
        resolved: 2026-07-15T15:00:00Z
        updates:
          - at: 2026-07-15T14:35:00Z
            status: investigating
            message: Some pages show errors.
          - at: 2026-07-15T15:00:00Z
            status: resolved
            message: Pages load normally.
        ---
        """,
    "2026-08-01-api-auth": """
        ---
        title: Authentication failures
        severity: SEV2
        components: [api]
        started: 2026-08-01T09:00:00Z
        detected: 2026-08-01T09:10:00Z
        acknowledged: 2026-08-01T09:12:00Z
        mitigated: 2026-08-01T09:30:00Z
        resolved: 2026-08-01T09:45:00Z
        updates:
          - at: 2026-08-01T09:15:00Z
            status: investigating
            message: Logins fail.
          - at: 2026-08-01T09:45:00Z
            status: resolved
            message: Logins work again.
        ---
        """,
    "2026-10-05-db-upgrade": """
        ---
        title: Database upgrade
        type: maintenance
        components: [db]
        scheduled_start: 2026-10-05T22:00:00Z
        scheduled_end: 2026-10-05T23:00:00Z
        updates:
          - at: 2026-09-01T10:00:00Z
            status: scheduled
            message: We will upgrade the database.
        ---
        """,
}

#: Seven postmortems: every status, public and internal, one without a date, one
#: covering two incidents, Timeline sections as a table (dated, bare and midnight-
#: crossing times, an unparseable row), as prose and as a list.
ARCHIVE_POSTMORTEMS: dict[str, str] = {
    "2025-12-12-api-errors": """
        ---
        title: API errors after a gateway configuration change
        incidents: [2025-12-10-api-errors]
        status: published
        date: 2025-12-12
        authors: [Dana Ortiz, Sam Lee]
        services: [api, gateway]
        tags: [config-change, rollback]
        root_cause: config-change
        summary: A gateway configuration change broke API authentication for an hour.
        action_items:
          - title: Validate gateway config in CI
            owner: Sam Lee
            due: 2026-01-05
            status: done
            priority: P1
            link: https://tracker.example/OPS-1
          - title: Add a canary stage for config changes
            owner: Dana Ortiz
            due: 2026-03-01
            status: open
            priority: P2
          - title: Write the rollback runbook
            owner: sam lee
            due: 2026-12-01
            status: in_progress
        ---
        ## Summary

        A bad gateway configuration was deployed to every region at once.

        ## Impact

        Half of API requests failed for 60 minutes.

        ## Timeline

        Times are UTC.

        | Time (UTC) | Event |
        | --- | --- |
        | 2025-12-10 09:55 | The configuration change is merged. |
        | 10:03 | Error rates start rising. |
        | **10:05** | The error-rate alert pages the on-call. |
        | 10:20 | Rollback started. |
        | later | Customer emails answered. |

        The rollback took 20 minutes.

        ## Root Cause

        The gateway accepted a configuration whose zanzibar flag disabled token checks.

        ## Contributing Factors

        There was no canary stage.

        ## What Went Well

        The alert fired within five minutes.

        ## What Went Poorly

        The rollback was manual.
        """,
    "2026-02-05-db-slow": """
        ---
        title: Slow database queries after a traffic spike
        incidents: [2026-02-03-db-slow]
        status: reviewed
        date: 2026-02-05
        authors: [Jo Kim]
        services: [db]
        tags: [capacity]
        root_cause: resource-exhaustion
        action_items:
          - title: Add the missing index
            owner: Jo Kim
            due: 2026-02-20
            status: wont_do
          - title: Alert on slow queries
            owner: Jo Kim
            due: 2026-03-10
            status: done
        ---
        ## Summary

        The database was **slow** for two hours because a traffic spike
        exhausted its connection pool.

        A second paragraph that is not part of the summary.

        ## Impact

        Dashboards loaded slowly.

        ## Timeline

        - 08:00 the spike starts
        - 10:00 the spike ends

        ## Root Cause

        The connection pool was too small for the spike.

        ## Contributing Factors

        Nobody load-tested the pool.

        ## What Went Well

        The alert fired.

        ## What Went Poorly

        Scaling took an hour.
        """,
    "2026-04-17-web-down": """
        ---
        title: Website down after a CDN configuration change
        incidents: [2026-04-15-web-down]
        status: published
        visibility: public
        date: 2026-04-17
        authors: [Priya Raman]
        services: [web, api]
        tags: [config-change, cdn]
        root_cause: config-change
        summary: A CDN rule sent every request to a deleted origin.
        action_items:
          - title: Pin the CDN configuration
            owner: Priya Raman
            due: 2026-05-01
            status: in_progress
        ---
        ## Summary

        The website was down for an hour.

        ## Impact

        Nobody could reach the website.

        ## Timeline

        The CDN rule went live at 12:00 and was reverted at 12:30.

        ## Root Cause

        A CDN rule pointed at a deleted origin.

        ## Contributing Factors

        The origin was deleted the day before.

        ## What Went Well

        The revert was quick.

        ## What Went Poorly

        The rule had no review.
        """,
    "2026-05-22-api-latency": """
        ---
        title: API latency from a noisy neighbour
        incidents: [2026-05-20-api-latency]
        status: draft
        services: [api]
        tags: [latency]
        ---
        ## Summary

        Latency rose for 90 minutes.

        ## Impact

        Slow API responses.

        ## Timeline

        | Time | What |
        | --- | --- |
        | 05:58 | A batch job starts on the shared host. |
        | 06:00 | Latency rises. |
        | 07:30 | The batch job ends. |

        ## Root Cause

        A batch job shared the host.

        ## Contributing Factors

        No isolation.

        ## What Went Well

        Nothing broke.

        ## What Went Poorly

        Nobody noticed for a while.
        """,
    "2026-07-03-db-failover": """
        ---
        title: Database failover at midnight
        incidents: [2026-07-01-db-failover]
        status: in_review
        date: 2026-07-03
        authors: [Jo Kim, Sam Lee]
        services: [db]
        tags: [capacity, failover]
        root_cause: resource-exhaustion
        action_items:
          - title: Test failover monthly
            owner: Sam Lee
            due: 2026-09-30
            status: open
          - title: Grow the replica
            owner: Jo Kim
            due: 2026-07-20
            status: done
        ---
        ## Summary

        The primary database ran out of memory just before midnight.

        ## Impact

        Writes failed for an hour.

        ## Timeline

        | Time (UTC) | Event | Who |
        | --- | --- | --- |
        | 23:30 | The primary runs out of memory. | |
        | 23:40 | The alert fires. | Pager |
        | 00:15 | Failover completes. | Jo Kim |
        | 2026-07-02T00:45Z | Replica rebuilt. | Sam Lee |

        ## Root Cause

        Memory grew with the number of connections.

        ## Contributing Factors

        No memory alert.

        ## What Went Well

        Failover worked.

        ## What Went Poorly

        It happened at midnight.
        """,
    "2026-07-16-web-errors": """
        ---
        title: Website errors from a CDN outage
        incidents: [2026-07-15-web-errors]
        status: published
        visibility: public
        date: 2026-07-16
        authors: [Priya Raman]
        services: [web]
        tags: [cdn, third-party]
        root_cause: third-party
        summary: Our CDN provider had an outage.
        action_items:
          - title: Cache error pages
            owner: Priya Raman
            due: 2026-08-01
            status: done
        ---
        ## Summary

        The CDN failed.

        ## Impact

        Some pages failed.

        ## Timeline

        The CDN failed at 14:00.

        ## Root Cause

        The CDN provider had an outage.

        ## Contributing Factors

        One CDN only.

        ## What Went Well

        Fast detection.

        ## What Went Poorly

        No fallback.
        """,
    "2026-08-03-api-auth": """
        ---
        title: Authentication failures after key rotation
        incidents: [2026-08-01-api-auth, 2026-07-15-web-errors]
        status: published
        date: 2026-08-03
        authors: [Dana Ortiz]
        services: [api, auth]
        tags: [config-change, secrets]
        root_cause: config-change
        summary: Expired signing keys rejected logins.
        action_items:
          - title: Rotate auth keys automatically
            owner: Dana Ortiz
            due: 2026-09-01
            status: open
        ---
        ## Summary

        Signing keys expired.

        ## Impact

        Logins failed for 45 minutes.

        ## Timeline

        | Time | Event |
        | --- | --- |
        | 2026-08-01 09:05 | The keys expire. |

        ## Root Cause

        Keys were rotated by hand.

        ## Contributing Factors

        No reminder.

        ## What Went Well

        Quick fix.

        ## What Went Poorly

        Keys expired at all.
        """,
}


def archive_site(root: Path, **options: Any) -> Site:
    """The postmortem-archive fixture: ``ARCHIVE_INCIDENTS`` and ``ARCHIVE_POSTMORTEMS``
    (no errors, no warnings needed), as of ``ARCHIVE_AT``. ``options`` go to the
    statuspress block (e.g. ``audience="internal"``, ``archive_page_size=3``)."""
    write_site(root, incidents=ARCHIVE_INCIDENTS, postmortems=ARCHIVE_POSTMORTEMS, **options)
    site = load(root)
    assert [p for p in site.problems if p.level == "error"] == [], site.problems
    return site
