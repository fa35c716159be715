"""The internal build's knowledge base at one as-of time, computed once per build.

``knowledge_base(site, at)`` is to the internal pages what ``views.snapshot`` is to
the public ones: the archive (entries, facets, related postmortems, the action-item
tracker), every postmortem's merged timeline, every incident's durations (the snapshot's) and the
metrics of all time and of each quarter with incidents. The knowledge-base renderers
(``render/archive.py``, ``render/metrics_pages.py``) and the internal block of the
incident pages format it and never ask a view again, so the metrics page, a
quarterly review and ``statuspress report`` for the same period show the same
figures. Only the internal build computes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING

from statuspress.views.archive import Archive, ArchivePage, archive_view, paginate_entries
from statuspress.views.metrics import IncidentTimes, PeriodMetrics, Quarter, period_metrics
from statuspress.views.postmortem_timeline import MergedTimeline, merged_timeline
from statuspress.views.snapshot import Snapshot

if TYPE_CHECKING:
    from statuspress.load.site import Site

__all__ = ["KnowledgeBase", "knowledge_base"]


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything the internal pages show, as of ``at``."""

    at: datetime
    archive: Archive
    #: The archive index in pages of ``archive_page_size``.
    index_pages: tuple[ArchivePage, ...]
    #: (facet kind, value) -> that value's list in pages.
    facet_pages: Mapping[tuple[str, str], tuple[ArchivePage, ...]]
    #: Postmortem id -> its Timeline table merged with its incidents' milestones.
    timelines: Mapping[str, MergedTimeline]
    #: Incident id -> its four durations (time to detect, acknowledge, mitigate, resolve).
    times: Mapping[str, IncidentTimes]
    #: The metrics of every incident (the metrics page).
    all_time: PeriodMetrics
    #: Each quarter with incidents and its metrics, newest first (the review pages).
    quarters: tuple[tuple[Quarter, PeriodMetrics], ...]


def knowledge_base(site: Site, snap: Snapshot) -> KnowledgeBase:
    """The knowledge base of ``site`` at the snapshot's as-of time (which decides
    overdue action items), with the incident durations the snapshot holds."""
    at = snap.at
    archive = archive_view(site, at)
    size = site.config.archive_page_size
    return KnowledgeBase(
        at=at,
        archive=archive,
        index_pages=tuple(paginate_entries(archive.entries, size)),
        facet_pages=MappingProxyType({
            (facet.kind, value.value): tuple(paginate_entries(value.entries, size))
            for facet in archive.facets for value in facet.values
        }),
        timelines=MappingProxyType({
            entry.id: merged_timeline(entry.postmortem, entry.incidents) for entry in archive.entries
        }),
        times=snap.times,
        all_time=period_metrics(site, None, None, at),
        quarters=tuple(
            (quarter, period_metrics(site, quarter.since, quarter.until, at)) for quarter in archive.quarters
        ),
    )
