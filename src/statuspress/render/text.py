"""Words and numbers as people read them: stage names, statuses, times, durations.

One place for these, so that the pages, feeds, JSON, announcements and reports never
disagree on how a stage or a duration is written.
"""

from __future__ import annotations

import math
from datetime import timedelta

from statuspress.formatting import N_, duration, iso, utc

__all__ = [
    "ACTION_STATUS_LABELS",
    "N_",
    "POSTMORTEM_STATUS_LABELS",
    "action_status_label",
    "duration",
    "impact_label",
    "iso",
    "percent",
    "postmortem_status_label",
    "rounded",
    "rounded_duration",
    "stage_label",
    "status_label",
    "utc",
]


STAGE_LABELS = {
    None: N_("Update"),
    "investigating": N_("Investigating"),
    "identified": N_("Identified"),
    "monitoring": N_("Monitoring"),
    "resolved": N_("Resolved"),
    "scheduled": N_("Scheduled"),
    "in_progress": N_("In progress"),
    "verifying": N_("Verifying"),
    "completed": N_("Completed"),
}

STATUS_LABELS = {
    "operational": N_("Operational"),
    "degraded_performance": N_("Degraded performance"),
    "partial_outage": N_("Partial outage"),
    "major_outage": N_("Major outage"),
    "under_maintenance": N_("Under maintenance"),
}

#: The overall headlines of ``views/status.py`` (Statuspage's wording), marked for the
#: catalogs; the ``headline`` filter translates the one a page shows.
HEADLINES = (
    N_("All Systems Operational"),
    N_("Major System Outage"),
    N_("Partial System Outage"),
    N_("Minor Service Outage"),
    N_("Partially Degraded Service"),
    N_("Service Under Maintenance"),
)

IMPACT_LABELS = {
    "none": N_("No impact"),
    "minor": N_("Minor"),
    "major": N_("Major"),
    "critical": N_("Critical"),
    "maintenance": N_("Maintenance"),
}


#: A postmortem's review status (``status:`` of a postmortem file).
POSTMORTEM_STATUS_LABELS = {
    "draft": N_("Draft"),
    "in_review": N_("In review"),
    "reviewed": N_("Reviewed"),
    "published": N_("Published"),
}

#: An action item's status.
ACTION_STATUS_LABELS = {
    "open": N_("Open"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "wont_do": N_("Won't do"),
}


def postmortem_status_label(status: str) -> str:
    """``in_review`` -> ``In review``."""
    return POSTMORTEM_STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def action_status_label(status: str) -> str:
    """``wont_do`` -> ``Won't do``."""
    return ACTION_STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


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
    return duration(rounded(delta))


def rounded(delta: timedelta) -> timedelta:
    """``delta`` (not negative) rounded half up to the smallest unit ``duration`` shows
    for it, so that a statistic reads the same in every language."""
    if delta >= timedelta(days=1):
        unit = timedelta(hours=1)
    elif delta >= timedelta(minutes=1):
        unit = timedelta(minutes=1)
    else:
        unit = timedelta(seconds=1)
    return unit * ((delta + unit / 2) // unit)


def percent(value: float | None) -> str:
    """An uptime percentage: ``99.95``, ``100``, ``99.9``; empty for None. Truncated,
    never rounded up, so that a day with any downtime never reads ``100``."""
    if value is None:
        return ""
    text = f"{math.floor(value * 100 + 1e-9) / 100:.2f}".rstrip("0").rstrip(".")
    return text
