"""The public-site fixture shared by the build and browser tests.

As of ``AT`` (2026-03-20 12:00 UTC), with components api and web in "Platform" and db
alone, and ``history_page_size`` 2:

* 2026-03-14-api-errors: SEV2 (major -> api partial_outage), 09:00-10:30, four updates.
* 2026-03-17-db-slow: SEV3 (minor -> db degraded_performance), 23:30-00:30 (crosses midnight).
* 2026-03-19-web-down: SEV1 (critical -> web major_outage) from 23:00, still open.
* 2026-03-25-db-upgrade: maintenance of db, 22:00-23:00 on the 25th (in the future).
"""

from __future__ import annotations

from pathlib import Path

from tests.support.sites import write_site

AT = "2026-03-20T12:00:00Z"

API_ERRORS = """
---
title: Elevated API errors
severity: SEV2
components: [api]
started: 2026-03-14T09:00:00Z
resolved: 2026-03-14T10:30:00Z
updates:
  - at: 2026-03-14T09:05:00Z
    status: investigating
    message: We are investigating elevated error rates on the API.
  - at: 2026-03-14T09:30:00Z
    message: Errors are limited to requests in eu-west.
  - at: 2026-03-14T09:45:00Z
    status: identified
    message: A configuration change is being rolled back.
  - at: 2026-03-14T10:30:00Z
    status: resolved
    message: Error rates are back to normal.
---
Requests to the **API** failed with HTTP 500.
"""

DB_SLOW = """
---
title: Slow database queries
severity: SEV3
components: [db]
started: 2026-03-17T23:30:00Z
resolved: 2026-03-18T00:30:00Z
updates:
  - at: 2026-03-17T23:40:00Z
    status: investigating
    message: Queries are slower than usual.
  - at: 2026-03-18T00:30:00Z
    status: resolved
    message: Query times are normal again.
---
"""

WEB_DOWN = """
---
title: Website unreachable
severity: SEV1
components: [web]
started: 2026-03-19T23:00:00Z
updates:
  - at: 2026-03-19T23:10:00Z
    status: investigating
    message: The website does not answer.
  - at: 2026-03-20T01:00:00Z
    status: identified
    message: A load balancer failed; we are replacing it.
---
"""

DB_UPGRADE = """
---
title: Database upgrade
type: maintenance
components: [db]
scheduled_start: 2026-03-25T22:00:00Z
scheduled_end: 2026-03-25T23:00:00Z
updates:
  - at: 2026-03-18T10:00:00Z
    status: scheduled
    message: We will upgrade the database to the next major version.
---
"""


def write_status_fixture(root: Path) -> Path:
    """Write the fixture site into ``root``; return it."""
    return write_site(
        root,
        incidents={
            "2026-03-14-api-errors": API_ERRORS,
            "2026-03-17-db-slow": DB_SLOW,
            "2026-03-19-web-down": WEB_DOWN,
            "2026-03-25-db-upgrade": DB_UPGRADE,
        },
        history_page_size=2,
    )
