"""The one "now" of a run.

Everything that depends on the time (open incidents' durations, upcoming
maintenance, overdue action items, uptime of today) takes an explicit as-of time,
so that builds are reproducible and tests exact.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone


def as_of(environ: dict[str, str] | None = None) -> datetime:
    """Return ``SOURCE_DATE_EPOCH`` as an aware UTC datetime when set, else the clock.

    An unparsable ``SOURCE_DATE_EPOCH`` raises ``ValueError`` naming the variable.
    """
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            seconds = int(raw)
        except ValueError:
            raise ValueError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, got {raw!r}"
            ) from None
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)
