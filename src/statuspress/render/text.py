"""Words and numbers as people read them: stage names, statuses, times, durations.

One place for these, so that the pages, feeds, JSON, announcements and reports never
disagree on how a stage or a duration is written.
"""

from __future__ import annotations

import math
from datetime import timedelta

from statuspress.formatting import duration, iso, utc

__all__ = [
    "duration", "impact_label", "iso", "percent", "rounded_duration", "stage_label", "status_label", "utc",
]

STAGE_LABELS = {
    None: "Update",
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "verifying": "Verifying",
    "completed": "Completed",
}

STATUS_LABELS = {
    "operational": "Operational",
    "degraded_performance": "Degraded performance",
    "partial_outage": "Partial outage",
    "major_outage": "Major outage",
    "under_maintenance": "Under maintenance",
}

IMPACT_LABELS = {
    "none": "No impact",
    "minor": "Minor",
    "major": "Major",
    "critical": "Critical",
    "maintenance": "Maintenance",
}


def stage_label(stage: str | None) -> str:
    """``in_progress`` -> ``In progress``; no stage -> ``Update``."""
    return STAGE_LABELS.get(stage, str(stage).replace("_", " ").capitalize())


def status_label(status: str) -> str:
    """``partial_outage`` -> ``Partial outage``."""
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def impact_label(impact: str | None) -> str:
    return IMPACT_LABELS.get(impact or "none", str(impact))


def rounded_duration(delta: timedelta | None) -> str:
    """Like ``duration``, but rounded (half up) to the smallest unit it shows: to the
    hour from a day up, to the minute from a minute up. For statistics (means, p90),
    where truncating 3 min 40 s to ``3 min`` would mislead; exact event durations
    keep ``duration``."""
    if delta is None:
        return ""
    if delta < timedelta(0):
        return "-" + rounded_duration(-delta)
    if delta >= timedelta(days=1):
        unit = timedelta(hours=1)
    elif delta >= timedelta(minutes=1):
        unit = timedelta(minutes=1)
    else:
        unit = timedelta(seconds=1)
    return duration(unit * ((delta + unit / 2) // unit))


def percent(value: float | None) -> str:
    """An uptime percentage: ``99.95``, ``100``, ``99.9``; empty for None. Truncated,
    never rounded up, so that a day with any downtime never reads ``100``."""
    if value is None:
        return ""
    text = f"{math.floor(value * 100 + 1e-9) / 100:.2f}".rstrip("0").rstrip(".")
    return text
