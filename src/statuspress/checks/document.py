"""Rules about one document on its own: times in order, a coherent timeline,
maintenance windows and notice spans, postmortem sections. What a type must or
may not hold is the model's (``model/incident_file.py``), not a rule here. The site config is needed only for the
list of required postmortem sections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from statuspress.checks.problems import Level, Problem
from statuspress.load.timeline_table import backwards_rows
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import RESERVED_IDS, Postmortem

#: started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved, and started ≤ declared.
_CHAIN = ("started", "detected", "acknowledged", "mitigated", "resolved")
_ORDER_RULE = "times must not run backwards: started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved"


def utc(moment: datetime) -> str:
    """A time as the problem messages show it: ``2026-03-14 09:12 UTC``."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment.second == 0 else moment.strftime(
        "%Y-%m-%d %H:%M:%S UTC"
    )


def check_incident(incident: Incident) -> list[Problem]:
    """Single-file rules for an incident, a maintenance or a notice: the ones that
    compare values (the model already refused what a type may not hold)."""
    src = incident.src
    out: list[Problem] = []

    def add(keys: tuple[object, ...], message: str, code: str, level: Level = "error") -> None:
        out.append(Problem(src.path, src.line(*keys), level, message, code))

    start, end = incident.scheduled_start, incident.scheduled_end
    if start is not None and end is not None and end <= start:
        add(("scheduled_end",),
            f"`scheduled_end` ({utc(end)}) must be after `scheduled_start` ({utc(start)})", "order")
    ends, started = incident.ends, incident.started
    if ends is not None and started is not None and ends <= started:
        add(("ends",),
            f"`ends` ({utc(ends)}) must be after `started` ({utc(started)}); a notice stops being "
            "shown after it is posted", "order")
    if ends is not None and incident.is_notice:
        for index, update in enumerate(incident.updates):
            if update.at > ends:
                add(("updates", index, "at"),
                    f"`updates[{index}].at` ({utc(update.at)}) is after `ends` ({utc(ends)}): the notice is no "
                    "longer shown then; move `ends` to the update's time or later, or remove the update", "order")

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

    for index, update in enumerate(incident.updates):
        if index and update.at < incident.updates[index - 1].at:
            add(("updates", index, "at"),
                f"`updates[{index}].at` ({utc(update.at)}) is earlier than the update before it "
                f"({utc(incident.updates[index - 1].at)}); list updates oldest first", "order")
    if incident.stages:
        _check_final_stage(incident, add)
    return out


def _check_final_stage(incident: Incident, add: Callable[[tuple[object, ...], str, str], None]) -> None:
    """Only the last update may be final, and the final update and ``resolved`` agree."""
    final = incident.stages[-1]
    last_index = len(incident.updates) - 1
    for index, update in enumerate(incident.updates):
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
