"""Checking what the user asked for, and what the authoring commands produce.

Arguments are checked against the site config before anything is written (a
severity or component that is not declared, a stage of the wrong kind), each with
one line that names the allowed values and the closest match. Every text the
commands produce is then validated with the very rules ``statuspress validate``
applies, so that a command can never write a file the build would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from statuspress.checks.crossfile import check_references
from statuspress.checks.document import check_incident, check_postmortem
from statuspress.checks.problems import Problem, errors
from statuspress.errors import AuthoringError, ContentError
from statuspress.load.documents import parse_document
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem
from statuspress.model.values import INCIDENT_STAGES, MAINTENANCE_STAGES
from statuspress.suggest import meant


def aware_utc(moment: datetime) -> datetime:
    """``moment`` in UTC to the second, as the files store it; a naive time is refused
    (statuspress never guesses a time zone)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise AuthoringError(f"{moment.isoformat()} has no UTC offset; write it like 2026-03-14T09:12:00Z")
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def _guess(value: str, allowed: list[str]) -> str:
    guess = meant(value, allowed)
    return f" (did you mean {guess}?)" if guess else ""


def _unknown(kind: str, value: str, allowed: list[str]) -> AuthoringError:
    return AuthoringError(f"`{value}` is not a declared {kind}{_guess(value, allowed)}; declared: {', '.join(allowed)}")


def pick_severity(config: SiteConfig, key: str) -> str:
    """The declared severity key ``key`` names; case does not matter (``sev2``)."""
    keys = [severity.key for severity in config.severities]
    wanted = key.strip()
    if wanted in keys:
        return wanted
    folded = [k for k in keys if k.casefold() == wanted.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise _unknown("severity", wanted, keys)


def pick_components(config: SiteConfig, values: Iterable[str]) -> list[str]:
    """Component ids from ``api,web`` style arguments (commas or repeated options),
    in the order given, without duplicates; each must be declared."""
    ids = [c.id for c in config.components]
    chosen: list[str] = []
    unknown: list[str] = []
    for value in values:
        for part in value.split(","):
            wanted = part.strip()
            if not wanted:
                continue
            if wanted not in ids and wanted.lower() in ids:
                wanted = wanted.lower()
            if wanted not in ids:
                if wanted not in unknown:
                    unknown.append(wanted)
            elif wanted not in chosen:
                chosen.append(wanted)
    if len(unknown) == 1:
        raise _unknown("component", unknown[0], ids)
    if unknown:
        named = ", ".join(f"`{value}`{_guess(value, ids)}" for value in unknown)
        raise AuthoringError(f"{named} are not declared components; declared: {', '.join(ids)}")
    if not chosen:
        raise AuthoringError(f"name at least one component; declared: {', '.join(ids)}")
    return chosen


def pick_stage(status: str | None, maintenance: bool) -> str | None:
    """A stage for an update of an incident or a maintenance (None keeps the stage)."""
    if status is None:
        return None
    allowed = list(MAINTENANCE_STAGES if maintenance else INCIDENT_STAGES)
    wanted = status.strip().lower().replace(" ", "_").replace("-", "_")
    if wanted in allowed:
        return wanted
    kind = "maintenance" if maintenance else "an incident"
    raise AuthoringError(f"`{status}` is not a stage of {kind}{_guess(wanted, allowed)}; allowed: {', '.join(allowed)}")


class InvalidFileError(ContentError):
    """The file to edit has errors already: an edit would not fix them, so none is made."""


def _refuse(problems: list[Problem]) -> None:
    if errors(problems):
        raise ContentError(sorted(problems, key=lambda p: (p.line, p.message)))


def checked_incident(data: bytes, display: str, doc_id: str, config: SiteConfig) -> Incident:
    """Parse and check an incident's bytes as ``statuspress validate`` would (the rules
    of the file itself and its references to the site config); raise ``ContentError``
    with every problem when there is an error."""
    incident, problems = parse_document(data, display, doc_id, Incident)
    if incident is None:
        _refuse(problems)
        raise ContentError(problems)  # pragma: no cover - no model always comes with an error
    problems += check_incident(incident)
    problems += check_references(config, [incident], [])
    _refuse(problems)
    return incident


def checked_postmortem(
    data: bytes, display: str, doc_id: str, config: SiteConfig, incidents: list[Incident]
) -> Postmortem:
    """Parse and check a postmortem's bytes; ``incidents`` are the ones it may name."""
    postmortem, problems = parse_document(data, display, doc_id, Postmortem)
    if postmortem is None:
        _refuse(problems)
        raise ContentError(problems)  # pragma: no cover
    problems += check_postmortem(postmortem, config)
    # Only the postmortem's own references: the incidents were checked on their own.
    problems += [p for p in check_references(config, incidents, [postmortem]) if p.path == display]
    _refuse(problems)
    return postmortem
