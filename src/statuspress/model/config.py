"""The site configuration: what a team declares under ``plugins: - statuspress:``.

Components and the severity ladder are declared here; every incident is checked
against them.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import PurePosixPath
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from statuspress.model.values import (
    ID_MAX,
    ID_PATTERN,
    MAX_COMPONENTS,
    MAX_LIST,
    MAX_SEVERITIES,
    TITLE_MAX,
    URL_MAX,
    Audience,
    Impact,
    Name,
    url_problem,
)


class StrictModel(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Component(StrictModel):
    """A part of the service that customers see a status for."""

    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX, description="Stable id used in incident files, e.g. `api`.")
    name: Name = Field(description="The name customers see, e.g. `Payments API`.")
    group: Name | None = Field(default=None, description="Optional group heading on the status page.")
    description: str | None = Field(default=None, max_length=1000, description="Optional one-line description.")


PublicUpdates = int | Literal["start_and_end", "none"]


class Severity(StrictModel):
    """One rung of the severity ladder."""

    key: Name = Field(description="What incident files write, e.g. `SEV1`.")
    name: Name = Field(description="A word for it, e.g. `Critical`.")
    description: str = ""
    response: str = Field(default="", description="The response expectation.")
    public_updates: PublicUpdates = Field(
        default="none",
        description="Public-update cadence: minutes between updates, `start_and_end` or `none`.",
    )
    impact: Impact = Field(default="none", description="Default public impact of an incident.")
    postmortem: bool = Field(default=False, description="Whether a postmortem is required.")

    @field_validator("public_updates")
    @classmethod
    def _positive(cls, value: PublicUpdates) -> PublicUpdates:
        if isinstance(value, int) and not 0 < value <= 10_080:
            raise ValueError("must be a number of minutes from 1 to 10080 (a week), `start_and_end` or `none`")
        return value

    @property
    def cadence_minutes(self) -> int | None:
        """Minutes allowed between public updates, or None when there is no cadence."""
        return self.public_updates if isinstance(self.public_updates, int) else None


DEFAULT_SEVERITIES: tuple[Severity, ...] = (
    Severity(
        key="SEV1", name="Critical",
        description="A core service is down or data is at risk for many customers.",
        response="Page the on-call immediately, 24/7; an incident commander takes charge; all hands until mitigated.",
        public_updates=30, impact="critical", postmortem=True,
    ),
    Severity(
        key="SEV2", name="Major",
        description="A core function is significantly degraded or down for a subset of customers.",
        response="Page the on-call immediately, 24/7; declare an incident with a commander.",
        public_updates=60, impact="major", postmortem=True,
    ),
    Severity(
        key="SEV3", name="Minor",
        description="A minor function is degraded, or a workaround exists.",
        response="Handle during working hours; post publicly at start and end.",
        public_updates="start_and_end", impact="minor", postmortem=False,
    ),
    Severity(
        key="SEV4", name="Low",
        description="Cosmetic or internal-only issue with no customer impact.",
        response="Track as a ticket.",
        public_updates="none", impact="none", postmortem=False,
    ),
)

DEFAULT_SECTIONS: tuple[str, ...] = (
    "Summary", "Impact", "Timeline", "Root Cause",
    "Contributing Factors", "What Went Well", "What Went Poorly",
)

#: The statuses that can weigh on uptime (``operational`` never does).
WeightedStatus = Literal["major_outage", "partial_outage", "degraded_performance", "under_maintenance"]

DEFAULT_UPTIME_WEIGHTS: dict[WeightedStatus, float] = {
    "major_outage": 1.0,
    "partial_outage": 0.3,
    "degraded_performance": 0.0,
    "under_maintenance": 0.0,
}


#: What ``statuspress notify`` can send; a target's ``events:`` filter names these.
NotifyEventKind = Literal[
    "declared", "updated", "resolved", "postmortem",
    "scheduled", "reminder", "started", "completed",
]


class NotifyTarget(StrictModel):
    """One place ``statuspress notify`` delivers to: a chat channel, a mailing list,
    a webhook."""

    name: str = Field(
        pattern=ID_PATTERN,
        description="Stable id, e.g. `slack`: the state file records deliveries under it, "
        "and the output names the target by it (never by its URL).",
    )
    type: Literal["apprise", "statuspage_webhook"] = Field(
        default="apprise",
        description="`apprise` (any apprise URL) or `statuspage_webhook` (POSTs Statuspage's webhook JSON).",
    )
    # None when `!ENV NAME` names an unset variable: a build or a dry run must not
    # fail for want of a secret that only the publishing job has.
    url: str | None = Field(
        default=None,
        description="Apprise URL (`slack://...`, `mailtos://...`, `json://...`), or the https URL of a "
        "statuspage_webhook; a secret: write `!ENV NAME`.",
    )
    components: list[str] | None = Field(
        default=None, description="Only events about these component ids (default: all).",
    )
    events: list[NotifyEventKind] | None = Field(
        default=None, description="Only these kinds of event (default: all).",
    )
    audience: Audience = Field(
        default="public", description="`internal` may receive internal fields (commander, channel).",
    )
    format: Literal["markdown", "text"] = Field(
        default="markdown", description="Body sent to apprise: the Markdown or the plain-text template.",
    )


class NotifyConfig(StrictModel):
    """The ``notify:`` block: targets and timing of ``statuspress notify``."""

    targets: list[NotifyTarget] = Field(default_factory=list)
    reminder_minutes: int = Field(
        default=60, ge=1, description="Send the maintenance reminder this long before the window.",
    )
    baseline_hours: int = Field(
        default=24, ge=0,
        description="A target new to the state file gets only events of the last N hours; older ones "
        "are recorded as sent without sending.",
    )
    timeout_seconds: float = Field(
        default=30, gt=0, le=300, description="How long a statuspage_webhook receiver may take to answer.",
    )

    @model_validator(mode="after")
    def _unique_names(self) -> NotifyConfig:
        names = [t.name for t in self.targets]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"notify target `{name}` is declared twice; give each target its own name")
        return self


class SiteConfig(StrictModel):
    """Everything under ``plugins: - statuspress:`` in ``mkdocs.yml``."""

    name: str = Field(default="Status", min_length=1, max_length=TITLE_MAX, description="Organisation or product name.")
    url: str = Field(default="", max_length=URL_MAX, description="Absolute http(s) URL of the public site.")
    audience: Audience = Field(default="public", description="`public` or `internal`.")
    time_zone: str = Field(
        default="Etc/UTC", description="IANA time zone of the JSON API's timestamps, e.g. `America/Tijuana`."
    )
    incidents_dir: str = Field(default="incidents", description="Content folder, relative to mkdocs.yml.")
    postmortems_dir: str = Field(default="postmortems", description="Content folder, relative to mkdocs.yml.")
    components: list[Component] = Field(min_length=1, max_length=MAX_COMPONENTS)
    severities: list[Severity] = Field(
        default_factory=lambda: list(DEFAULT_SEVERITIES), min_length=1, max_length=MAX_SEVERITIES,
    )
    postmortem_sections: list[Name] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), max_length=MAX_LIST)
    uptime_weights: dict[WeightedStatus, float] = Field(default_factory=lambda: dict(DEFAULT_UPTIME_WEIGHTS))
    uptime_days: int = Field(default=90, ge=1, le=366)
    postmortem_grace_days: int = Field(default=5, ge=0, le=365)
    public_text_patterns: list[str] = Field(default_factory=list)
    history_page_size: int = Field(default=20, ge=1, le=1000)
    archive_page_size: int = Field(default=50, ge=1, le=1000)
    notify: NotifyConfig = Field(
        default_factory=NotifyConfig, description="Targets of `statuspress notify` (docs: README).",
    )

    @field_validator("url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if value and (url_problem(value) is not None or not re.match(r"(?i)^https?://[^/?#]+", value)):
            raise ValueError(f"is `{value[:60]}`; write the public site's absolute address, like https://status.example.com/")
        return value

    @field_validator("incidents_dir", "postmortems_dir")
    @classmethod
    def _inside_the_site(cls, value: str) -> str:
        parts = PurePosixPath(value.replace("\\", "/")).parts
        # Absolute paths are what `!relative $config_dir/...` resolves to; whether one
        # leads into the site's folder is checked where that folder is known
        # (load/siteconfig.py).
        if not value.strip() or ".." in parts or parts in ((), (".",)):
            raise ValueError(
                f"is `{value}`; a content folder is a path inside the site's folder (next to mkdocs.yml), "
                "like `incidents`, without `..`"
            )
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # The JSON API prints every time in this zone, so it must be one we can compute.
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"`{value}` is not an IANA time zone; write one like `Etc/UTC` or `Europe/Berlin`"
            ) from None
        return value

    @field_validator("public_text_patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"`{pattern}` is not a valid regular expression: {exc}") from None
        return patterns

    @model_validator(mode="after")
    def _unique_keys(self) -> SiteConfig:
        seen: set[str] = set()
        for component in self.components:
            if component.id in seen:
                raise ValueError(f"component id `{component.id}` is declared twice")
            seen.add(component.id)
        keys = [s.key for s in self.severities]
        if len(set(keys)) != len(keys):
            dup = next(k for k in keys if keys.count(k) > 1)
            raise ValueError(f"severity `{dup}` is declared twice")
        for weight in self.uptime_weights.values():
            if not 0.0 <= weight <= 1.0:
                raise ValueError("uptime weights must be between 0 and 1")
        self.uptime_weights = {**DEFAULT_UPTIME_WEIGHTS, **self.uptime_weights}
        return self

    @field_validator("notify")
    @classmethod
    def _notify_components_known(cls, notify: NotifyConfig, info: ValidationInfo) -> NotifyConfig:
        # `components` is declared (and so validated) before `notify`.
        known = [c.id for c in info.data.get("components") or ()]
        for target in notify.targets:
            for component_id in target.components or ():
                if known and component_id not in known:
                    raise ValueError(
                        f"target `{target.name}` filters on component `{component_id}`, "
                        f"which is not declared; declared: {', '.join(known)}"
                    )
        return notify

    def component(self, component_id: str) -> Component | None:
        """The declared component with this id, or None."""
        return self._components_by_id.get(component_id)

    def severity(self, key: str | None) -> Severity | None:
        """The declared severity with this key, or None."""
        return self._severities_by_key.get(key) if key is not None else None

    def severity_rank(self, key: str | None) -> int:
        """0 for the most severe rung; unknown keys sort last."""
        try:
            return [s.key for s in self.severities].index(key or "")
        except ValueError:
            return len(self.severities)

    @cached_property
    def _components_by_id(self) -> dict[str, Component]:
        return {c.id: c for c in self.components}

    @cached_property
    def _severities_by_key(self) -> dict[str, Severity]:
        return {s.key: s for s in self.severities}
