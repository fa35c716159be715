"""``statuspress new``: the text of a new incident, maintenance, notice or postmortem file.

The ``*_text`` functions are pure: site config, times and arguments in, file text
out. The ``new_*`` functions add the one thing that needs the disk (a file name that
is not taken yet) and validate the text with the site's rules, so that what they
return can be written as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from statuspress.authoring.checking import aware_utc, checked_incident, checked_postmortem
from statuspress.authoring.files import unique_path
from statuspress.authoring.yamltext import flow_list, keyed_lines, scalar, sentence_case, slugify
from statuspress.errors import AuthoringError
from statuspress.load.site import content_files
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.render.text import iso, stage_label, utc

#: Trailing comments line up at this column, like a form with labels.
_COMMENT_COLUMN = 34


@dataclass(frozen=True)
class NewFile:
    """A file to create: where, and its text (already validated)."""

    path: Path
    text: str


def _commented(line: str, comment: str) -> str:
    return f"{line.ljust(_COMMENT_COLUMN - 1)} # {comment}"


def _internal_block(doc_id: str) -> list[str]:
    """The responders' block, commented out: filled in when the roles are known."""
    return [
        _commented("# internal:", "responders only: never on the public site"),
        "#   commander:",
        "#   ops_lead:",
        "#   comms_lead:",
        "#   scribe:",
        f"#   channel: {scalar('#inc-' + doc_id)}",
        "#   notes:",
    ]


def _component_lines(components: list[str]) -> list[str]:
    return ["components:"] + [f"  - {scalar(component_id)}" for component_id in components]


def _first_update(at: datetime, status: str, message: str) -> list[str]:
    return ["updates:", f"  - at: {iso(at)}", f"    status: {status}", *keyed_lines("message", message, 4)]


def default_incident_message(config: SiteConfig, title: str, severity: str) -> str:
    """"We are investigating reports of <title>." and, when the severity has a
    public-update cadence, when customers can expect the next update."""
    message = f"We are investigating reports of {sentence_case(title)}."
    rung = config.severity(severity)
    minutes = rung.cadence_minutes if rung is not None else None
    if minutes:
        message += f" We will post another update within {minutes} minutes."
    return message


def incident_text(
    config: SiteConfig,
    *,
    doc_id: str,
    title: str,
    severity: str,
    components: list[str],
    started: datetime,
    message: str | None = None,
    impact: str | None = None,
) -> str:
    """The text of a new incident: declared now, one ``investigating`` update.

    ``detected`` and ``declared`` start equal to ``started``; their comments say to
    move them when the real times are known, since the metrics are derived from them.
    """
    lines = ["---", f"title: {scalar(title)}", f"severity: {scalar(severity)}"]
    if impact is not None:
        lines.append(f"impact: {impact}")
    lines += _component_lines(components)
    lines += [
        _commented(f"started: {iso(started)}", "impact began; move it earlier if it did"),
        _commented(f"detected: {iso(started)}", "an alert fired or someone noticed"),
        _commented(f"declared: {iso(started)}", "the incident was declared"),
        _commented("# acknowledged:", "a responder acknowledged the page"),
        _commented("# mitigated:", "customer impact stopped"),
    ]
    lines += _first_update(started, "investigating", message or default_incident_message(config, title, severity))
    lines += _internal_block(doc_id)
    lines.append("---")
    return "\n".join(lines) + "\n"


def _names(config: SiteConfig, components: list[str]) -> str:
    declared = {c.id: c.name for c in config.components}
    names = [declared.get(cid, cid) for cid in components]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def default_maintenance_message(config: SiteConfig, components: list[str], start: datetime, end: datetime) -> str:
    """"We will be performing scheduled maintenance on <names> from <start> to <end>."""
    return (
        f"We will be performing scheduled maintenance on {_names(config, components)} "
        f"from {utc(start)} to {utc(end)}."
    )


def maintenance_text(
    config: SiteConfig,
    *,
    doc_id: str,
    title: str,
    components: list[str],
    start: datetime,
    end: datetime,
    at: datetime,
    message: str | None = None,
) -> str:
    """The text of a new scheduled maintenance with one ``scheduled`` update at ``at``."""
    lines = ["---", f"title: {scalar(title)}", "type: maintenance"]
    lines += _component_lines(components)
    lines += [f"scheduled_start: {iso(start)}", f"scheduled_end: {iso(end)}"]
    lines += _first_update(at, "scheduled", message or default_maintenance_message(config, components, start, end))
    lines += _internal_block(doc_id)
    lines.append("---")
    return "\n".join(lines) + "\n"


def notice_text(
    *, title: str, message: str, started: datetime, ends: datetime | None = None, pinned: bool = False,
) -> str:
    """The text of a new notice: shown from ``started`` (until ``ends``, else until the
    file is removed), its message as the Markdown body. The commented-out lines say
    how to pin it or end it later."""
    lines = ["---", f"title: {scalar(title)}", "type: notice"]
    lines.append("pinned: true" if pinned else _commented("# pinned: true", "shown at the top of the status page"))
    lines.append(_commented(f"started: {iso(started)}", "shown from"))
    if ends is not None:
        lines.append(_commented(f"ends: {iso(ends)}", "shown until; then listed in the history"))
    else:
        lines.append(_commented("# ends:", "shown until; without it, until the file is removed"))
    lines += [
        _commented("# internal:", "never on the public site"),
        "#   notes:",
        "---",
    ]
    return "\n".join(lines) + "\n" + message.strip("\n") + "\n"


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def new_incident(
    config: SiteConfig,
    root: Path,
    *,
    title: str,
    severity: str,
    components: list[str],
    at: datetime,
    message: str | None = None,
    impact: str | None = None,
) -> NewFile:
    """A new incident file ``<incidents_dir>/<date of at>-<slug>.md`` (``-2``, ``-3`` when
    taken), validated; ``severity`` and ``components`` must already be checked."""
    at = aware_utc(at)
    folder = root / config.incidents_dir
    path = unique_path(folder, f"{at.date().isoformat()}-{slugify(title, 'incident')}")
    text = incident_text(
        config, doc_id=path.stem, title=title, severity=severity, components=components,
        started=at, message=message, impact=impact,
    )
    checked_incident(text.encode("utf-8"), _display(path, root), path.stem, config)
    return NewFile(path, text)


def new_maintenance(
    config: SiteConfig,
    root: Path,
    *,
    title: str,
    components: list[str],
    start: datetime,
    end: datetime,
    at: datetime,
    message: str | None = None,
) -> NewFile:
    """A new maintenance file named after the day its window opens (the date people
    will look for), validated."""
    start, end, at = aware_utc(start), aware_utc(end), aware_utc(at)
    if end <= start:
        raise AuthoringError(f"the window must end after it starts: {utc(start)} to {utc(end)}")
    folder = root / config.incidents_dir
    path = unique_path(folder, f"{start.date().isoformat()}-{slugify(title, 'maintenance')}")
    text = maintenance_text(
        config, doc_id=path.stem, title=title, components=components, start=start, end=end,
        at=at, message=message,
    )
    checked_incident(text.encode("utf-8"), _display(path, root), path.stem, config)
    return NewFile(path, text)


def new_notice(
    config: SiteConfig,
    root: Path,
    *,
    title: str,
    message: str,
    at: datetime,
    ends: datetime | None = None,
    pinned: bool = False,
) -> NewFile:
    """A new notice file named after the day it is posted, validated."""
    at = aware_utc(at)
    ends = aware_utc(ends) if ends is not None else None
    if ends is not None and ends <= at:
        raise AuthoringError(f"--ends must be after the notice is posted: {utc(at)} to {utc(ends)}")
    if not message.strip():
        raise AuthoringError("--message: a notice is its message; write what customers should know")
    folder = root / config.incidents_dir
    path = unique_path(folder, f"{at.date().isoformat()}-{slugify(title, 'notice')}")
    text = notice_text(title=title, message=message, started=at, ends=ends, pinned=pinned)
    checked_incident(text.encode("utf-8"), _display(path, root), path.stem, config)
    return NewFile(path, text)


#: One line per default section, in the blameless voice: systems and decisions, not people.
SECTION_PROMPTS: dict[str, str] = {
    "summary": "In two or three sentences: what happened, who was affected, and how it was resolved.",
    "impact": "Who and what was affected, for how long and how badly: customers, requests, money, data.",
    "timeline": "Pre-filled from the incident file (times in UTC); add what responders saw, decided and did.",
    "root cause": "The conditions that made this incident possible. Describe systems and decisions, not people.",
    "contributing factors": "What made it more likely, bigger or longer: gaps in tooling, alerting, process or docs.",
    "trigger": "The change or event that set it off.",
    "detection": "How we found out, and how we could have found out sooner.",
    "resolution": "What stopped the impact, and what made that easy or hard.",
    "what went well": "What helped: alerts, tools, runbooks, people working together.",
    "what went poorly": "Where the response slowed down or got confused, and what in our systems made that easy.",
    "where we got lucky": "What kept this from being worse, and will not be there next time.",
    "action items": "The follow-ups live in `action_items` in the front-matter; discuss them here.",
    "lessons learned": "What we know now that we did not know before.",
}

_TIME_EVENTS = (
    ("scheduled_start", "Maintenance window opens (scheduled)"),
    ("started", "Impact started"),
    ("detected", "Detected: an alert fired or someone noticed"),
    ("acknowledged", "Acknowledged by a responder"),
    ("declared", "Incident declared"),
    ("mitigated", "Mitigated: customer impact stopped"),
    ("resolved", "Resolved"),
    ("scheduled_end", "Maintenance window closes (scheduled)"),
)


def _cell(markdown: str) -> str:
    """Markdown on one line, safe inside a table cell."""
    return " ".join(markdown.split()).replace("|", "\\|")


def timeline_rows(incident: Incident) -> list[tuple[datetime, str, str]]:
    """(time, event, details) for every timestamp and public update, in time order;
    at the same minute the incident's own timestamps come before its updates."""
    rows: list[tuple[datetime, int, str, str]] = []
    for order, (key, label) in enumerate(_TIME_EVENTS):
        moment = getattr(incident, key)
        if moment is not None:
            rows.append((moment, order, label, ""))
    for number, update in enumerate(incident.updates):
        rows.append((update.at, len(_TIME_EVENTS) + number, f"Public update: {stage_label(update.status)}",
                     _cell(update.message)))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [(moment, label, details) for moment, _, label, details in rows]


def _timeline_table(incident: Incident) -> list[str]:
    lines = ["| Time | Event | Details |", "| --- | --- | --- |"]
    for moment, label, details in timeline_rows(incident):
        stamp = utc(moment, seconds=moment.second != 0)
        lines.append(f"| {stamp} | {label} | {details} |".replace("|  |", "| |"))
    return lines


def postmortem_text(config: SiteConfig, incident: Incident, at: datetime) -> str:
    """A draft postmortem for ``incident``: front-matter to fill in, every required
    section as a ``##`` heading with a one-line prompt, the Timeline pre-filled."""
    lines = [
        "---",
        f"title: {scalar('Postmortem: ' + incident.title)}",
        f"incidents: {flow_list([incident.id])}",
        "status: draft                     # draft | in_review | reviewed | published",
        f"date: {at.date().isoformat()}",
        "authors: []",
        f"services: {flow_list(list(incident.components))}",
        "tags: []",
        "visibility: internal              # public: shown on the incident's page once published",
        "action_items: []                  # replace [] with items like the example:",
        "#  - title: Alert when the error rate stays above 1 % for 5 minutes",
        "#    owner: Team or person",
        "#    due: 2026-04-01",
        "#    status: open                  # open | in_progress | done | wont_do",
        "#    priority: P2",
        "#    link: https://tracker.example/OPS-123",
        "---",
    ]
    for title in config.postmortem_sections:
        lines += ["", f"## {title}", ""]
        prompt = SECTION_PROMPTS.get(title.casefold(), f"What belongs under “{title}”, for this incident.")
        lines.append(f"_{prompt}_")
        if title.casefold() == "timeline":
            lines += ["", *_timeline_table(incident)]
    return "\n".join(lines) + "\n"


def new_postmortem(config: SiteConfig, root: Path, incident: Incident, at: datetime) -> NewFile:
    """``<postmortems_dir>/<incident id>.md`` for ``incident``, validated; refuses an
    id that a postmortem already has."""
    at = aware_utc(at)
    folder = root / config.postmortems_dir
    path = folder / f"{incident.id}.md"
    taken = [p for p in content_files(folder) if p.stem == incident.id] or ([path] if path.exists() else [])
    if taken:
        raise AuthoringError(f"{_display(taken[0], root)} already exists; edit it instead")
    text = postmortem_text(config, incident, at)
    checked_postmortem(text.encode("utf-8"), _display(path, root), incident.id, config, [incident])
    return NewFile(path, text)
