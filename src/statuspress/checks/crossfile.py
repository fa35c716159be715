"""Rules that look across files: references to the site config and between files."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from statuspress.checks.problems import Problem
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem
from statuspress.model.source import Source
from statuspress.suggest import meant


def _declared(names: list[str]) -> str:
    shown = ", ".join(names[:12])
    return shown + (", ..." if len(names) > 12 else "")


def _unknown_component(path: str, line: int, where: str, component_id: str, declared: list[str]) -> Problem:
    """``where`` (the incident's or an update's ``components``) names an undeclared id."""
    guess = meant(component_id, declared)
    hint = f" (did you mean {guess}?)" if guess else ""
    return Problem(
        path, line, "error",
        f"{where} names `{component_id}`, which is not declared in the site config{hint}; "
        f"declared components: {_declared(declared)}", "unknown-component",
    )


def _unknown_severity(path: str, line: int, severity: str, declared: list[str]) -> Problem:
    guess = meant(severity, declared)
    hint = f" (did you mean {guess}?)" if guess else ""
    return Problem(
        path, line, "error",
        f"`severity` is `{severity}`, which is not declared{hint}; declared severities: {_declared(declared)}",
        "unknown-severity",
    )


def check_draft_references(config: SiteConfig, source: Source, reported: Collection[Problem]) -> list[Problem]:
    """``check_references``' checks against the site config, for an incident file the
    model refused (``source``: its parsed front-matter, ``LoadCache.draft``): its
    undeclared severity and components, reported in the same run as the model's
    ``reported`` problems (a file without `started` and with an unknown severity
    said only the first, then the second after the fix). A value the model already
    complained about, on its line, is left to that message."""
    data = source.data
    if not isinstance(data, dict) or data.get("type") == "notice":
        return []  # a notice names no severity or component (the model says so)
    taken = {problem.line for problem in reported}
    severity_keys = [s.key for s in config.severities]
    component_ids = [c.id for c in config.components]
    out: list[Problem] = []
    severity = data.get("severity")
    if isinstance(severity, str) and config.severity(severity) is None:
        out.append(_unknown_severity(source.path, source.line("severity"), severity, severity_keys))
    named: list[tuple[str, int, str]] = []  # (component id, line, where)
    listed = data.get("components")
    if isinstance(listed, list):
        named += [(c, source.line("components", i), "`components`") for i, c in enumerate(listed) if isinstance(c, str)]
    elif isinstance(listed, dict):
        named += [(c, source.line("components", c), "`components`") for c in listed if isinstance(c, str)]
    updates = data.get("updates")
    for index, update in enumerate(updates if isinstance(updates, list) else ()):
        moved = update.get("components") if isinstance(update, dict) else None
        where = f"update {index + 1}'s `components`"
        if isinstance(moved, (list, dict)):
            named += [(c, source.line("updates", index, "components", c), where) for c in moved if isinstance(c, str)]
    out += [_unknown_component(source.path, line, where, cid, component_ids)
            for cid, line, where in named if cid not in component_ids]
    return [problem for problem in out if problem.line not in taken]


def check_references(
    config: SiteConfig, incidents: Sequence[Incident], postmortems: Sequence[Postmortem],
    *, unreadable: Collection[str] = (),
) -> list[Problem]:
    """Unknown severities and components, postmortems naming missing incidents.
    ``unreadable`` holds the ids of incident files that exist but could not be read:
    their own error says what is wrong, and a postmortem naming them is not wrong."""
    out: list[Problem] = []
    severity_keys = [s.key for s in config.severities]
    component_ids = [c.id for c in config.components]
    known_components = set(component_ids)
    known_severities = set(severity_keys)
    for incident in incidents:
        # Nearly every file names only what is declared: one test each, not a
        # look at every update (a serve rebuild checks all 10,000 again).
        if ((incident.severity is None or incident.severity in known_severities)
                and known_components.issuperset(incident.named_components)):
            continue
        src = incident.src
        if incident.severity is not None and config.severity(incident.severity) is None:
            out.append(_unknown_severity(src.path, src.line("severity"), incident.severity, severity_keys))
        for component_id in incident.components:
            if component_id not in known_components:
                out.append(_unknown_component(
                    src.path, _component_line(incident, component_id), "`components`", component_id,
                    component_ids))
        for index, update in enumerate(incident.updates):
            for component_id in update.components:
                if component_id not in known_components:
                    out.append(_unknown_component(
                        src.path, src.line("updates", index, "components", component_id),
                        f"update {index + 1}'s `components`", component_id, component_ids))
    incident_ids = {incident.id for incident in incidents}
    for postmortem in postmortems:
        for index, incident_id in enumerate(postmortem.incidents):
            if incident_id not in incident_ids and incident_id not in unreadable:
                guess = meant(incident_id, sorted(incident_ids))
                hint = f"; did you mean {guess}?" if guess else ""
                out.append(Problem(
                    postmortem.src.path, postmortem.src.line("incidents", index), "error",
                    f"`incidents` names `{incident_id}`, but there is no incident with that id{hint}",
                    "unknown-incident",
                ))
    return out


def _component_line(incident: Incident, component_id: str) -> int:
    src = incident.src
    raw = src.data.get("components") if isinstance(src.data, dict) else None
    if isinstance(raw, list) and component_id in raw:
        return src.line("components", raw.index(component_id))
    return src.line("components", component_id)


def check_duplicate_ids(kind: str, documents: Sequence[Incident] | Sequence[Postmortem]) -> list[Problem]:
    """Two files with the same name (in different folders) would be the same page."""
    first: dict[str, str] = {}
    out: list[Problem] = []
    for document in documents:
        path = document.source.path
        other = first.setdefault(document.id, path)
        if other != path:
            out.append(Problem(
                path, 1, "error",
                f"duplicate {kind} id `{document.id}`: {other} has the same file name; rename one",
                "duplicate-id",
            ))
    return out
