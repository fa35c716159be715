"""Blameless postmortems: one Markdown file each under ``postmortems/``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from statuspress.model.config import StrictModel
from statuspress.model.source import Source
from statuspress.model.values import (
    ID_MAX,
    ID_PATTERN,
    MAX_ACTION_ITEMS,
    MAX_LIST,
    SUMMARY_MAX,
    ActionStatus,
    Day,
    Id,
    Name,
    PostmortemStatus,
    SafeUrl,
    Title,
    Visibility,
)


class ActionItem(StrictModel):
    """A follow-up with an owner and a due date."""

    title: Title
    owner: Name = Field(description="The person (or team) accountable.")
    due: Day = Field(description="Due date, e.g. 2026-04-01.")
    status: ActionStatus = "open"
    priority: Name | None = Field(default=None, description="e.g. P1, P2, P3.")
    type: Literal["prevent", "mitigate", "detect", "repair", "process"] | None = None
    link: SafeUrl | None = Field(default=None, description="Tracker URL: http, https, mailto or relative.")


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


class Postmortem(StrictModel):
    """A postmortem, as written in its file."""

    id: SkipJsonSchema[str] = Field(default="", exclude=True, pattern=ID_PATTERN, max_length=ID_MAX)
    body: SkipJsonSchema[str] = Field(default="", exclude=True)

    title: Title
    incidents: list[Id] = Field(min_length=1, max_length=MAX_LIST, description="Ids of the incidents it covers.")
    status: PostmortemStatus = "draft"
    date: Day | None = Field(default=None, description="Review date.")
    authors: list[Name] = Field(default_factory=list, max_length=MAX_LIST)
    services: list[Name] = Field(default_factory=list, max_length=MAX_LIST)
    tags: list[Name] = Field(default_factory=list, max_length=MAX_LIST)
    root_cause: Name | None = Field(default=None, description="A root-cause tag, for the archive facets.")
    summary: str | None = Field(
        default=None, max_length=SUMMARY_MAX, description="One line; else the Summary's first paragraph.",
    )
    visibility: Visibility = "internal"
    action_items: list[ActionItem] = Field(default_factory=list, max_length=MAX_ACTION_ITEMS)

    sections: SkipJsonSchema[list[Any]] = Field(default_factory=list, exclude=True)
    source: SkipJsonSchema[Any] = Field(default=None, exclude=True)

    @field_validator("incidents", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @property
    def src(self) -> Source:
        return self.source  # type: ignore[no-any-return]

    @property
    def is_public(self) -> bool:
        """Only a published, public postmortem ever reaches the public site."""
        return self.status == "published" and self.visibility == "public"

    def section(self, title: str) -> Section | None:
        """The section with this title (case-insensitive), or None."""
        wanted = title.casefold()
        for section in self.sections:
            if section.title.casefold() == wanted:
                return section  # type: ignore[no-any-return]
        return None
