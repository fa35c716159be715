"""Reading a postmortem written in Markdown, whatever its template.

Headings become sections under our names (``SECTION_NAMES``: "Root Causes" is Root
Cause, "What went wrong" is What Went Poorly ...); unknown headings are kept under
their own name. ``**Key**: value`` lines before the first section give the date,
authors, status, severity and incident (the Google SRE template writes them so), and
``**Summary**: text`` there becomes a section. Action items come from a table (with
owner, due date, status, priority, type and link columns where they exist) or from a
list or checklist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = ["SECTION_NAMES", "ActionRow", "Parsed", "canonical", "parse_action_items", "parse_postmortem"]

#: Lower-cased heading -> our section name.
SECTION_NAMES: dict[str, str] = {
    "summary": "Summary", "executive summary": "Summary", "overview": "Summary", "incident summary": "Summary",
    "description": "Summary",
    "impact": "Impact", "customer impact": "Impact", "user impact": "Impact", "impact assessment": "Impact",
    "timeline": "Timeline", "incident timeline": "Timeline", "timeline of events": "Timeline",
    "root cause": "Root Cause", "root causes": "Root Cause", "root cause analysis": "Root Cause",
    "cause": "Root Cause", "causes": "Root Cause",
    "contributing factors": "Contributing Factors", "contributing factors (findings)": "Contributing Factors",
    "contributing causes": "Contributing Factors",
    "trigger": "Trigger", "detection": "Detection",
    "resolution": "Resolution", "recovery": "Resolution", "mitigation": "Resolution",
    "resolution and recovery": "Resolution",
    "what went well": "What Went Well", "what went right": "What Went Well", "things that went well": "What Went Well",
    "what went poorly": "What Went Poorly", "what went wrong": "What Went Poorly",
    "what didn't go so well": "What Went Poorly", "what didn’t go so well": "What Went Poorly",
    "what could have gone better": "What Went Poorly", "things that went wrong": "What Went Poorly",
    "where we got lucky": "Where We Got Lucky",
    "lessons learned": "Lessons Learned", "lessons learnt": "Lessons Learned",
    "action items": "Action Items", "action item": "Action Items", "follow-ups": "Action Items",
    "follow ups": "Action Items", "corrective actions": "Action Items", "remediation": "Action Items",
    "next steps": "Action Items",
    "attendees": "Attendees", "atendees": "Attendees", "participants": "Attendees",
    "responders": "Responders", "stats": "Stats", "messaging": "Messaging",
}
#: Sections that may sit one level down (Google's Lessons Learned holds What went well ...).
PROMOTED = {"What Went Well", "What Went Poorly", "Where We Got Lucky"}
META_KEYS = {"date": "date", "review date": "date", "authors": "authors", "author": "authors", "owners": "authors",
             "status": "status", "severity": "severity", "sev": "severity", "incident": "incident",
             "incidents": "incident", "incident id": "incident"}
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FIELD = re.compile(
    r"^\s*(?:[-*]\s+)?\*\*(?P<key>[^*:]+?):?\*\*:?\s*(?P<value>.*)$"
    r"|^(?P<key2>[A-Z][\w ]{1,20}):\s+(?P<value2>.+)$"
)
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d")


def canonical(heading: str) -> str:
    """Our name for a heading, or the heading itself (tidied) when it is not one of ours."""
    text = re.sub(r"[*_`]", "", heading).strip().rstrip(":").strip()
    return SECTION_NAMES.get(text.casefold(), text)


def parse_date(text: str) -> date | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."))
    for fmt in _DATE_FORMATS:
        try:
            # A calendar date only: no time, so no zone to attach.
            return datetime.strptime(cleaned, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    match = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", cleaned)
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            return None
    return None


@dataclass
class Parsed:
    """A postmortem as read: title, metadata lines, sections in order."""

    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    #: (our name or the heading, Markdown content) in document order
    sections: list[tuple[str, str]] = field(default_factory=list)
    #: text before the first section that is not a metadata line
    preamble: str = ""

    def section(self, name: str) -> str | None:
        for title, content in self.sections:
            if title == name:
                return content
        return None


def parse_postmortem(text: str, fallback_title: str) -> Parsed:
    """Split a Markdown postmortem (without front-matter) into title, metadata and sections."""
    parsed = Parsed()
    lines = text.replace("\r\n", "\n").split("\n")
    current: tuple[str, list[str]] | None = None
    preamble: list[str] = []
    in_code = False
    raw_sections: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match:
            level, heading = len(match.group(1)), match.group(2)
            name = canonical(heading)
            if level == 1 and not parsed.title and current is None:
                parsed.title = re.sub(r"[*_`]", "", heading).strip()
                continue
            if level <= 2 or name in PROMOTED:
                current = (name, [])
                raw_sections.append(current)
                continue
        if current is None:
            preamble.append(line)
        else:
            current[1].append(line)
    rest: list[str] = []
    inserted = 0
    for line in preamble:
        field_match = _FIELD.match(line)
        key = (field_match.group("key") or field_match.group("key2") or "") if field_match else ""
        value = ((field_match.group("value") or field_match.group("value2") or "") if field_match else "").strip()
        lowered = key.strip().casefold()
        if lowered in META_KEYS and value:
            parsed.meta.setdefault(META_KEYS[lowered], value)
        elif field_match and canonical(key) in set(SECTION_NAMES.values()) and value:
            # Field sections come first, in their own order, as they stand above the headings.
            raw_sections.insert(inserted, (canonical(key), [value]))
            inserted += 1
        else:
            rest.append(line)
    parsed.preamble = "\n".join(rest).strip()
    merged: dict[str, int] = {}
    for name, body in raw_sections:
        content = "\n".join(body).strip("\n")
        if name in merged:  # the same section twice (a field line and a heading): keep both texts
            index = merged[name]
            old = parsed.sections[index][1]
            parsed.sections[index] = (name, f"{old}\n\n{content}".strip())
        else:
            merged[name] = len(parsed.sections)
            parsed.sections.append((name, content))
    parsed.title = parsed.title or fallback_title
    return parsed


# ---------------------------------------------------------------------------
# Action items


@dataclass
class ActionRow:
    """One action item as found: its fields, and the source line to keep when it does not map."""

    line: str
    title: str
    owner: str | None = None
    due: date | None = None
    due_text: str | None = None
    status: str | None = None
    priority: str | None = None
    type: str | None = None
    link: str | None = None


_COLUMNS = {
    "title": {"action item", "action items", "action", "item", "task", "title", "description", "what"},
    "owner": {"owner", "owners", "assignee", "assigned to", "who", "responsible"},
    "due": {"due", "due date", "deadline", "by", "when", "target date"},
    "status": {"status", "state"},
    "priority": {"priority", "prio"},
    "type": {"type", "kind", "category"},
    "link": {"bug", "ticket", "link", "issue", "tracker", "jira", "tracking bug"},
}
STATUS_WORDS = {
    "open": "open", "todo": "open", "to do": "open", "not started": "open", "new": "open", "": "open",
    "in progress": "in_progress", "in_progress": "in_progress", "started": "in_progress", "doing": "in_progress",
    "done": "done", "closed": "done", "complete": "done", "completed": "done", "fixed": "done", "resolved": "done",
    "won't do": "wont_do", "wont do": "wont_do", "wont_do": "wont_do", "won't fix": "wont_do", "wontfix": "wont_do",
    "cancelled": "wont_do", "canceled": "wont_do",
}
_TYPES = {"prevent", "mitigate", "detect", "repair", "process"}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_action_items(content: str) -> tuple[list[ActionRow], list[str]]:
    """The items of an Action Items section, and the lines that are not items."""
    rows: list[ActionRow] = []
    other: list[str] = []
    lines = content.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip().startswith("|") and re.match(r"^\s*\|?\s*:?-{3,}", nxt):
            header = [h.casefold().strip("*_ ") for h in _cells(line)]
            columns = {key: next((i for i, h in enumerate(header) if h in names), None)
                       for key, names in _COLUMNS.items()}
            if columns["title"] is None:
                columns["title"] = 0
            index += 2
            while index < len(lines) and lines[index].strip().startswith("|"):
                values = _by_column(_cells(lines[index]), columns)
                if values["title"]:
                    rows.append(_row(lines[index], values["title"], values["owner"], values["due"],
                                     values["status"], values["priority"], values["type"], values["link"]))
                index += 1
            continue
        item = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[(?P<check>[ xX])\]\s*)?(?P<text>.*\S.*)$", line)
        if item:
            text = item.group("text").strip()
            owner = _search(r"(?:owner|assignee|assigned to)\s*[:=]\s*([^,;)]+)", text) or _search(r"@([\w.-]+)", text)
            due = _search(r"(?:due|by|deadline)\s*[:=]?\s*(\d{4}-\d{2}-\d{2})", text) or _search(
                r"\b(\d{4}-\d{2}-\d{2})\b", text)
            check = item.group("check")
            status = None if check is None else ("done" if check in "xX" else "open")
            title = re.sub(r"\s*[(\[]?\s*(?:owner|assignee|assigned to|due|by|deadline)\s*[:=][^)\]]*[)\]]?", "", text)
            title = re.sub(r"\s*@[\w.-]+", "", title).strip(" -–—,;") or text
            rows.append(_row(line, title, owner, due, status, None, None, None))
        elif line.strip() not in ("", "-", "*"):
            other.append(line)
        index += 1
    return rows, other


def _by_column(cells: list[str], columns: dict[str, int | None]) -> dict[str, str | None]:
    return {key: cells[col] if col is not None and col < len(cells) and cells[col] else None
            for key, col in columns.items()}


def _search(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, re.IGNORECASE)
    return match.group(1).strip() if match else None


def _row(line: str, title: str, owner: str | None, due: str | None, status: str | None,
         priority: str | None, kind: str | None, link: str | None) -> ActionRow:
    url = re.search(r"https?://[^\s)>\]]+", link or "")
    label = None if url or not link else link
    title = re.sub(r"\s+", " ", title).strip()
    return ActionRow(
        line=line,
        title=f"{title} ({label})" if label else title,
        owner=owner if owner and owner.strip().casefold() not in ("tbd", "?", "-", "n/a", "none") else None,
        due=parse_date(due) if due else None,
        due_text=due,
        status=STATUS_WORDS.get((status or "").strip().casefold()) if status is not None else None,
        priority=priority,
        type=kind.strip().casefold() if kind and kind.strip().casefold() in _TYPES else None,
        link=url.group(0) if url else None,
    )
