"""A file under ``postmortems/`` as loaded: its front-matter (``postmortem_file``)
with the id, the body, its ``##`` sections and the line marks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from statuspress.model.postmortem_file import ActionItem, PostmortemFront
from statuspress.model.source import Source
from statuspress.model.values import PostmortemStatus, Visibility

__all__ = ["OPEN_ACTION_STATUSES", "RESERVED_IDS", "ActionItem", "Postmortem", "Section", "is_overdue"]

#: Action-item statuses that still need work.
OPEN_ACTION_STATUSES = ("open", "in_progress")


def is_overdue(item: ActionItem, at: dt.datetime) -> bool:
    """Past its due date (before the as-of date, UTC) and neither done nor won't-do."""
    return item.status in OPEN_ACTION_STATUSES and item.due < at.date()


@dataclass(frozen=True)
class Section:
    """A ``##`` section of a postmortem body."""

    title: str
    line: int
    markdown: str


#: Names the archive uses for its own pages under ``postmortems/`` (pagination and
#: facets); a postmortem file with one of these names would collide with them.
RESERVED_IDS = frozenset({"page", "tag", "year", "severity", "service", "status", "root-cause"})


@dataclass(frozen=True)
class Postmortem:
    """A postmortem, as loaded from its file."""

    front: PostmortemFront
    id: str
    body: str
    source: Source
    sections: tuple[Section, ...] = ()

    @property
    def src(self) -> Source:
        return self.source

    @property
    def title(self) -> str:
        return self.front.title

    @property
    def incidents(self) -> list[str]:
        """Ids of the incidents it covers."""
        return self.front.incidents

    @property
    def status(self) -> PostmortemStatus:
        return self.front.status

    @property
    def date(self) -> dt.date | None:
        return self.front.date

    @property
    def authors(self) -> list[str]:
        return self.front.authors

    @property
    def services(self) -> list[str]:
        return self.front.services

    @property
    def tags(self) -> list[str]:
        return self.front.tags

    @property
    def root_cause(self) -> str | None:
        return self.front.root_cause

    @property
    def summary(self) -> str | None:
        return self.front.summary

    @property
    def visibility(self) -> Visibility:
        return self.front.visibility

    @property
    def action_items(self) -> list[ActionItem]:
        return self.front.action_items

    @property
    def is_public(self) -> bool:
        """Only a published, public postmortem ever reaches the public site."""
        return self.front.status == "published" and self.front.visibility == "public"

    def section(self, title: str) -> Section | None:
        """The section with this title (case-insensitive), or None."""
        wanted = title.casefold()
        for section in self.sections:
            if section.title.casefold() == wanted:
                return section
        return None
