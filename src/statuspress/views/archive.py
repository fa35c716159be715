"""The postmortem archive, derived: entries, facets, related postmortems, section
anchors, the action-item tracker and the quarters that have incidents.

Everything here is a pure function of a ``Site`` (and, for "overdue", an explicit
as-of time); the internal pages (``render/archive.py``) and their search entries
read these views and compute nothing of their own. Metrics come from
``views/metrics.py``: this module only groups what it returns.

Decisions worth knowing:

* A postmortem's **severity** is the most severe of its incidents' severities (on
  the site's ladder); its **duration** is the impact span of its incidents, from the
  earliest ``started`` to the latest ``resolved`` (unknown when any is missing). Its
  **day** is its review ``date``, else the start date of its first incident.
* **Facet values** are slugged for URLs (``Root Cause`` -> ``root-cause``); two
  values that slug alike get ``-2``, ``-3``... in the order they sort.
* **Related** postmortems share an incident, a service or a tag; the score is the
  number of shared items, ties go to the newer postmortem (the archive's order); at
  most ``RELATED_LIMIT``.
* The **merged timeline** of a postmortem page is in ``views/postmortem_timeline.py``.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from statuspress.formatting import N_
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem, Section
from statuspress.slugs import slugify, unique_slug
from statuspress.views.metrics import (
    ActionItemRow,
    ActionItemStats,
    Quarter,
    action_item_stats,
    in_period,
    quarter_of,
    quarters,
)

if TYPE_CHECKING:
    from statuspress.load.site import Site

#: At most this many related postmortems per postmortem page.
RELATED_LIMIT = 5

#: The facets of the archive: (kind as in URLs, title).
FACET_KINDS: tuple[tuple[str, str], ...] = (
    ("year", N_("Year")),
    ("severity", N_("Severity")),
    ("status", N_("Status")),
    ("service", N_("Service")),
    ("tag", N_("Tag")),
    ("root-cause", N_("Root cause")),
)

#: The postmortem review workflow, in order (the order of the status facet).
STATUS_ORDER = ("draft", "in_review", "reviewed", "published")


def slug(value: str, fallback: str = "value") -> str:
    """``Root Cause`` -> ``root-cause`` (see ``statuspress.slugs``: at most
    ``SLUG_MAX`` characters, so a facet page's folder name fits any file system)."""
    return slugify(value, fallback)


# --- entries ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ArchiveEntry:
    """One postmortem with what the archive shows and filters on."""

    postmortem: Postmortem
    incidents: tuple[Incident, ...]  # the linked incidents that exist, in start order
    severity: str | None  # the most severe incident's severity key
    duration: timedelta | None  # earliest started -> latest resolved
    day: date | None  # the review date, else the first incident's start date
    summary: str  # Markdown: front-matter ``summary``, else the Summary's first paragraph
    #: Each ``##`` section with its anchor, as the page and its search entries link them.
    anchors: tuple[tuple[Section, str], ...]

    @property
    def id(self) -> str:
        return self.postmortem.id

    @property
    def year(self) -> int | None:
        return self.day.year if self.day is not None else None


def first_paragraph(markdown: str) -> str:
    """The first paragraph of a Markdown text (headings, fences and blank lines skipped)."""
    block: list[str] = []
    for line in markdown.split("\n"):
        stripped = line.strip()
        if not stripped:
            if block:
                break
            continue
        if not block and (stripped.startswith(("#", "```", "~~~")) or set(stripped) <= {"-", "*", "_"}):
            continue
        block.append(stripped)
    return " ".join(block)


def summary_of(postmortem: Postmortem) -> str:
    """The one-line summary: front-matter ``summary``, else the first paragraph of the
    Summary section (Markdown; empty when neither exists)."""
    if postmortem.summary and postmortem.summary.strip():
        return postmortem.summary.strip()
    section = postmortem.section("Summary")
    return first_paragraph(section.markdown) if section is not None else ""


#: Ids the postmortem page uses for its own blocks; a section never takes one.
RESERVED_ANCHORS = frozenset({"sp-main", "incidents", "roles", "action-items", "related", "merged-timeline"})


def section_anchors(postmortem: Postmortem) -> list[tuple[Section, str]]:
    """Each ``##`` section with its anchor (``Root Cause`` -> ``root-cause``), unique
    on the page; the page and its search entries link to the same anchors."""
    taken = set(RESERVED_ANCHORS)
    return [(section, unique_slug(section.title, taken, "section")) for section in postmortem.sections]


def archive_entry(site: Site, postmortem: Postmortem) -> ArchiveEntry:
    """The archive's facts about one postmortem."""
    found = [site.incidents_by_id[i] for i in dict.fromkeys(postmortem.incidents) if i in site.incidents_by_id]
    incidents = tuple(sorted(found, key=lambda i: i.sort_key))
    ranked = sorted((i.severity for i in incidents if i.severity), key=site.config.severity_rank)
    starts = [i.started for i in incidents]
    ends = [i.resolved for i in incidents]
    duration = None
    if incidents and None not in starts and None not in ends:
        duration = max(e for e in ends if e is not None) - min(s for s in starts if s is not None)
    day = postmortem.date
    if day is None and incidents and incidents[0].start is not None:
        day = incidents[0].start.date()
    return ArchiveEntry(postmortem, incidents, ranked[0] if ranked else None, duration, day,
                        summary_of(postmortem), tuple(section_anchors(postmortem)))


def newest_first(entries: Iterable[ArchiveEntry]) -> list[ArchiveEntry]:
    """By day, newest first (undated last), then by id, descending."""
    return sorted(entries, key=lambda e: (e.day or date.min, e.id), reverse=True)


@dataclass(frozen=True)
class ArchivePage:
    """One page of a paginated list of postmortems; ``number`` counts from 1."""

    number: int
    count: int
    entries: tuple[ArchiveEntry, ...]


def paginate_entries(entries: Sequence[ArchiveEntry], page_size: int) -> list[ArchivePage]:
    """Pages of ``page_size`` entries (always at least one, empty when there are none),
    so that no page grows however many postmortems exist."""
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, got {page_size}")
    chunks = [tuple(entries[i:i + page_size]) for i in range(0, len(entries), page_size)] or [()]
    return [ArchivePage(number, len(chunks), chunk) for number, chunk in enumerate(chunks, start=1)]


# --- facets -------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet and the postmortems that have it, newest first."""

    kind: str
    value: str
    slug: str
    entries: tuple[ArchiveEntry, ...]

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Facet:
    """A facet (``tag``...) and its values: years newest first, severities in ladder
    order, statuses in workflow order, the others by count (most first), then name."""

    kind: str
    title: str
    values: tuple[FacetValue, ...]


def _facet_values(entry: ArchiveEntry, kind: str) -> list[str]:
    pm = entry.postmortem
    if kind == "year":
        return [str(entry.year)] if entry.year is not None else []
    if kind == "severity":
        return [entry.severity] if entry.severity else []
    if kind == "status":
        return [pm.status]
    if kind == "service":
        return list(dict.fromkeys(pm.services))
    if kind == "tag":
        return list(dict.fromkeys(pm.tags))
    if kind == "root-cause":
        return [pm.root_cause] if pm.root_cause else []
    raise ValueError(f"unknown facet {kind!r}")


def facets(site: Site, entries: Sequence[ArchiveEntry]) -> tuple[Facet, ...]:
    """Every facet of ``entries`` (given newest first) with its values and counts."""
    rank = site.config.severity_rank
    out = []
    for kind, title in FACET_KINDS:
        index: dict[str, list[ArchiveEntry]] = {}
        for entry in entries:
            for value in _facet_values(entry, kind):
                index.setdefault(value, []).append(entry)
        if kind == "year":
            order = sorted(index, reverse=True)
        elif kind == "severity":
            order = sorted(index, key=lambda v: (rank(v), v))
        elif kind == "status":
            order = sorted(index, key=lambda v: (STATUS_ORDER.index(v) if v in STATUS_ORDER else 99, v))
        else:
            order = sorted(index, key=lambda v: (-len(index[v]), v.casefold(), v))
        taken: set[str] = set()
        values = tuple(FacetValue(kind, v, unique_slug(v, taken), tuple(index[v])) for v in order)
        out.append(Facet(kind, title, values))
    return tuple(out)


# --- related postmortems ------------------------------------------------------------


@dataclass(frozen=True)
class Related:
    """A postmortem related to another, with what they share."""

    entry: ArchiveEntry
    incidents: tuple[str, ...]
    services: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def score(self) -> int:
        return len(self.incidents) + len(self.services) + len(self.tags)


def related_postmortems(
    entries: Sequence[ArchiveEntry], limit: int = RELATED_LIMIT
) -> dict[str, tuple[Related, ...]]:
    """Postmortem id -> up to ``limit`` postmortems sharing an incident, a service or a
    tag with it: most shared items first, ties in the order of ``entries`` (the
    archive's: newest first).

    An inverted index and a counter keep this linear in the number of shared items
    (2,000 postmortems whose tags each hundreds share: well under a second) instead of
    comparing every pair."""
    index: dict[tuple[str, str], list[int]] = {}
    keys: list[list[tuple[str, str]]] = []
    for position, entry in enumerate(entries):
        pm = entry.postmortem
        mine = [("incident", i) for i in dict.fromkeys(pm.incidents)]
        mine += [("service", s) for s in dict.fromkeys(pm.services)]
        mine += [("tag", t) for t in dict.fromkeys(pm.tags)]
        keys.append(mine)
        for key in mine:
            index.setdefault(key, []).append(position)
    result: dict[str, tuple[Related, ...]] = {}
    for position, entry in enumerate(entries):
        counts: Counter[int] = Counter()
        for key in keys[position]:
            counts.update(index[key])
        counts.pop(position, None)
        best = heapq.nsmallest(limit, [(-count, other) for other, count in counts.items()])
        shared = set(keys[position])
        related = []
        for _, other in best:
            found = [key for key in keys[other] if key in shared]
            related.append(Related(
                entries[other],
                tuple(v for k, v in found if k == "incident"),
                tuple(v for k, v in found if k == "service"),
                tuple(v for k, v in found if k == "tag"),
            ))
        result[entry.id] = tuple(related)
    return result


# --- the action-item tracker --------------------------------------------------------


@dataclass(frozen=True)
class OwnerGroup:
    """One owner's action items: overdue first, then open and in progress (by due
    date), then done, then won't do."""

    owner: str
    rows: tuple[ActionItemRow, ...]
    slug: str = ""  # unique among the owners, for the owner's page URL

    @property
    def open_rows(self) -> tuple[ActionItemRow, ...]:
        """The items still to do (open or in progress), overdue first."""
        return tuple(r for r in self.rows if r.item.status in ("open", "in_progress"))

    def recent(self, closed: int) -> tuple[tuple[ActionItemRow, ...], int]:
        """Every item still to do plus the ``closed`` done or won't-do items due most
        recently, in the group's order; and how many closed items that leaves out.
        Years of finished items would otherwise make an owner's page grow forever."""
        finished = [r for r in self.rows if r.item.status in ("done", "wont_do")]
        # Rows compare by identity (eq=False), so the left-out ones can be a set.
        oldest_first = sorted(finished, key=lambda r: (r.item.due, r.postmortem.id, r.index))
        left_out = set(oldest_first[: max(len(finished) - closed, 0)])
        return tuple(r for r in self.rows if r not in left_out), len(left_out)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    @property
    def open(self) -> int:
        """Open or in progress (overdue ones included)."""
        return sum(1 for r in self.rows if r.item.status in ("open", "in_progress"))

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.item.status == "done")

    @property
    def wont_do(self) -> int:
        return sum(1 for r in self.rows if r.item.status == "wont_do")


@dataclass(frozen=True)
class Tracker:
    """Every action item of every postmortem: the figures and the owner groups."""

    stats: ActionItemStats
    groups: tuple[OwnerGroup, ...]


def _row_order(row: ActionItemRow) -> tuple[int, date, str, int]:
    status = row.item.status
    rank = 0 if row.overdue else 1 if status in ("open", "in_progress") else 2 if status == "done" else 3
    return (rank, row.item.due, row.postmortem.id, row.index)


def action_item_tracker(postmortems: Iterable[Postmortem], at: datetime) -> Tracker:
    """Action items grouped by owner (names compared case-insensitively; the first
    spelling is shown). Owners with overdue items come first (most first), then those
    with open items (most first), then by name."""
    stats = action_item_stats(postmortems, at)
    by_owner: dict[str, list[ActionItemRow]] = {}
    names: dict[str, str] = {}
    for row in stats.rows:
        key = " ".join(row.item.owner.split()).casefold()
        names.setdefault(key, " ".join(row.item.owner.split()))
        by_owner.setdefault(key, []).append(row)
    groups = [OwnerGroup(names[key], tuple(sorted(rows, key=_row_order))) for key, rows in by_owner.items()]
    groups.sort(key=lambda g: (-g.overdue, -g.open, g.owner.casefold()))
    taken: set[str] = set()
    groups = [replace(g, slug=unique_slug(g.owner, taken, "owner")) for g in groups]
    return Tracker(stats, tuple(groups))


# --- quarters -----------------------------------------------------------------------


def quarters_with_incidents(site: Site) -> tuple[Quarter, ...]:
    """The quarters (``views.metrics.quarters``) in which an incident, not maintenance,
    started, newest first: one review page each. Quiet quarters between them are left
    out, so that every review page has figures to review."""
    days = {i.started.date() for i in site.incidents if in_period(i, None, None) and i.started is not None}
    with_incidents = {quarter_of(day) for day in days}
    return tuple(reversed([q for q in quarters(site) if q in with_incidents]))


# --- the whole archive --------------------------------------------------------------


@dataclass(frozen=True)
class Archive:
    """Everything the internal pages show, computed once per build."""

    entries: tuple[ArchiveEntry, ...]  # newest first
    facets: tuple[Facet, ...]
    related: dict[str, tuple[Related, ...]]
    tracker: Tracker
    quarters: tuple[Quarter, ...]
    by_id: dict[str, ArchiveEntry]


def archive_view(site: Site, at: datetime) -> Archive:
    """The archive of ``site`` as of ``at`` (which decides overdue action items)."""
    entries = tuple(newest_first(archive_entry(site, pm) for pm in site.postmortems))
    return Archive(
        entries=entries,
        facets=facets(site, entries),
        related=related_postmortems(entries),
        tracker=action_item_tracker(site.postmortems, at),
        quarters=quarters_with_incidents(site),
        by_id={e.id: e for e in entries},
    )


__all__ = [
    "FACET_KINDS", "RELATED_LIMIT", "RESERVED_ANCHORS", "STATUS_ORDER", "Archive", "ArchiveEntry",
    "ArchivePage", "Facet", "FacetValue", "OwnerGroup", "Related", "Tracker", "action_item_tracker",
    "archive_entry", "archive_view", "facets", "first_paragraph", "newest_first", "paginate_entries",
    "quarters_with_incidents", "related_postmortems", "section_anchors", "slug", "summary_of",
    "unique_slug",
]
