"""``history.atom``, the fallback for Statuspage pages that expose nothing else.

An entry's HTML content lists every update newest first: the time, the stage in
bold, then the message (Statuspage writes ``Mar <var>26</var>, <var>03:35</var> UTC``
without a year, which is taken from the entry's ``published`` time, stepping back a
year where the months wrap; statuspress's own feed writes ``2026-11-23 08:30 UTC``).
Each entry becomes a record of the Manage API's shape, converted as the JSON is.

The feed gives neither impact nor components nor a maintenance window: incidents get
the severity of impact ``none`` and no components, maintenance the window from its
first "In progress" update (else its first update) to its "Completed" one, and the
summary says so. statuspress's own feed marks a notice: its oldest line is
"Notice" (the message) and an "Ended" line gives its end; such an entry keeps impact
``none`` explicitly, and so becomes a notice again.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import Any

from statuspress.importers.plan import ImportPlan

__all__ = ["read_atom"]

_NS = {"a": "http://www.w3.org/2005/Atom"}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MAINTENANCE = {"scheduled", "in progress", "in_progress", "verifying", "completed"}
_BLOCK = re.compile(
    r"<small>(?P<when>.*?)</small>\s*(?:<br\s*/?>)?\s*<strong>(?P<stage>.*?)</strong>", re.DOTALL | re.IGNORECASE
)


def _plain(fragment: str) -> str:
    text = re.sub(r"</p>\s*<p>", "\n\n", fragment, flags=re.IGNORECASE)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip().removeprefix("-").strip()


def _when(text: str, latest: datetime, newer: datetime | None) -> datetime | None:
    clean = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).replace(",", " ").split())
    match = re.match(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})", clean)
    if match:
        return datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}:{match.group(3)}:00+00:00")
    match = re.match(r"([A-Za-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{1,2}):(\d{2})", clean)
    if not match or match.group(1).casefold() not in _MONTHS:
        return None
    month, day = _MONTHS[match.group(1).casefold()], int(match.group(2))
    reference = newer or latest
    year = reference.year - (1 if (month, day) > (reference.month, reference.day) else 0)
    return datetime(year, month, day, int(match.group(3)), int(match.group(4)), tzinfo=timezone.utc)


def read_atom(text: str, source: str, sources: Any, plan: ImportPlan) -> None:
    """Add each entry of the feed to ``sources`` as a Manage-API-shaped record."""
    try:
        # A local file the user chose; expat refuses entity-expansion bombs.
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        plan.skip(source, "", f"is not a readable Atom feed: {exc}")
        return
    entries = root.findall("a:entry", _NS)
    if root.tag != "{http://www.w3.org/2005/Atom}feed":
        plan.skip(source, "", "is XML but not an Atom feed")
        return
    guessed = 0  # entries given impact `none` for want of one (not notices, not maintenance)
    for index, entry in enumerate(entries):
        where = f"entry[{index}]"
        raw_id = entry.findtext("a:id", "", _NS)
        title = entry.findtext("a:title", "", _NS)
        stamp = entry.findtext("a:published", "", _NS) or entry.findtext("a:updated", "", _NS)
        link = entry.find("a:link", _NS)
        content = entry.findtext("a:content", "", _NS)
        try:
            latest = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            plan.skip(source, f"{where}.published", f"`{stamp}` is not a time")
            continue
        updates: list[dict[str, Any]] = []
        matches = list(_BLOCK.finditer(content))
        newer: datetime | None = None
        for number, match in enumerate(matches):
            end = matches[number + 1].start() if number + 1 < len(matches) else len(content)
            when = _when(match.group("when"), latest, newer)
            if when is None:
                plan.skip(source, f"{where}.content", f"an update time `{_plain(match.group('when'))}` cannot be read")
                continue
            newer = when
            stage = _plain(match.group("stage")).casefold()
            body = _plain(content[match.end():end].removeprefix("</p>"))
            updates.append({"status": "" if stage == "update" else stage.replace(" ", "_"),
                            "body": body, "created_at": when.isoformat()})
        if not updates:
            plan.skip(source, f"{where}.content", "lists no updates")
            continue
        record: dict[str, Any] = {
            "id": raw_id.rsplit("/", 1)[-1] or raw_id,
            "name": title,
            "incident_updates": updates,  # newest first, as in the JSON
            "shortlink": link.get("href") if link is not None else None,
            # The feed does not say: impact `none` for the author to complete, but not
            # a notice (which the JSON's explicit `none` without components is).
            "impact": None,
        }
        stages = [u["status"] for u in updates]
        if updates[-1]["status"] == "notice":
            record["impact"] = "none"
            ended = [u for u in updates if u["status"] == "ended"]
            if ended:
                record["resolved_at"] = ended[0]["created_at"]
            record["incident_updates"] = [u for u in updates if u["status"] != "ended"]
        elif any(s.replace("_", " ") in _MAINTENANCE for s in stages if s):
            record["impact"] = "maintenance"
            starts = [u["created_at"] for u in updates if u["status"] == "in_progress"] or [updates[-1]["created_at"]]
            record["scheduled_for"] = starts[-1]
            done = [u["created_at"] for u in updates if u["status"] == "completed"]
            if not done:
                plan.skip(source, where, "a maintenance that has not completed: history.atom does not give its window")
                continue
            record["scheduled_until"] = done[0]
        if stages[0] in ("resolved", "completed"):
            record["resolved_at"] = updates[0]["created_at"]
        sources.add_incident(record, source)
        guessed += record["impact"] is None
    if guessed:
        plan.warn(source, "entry", f"history.atom gives no impact or components: {guessed} "
                  f"{'entry' if guessed == 1 else 'entries'} imported with impact `none` and no components, "
                  "for the author to complete")
