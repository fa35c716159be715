"""Statuspage JSON as saved from a page -> incident, maintenance and postmortem files.

Sources, told apart by their content:

- the public API v2 documents: ``incidents.json``, ``scheduled-maintenances.json``,
  ``summary.json``, ``components.json`` (and their ``unresolved`` / ``upcoming`` /
  ``active`` variants);
- the Manage API's incident list, saved page by page
  (``GET /v1/pages/{page_id}/incidents``): a JSON array of incidents that also carry
  ``postmortem_body`` and ``incident_updates[].affected_components``;
- ``history.atom``, the fallback for pages that expose nothing else
  (``statuspage_atom``);
- the JSON Lines history of ``statuspress.importers.statuspage_jsonl``.

An incident found in several sources is imported once (the copy with the most
updates wins; a ``postmortem_body`` is taken from whichever has it). Components and
groups become components with groups; their ids are slugs of their names. Impact
gives the severity through ``SEVERITY_BY_IMPACT`` unless a map is given. Times keep
the offset they were written with.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from statuspress.importers import statuspage_atom
from statuspress.importers import statuspage_jsonl as jsonl
from statuspress.importers.plan import ComponentFound, ImportPlan, document_text
from statuspress.importers.times import TimeError, iso, parse_time, start_within
from statuspress.model.config import DEFAULT_SECTIONS
from statuspress.model.values import (
    IMPACT_TO_STATUS,
    INCIDENT_STAGES,
    MAINTENANCE_STAGES,
    STATUS_RANK,
)

__all__ = ["SEVERITY_BY_IMPACT", "StatuspageSources", "component_statuses", "import_statuspage"]

SEVERITY_BY_IMPACT = dict(jsonl.SEVERITY_BY_IMPACT)
_FILE_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9_-]*$")
_FINAL = {"incident": "resolved", "maintenance": "completed"}
_CROSS = {("maintenance", "resolved"): "completed", ("incident", "completed"): "resolved"}
_CLOSED_STATUSES = {"resolved", "postmortem", "completed"}
#: Keys read (or derived again on our side: ``updated_at``, ``monitoring_at`` ...).
_READ_KEYS = {"id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
              "shortlink", "started_at", "page_id", "incident_updates", "components", "scheduled_for",
              "scheduled_until", "postmortem_body", "postmortem_published_at", "impact_override"}
_READ_UPDATE_KEYS = {"id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
                     "affected_components"}

Json = dict[str, Any]


class SourceError(ValueError):
    """A record that cannot be mapped; the message names the field."""


def _list(value: Any) -> list[Any]:
    """``value`` when it is a list; anything else (null, a string, a number) holds nothing."""
    return value if isinstance(value, list) else []


@dataclass
class StatuspageSources:
    """Everything read from the sources, before conversion."""

    incidents: dict[str, tuple[Json, str]] = field(default_factory=dict)  # id -> (record, source)
    components: list[tuple[Json, str]] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # group id -> name
    jsonl_records: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    page: Json = field(default_factory=dict)

    def add_incident(self, record: Json, source: str) -> None:
        key = str(record.get("id") or "")
        if not key:
            key = f"{source}#{len(self.incidents)}"
        if key in self.incidents:
            old, old_source = self.incidents[key]
            keep, keep_source = (record, source) if len(_list(record.get("incident_updates"))) > len(
                _list(old.get("incident_updates"))) else (old, old_source)
            body = record.get("postmortem_body") or old.get("postmortem_body")
            if body and not keep.get("postmortem_body"):
                keep = dict(keep, postmortem_body=body,
                            postmortem_published_at=record.get("postmortem_published_at")
                            or old.get("postmortem_published_at"))
            self.incidents[key] = (keep, keep_source)
        else:
            self.incidents[key] = (record, source)

    def add_components(self, rows: Iterable[Any], source: str) -> None:
        for row in rows:
            if not isinstance(row, dict):
                continue
            if row.get("group"):
                self.groups[str(row.get("id"))] = str(row.get("name") or "")
            else:
                self.components.append((row, source))


def read_sources(paths: list[Path], sources: StatuspageSources, plan: ImportPlan) -> None:
    """Read each file into ``sources``; an unreadable one is a finding."""
    for path in paths:
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            plan.skip(name, "", f"cannot be read: {exc}")
            continue
        stripped = text.lstrip()
        if stripped.startswith("<"):
            statuspage_atom.read_atom(text, name, sources, plan)
            continue
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            if path.suffix == ".jsonl" or _one_object(stripped.split("\n", 1)[0]):
                try:
                    for record in jsonl.read_jsonl(path):
                        sources.jsonl_records.append((record, name))
                except jsonl.RecordError as err:
                    line, _, message = str(err).removeprefix(f"{path}:").partition(":")
                    plan.skip(name, f"line {line}", message.strip())
                continue
            plan.skip(name, "", f"is not JSON (line {exc.lineno}: {exc.msg})")
            continue
        _read_document(data, name, sources, plan)


def _one_object(line: str) -> bool:
    """Is this line a JSON object on its own (the first line of a JSON Lines file)?"""
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _read_document(data: Any, name: str, sources: StatuspageSources, plan: ImportPlan) -> None:
    if isinstance(data, list):  # a Manage API page: a bare list of incidents
        _add_incidents(data, name, "", sources, plan)
        return
    if not isinstance(data, dict):
        plan.skip(name, "", "is neither a Statuspage document nor a list of incidents")
        return
    if isinstance(data.get("page"), dict):
        for key, value in data["page"].items():
            sources.page.setdefault(key, value)
    known = False
    for key in ("incidents", "scheduled_maintenances"):
        if isinstance(data.get(key), list):
            known = True
            _add_incidents(data[key], name, key, sources, plan)
    if isinstance(data.get("components"), list):
        known = True
        sources.add_components(data["components"], name)
    if isinstance(data.get("incident"), dict):  # a webhook body
        known = True
        sources.add_incident(data["incident"], name)
    if not known and "status" not in data:
        plan.skip(name, "", "holds no incidents, maintenances or components")


def _add_incidents(records: list[Any], name: str, key: str, sources: StatuspageSources, plan: ImportPlan) -> None:
    for index, record in enumerate(records):
        if isinstance(record, dict):
            sources.add_incident(record, name)
        else:
            plan.skip(name, f"{key}[{index}]", f"is not an incident object (found {type(record).__name__})")


# ---------------------------------------------------------------------------
# Components


@dataclass
class _ComponentIds:
    by_code: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def of(self, code: Any, name: Any) -> str | None:
        return self.by_code.get(str(code)) or self.by_name.get(str(name or "").casefold())


def _collect_components(sources: StatuspageSources, plan: ImportPlan) -> _ComponentIds:
    ids = _ComponentIds()
    rows = list(sources.components)
    for record, source in sources.incidents.values():
        for row in _list(record.get("components")):
            if isinstance(row, dict) and not row.get("group"):
                rows.append((row, source))
        for update in _list(record.get("incident_updates")):
            for change in _list(update.get("affected_components") if isinstance(update, dict) else None):
                if isinstance(change, dict):
                    rows.append(({"id": change.get("code"), "name": change.get("name")}, source))
    rows.sort(key=lambda item: (item[0].get("position") is None, item[0].get("position") or 0))
    for row, source in rows:
        name = str(row.get("name") or "").strip()
        if not name:
            plan.skip(source, f"components[id={row.get('id')}].name", "a component without a name")
            continue
        key = name.casefold()
        if key not in ids.by_name:
            group = sources.groups.get(str(row.get("group_id"))) if row.get("group_id") else None
            description = row.get("description")
            ids.by_name[key] = plan.component(
                name, jsonl.slugify(name) or "component", group or None,
                description if isinstance(description, str) and description else None,
            )
        if row.get("id"):
            ids.by_code.setdefault(str(row["id"]), ids.by_name[key])
    return ids


def _moves(update: Any, ids: _ComponentIds) -> list[tuple[str, str | None, str]]:
    """An update's ``affected_components`` as (component id, old status, new status),
    in the source's order; rows without a known component or a valid new status are
    left out (the component list says which names were unknown)."""
    found: list[tuple[str, str | None, str]] = []
    for change in _list(update.get("affected_components") if isinstance(update, dict) else None):
        if not isinstance(change, dict):
            continue
        cid = ids.of(change.get("code"), change.get("name"))
        new = change.get("new_status")
        if cid is None or new not in STATUS_RANK:
            continue
        old = change.get("old_status")
        found.append((cid, old if old in STATUS_RANK else None, new))
    return found


Moves = list[tuple[str, str | None, str]]


def component_statuses(
    record: Json, kind: str, impact: str, ids: _ComponentIds, moves: list[Moves], opening: int | None,
) -> dict[str, str | None]:
    """The incident's components: id -> the status it has from the start, or None for
    "the status the impact implies". ``moves`` are the updates' ``affected_components``
    (``_moves``), oldest update first; ``opening`` is the index of the update that
    opens the incident (``_opening``).

    A component that the opening update moves starts in the status it moved to; one
    whose first move returns it to operational had the status it left all along; any
    other starts operational (named, unchanged) and its moves are its updates' own
    (``_update_components``). Without any moves, the incident's ``components`` rows
    are affected with the status the impact implies; with moves, a row that no
    update moved stayed operational.
    """
    implied = _implied(kind, impact)
    first: dict[str, str] = {}
    for number, update_moves in enumerate(moves):
        for cid, old, new in update_moves:
            if cid in first:
                continue
            if number == opening:
                first[cid] = new
            elif new == "operational" and old is not None:
                first[cid] = old
            else:
                first[cid] = "operational"
    out: dict[str, str | None] = {cid: None if status == implied else status for cid, status in first.items()}
    untouched = "operational" if out else None
    for row in _list(record.get("components")):
        if isinstance(row, dict) and not row.get("group"):
            named = ids.of(row.get("id"), row.get("name"))
            if named is not None and named not in out:
                out[named] = untouched
    return out


def _opening(updates: list[dict[str, Any]], kind: str) -> int | None:
    """The index of the update from which the incident holds its components: the first
    one, for maintenance the first ``in_progress`` / ``verifying`` one."""
    if kind == "incident":
        return 0 if updates else None
    return next((n for n, u in enumerate(updates) if u.get("status") in ("in_progress", "verifying")), None)


def _implied(kind: str, impact: str) -> str:
    return "under_maintenance" if kind == "maintenance" else IMPACT_TO_STATUS.get(impact, "operational")


def _update_components(
    updates: list[dict[str, Any]], moves: list[Moves], initial: dict[str, str], kind: str, opening: int | None,
) -> None:
    """Give each update the ``components:`` its ``affected_components`` moved to.

    What the format implies anyway is left out, so that the file says only what it
    must: in the update that opens the incident (the first one; for maintenance the
    first ``in_progress`` / ``verifying``), a component moving to its starting status;
    in the final ``resolved`` / ``completed`` update, a component returning to
    operational."""
    final = _FINAL[kind]
    for number, (update, update_moves) in enumerate(zip(updates, moves, strict=True)):
        found: dict[str, str] = {}
        for cid, _old, new in update_moves:
            if number == opening and initial.get(cid) == new:
                continue
            if update.get("status") == final and number == len(updates) - 1 and new == "operational":
                continue
            found[cid] = new
        if found:
            update["components"] = found


# ---------------------------------------------------------------------------
# One incident


def _time(record: Json, key: str) -> datetime | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    try:
        return parse_time(value)
    except TimeError as exc:
        raise SourceError(f"`{key}`: {exc}") from None


def _file_id(record: Json, started: datetime) -> str:
    source_id = str(record.get("id") or "")
    if _FILE_ID.match(source_id):
        return source_id  # already one of ours (a statuspress site's own API)
    title = jsonl.slugify(str(record.get("name") or ""), jsonl.TITLE_SLUG_MAX) or "incident"
    suffix = jsonl.slugify(source_id)
    date = started.astimezone(timezone.utc).date().isoformat()
    return f"{date}-{title}-{suffix}" if suffix else f"{date}-{title}"


def _updates(record: Json, kind: str, notes: list[str], ids: _ComponentIds) -> tuple[list[dict[str, Any]], list[Moves]]:
    """The updates oldest first, and each one's ``affected_components`` moves."""
    allowed = MAINTENANCE_STAGES if kind == "maintenance" else INCIDENT_STAGES
    raw = [u for u in _list(record.get("incident_updates")) if isinstance(u, dict)]
    items: list[tuple[datetime, str | None, str, Moves]] = []
    for index, update in enumerate(raw):
        when = _time(update, "display_at") or _time(update, "created_at")
        if when is None:
            raise SourceError(f"`incident_updates[{index}].created_at` is missing")
        label = str(update.get("status") or "").strip().lower().replace(" ", "_")
        stage: str | None = label if label in allowed else _CROSS.get((kind, label))
        if label and stage is None and label not in ("postmortem", "notice"):
            notes.append(f"update status `{label}` has no equivalent; kept as a plain update")
        body = str(update.get("body") or "").strip() or (label.replace("_", " ").capitalize() or "Update")
        items.append((when, stage, body, _moves(update, ids)))
    items.sort(key=lambda item: item[0])  # Statuspage lists them newest first
    out: list[dict[str, Any]] = []
    current: str | None = None
    final = _FINAL[kind]
    for number, (when, stage, body, _) in enumerate(items):
        if stage == final and number < len(items) - 1:
            notes.append(f"an earlier `{final}` update at {iso(when)} became a plain update (the incident reopened)")
            stage = None
        keep = stage if stage is not None and (stage != current or not out) else None
        if stage is not None:
            current = stage
        out.append({"at": iso(when), **({"status": keep} if keep else {}), "message": body})
    return out, [item[3] for item in items]


def convert_incident(
    record: Json, ids: _ComponentIds, severity_map: dict[str, str],
) -> tuple[str, Json, str, list[str]]:
    """One Statuspage incident or maintenance -> (file id, front-matter, body, notes).
    An incident with impact ``none`` that names no component becomes a notice."""
    name = " ".join(str(record.get("name") or "").split())
    if not name:
        raise SourceError("`name` is missing")
    impact = str(record.get("impact") or "none").lower()
    kind = "maintenance" if impact == "maintenance" or record.get("scheduled_for") else "incident"
    notes: list[str] = []
    if record.get("incident_updates") is not None and not isinstance(record["incident_updates"], list):
        notes.append("`incident_updates` is not a list; no updates were imported")
    updates, moves = _updates(record, kind, notes, ids)
    stated = record.get("impact")  # the Atom fallback does not state one
    if kind == "incident" and stated == "none" and not any(moves) and not _named(record, ids):
        return _convert_notice(record, name, updates, notes)
    final = _FINAL[kind]
    started = _start(record, updates)
    resolved = _time(record, "resolved_at")
    closed = str(record.get("status") or "").lower() in _CLOSED_STATUSES
    if updates and updates[-1].get("status") == final:
        last_at = parse_time(updates[-1]["at"])
        if resolved is not None and resolved != last_at:
            notes.append(f"`resolved_at` {iso(resolved)} moved to the final update's time")
        resolved = last_at
    elif updates and resolved is not None:
        when = max(resolved, parse_time(updates[-1]["at"]))
        updates.append({"at": iso(when), "status": final, "message": jsonl._FINAL_MESSAGE[kind]})
        moves.append([])
        notes.append(f"a final `{final}` update was added at {iso(when)}; the source closed it without one")
        resolved = when
    elif closed and resolved is None and kind == "incident":
        notes.append("closed in the source without a `resolved_at` time; left open for the author")
    front: Json = {"title": name}
    if kind == "maintenance":
        front["type"] = "maintenance"
    else:
        if impact not in severity_map:
            raise SourceError(f"`impact` is `{impact}`; expected one of {', '.join(severity_map)} or maintenance")
        front["severity"] = severity_map[impact]
        front["impact"] = impact
    opening = _opening(updates, kind)
    components = component_statuses(record, kind, impact, ids, moves, opening)
    implied = _implied(kind, impact)
    initial = {cid: status or implied for cid, status in components.items()}
    _update_components(updates, moves, initial, kind, opening)
    if components:
        if all(status is None for status in components.values()):
            front["components"] = list(components)
        else:
            front["components"] = {cid: status or implied for cid, status in components.items()}
    if kind == "maintenance":
        start = _time(record, "scheduled_for") or started
        end = _time(record, "scheduled_until") or resolved
        if end is None:
            raise SourceError("a maintenance without `scheduled_until` or `resolved_at` has no end")
        if start >= end:
            raise SourceError(f"the window starts ({iso(start)}) at or after it ends ({iso(end)})")
        front["scheduled_start"] = iso(start)
        front["scheduled_end"] = iso(end)
    else:
        started = start_within(started, resolved, "started_at", notes)
        front["started"] = iso(started)
    if resolved is not None:
        front["resolved"] = iso(resolved)
    if updates:
        front["updates"] = updates
    _add_internal(front, record, notes)
    # A maintenance is dated by its window, as the status page lists it.
    dated = parse_time(front["scheduled_start"]) if kind == "maintenance" else started
    return _file_id(record, dated), front, "", notes


def _add_internal(front: Json, record: Json, notes: list[str]) -> None:
    """Where the record came from, and the import's notes, under ``internal``."""
    internal: Json = {}
    if record.get("shortlink"):
        internal["source"] = str(record["shortlink"])
    if record.get("id"):
        internal["statuspage_id"] = str(record["id"])
    if notes:
        internal["import_notes"] = notes
    if internal:
        front["internal"] = internal


def _named(record: Json, ids: _ComponentIds) -> bool:
    """Whether the record names a component (its ``components`` rows)."""
    return any(
        isinstance(row, dict) and not row.get("group") and ids.of(row.get("id"), row.get("name")) is not None
        for row in _list(record.get("components"))
    )


#: The stages a notice's updates may carry without a note: our own API writes
#: ``identified`` while it is shown, and ``resolved`` is its end.
_NOTICE_STAGES = {"identified", "resolved"}


def _start(record: Json, updates: list[dict[str, Any]]) -> datetime:
    """When it began: ``started_at``, else ``created_at``, else its first update."""
    started = _time(record, "started_at") or _time(record, "created_at")
    if started is None and updates:
        started = parse_time(updates[0]["at"])
    if started is None:
        raise SourceError("neither `started_at`, `created_at` nor an update gives a start")
    return started


def _convert_notice(
    record: Json, name: str, updates: list[dict[str, Any]], notes: list[str],
) -> tuple[str, Json, str, list[str]]:
    """An informational incident (impact ``none``, no component) -> a notice: the
    oldest update is its message, the others its updates, and it ends when the source
    resolved it."""
    started = _start(record, updates)
    ends = _time(record, "resolved_at")
    if ends is None and updates and updates[-1].get("status") == "resolved":
        ends = parse_time(updates[-1]["at"])
    if ends is None and str(record.get("status") or "").lower() in _CLOSED_STATUSES:
        notes.append("closed in the source without a `resolved_at` time; shown until the author sets `ends`")
    if ends is not None and ends <= started:
        notes.append(f"`resolved_at` {iso(ends)} is not after the start; shown until the author sets `ends`")
        ends = None
    stages = sorted({u["status"] for u in updates if u.get("status")} - _NOTICE_STAGES)
    if stages:
        notes.append("a notice has no stages; the update stages " + ", ".join(f"`{s}`" for s in stages)
                     + " were left out")
    front: Json = {"title": name, "type": "notice", "started": iso(started)}
    if ends is not None:
        front["ends"] = iso(ends)
    body = updates[0]["message"] if updates else ""
    if len(updates) > 1:
        front["updates"] = [{"at": u["at"], "message": u["message"]} for u in updates[1:]]
    _add_internal(front, record, notes)
    return _file_id(record, started), front, body, notes


def _postmortem(doc_id: str, record: Json, sections: list[str]) -> tuple[str, bool]:
    """The text of a public postmortem from ``postmortem_body``; and whether it is complete."""
    body = str(record["postmortem_body"]).replace("\r\n", "\n").strip()
    headings = {m.group(1).strip().casefold() for m in re.finditer(r"^##\s+(.+?)\s*#*\s*$", body, re.MULTILINE)}
    complete = all(s.casefold() in headings for s in sections)
    front: Json = {
        "title": " ".join(str(record.get("name") or "").split()),
        "incidents": [doc_id],
        "status": "published" if complete else "draft",
        "visibility": "public",
    }
    published = _time(record, "postmortem_published_at")
    if published is not None:
        front["date"] = published.date()
    return document_text(front, body), complete


def import_statuspage(
    paths: list[Path],
    *,
    severity_map: dict[str, str] | None = None,
    sections: list[str] | None = None,
    declared: list[ComponentFound] | None = None,
) -> ImportPlan:
    """Plan the files for every incident, maintenance and postmortem in ``paths``.

    A component named as one of ``declared`` (the site's own) takes its id.
    """
    plan = ImportPlan(declared=list(declared or []))
    sources = StatuspageSources()
    read_sources(paths, sources, plan)
    for key in ("name", "url", "time_zone"):
        if isinstance(sources.page.get(key), str) and sources.page[key]:
            plan.site[key] = sources.page[key]
    severities = severity_map or SEVERITY_BY_IMPACT
    required = list(sections if sections is not None else DEFAULT_SECTIONS)
    ids = _collect_components(sources, plan)
    for record, source in sources.incidents.values():
        where = f"{source}: incident {record.get('id')!r}"
        try:
            doc_id, front, text, notes = convert_incident(record, ids, severities)
        except SourceError as exc:
            plan.skip(where, "", str(exc))
            continue
        path = f"incidents/{doc_id}.md"
        plan.add_file(path, document_text(front, text), where)
        for note in notes:
            plan.warn(where, "incident_updates", note)
        if front.get("type") == "notice" and "ends" not in front and not any("`ends`" in n for n in notes):
            plan.warn(where, "resolved_at", "not resolved in the source: the notice is shown on the status "
                      "page until you set `ends`")
        if record.get("postmortem_body"):
            text, complete = _postmortem(doc_id, record, required)
            plan.add_file(f"postmortems/{doc_id}.md", text, where)
            if not complete:
                plan.warn(where, "postmortem_body", "lacks the sections " + ", ".join(required)
                          + " as `##` headings; imported as a public draft for the author to finish")
        elif str(record.get("status") or "") == "postmortem":
            plan.warn(where, "status", "the incident has a postmortem, but its text is not in this "
                      "document; save the Manage API's incident list to import it")
    _import_jsonl(sources, plan)
    _report_unread(sources, plan)
    return plan


def _report_unread(sources: StatuspageSources, plan: ImportPlan) -> None:
    """Keys with a value that nothing maps, counted once per source file."""
    unread: dict[str, Counter[str]] = {}
    for record, source in sources.incidents.values():
        counts = unread.setdefault(source, Counter())
        counts.update(k for k, v in record.items() if k not in _READ_KEYS and v not in (None, "", [], {}, False))
        for update in _list(record.get("incident_updates")):
            if isinstance(update, dict):
                counts.update(f"incident_updates[].{k}" for k, v in update.items()
                              if k not in _READ_UPDATE_KEYS and v not in (None, "", [], {}, False))
    for source, counts in unread.items():
        if counts:
            listed = ", ".join(f"{key} ({count})" for key, count in sorted(counts.items()))
            plan.warn(source, listed, "have no equivalent in statuspress and were not imported")


def _import_jsonl(sources: StatuspageSources, plan: ImportPlan) -> None:
    """JSON Lines records, converted by the JSON Lines importer as before."""
    if not sources.jsonl_records:
        return
    adjustments: dict[str, Counter[str]] = {}
    for number, (record, source) in enumerate(sources.jsonl_records, start=1):
        try:
            converted = jsonl._convert(record)  # the JSON Lines importer, as it always converted
        except jsonl.RecordError as exc:
            plan.skip(f"{source}: record {number} (id {record.get('id')!r})", "", str(exc))
            continue
        plan.add_file(f"incidents/{converted.id}.md", converted.text, f"{source}: record {number}")
        adjustments.setdefault(source, Counter()).update(converted.adjustments)
    for source, counts in adjustments.items():
        for kind, count in sorted(counts.items()):
            plan.warn(source, "updates", f"{count} records adjusted to fit the timeline rules: {kind}")
    first_source = sources.jsonl_records[0][1]
    try:
        found = jsonl.components_from(record for record, _ in sources.jsonl_records)
    except jsonl.RecordError as exc:
        plan.skip(first_source, "components", str(exc))
        return
    for component in found:
        plan.add_component(ComponentFound(component["id"], component["name"]))
