"""A cState site (``config.yml`` and ``content/issues/*.md``) -> components and incidents.

- ``params.systems`` become components (id: a slug of the name), their ``category``
  the group, ``params.categories`` giving the order of groups.
- Each issue's front-matter: ``title``; ``date`` (the start; a naive time is read in
  ``--time-zone``, never guessed); ``resolved`` / ``resolvedWhen`` (the resolution);
  ``severity``: ``down`` -> ``major_outage``, ``disrupted`` -> ``partial_outage`` (or
  ``degraded_performance``, as asked), ``notice`` -> a maintenance when it has a
  window (``date`` to ``resolvedWhen``), else a notice;
  ``affected`` (system names -> component ids).
- ``informational: true`` (and a ``notice`` without a window) -> a notice
  (``type: notice``): shown from ``date`` until ``resolvedWhen`` (without one, until
  the author sets ``ends``, which the summary says), ``pin: true`` -> ``pinned``. Its
  ``affected`` systems are left out, with a warning: a notice names no component.
  Only a notice can be pinned; ``pin`` on another issue is a warning.
- The body's timestamped lines (``*Investigating* - … {{< track "2018-04-13 15:54:00" >}}``)
  become updates with stages (a notice's, without); everything else stays the public
  description.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import yaml

from statuspress.importers.plan import ComponentFound, ImportPlan, document_text
from statuspress.importers.statuspage import SEVERITY_BY_IMPACT
from statuspress.importers.statuspage_jsonl import slugify
from statuspress.importers.times import TimeError, iso, parse_time, start_within
from statuspress.model.values import ID_PATTERN

__all__ = ["import_cstate", "parse_issue_body"]

_STATUS_BY_SEVERITY = {"down": "major_outage", "disrupted": "partial_outage"}
_IMPACT_BY_STATUS = {"major_outage": "critical", "partial_outage": "major", "degraded_performance": "minor"}
#: cState's update labels -> stages (None: a plain update).
_STAGES: dict[str, str | None] = {
    "investigating": "investigating", "identified": "identified", "monitoring": "monitoring",
    "resolved": "resolved", "fixed": "resolved", "completed": "resolved", "update": None,
    "updated": None,
}
_KNOWN_KEYS = {"title", "date", "resolved", "resolvedwhen", "severity", "affected", "section",
               "informational", "pin", "draft", "lastmod"}
_UPDATE = re.compile(r"^\s*\*{1,2}(?P<label>[^*\n]+?)\*{1,2}\s*[-–—:]\s*(?P<text>.*)$")
_TRACK = re.compile(r"\{\{<\s*track\s+\"(?P<at>[^\"]+)\"\s*>\}\}")
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)


def _components(config: dict[str, Any], source: str, plan: ImportPlan) -> dict[str, str]:
    nested = config.get("params")
    params: dict[str, Any] = nested if isinstance(nested, dict) else config
    categories = [c for c in params.get("categories") or [] if isinstance(c, dict)]
    untitled = {str(c.get("name")) for c in categories if c.get("untitled")}
    order = {str(c.get("name")): index for index, c in enumerate(categories)}
    systems = [s for s in params.get("systems") or [] if isinstance(s, dict) and s.get("name")]
    systems.sort(key=lambda s: order.get(str(s.get("category")), len(order)))  # stable within a category
    ids: dict[str, str] = {}
    for system in systems:
        name = str(system["name"]).strip()
        category = system.get("category")
        group = str(category) if category and str(category) not in untitled else None
        description = system.get("description")
        ids[name.casefold()] = plan.component(
            name, slugify(name) or "system", group, str(description) if description else None)
        for key in system:
            if str(key) not in ("name", "category", "description"):
                plan.skip(source, f"params.systems[{name}].{key}", "has no equivalent in statuspress; not imported")
    for category in categories:
        name = str(category.get("name"))
        for key, value in category.items():
            if key == "description":
                plan.skip(source, f"params.categories[{name}].description",
                          f"a group has no description in statuspress; not imported: {value}")
            elif key == "closed":
                plan.skip(source, f"params.categories[{name}].closed",
                          "groups are always shown open in statuspress; not imported")
            elif key not in ("name", "untitled"):
                plan.skip(source, f"params.categories[{name}].{key}",
                          "has no equivalent in statuspress; not imported")
    return ids


def parse_issue_body(body: str, tz: tzinfo | None) -> tuple[list[tuple[datetime, str | None, str]], str, list[str]]:
    """The updates of an issue body (oldest first), the rest of the text, and notes.

    An update is a line ``*Label* - message {{< track "time" >}}``; the message may
    continue on the following lines until a blank line, a ``---`` rule or the next
    update. An update line without a ``track`` time cannot be dated and stays in the
    description.
    """
    updates: list[tuple[datetime, str | None, str]] = []
    rest: list[str] = []
    notes: list[str] = []
    blocks = re.split(r"\n\s*(?:---+|\*\*\*+)?\s*\n", body.replace("\r\n", "\n"))
    for block in blocks:
        text = block.strip()
        if not text:
            continue
        match = _UPDATE.match(text.split("\n", 1)[0])
        track = _TRACK.search(text)
        if match and track:
            label = match.group("label").strip().casefold()
            message = _TRACK.sub("", match.group("text") + text[len(text.split("\n", 1)[0]):]).strip()
            try:
                at = parse_time(track.group("at"), tz)
            except TimeError as exc:
                notes.append(f"update `{match.group('label')}`: {exc}; kept in the description")
                rest.append(text)
                continue
            if label not in _STAGES:
                notes.append(f"update label `{match.group('label').strip()}` has no stage; kept as a plain update")
            updates.append((at, _STAGES.get(label), message or match.group("label").strip()))
        elif track:
            # A dated paragraph without a label: an update that keeps the stage.
            try:
                at = parse_time(track.group("at"), tz)
            except TimeError as exc:
                notes.append(f"a `track` time: {exc}; the paragraph is kept in the description")
                rest.append(_TRACK.sub("", text).rstrip())
                continue
            updates.append((at, None, _TRACK.sub("", text).strip()))
        else:
            if match:
                notes.append(f"update `{match.group('label').strip()}` has no `track` time; kept in the description")
            rest.append(text)
    updates.sort(key=lambda u: u[0])  # cState lists the newest first
    description = "\n\n".join(rest)
    if _SHORTCODE.search(description):
        notes.append("Hugo shortcodes in the description were removed: "
                     + ", ".join(sorted({m.group(0) for m in _SHORTCODE.finditer(description)})))
        description = re.sub(r"[ \t]+$", "", _SHORTCODE.sub("", description), flags=re.MULTILINE)
    return updates, description, notes


def _split(text: str) -> tuple[str, str] | None:
    match = re.match(r"\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)(.*)", text, re.DOTALL)
    return (match.group(1), match.group(2)) if match else None


def _convert(path: Path, source: str, relative: str, ids: dict[str, str], tz: tzinfo | None, disrupted: str,
             severity_map: dict[str, str], plan: ImportPlan) -> tuple[str, dict[str, Any], str] | None:
    parts = _split(path.read_text(encoding="utf-8-sig"))
    if parts is None:
        plan.skip(source, "", "has no front-matter between `---` lines")
        return None
    try:
        data = yaml.safe_load(parts[0]) or {}
    except yaml.YAMLError as exc:
        plan.skip(source, "front-matter", f"is not valid YAML: {exc}")
        return None
    if not isinstance(data, dict):
        plan.skip(source, "front-matter", "is not a mapping")
        return None
    lower = {str(k).casefold(): v for k, v in data.items()}
    title = " ".join(str(lower.get("title") or "").split())
    if not title:
        plan.skip(source, "title", "is missing")
        return None
    try:
        started = parse_time(lower.get("date"), tz)
    except TimeError as exc:
        plan.skip(source, "date", str(exc))
        return None
    resolved_when: datetime | None = None
    if lower.get("resolvedwhen") not in (None, ""):
        try:
            resolved_when = parse_time(lower["resolvedwhen"], tz)
        except TimeError as exc:
            plan.skip(source, "resolvedWhen", str(exc))
            return None
    severity = str(lower.get("severity") or "").strip().casefold()
    informational = lower.get("informational") is True
    pinned = lower.get("pin") is True
    if informational or (severity == "notice" and resolved_when is None):
        return _notice(data, lower, parts[1], source, relative, title, started, resolved_when, tz, plan)
    if pinned:
        plan.warn(source, "pin", "only a notice (`informational: true`) can be pinned in statuspress; "
                  "the issue is imported unpinned")
    updates, description, notes = parse_issue_body(parts[1], tz)
    window_end = resolved_when if lower.get("resolved") is True or severity == "notice" else None
    disagreement = _track_disagreement(updates, started, window_end)
    if disagreement is not None:
        # cState shows `date`/`resolvedWhen` as the incident's times; track times far
        # outside them are copy-paste leftovers, and would stretch (or shrink) the outage.
        plan.warn(source, "track", disagreement)
        updates, description, notes = [], _undated_body(parts[1]), []
    for note in notes:
        plan.warn(source, "body", note)
    affected_raw = lower.get("affected") or []
    if isinstance(affected_raw, str):
        affected_raw = [affected_raw]
    components: list[str] = []
    for name in affected_raw:
        cid = ids.get(str(name).strip().casefold())
        if cid is None:
            plan.warn(source, "affected", f"`{name}` is not a system in config.yml; left out")
        elif cid not in components:
            components.append(cid)
    maintenance = severity == "notice"
    if not maintenance and severity not in _STATUS_BY_SEVERITY:
        plan.skip(source, "severity", f"is `{lower.get('severity')}`; expected down, disrupted or notice")
        return None
    front: dict[str, Any] = {"title": title}
    status = "under_maintenance" if maintenance else (
        disrupted if severity == "disrupted" else _STATUS_BY_SEVERITY[severity])
    if maintenance:
        front["type"] = "maintenance"
    else:
        impact = _IMPACT_BY_STATUS[status]
        front["severity"] = severity_map[impact]
        front["impact"] = impact
    if components:
        front["components"] = dict.fromkeys(components, status)
    adjustments: list[str] = []
    closed = lower.get("resolved") is True
    final = "completed" if maintenance else "resolved"
    stages = [(at, (("completed" if s == "resolved" else None) if maintenance and s else s), m)
              for at, s, m in updates]
    resolved: datetime | None = resolved_when if closed or (maintenance and resolved_when) else None
    if closed and resolved is None:
        resolved = stages[-1][0] if stages else None
        if resolved is None:
            plan.skip(source, "resolvedWhen", "the issue is resolved but gives no time for it")
            return None
        adjustments.append("`resolvedWhen` is empty; resolved at the last update")
    for index, (at, stage, message) in enumerate(stages[:-1]):
        if stage == final:
            stages[index] = (at, None, message)
            adjustments.append(f"an earlier `{final}` update at {iso(at)} became a plain update")
    if stages and resolved is not None and closed:
        last_at, last_stage, _ = stages[-1]
        if last_stage == final:
            if last_at != resolved:
                adjustments.append(f"`resolvedWhen` {iso(resolved)} moved to the final update's time")
            resolved = last_at
        else:
            when = max(resolved, last_at)
            if when != resolved:
                adjustments.append(f"`resolvedWhen` {iso(resolved)} is before the last update; moved to {iso(when)}")
            stages.append((when, final, "This incident has been resolved." if not maintenance
                           else "The maintenance has been completed."))
            adjustments.append(f"a final `{final}` update was added at {iso(when)}")
            resolved = when
    if maintenance:
        assert resolved_when is not None
        if started >= resolved_when:
            plan.skip(source, "resolvedWhen", f"the window would end ({iso(resolved_when)}) before it starts")
            return None
        front["scheduled_start"] = iso(started)
        front["scheduled_end"] = iso(resolved_when)
    else:
        started = start_within(started, resolved, "date", adjustments)
        front["started"] = iso(started)
    if resolved is not None and (closed or not maintenance):
        front["resolved"] = iso(resolved)
    if stages:
        front["updates"] = [
            {"at": iso(at), **({"status": stage} if stage else {}), "message": message}
            for at, stage, message in stages
        ]
    front["internal"] = _internal(data, source, relative, adjustments, plan)
    return _stem(path, title, started), front, description


#: How far `track` times may fall outside [`date`, `resolvedWhen`] before the import
#: stops trusting them (cState authors round, and post the last update late).
TRACK_TOLERANCE = timedelta(days=1)


def _span(delta: timedelta) -> str:
    days, hours = delta.days, delta.seconds // 3600
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    return f"{hours} h {delta.seconds % 3600 // 60} min"


def _track_disagreement(updates: list[tuple[datetime, str | None, str]], started: datetime,
                        resolved_when: datetime | None) -> str | None:
    """A sentence when the updates' `track` times lie more than ``TRACK_TOLERANCE``
    outside [``date``, ``resolvedWhen``], else None."""
    if not updates:
        return None
    first, last = updates[0][0], updates[-1][0]
    if resolved_when is not None and last - resolved_when > TRACK_TOLERANCE:
        gap = f"{_span(last - resolved_when)} after `resolvedWhen` {_utc(resolved_when)}"
    elif started - first > TRACK_TOLERANCE:
        gap = f"{_span(started - first)} before `date` {_utc(started)}"
    else:
        return None
    dated = _utc(first) if first == last else f"{_utc(first)} to {_utc(last)}"
    return (f"`track` times are {gap}; the updates were dated {dated}. Kept `date` and `resolvedWhen` "
            "(the times cState shows) and the updates as text in the description, with their `track` "
            "times written out; correct them by hand if they were real updates")


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _undated_body(body: str) -> str:
    """The body with each `track` time written out as text, other shortcodes removed."""
    text = _TRACK.sub(lambda m: f"({m.group('at')})", body.replace("\r\n", "\n"))
    text = re.sub(r"[ \t]+$", "", _SHORTCODE.sub("", text), flags=re.MULTILINE)
    return text.strip("\n")


def _stem(path: Path, title: str, started: datetime) -> str:
    """The file's id: its cState name when that is dated (its old URL), else the
    README's ``YYYY-MM-DD-slug`` from ``date`` and the title."""
    if re.match(r"\d{4}-\d\d-\d\d-", path.stem) and re.match(ID_PATTERN, path.stem):
        return path.stem
    slug = slugify(title, 50) or slugify(path.stem, 50) or "issue"
    return f"{started.date().isoformat()}-{slug}"


def _internal(data: dict[Any, Any], source: str, relative: str, adjustments: list[str],
              plan: ImportPlan) -> dict[str, Any]:
    """Where the issue came from, its keys without an equivalent, the import's notes."""
    internal: dict[str, Any] = {"source": f"cstate: {relative}"}
    extra = {str(k): v for k, v in data.items() if str(k).casefold() not in _KNOWN_KEYS}
    if extra:
        internal["cstate"] = _plain(extra)
        plan.warn(source, ", ".join(extra), "has no equivalent; kept under `internal.cstate`")
    if adjustments:
        internal["import_notes"] = adjustments
        for note in adjustments:
            plan.warn(source, "timeline", note)
    return internal


def _notice(
    data: dict[Any, Any], lower: dict[str, Any], text: str, source: str, relative: str, title: str,
    started: datetime, resolved_when: datetime | None, tz: tzinfo | None, plan: ImportPlan,
) -> tuple[str, dict[str, Any], str]:
    """An informational post (or a ``notice`` without a window) as a notice."""
    updates, description, notes = parse_issue_body(text, tz)
    for note in notes:
        plan.warn(source, "body", note)
    front: dict[str, Any] = {"title": title, "type": "notice"}
    if lower.get("pin") is True:
        front["pinned"] = True
    front["started"] = iso(started)
    if resolved_when is not None and resolved_when > started:
        front["ends"] = iso(resolved_when)
    else:
        plan.warn(source, "resolvedWhen", "no end after `date`: the notice is shown on the status page "
                  "until you set `ends`")
    affected = lower.get("affected")
    if affected:
        names = ", ".join(str(name) for name in (affected if isinstance(affected, list) else [affected]))
        plan.warn(source, "affected", f"a notice names no component; {names} left out")
    adjustments: list[str] = []
    staged = sorted({stage for _, stage, _ in updates if stage})
    if staged:
        adjustments.append("a notice has no stages; the update stages "
                           + ", ".join(f"`{stage}`" for stage in staged) + " were left out")
    if not description.strip():  # a notice is its message
        if updates:
            description, updates = updates[0][2], updates[1:]
        else:
            description = title
            plan.warn(source, "body", "is empty; the title is the notice's message")
    if updates:
        front["updates"] = [{"at": iso(at), "message": message} for at, _, message in updates]
    front["internal"] = _internal(data, source, relative, adjustments, plan)
    return _stem(Path(relative), title, started), front, description


def _plain(value: Any) -> Any:
    """YAML values as strings where PyYAML made dates of them (internal notes stay text)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime) or hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def import_cstate(
    paths: list[Path], *, tz: tzinfo | None = None, disrupted: str = "partial_outage",
    severity_map: dict[str, str] | None = None, declared: list[ComponentFound] | None = None,
) -> ImportPlan:
    """Plan the components and incident files of each cState site in ``paths``.

    A system named as one of ``declared`` (the site's own components) takes its id.
    """
    plan = ImportPlan(declared=list(declared or []))
    severities = severity_map or SEVERITY_BY_IMPACT
    for root in paths:
        config_path = next((root / name for name in ("config.yml", "config.yaml", "hugo.yml", "hugo.yaml")
                            if (root / name).is_file()), None)
        ids: dict[str, str] = {}
        if config_path is None:
            plan.skip(str(root), "config.yml", "not found; systems cannot be mapped to components")
        else:
            try:
                config = yaml.safe_load(config_path.read_text(encoding="utf-8-sig")) or {}
            except yaml.YAMLError as exc:
                plan.skip(str(config_path), "", f"is not valid YAML: {exc}")
                config = {}
            if isinstance(config, dict):
                ids = _components(config, str(config_path), plan)
                if isinstance(config.get("title"), str):
                    plan.site.setdefault("name", config["title"].removesuffix(" Status"))
                if isinstance(config.get("baseURL"), str):
                    plan.site.setdefault("url", config["baseURL"].rstrip("/") + "/")
        issues = root / "content" / "issues"
        if not issues.is_dir():
            plan.skip(str(root), "content/issues", "not found; no issues to import")
            continue
        for path in sorted(issues.glob("*.md")):
            source = str(path)
            try:
                relative = path.relative_to(root).as_posix()
                converted = _convert(path, source, relative, ids, tz, disrupted, severities, plan)
            except (OSError, UnicodeDecodeError) as exc:
                plan.skip(source, "", f"cannot be read: {exc}")
                continue
            if converted is not None:
                doc_id, front, description = converted
                plan.add_file(f"incidents/{doc_id}.md", document_text(front, description), source)
    return plan
