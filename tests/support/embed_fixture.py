"""The site behind the embed tests, and the as-of times of its four states.

Components api and web ("Platform") and db, as in ``tests.support.sites``:

* 2026-05-10-checkout-errors: SEV2 (major -> api partial_outage), 09:00-10:30, with an
  ``identified`` update at 09:40.
* 2026-05-12-db-upgrade: maintenance of db, 22:00-23:00 on the 12th, announced on the
  5th, started with an ``in_progress`` update at 22:00.

``STATES`` maps each state the embeds must show to an as-of time.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.sites import write_site

CHECKOUT_ERRORS = """
---
title: Checkout errors
severity: SEV2
components: [api]
started: 2026-05-10T09:00:00Z
resolved: 2026-05-10T10:30:00Z
updates:
  - at: 2026-05-10T09:05:00Z
    status: investigating
    message: Some payments fail at checkout.
  - at: 2026-05-10T09:40:00Z
    status: identified
    message: A faulty release is being rolled back.
  - at: 2026-05-10T10:30:00Z
    status: resolved
    message: Payments succeed again.
---
"""

DB_UPGRADE = """
---
title: Database upgrade
type: maintenance
components: [db]
scheduled_start: 2026-05-12T22:00:00Z
scheduled_end: 2026-05-12T23:00:00Z
updates:
  - at: 2026-05-05T10:00:00Z
    status: scheduled
    message: We will upgrade the database.
  - at: 2026-05-12T22:00:00Z
    status: in_progress
    message: The upgrade has started.
---
"""

#: state -> the as-of time of a build that shows it.
STATES: dict[str, str] = {
    # Nothing open; the maintenance is eleven days away (beyond every embed's horizon).
    "operational": "2026-05-01T12:00:00Z",
    # The incident is open; the maintenance is two and a half days away.
    "incident": "2026-05-10T10:00:00Z",
    # The maintenance starts in ten hours.
    "maintenance-upcoming": "2026-05-12T12:00:00Z",
    "maintenance-active": "2026-05-12T22:30:00Z",
}


def write_embed_fixture(root: Path) -> Path:
    """Write the fixture site into ``root``; return it."""
    return write_site(
        root,
        incidents={"2026-05-10-checkout-errors": CHECKOUT_ERRORS, "2026-05-12-db-upgrade": DB_UPGRADE},
    )
