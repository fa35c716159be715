"""A folder of Markdown postmortems -> ``postmortems/<id>.md`` (and stub incidents).

Each file is read by ``postmortem_text`` whatever its template. The postmortem's id is
a slug of its file name. Date, authors, status, severity and the incident come from
the text where it states them; otherwise they are left for the author, with a
warning. A postmortem that names no incident of the site gets a stub incident of the
same id, timed by the first and last times of its Timeline (the zone as the Timeline
states it, "All times in UTC", else ``--time-zone``), so that the site validates.
A postmortem missing one of the site's required sections is imported as a draft.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import yaml

from statuspress.importers.plan import ImportPlan, document_text
from statuspress.importers.postmortem_text import (
    SECTION_NAMES,
    ActionRow,
    Parsed,
    parse_action_items,
    parse_date,
    parse_postmortem,
)
from statuspress.importers.statuspage_jsonl import slugify
from statuspress.importers.times import iso
from statuspress.model.postmortem import RESERVED_IDS

__all__ = ["import_postmortems"]

_TEXT_SUFFIXES = {"", ".md", ".markdown", ".txt"}
#: Zone abbreviations a timeline may state, as the fixed offsets they name.
_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "CET": 60, "CEST": 120, "BST": 60, "EST": -300, "EDT": -240,
          "CST": -360, "CDT": -300, "PST": -480, "PDT": -420, "IST": 330, "JST": 540}
_ZONE_RE = re.compile(r"\b(UTC|GMT|CET|CEST|BST|EST|EDT|CST|CDT|PST|PDT|IST|JST)\b(?:\s*([+-]\d{1,2})(?::?(\d{2}))?)?")
_TIME_RE = re.compile(r"^\s*(?:[-*]\s+|\|\s*)?\**(\d{4}-\d{2}-\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_CLOCK_RE = re.compile(r"^\s*(?:[-*]\s+|\|\s*)?\**(\d{1,2}):(\d{2})(?::(\d{2}))?\b")
_STATUS = {"draft": "draft", "in review": "in_review", "in_review": "in_review", "review": "in_review",
           "reviewed": "reviewed", "complete": "reviewed", "completed": "reviewed", "final": "reviewed",
           "closed": "reviewed", "done": "reviewed", "published": "published"}


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)(.*)", text, re.DOTALL)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    return (data, match.group(2)) if isinstance(data, dict) else ({}, text)


def _timeline_zone(content: str, tz: tzinfo | None) -> tuple[tzinfo | None, str]:
    head = "\n".join(content.split("\n")[:6])
    match = _ZONE_RE.search(head)
    if match:
        minutes = _ZONES[match.group(1)]
        if match.group(2):
            hours = int(match.group(2))
            minutes += hours * 60 + (int(match.group(3) or 0) * (1 if hours >= 0 else -1))
        label = match.group(0)
        reason = f"times read as {label} (UTC{minutes / 60:+g}) as the Timeline states"
        return timezone(timedelta(minutes=minutes)), reason
    if tz is not None:
        return tz, "times read in --time-zone (the Timeline names no zone)"
    return None, ""


def _timeline_times(content: str, zone: tzinfo) -> tuple[list[datetime], bool]:
    """Every time the Timeline gives, and whether some day gave only a date.

    A row may hold a date and a time (``2021-03-31 12:06``), or only a time under a
    line that gives the day (Google's ``2015-10-21 (all times UTC)`` then ``- 14:51``).
    """
    times: list[datetime] = []
    days_only: list[datetime] = []
    day: datetime | None = None
    for line in content.split("\n"):
        match = _TIME_RE.match(line)
        clock = None
        if match:
            try:
                day = datetime.fromisoformat(match.group(1))
            except ValueError:
                day = None
                continue
            if match.group(2) is None:
                days_only.append(day)
                continue
            clock = match.group(2, 3, 4)
        else:
            bare = _CLOCK_RE.match(line)
            if bare is None or day is None:
                continue
            clock = bare.group(1, 2, 3)
        hour, minute, second = int(clock[0]), int(clock[1]), int(clock[2] or 0)
        if hour > 23 or minute > 59 or second > 59 or day is None:
            continue
        times.append(day.replace(hour=hour, minute=minute, second=second, tzinfo=zone))
    timed_days = {t.date() for t in times}
    untimed = [d.replace(tzinfo=zone) for d in days_only if d.date() not in timed_days]
    return times + untimed, bool(untimed)


def _action_items(parsed: Parsed, source: str, plan: ImportPlan) -> tuple[list[dict[str, Any]], str | None]:
    """The mapped action items and what stays in the Action Items section (None: nothing)."""
    content = parsed.section("Action Items")
    if content is None:
        return [], None
    rows, other = parse_action_items(content)
    mapped: list[dict[str, Any]] = []
    kept: list[ActionRow] = []
    for row in rows:
        if row.owner and row.due:
            item: dict[str, Any] = {"title": row.title, "owner": row.owner, "due": row.due}
            for key in ("status", "priority", "type", "link"):
                if getattr(row, key):
                    item[key] = getattr(row, key)
            mapped.append(item)
        else:
            kept.append(row)
    if kept:
        missing = sorted({w for r in kept for w, v in (("owner", r.owner), ("due date", r.due)) if not v})
        bad_dates = [r.due_text for r in kept if r.due_text and r.due is None]
        reason = f"{len(kept)} of {len(rows)} items have no {' or '.join(missing)}; kept as text in the section"
        if bad_dates:
            reason += " (unreadable due dates: " + ", ".join(f"`{d}`" for d in bad_dates) + ")"
        plan.warn(source, "Action Items", reason)
    if not kept and not other:
        return mapped, None
    has_table = any(r.line.strip().startswith("|") for r in kept)
    if has_table:  # a table keeps its header for the rows left
        if not mapped:
            return mapped, content
        return mapped, _table_without(content, {r.line for r in rows} - {r.line for r in kept})
    return mapped, "\n".join(other + [r.line for r in kept])


def _table_without(content: str, dropped: set[str]) -> str:
    return "\n".join(line for line in content.split("\n") if line not in dropped)


def _existing_incidents(root: Path, incidents_dir: str) -> dict[str, Path]:
    folder = root / incidents_dir
    return {p.stem: p for p in sorted(folder.rglob("*.md"), key=lambda p: len(p.parts), reverse=True)
            } if folder.is_dir() else {}


def _convert(path: Path, source: str, *, tz: tzinfo | None, sections: list[str], severities: list[str],
             existing: dict[str, Path], root: Path, incidents_dir: str, plan: ImportPlan) -> None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        plan.skip(source, "", f"cannot be read as UTF-8 text: {exc}")
        return
    front_in, body = _front_matter(text)
    parsed = parse_postmortem(body, path.stem)
    known = {name for name, _ in parsed.sections if name in set(SECTION_NAMES.values())}
    if len(known) < 2:
        plan.skip(source, "", "not a postmortem: fewer than two of its headings are postmortem sections "
                  "(Summary, Timeline, Root Cause, Action Items ...)")
        return
    doc_id = slugify(path.stem) or slugify(parsed.title) or "postmortem"
    if doc_id in RESERVED_IDS:
        doc_id = f"pm-{doc_id}"
    meta = {**parsed.meta, **{str(k): ", ".join(map(str, v)) if isinstance(v, list) else str(v)
                              for k, v in front_in.items() if isinstance(v, (str, int, list, date))}}
    title = str(front_in.get("title") or parsed.title).strip()

    incident = _linked_incident(front_in, meta, existing)
    stub: dict[str, Any] | None = None
    named = meta.get("incident") or front_in.get("incidents") or front_in.get("incident")
    if incident is None and named:
        plan.warn(source, "incident", f"names `{named}`, which is not an incident of this site")
    if incident is not None and meta.get("severity"):
        plan.warn(source, "severity", f"`{meta['severity']}` is for the incident to say; "
                  f"{incident} keeps its own severity")
    if incident is None:
        # The stub's findings count only if the stub is written (a re-run finds it).
        scratch = ImportPlan()
        candidate = _stub(parsed, source, title, meta, tz, severities, scratch)
        if candidate is not None and not re.match(r"\d{4}-\d\d-\d\d-", doc_id):
            # The README's YYYY-MM-DD-slug, dated by the Timeline; the team's own
            # number (PM2021-004) stays in the slug, where people will search for it.
            doc_id = f"{str(candidate['started'])[:10]}-{doc_id}"
        incident = doc_id
        if doc_id not in existing:
            plan.warnings += scratch.warnings
            plan.not_mappable += scratch.not_mappable
            if candidate is None:
                return
            stub = candidate
        else:
            # Only the file the stub would be (not one of that name in a subfolder).
            planned = existing[doc_id] == root / incidents_dir / f"{doc_id}.md"
            stub = _unchanged_stub(existing[doc_id], candidate, scratch, plan) if planned else None
    front: dict[str, Any] = {"title": title, "incidents": [incident]}
    have = {name.casefold() for name, _ in parsed.sections}
    missing = [s for s in sections if s.casefold() not in have]
    status = _STATUS.get(str(meta.get("status", "")).split(",")[0].strip().casefold())
    if missing:
        if status not in (None, "draft"):
            plan.warn(source, "status", f"says `{meta['status']}` but the sections {', '.join(missing)} are "
                      "missing; imported as a draft until they are written")
        else:
            plan.warn(source, "sections", f"{', '.join(missing)} missing; imported as a draft")
        status = "draft"
    elif status is None:
        plan.warn(source, "status", "not stated; imported as a draft")
        status = "draft"
    front["status"] = status
    stated_date = parse_date(str(meta["date"])) if meta.get("date") else None
    if stated_date is not None:
        front["date"] = stated_date
    else:
        plan.warn(source, "date", "no review date stated; left for the author")
    authors = [a.strip() for a in re.split(r",|;|\band\b", str(meta.get("authors", ""))) if a.strip()]
    if authors:
        front["authors"] = authors
    else:
        plan.warn(source, "authors", "no authors stated; left for the author")
    items, kept_actions = _action_items(parsed, source, plan)
    if items:
        front["action_items"] = items
    extra = {k: v for k, v in front_in.items() if k not in ("title", "date", "authors", "status", "incident",
                                                               "incidents", "severity")}
    if extra:
        plan.warn(source, ", ".join(map(str, extra)), "front-matter keys with no equivalent; not imported")
    parts = [parsed.preamble] if parsed.preamble else []
    for name, content in parsed.sections:
        if name == "Action Items":
            if kept_actions is None:
                continue
            content = kept_actions
        parts.append(f"## {name}\n\n{content.strip()}".rstrip())
    plan.add_file(f"postmortems/{doc_id}.md", document_text(front, "\n\n".join(parts)), source)
    if stub is not None:
        plan.add_file(f"{incidents_dir}/{doc_id}.md", document_text(stub), source)


def _unchanged_stub(path: Path, stub: dict[str, Any] | None, scratch: ImportPlan,
                    plan: ImportPlan) -> dict[str, Any] | None:
    """The stub again when ``path`` is the one an earlier run wrote, unedited (so that a
    re-run counts it as already present, as the first run counted it as written), with
    its findings; None when the author has made it their own incident."""
    try:
        same = stub is not None and path.read_text(encoding="utf-8") == document_text(stub)
    except (OSError, UnicodeDecodeError):
        same = False
    if not same:
        return None
    plan.warnings += scratch.warnings
    return stub


def _linked_incident(front_in: dict[str, Any], meta: dict[str, str], existing: dict[str, Path]) -> str | None:
    values: list[str] = []
    for key in ("incidents", "incident"):
        value = front_in.get(key)
        values += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
    if meta.get("incident"):
        values.append(meta["incident"])
    for value in values:
        candidate = value.strip().rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")
        if candidate in existing:
            return candidate
    return None


def _stub(parsed: Parsed, source: str, title: str, meta: dict[str, str], tz: tzinfo | None,
          severities: list[str], plan: ImportPlan) -> dict[str, Any] | None:
    """A stub incident timed by the Timeline, or None (a finding) when it gives no time."""
    timeline = parsed.section("Timeline")
    if timeline is None:
        plan.skip(source, "Timeline", "no Timeline section, so no time for the incident it needs; "
                  "name the incident with `Incident: <id>` or add a Timeline")
        return None
    zone, zone_note = _timeline_zone(timeline, tz)
    if zone is None:
        plan.skip(source, "Timeline", "names no time zone; pass --time-zone to say which zone its times are in")
        return None
    times, date_only = _timeline_times(timeline, zone)
    if not times:
        plan.skip(source, "Timeline", "no row starts with a readable date (YYYY-MM-DD HH:MM), so the "
                  "incident it needs has no start")
        return None
    notes = [(f"stub written by `statuspress import postmortems` from {Path(source).name}; "
              "check the severity, components, times and public text"), zone_note]
    if date_only:
        notes.append("some Timeline rows give only a date; they count as 00:00")
        plan.warn(source, "Timeline", "some rows give only a date; they count as 00:00 for the stub incident")
    stated = str(meta.get("severity", "")).strip()
    severity = next((key for key in severities if key.casefold() == stated.casefold()), None)
    if severity is None:
        severity = severities[-1]
        plan.warn(source, "severity", (f"`{stated}` is not a declared severity" if stated else "not stated")
                  + f"; the stub incident has {severity} for the author to correct")
    plan.warn(source, "incident", "no incident of the site is named; a stub incident is written, which "
              "appears on the public history: review its title before publishing")
    return {
        "title": title,
        "severity": severity,
        "started": iso(min(times)),
        "resolved": iso(max(times)),
        "internal": {"import_notes": [n for n in notes if n]},
    }


def import_postmortems(
    paths: list[Path], *, root: Path, tz: tzinfo | None = None, sections: list[str],
    severities: list[str], incidents_dir: str = "incidents",
) -> ImportPlan:
    """Plan a postmortem file (and a stub incident where needed) for every postmortem in ``paths``."""
    plan = ImportPlan()
    existing = _existing_incidents(root, incidents_dir)
    files: list[Path] = []
    for given in paths:
        if given.is_dir():
            files += sorted(p for p in given.rglob("*") if p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(given).parts))
        else:
            files.append(given)
    for path in files:
        if path.suffix.casefold() not in _TEXT_SUFFIXES and not re.fullmatch(r"\.\w*\s.*", path.suffix):
            plan.skip(str(path), "", f"not Markdown (`{path.suffix}`)")
            continue
        _convert(path, str(path), tz=tz, sections=sections, severities=severities, existing=existing,
                 root=root, incidents_dir=incidents_dir, plan=plan)
    return plan
