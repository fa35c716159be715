"""The front-matter of a file under ``postmortems/``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from statuspress.model.front import FrontMatter
from statuspress.model.values import (
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


class ActionItem(FrontMatter):
    """A follow-up with an owner and a due date."""

    required_because: ClassVar[Mapping[str, str]] = {
        "title": "`title` is required for an action item: what is to be done, e.g. `title: Alert on queue depth`",
        "owner": "`owner` is required for an action item: who is accountable, e.g. `owner: dana`",
        "due": "`due` is required for an action item: its due date, e.g. `due: 2026-04-01`",
    }

    title: Title
    owner: Name = Field(description="The person (or team) accountable.")
    due: Day = Field(description="Due date, e.g. 2026-04-01.")
    status: ActionStatus = "open"
    priority: Name | None = Field(default=None, description="e.g. P1, P2, P3.")
    type: Literal["prevent", "mitigate", "detect", "repair", "process"] | None = None
    link: SafeUrl | None = Field(default=None, description="Tracker URL: http, https, mailto or relative.")


class PostmortemFront(FrontMatter):
    """A postmortem, as written in its file."""

    required_because: ClassVar[Mapping[str, str]] = {
        "title": "`title` is required for a postmortem, e.g. `title: Checkout errors after a config change`",
        "incidents": "`incidents` is required for a postmortem: the ids of the incidents it reviews, "
                     "e.g. `incidents: [2026-03-14-api-errors]`",
    }

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

    @field_validator("incidents", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value
