"""Rules about one document on its own: times in order, a coherent timeline,
maintenance windows, postmortem sections. The site config is needed only for the
list of required postmortem sections."""

from __future__ import annotations

from datetime import datetime

from statuspress.checks.problems import Level, Problem
from statuspress.load.timeline_table import backwards_rows
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import RESERVED_IDS, Postmortem
from statuspress.model.values import INCIDENT_STAGES, MAINTENANCE_STAGES

#: started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved, and started ≤ declared.
_CHAIN = ("started", "detected", "acknowledged", "mitigated", "resolved")
_ORDER_RULE = "times must not run backwards: started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved"


def utc(moment: datetime) -> str:
    """A time as the problem messages show it: ``2026-03-14 09:12 UTC``."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment.second == 0 else moment.strftime(
        "%Y-%m-%d %H:%M:%S UTC"
    )


def check_incident(incident: Incident) -> list[Problem]:
    """Single-file rules for an incident or maintenance."""
    src = incident.src
    out: list[Problem] = []

    def add(keys: tuple[object, ...], message: str, code: str, level: Level = "error") -> None:
        out.append(Problem(src.path, src.line(*keys), level, message, code))

    if incident.is_maintenance:
        if incident.scheduled_start is None:
            add((), "`scheduled_start` is required for maintenance: when does the window open?", "required")
        if incident.scheduled_end is None:
            add((), "`scheduled_end` is required for maintenance: when does the window close?", "required")
        if incident.scheduled_start and incident.scheduled_end and incident.scheduled_end <= incident.scheduled_start:
            add(("scheduled_end",),
                f"`scheduled_end` ({utc(incident.scheduled_end)}) must be after `scheduled_start` "
                f"({utc(incident.scheduled_start)})", "order")
    elif not incident.is_notice:  # a notice's own rules belong to the notice model
        if incident.started is None:
            add((), "`started` is required for an incident: when did the impact begin?", "required")
        if incident.severity is None:
            add((), "`severity` is required for an incident (one of the declared severities, e.g. SEV2)", "required")
        for key in ("scheduled_start", "scheduled_end"):
            if getattr(incident, key) is not None:
                add((key,), f"`{key}` is only for `type: maintenance`; an incident uses `started`", "field")

    previous: tuple[str, datetime] | None = None
    for key in _CHAIN:
        value = getattr(incident, key)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            earlier = f"`{previous[0]}` ({utc(previous[1])})"
            add((key,), f"`{key}` ({utc(value)}) is before {earlier}; {_ORDER_RULE}", "order")
        previous = (key, value)
    if incident.started and incident.declared and incident.declared < incident.started:
        add(("declared",),
            f"`declared` ({utc(incident.declared)}) is before `started` ({utc(incident.started)}); "
            "an incident cannot be declared before its impact began", "order")

    if incident.is_notice:  # no stages, no resolution: it ends at `ends`
        return out
    allowed = MAINTENANCE_STAGES if incident.is_maintenance else INCIDENT_STAGES
    final = "completed" if incident.is_maintenance else "resolved"
    kind = "maintenance" if incident.is_maintenance else "an incident"
    last_index = len(incident.updates) - 1
    for index, update in enumerate(incident.updates):
        if index and update.at < incident.updates[index - 1].at:
            add(("updates", index, "at"),
                f"`updates[{index}].at` ({utc(update.at)}) is earlier than the update before it "
                f"({utc(incident.updates[index - 1].at)}); list updates oldest first", "order")
        if update.status is not None and update.status not in allowed:
            add(("updates", index, "status"),
                f"`updates[{index}].status` is `{update.status}`, which is not a stage of {kind}; "
                f"allowed: {', '.join(allowed)}", "stage")
        if update.status == final and index != last_index:
            add(("updates", index, "status"),
                f"`updates[{index}]` is `{final}` but more updates follow; only the last update can be `{final}`",
                "stage")

    last = incident.updates[-1] if incident.updates else None
    if last is not None and last.status == final:
        if incident.resolved is None:
            add(("updates", last_index, "status"),
                f"the last update is `{final}` at {utc(last.at)} but `resolved` is not set; "
                f"add `resolved: {last.at.strftime('%Y-%m-%dT%H:%M:%SZ')}`", "resolved")
        elif incident.resolved != last.at:
            add(("resolved",),
                f"`resolved` ({utc(incident.resolved)}) and the final `{final}` update ({utc(last.at)}) "
                "disagree; make them the same time", "resolved")
    elif incident.resolved is not None and last is not None:
        add(("resolved",),
            f"`resolved` is set but the last update is not `{final}`; add a final update with "
            f"`status: {final}` at {utc(incident.resolved)}", "resolved")
    return out


def check_postmortem(postmortem: Postmortem, config: SiteConfig) -> list[Problem]:
    """Single-file rules for a postmortem: the required sections are present."""
    src = postmortem.src
    out: list[Problem] = []
    if postmortem.id in RESERVED_IDS:
        out.append(Problem(
            src.path, 1, "error",
            f"`{postmortem.id}` cannot be a postmortem file name: the archive uses "
            f"postmortems/{postmortem.id}/ for its own pages; name it like 2026-03-14-short-slug.md",
            "reserved-id",
        ))
    for line, written, above in backwards_rows(postmortem):
        out.append(Problem(
            src.path, line, "warning",
            f"the Timeline row at `{written}` is earlier than the row above it (`{above}`); rows are "
            "read in order, so check the time, or write the full date if it happened on another day",
            "timeline-order",
        ))
    have = {section.title.casefold() for section in postmortem.sections}
    missing = [title for title in config.postmortem_sections if title.casefold() not in have]
    if not missing:
        return out
    # A draft is work in progress: missing sections are a warning until review.
    level: Level = "warning" if postmortem.status == "draft" else "error"
    names = ", ".join(f"`## {title}`" for title in missing)
    noun = "section" if len(missing) == 1 else "sections"
    out.append(Problem(src.path, src.body_line, level, f"missing {noun} {names}", "section"))
    return out
