"""The one "now" of a run.

Everything that depends on the time (open incidents' durations, upcoming
maintenance, overdue action items, uptime of today) takes an explicit as-of time,
so that builds are reproducible and tests exact.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime, timezone

ENV = "SOURCE_DATE_EPOCH"

#: The latest as-of time: MkDocs writes it into ``sitemap.xml.gz``, whose gzip header
#: holds an unsigned 32-bit time (2106-02-07T06:28:15Z).
MAX_EPOCH = 2**32 - 1


def as_of(environ: Mapping[str, str] | None = None) -> datetime:
    """Return ``SOURCE_DATE_EPOCH`` as an aware UTC datetime when set, else the clock.

    A value that is set but is not whole seconds from 0 to ``MAX_EPOCH`` (an empty
    one included: MkDocs would crash on it later) raises ``ValueError`` with a
    one-line message naming the variable.
    """
    env = os.environ if environ is None else environ
    if ENV not in env:
        return datetime.now(tz=timezone.utc).replace(microsecond=0)
    raw = env[ENV]
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 10) or int(text) > MAX_EPOCH:
        raise ValueError(
            f"{ENV} must be whole seconds since 1970-01-01 UTC, from 0 to {MAX_EPOCH} "
            f"(2106-02-07), got {raw!r}; unset it to use the clock"
        )
    return datetime.fromtimestamp(int(text), tz=timezone.utc)
