"""Import an Atlassian Statuspage incident history (JSON Lines) as statuspress files.

The input is one JSON object a line, as in the GitHub status-history corpus
(``shared/corpora/github-status-history/incidents.jsonl``)::

    {"id": "9632825", "title": "...", "url": "https://...", "impact": "minor",
     "started_at": "2022-03-26T01:43:00Z", "resolved_at": "2022-03-26T03:35:00Z",
     "components": ["Codespaces"],
     "updates": [{"at": "...", "status": "Investigating", "message": "..."}, ...]}

Each record becomes ``incidents/<id>.md`` whose id is
``YYYY-MM-DD-<slug of the title, at most 60 characters>-<statuspage id>`` (the date of
``started_at`` in UTC). Statuspage's impact gives the severity (critical → SEV1,
major → SEV2, minor → SEV3, none → SEV4); impact ``maintenance`` gives a
``type: maintenance`` whose window runs from the first "In progress" update (else
``started_at``) to ``resolved_at``.

The front-matter is always written by PyYAML's safe dumper (``yaml.safe_dump``,
libyaml-accelerated when available), never assembled by hand: messages carry URLs,
colons, quotes, ``#`` and leading ``-``/``*``, and hand-assembled YAML would break
on them.

Where a record disagrees with the timeline rules of the content format (updates
oldest first, only the last update resolved/completed, ``resolved`` equal to that
update's time), the importer makes the smallest change that satisfies them and
counts it in the summary (``ImportSummary.adjustments``), and lists it in the
file's ``internal.import_adjustments``. A record that cannot be converted without
guessing (no title, a time without a UTC offset, a maintenance without an end)
raises ``RecordError``.

Run it without the CLI::

    python -m statuspress.importers.statuspage_jsonl SRC.jsonl DEST_DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from statuspress import slugs

__all__ = [
    "SEVERITY_BY_IMPACT",
    "STATUS_MAP",
    "ImportSummary",
    "RecordError",
    "components_from",
    "convert_record",
    "file_id",
    "import_jsonl",
    "main",
    "read_jsonl",
    "slugify",
]

#: Statuspage impact -> statuspress severity (the default ladder).
SEVERITY_BY_IMPACT: dict[str, str] = {
    "critical": "SEV1",
    "major": "SEV2",
    "minor": "SEV3",
    "none": "SEV4",
}

#: Statuspage update labels -> statuspress stages (None: an "Update" that keeps the stage).
STATUS_MAP: dict[str, str | None] = {
    "investigating": "investigating",
    "identified": "identified",
    "update": None,
    "monitoring": "monitoring",
    "resolved": "resolved",
    "postmortem": None,
    "scheduled": "scheduled",
    "in progress": "in_progress",
    "in_progress": "in_progress",
    "verifying": "verifying",
    "completed": "completed",
}

_INCIDENT_STAGES = ("investigating", "identified", "monitoring", "resolved")
_MAINTENANCE_STAGES = ("scheduled", "in_progress", "verifying", "completed")
#: A stage of the other kind that has an obvious equivalent.
_CROSS_KIND = {
    ("maintenance", "resolved"): "completed",
    ("incident", "completed"): "resolved",
}
#: Statuspage's own default text for a final update, used only when one must be added.
_FINAL_MESSAGE = {
    "incident": "This incident has been resolved.",
    "maintenance": "The scheduled maintenance has been completed.",
}

TITLE_SLUG_MAX = 60
#: Wide enough that no string is ever folded.
_WIDTH = 1 << 30

# Adjustment kinds, as counted in ImportSummary.adjustments.
ADJ_REORDERED = "updates-reordered"
ADJ_EARLY_FINAL = "early-final-status-dropped"
ADJ_STAGE_KIND = "stage-of-other-kind"
ADJ_UNKNOWN_STATUS = "unknown-status-dropped"
ADJ_EMPTY_MESSAGE = "empty-message-filled"
ADJ_RESOLVED_MOVED = "resolved-moved-to-final-update"
ADJ_RESOLVED_SET = "resolved-set-from-final-update"
ADJ_FINAL_ADDED = "final-update-added"
ADJ_STARTED = "started-adjusted"
ADJ_WINDOW = "window-start-from-started"


class RecordError(ValueError):
    """A record that cannot be converted without guessing."""


@dataclass
class ImportSummary:
    """What ``import_jsonl`` did."""

    records: int = 0
    written: int = 0
    incidents: int = 0
    maintenance: int = 0
    #: adjustment kind -> number of records adjusted that way
    adjustments: dict[str, int] = field(default_factory=dict)
    #: file id -> the adjustment kinds applied to it
    adjusted: dict[str, list[str]] = field(default_factory=dict)
    #: the components, as ``{id, name}``, in the order written to mkdocs.yml
    components: list[dict[str, str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def adjusted_records(self) -> int:
        return len(self.adjusted)

    def report(self) -> str:
        """A few lines for people."""
        lines = [
            f"{self.records} records: {self.incidents} incidents, {self.maintenance} maintenance; "
            f"{self.written} files written",
            f"{len(self.components)} components: " + ", ".join(c["id"] for c in self.components),
        ]
        if self.adjustments:
            lines.append(f"{self.adjusted_records} records adjusted to fit the timeline rules:")
            lines += [f"  {kind}: {count}" for kind, count in sorted(self.adjustments.items())]
        else:
            lines.append("no adjustments were needed")
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Small helpers


def slugify(text: str, max_length: int | None = None) -> str:
    """Lowercase ASCII letters and digits joined by ``-``: "Pull Requests" -> "pull-requests"
    (see ``statuspress.slugs``)."""
    return slugs.slugify(text, max_length=max_length)


def _parse_time(value: Any, what: str) -> datetime:
    """An aware UTC datetime from an ISO 8601 string with an offset."""
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{what} is missing or not a string: {value!r}")
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "zZ" else text)
    except ValueError:
        raise RecordError(f"{what} is not an ISO 8601 time: {value!r}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise RecordError(f"{what} has no UTC offset ({value!r}); statuspress never guesses a time zone")
    return parsed.astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    """``2026-03-14T09:12:00Z`` (milliseconds only when the source had them)."""
    spec = "milliseconds" if moment.microsecond else "seconds"
    return moment.astimezone(timezone.utc).isoformat(timespec=spec).replace("+00:00", "Z")


def _optional_time(record: dict[str, Any], key: str) -> datetime | None:
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _parse_time(value, f"`{key}`")


def _record_kind(record: dict[str, Any]) -> str:
    return "maintenance" if str(record.get("impact") or "").lower() == "maintenance" else "incident"


def file_id(record: dict[str, Any]) -> str:
    """``YYYY-MM-DD-<title slug, ≤ 60 chars>-<statuspage id>``, dated by ``started_at`` (UTC)."""
    started = _optional_time(record, "started_at")
    if started is None:
        updates = record.get("updates") or []
        if not updates:
            raise RecordError("neither `started_at` nor any update gives a date for the file name")
        started = min(_parse_time(u.get("at"), "`updates[].at`") for u in updates)
    source_id = slugify(str(record.get("id") or ""))
    if not source_id:
        raise RecordError("the record has no `id`")
    title_slug = slugify(str(record.get("title") or ""), TITLE_SLUG_MAX) or _record_kind(record)
    return f"{started.date().isoformat()}-{title_slug}-{source_id}"


def _component_ids(names: Iterable[Any]) -> list[str]:
    ids: list[str] = []
    for name in names:
        cid = slugify(str(name))
        if not cid:
            raise RecordError(f"component name {name!r} has no letters or digits to make an id from")
        if cid not in ids:
            ids.append(cid)
    return ids


def components_from(records: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Every component named by the records, as ``{id, name}``, sorted by name.

    Ids are slugs of the names ("Pull Requests" -> "pull-requests"); when two names
    give the same id, the first name (in sorted order) is kept.
    """
    names = {str(name) for record in records for name in (record.get("components") or [])}
    out: dict[str, dict[str, str]] = {}
    for name in sorted(names, key=lambda n: (n.casefold(), n)):
        cid = slugify(name)
        if not cid:
            raise RecordError(f"component name {name!r} has no letters or digits to make an id from")
        out.setdefault(cid, {"id": cid, "name": name})
    return list(out.values())


# ---------------------------------------------------------------------------
# One record


@dataclass
class _Update:
    at: datetime
    status: str | None
    message: str


@dataclass
class Converted:
    """One converted record: its file id, file text, kind and the adjustments made."""

    id: str
    text: str
    type: str
    adjustments: list[str]


def _updates_of(record: dict[str, Any], kind: str, adjust: list[str]) -> list[_Update]:
    raw_updates = record.get("updates") or []
    if not isinstance(raw_updates, list):
        raise RecordError("`updates` must be a list")
    allowed = _MAINTENANCE_STAGES if kind == "maintenance" else _INCIDENT_STAGES
    updates: list[_Update] = []
    for index, raw in enumerate(raw_updates):
        if not isinstance(raw, dict):
            raise RecordError(f"`updates[{index}]` must be an object")
        at = _parse_time(raw.get("at"), f"`updates[{index}].at`")
        label = str(raw.get("status") or "update").strip().lower()
        if label not in STATUS_MAP:
            status = None
            adjust.append(ADJ_UNKNOWN_STATUS)
        else:
            status = STATUS_MAP[label]
            if status is not None and status not in allowed:
                status = _CROSS_KIND.get((kind, status))
                adjust.append(ADJ_STAGE_KIND)
        message = raw.get("message")
        message = message if isinstance(message, str) else ""
        if not message.strip():
            # The format requires a message; say only what the source said.
            message = str(raw.get("status") or "Update").strip() or "Update"
            adjust.append(ADJ_EMPTY_MESSAGE)
        updates.append(_Update(at, status, message))
    if any(later.at < earlier.at for earlier, later in pairwise(updates)):
        updates.sort(key=lambda u: u.at)  # stable: equal times keep their order
        adjust.append(ADJ_REORDERED)
    final = "completed" if kind == "maintenance" else "resolved"
    for update in updates[:-1]:
        if update.status == final:
            # Reopened: an earlier resolution becomes a plain "Update".
            update.status = None
            adjust.append(ADJ_EARLY_FINAL)
    return updates


def _convert(record: dict[str, Any]) -> Converted:
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    kind = _record_kind(record)
    doc_id = file_id(record)
    title = " ".join(str(record.get("title") or "").replace("\r", " ").split("\n")).strip()
    if not title:
        raise RecordError("the record has no `title`")
    adjust: list[str] = []
    updates = _updates_of(record, kind, adjust)
    final = "completed" if kind == "maintenance" else "resolved"

    started = _optional_time(record, "started_at")
    resolved = _optional_time(record, "resolved_at")
    if started is None and updates:
        started = updates[0].at
        adjust.append(ADJ_STARTED)
    if started is None:
        raise RecordError("the record has neither `started_at` nor updates")

    last = updates[-1] if updates else None
    if last is not None and last.status == final:
        if resolved is None:
            adjust.append(ADJ_RESOLVED_SET)
        elif resolved != last.at:
            adjust.append(ADJ_RESOLVED_MOVED)
        resolved = last.at
    elif last is not None and resolved is not None:
        # Closed in the source, but the timeline never says so: add the final update.
        at = max(resolved, last.at)
        updates.append(_Update(at, final, _FINAL_MESSAGE[kind]))
        if at != resolved:
            adjust.append(ADJ_RESOLVED_MOVED)
        resolved = at
        adjust.append(ADJ_FINAL_ADDED)

    if resolved is not None and started > resolved:
        started = min([resolved] + [u.at for u in updates[:1]])
        adjust.append(ADJ_STARTED)

    data: dict[str, Any] = {"title": title}
    if kind == "maintenance":
        data["type"] = "maintenance"
        in_progress = [u.at for u in updates if u.status == "in_progress"]
        window_start = in_progress[0] if in_progress else started
        window_end = resolved or _optional_time(record, "scheduled_until")
        if window_end is None:
            raise RecordError("a maintenance without `resolved_at` has no end for its window")
        if window_start >= window_end and started < window_end:
            window_start = started
            adjust.append(ADJ_WINDOW)
        if window_start >= window_end:
            raise RecordError(
                f"the maintenance window would start ({_iso(window_start)}) at or after it ends ({_iso(window_end)})"
            )
        window = (_iso(window_start), _iso(window_end))
    else:
        impact = str(record.get("impact") or "").lower()
        if impact not in SEVERITY_BY_IMPACT:
            raise RecordError(f"unknown impact {record.get('impact')!r}; expected one of "
                              f"{', '.join(SEVERITY_BY_IMPACT)} or maintenance")
        data["severity"] = SEVERITY_BY_IMPACT[impact]
        data["impact"] = impact
    component_ids = _component_ids(record.get("components") or [])
    if component_ids:
        data["components"] = component_ids
    if kind == "maintenance":
        data["scheduled_start"], data["scheduled_end"] = window
    else:
        data["started"] = _iso(started)
    if resolved is not None:
        data["resolved"] = _iso(resolved)
    if updates:
        data["updates"] = [
            {"at": _iso(u.at), **({"status": u.status} if u.status else {}), "message": u.message}
            for u in updates
        ]
    internal: dict[str, Any] = {}
    if record.get("url"):
        internal["source"] = str(record["url"])
    if record.get("components_source"):
        # The corpus inferred these components from the text (a model), not from the page.
        internal["components_source"] = str(record["components_source"])
    if adjust:
        internal["import_adjustments"] = sorted(set(adjust))
    if internal:
        data["internal"] = internal
    return Converted(doc_id, _render(data), kind, sorted(set(adjust)))


#: libyaml's safe dumper and loader when PyYAML has them (same output, ~7x faster).
_SafeDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_dump(data: Any) -> str:
    """``yaml.safe_dump`` with the options the importer needs: key order kept,
    UTF-8 text as is, no line folding, block style."""
    return yaml.dump(
        data, Dumper=_SafeDumper, sort_keys=False, allow_unicode=True, width=_WIDTH, default_flow_style=False
    )


def _render(data: dict[str, Any]) -> str:
    """The file text: safe_dump'd front-matter between fences, and an empty body."""
    front = _safe_dump(data)
    # The loader ends the front-matter at the first line that is `---` or `...`;
    # safe_dump indents every continuation line, but check rather than trust.
    if any(line.rstrip() in ("---", "...") for line in front.split("\n")):
        raise RecordError("the front-matter would contain a document marker line")  # pragma: no cover
    if yaml.load(front, Loader=_SafeLoader) != data:
        raise RecordError("the front-matter does not read back as written")  # pragma: no cover
    return f"---\n{front}---\n"


def convert_record(record: dict[str, Any]) -> tuple[str, str]:
    """Convert one Statuspage record: return (file id, file text)."""
    converted = _convert(record)
    return converted.id, converted.text


# ---------------------------------------------------------------------------
# A whole file


def read_jsonl(src: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file (blank lines skipped)."""
    records: list[dict[str, Any]] = []
    with src.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"{src}:{number}: not valid JSON: {exc.msg}") from None
            if not isinstance(record, dict):
                raise RecordError(f"{src}:{number}: a record must be a JSON object")
            records.append(record)
    return records


def _site_config_text(name: str, components: list[dict[str, str]]) -> str:
    config = {
        "site_name": f"{name} Status (imported)",
        "docs_dir": "pages",
        "theme": {"name": "material"},
        "plugins": [
            "search",
            {"statuspress": {"name": name, "audience": "public", "components": components}},
        ],
    }
    header = "# Written by statuspress.importers.statuspage_jsonl; edit freely.\n"
    return header + _safe_dump(config)


_ABOUT = """\
# About this import

This site was generated by `statuspress.importers.statuspage_jsonl` from `{source}`:
{records} incidents and maintenance windows exported from an Atlassian Statuspage
status page. Each file in `incidents/` keeps the original page's address under
`internal.source`.

Severities follow Statuspage's impact: critical is SEV1, major SEV2, minor SEV3 and
none SEV4.
"""


def import_jsonl(src: Path, dest_dir: Path, *, name: str = "GitHub") -> ImportSummary:
    """Convert every record of ``src`` into ``dest_dir/incidents/<id>.md``.

    Also writes ``dest_dir/mkdocs.yml`` (a statuspress site named ``name`` with the
    components found) and ``dest_dir/pages/about.md``. Raises ``RecordError``
    (naming the line) for a record that cannot be converted, before writing anything.
    """
    src, dest_dir = Path(src), Path(dest_dir)
    records = read_jsonl(src)
    summary = ImportSummary(records=len(records))
    converted: list[Converted] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        try:
            item = _convert(record)
        except RecordError as exc:
            raise RecordError(f"{src}: record {number} (id {record.get('id')!r}): {exc}") from None
        if item.id in seen:
            raise RecordError(f"{src}: records {seen[item.id]} and {number} both give the file id {item.id}")
        seen[item.id] = number
        converted.append(item)
    summary.components = components_from(records)

    incidents_dir = dest_dir / "incidents"
    incidents_dir.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    for item in converted:
        (incidents_dir / f"{item.id}.md").write_text(item.text, encoding="utf-8", newline="\n")
        summary.written += 1
        summary.ids.append(item.id)
        if item.type == "maintenance":
            summary.maintenance += 1
        else:
            summary.incidents += 1
        if item.adjustments:
            summary.adjusted[item.id] = item.adjustments
            counts.update(item.adjustments)
    summary.adjustments = dict(sorted(counts.items()))

    (dest_dir / "mkdocs.yml").write_text(_site_config_text(name, summary.components), encoding="utf-8")
    pages = dest_dir / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "about.md").write_text(_ABOUT.format(source=src.name, records=len(records)), encoding="utf-8")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m statuspress.importers.statuspage_jsonl",
        description="Import a Statuspage incident history (JSON Lines) as a statuspress site.",
    )
    parser.add_argument("src", type=Path, help="the .jsonl file, one incident a line")
    parser.add_argument("dest", type=Path, help="the site folder to write (incidents/, mkdocs.yml, pages/)")
    parser.add_argument("--name", default="GitHub", help="the organisation name for mkdocs.yml (default: GitHub)")
    args = parser.parse_args(argv)
    try:
        summary = import_jsonl(args.src, args.dest, name=args.name)
    except (RecordError, OSError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    sys.stdout.write(summary.report() + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
