"""The embeds: a tiny status page for an ``<iframe>`` and a script for a web app.

* ``embed/status/`` (with ``light/`` and ``dark/`` variants): the overall status, the
  active incidents and maintenance (title, stage, last update), the pinned notices
  (what the team wants every reader to see; other notices stay on the status page)
  and the maintenance due within ``UPCOMING_WITHIN``, with links to their pages. No JavaScript, no
  request besides the page itself (its CSS and icons are inline), and under 10 KB,
  so a customer can put it in their dashboard without slowing it down. The plain
  variant follows the reader's ``prefers-color-scheme``; a host whose own theme is
  toggled picks ``light/`` or ``dark/``.
* ``embed/widget.js``: a static script (shipped in the package) that reads
  ``api/v2/summary.json`` next to it and shows a notice inside the host page while
  something is going on. It depends on nothing but the Statuspage JSON. Its words
  are the site's language: the build writes them from the catalog
  (``widget_texts``) over the English object in the script.

The embed page's input is ``EmbedStatus``, built once by ``embed_status`` from the
status view: a small, typed record of what the page shows, so that the renderer never
asks the views anything.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Literal

import jinja2

from statuspress.render import text, urls
from statuspress.render.i18n import Localizer
from statuspress.render.templating import localizer
from statuspress.views.incident_state import IncidentState
from statuspress.views.snapshot import Snapshot
from statuspress.views.status import Indicator

__all__ = [
    "EMBED_SCHEMES", "MAX_NOTICES", "UPCOMING_WITHIN", "WIDGET_PATH", "EmbedNotice",
    "EmbedStatus", "embed_outputs", "embed_status",
]

#: Where the widget script is written in the built site.
WIDGET_PATH = "embed/widget.js"

#: The embed page's colour schemes: the plain page follows the reader's preference.
EMBED_SCHEMES: tuple[Literal["auto", "light", "dark"], ...] = ("auto", "light", "dark")

#: A maintenance shows on the embed page once it is due within this time: a week's
#: notice fits a dashboard tile (the widget, which interrupts, defaults to a day).
UPCOMING_WITHIN = timedelta(days=7)

#: At most this many notices; the rest are one link away, and the page stays small
#: however busy the day is.
MAX_NOTICES = 3

NoticeKind = Literal["incident", "maintenance", "notice", "upcoming"]


@dataclass(frozen=True, slots=True)
class EmbedNotice:
    """One active incident, maintenance in progress, pinned notice or maintenance due soon."""

    kind: NoticeKind
    title: str
    #: The stage as of the as-of time (``identified``, ``in_progress``, ``scheduled``).
    stage: str
    #: ``none``/``minor``/``major``/``critical`` for an incident, ``maintenance`` else.
    impact: str
    #: The time of the latest public update, or the start when there is none yet.
    updated: datetime | None
    #: The maintenance window (None for an incident).
    window: tuple[datetime, datetime] | None
    #: The site-relative URL of its page.
    url: str


@dataclass(frozen=True, slots=True)
class EmbedStatus:
    """Everything the embed page shows, as of ``at``."""

    site_name: str
    at: datetime
    indicator: Indicator
    description: str
    #: Active incidents (most recent first), maintenance in progress, pinned notices
    #: (newest first), then maintenance due within ``UPCOMING_WITHIN`` (soonest
    #: first); at most ``MAX_NOTICES``.
    notices: tuple[EmbedNotice, ...]
    #: How many more there were than ``notices`` holds.
    more: int


def _notice(state: IncidentState, kind: NoticeKind) -> EmbedNotice:
    incident = state.incident
    window = None
    if incident.is_maintenance and incident.scheduled_start and incident.scheduled_end:
        window = (incident.scheduled_start, incident.scheduled_end)
    return EmbedNotice(
        kind=kind,
        title=incident.title,
        stage=state.stage,
        impact="maintenance" if incident.is_maintenance else (incident.impact or "none"),
        updated=state.latest.at if state.latest else (incident.start or state.created),
        window=window,
        url=urls.incident(incident.id),
    )


def embed_status(snap: Snapshot) -> EmbedStatus:
    """What the embed page shows, from the snapshot the status page shows."""
    view = snap.status
    at = snap.at
    due = [
        m for m in view.upcoming_maintenance
        if m.start is not None and m.start - at <= UPCOMING_WITHIN
    ]
    notices = [_notice(i, "incident") for i in view.active_incidents]
    notices += [_notice(m, "maintenance") for m in view.active_maintenance]
    notices += [_notice(n, "notice") for n in view.pinned_notices]
    notices += [_notice(m, "upcoming") for m in due]
    return EmbedStatus(
        site_name=snap.config.name,
        at=at,
        indicator=view.overall.indicator,
        description=view.overall.description,
        notices=tuple(notices[:MAX_NOTICES]),
        more=max(len(notices) - MAX_NOTICES, 0),
    )


def _page_url(scheme: str) -> str:
    return "embed/status/" if scheme == "auto" else f"embed/status/{scheme}/"


def embed_outputs(status: EmbedStatus, env: jinja2.Environment) -> dict[str, bytes]:
    """The embed pages (one per colour scheme) and the widget script."""
    files: dict[str, bytes] = {}
    template = env.get_template("statuspress/embed/status.html")
    for scheme in EMBED_SCHEMES:
        url = _page_url(scheme)
        html = template.render(
            status=status, scheme=scheme,
            root=urls.relative(url, ""),
            link=lambda target, url=url: urls.relative(url, target),
        )
        files[urls.file_of(url)] = html.encode("utf-8")
    files[WIDGET_PATH] = widget_script(localizer(env))
    return files


#: The stages the widget names (those of an open incident or maintenance).
WIDGET_STAGES = ("investigating", "identified", "monitoring", "scheduled", "in_progress", "verifying")

#: The English texts object in ``assets/widget.js``, between its two markers.
_WIDGET_TEXTS = re.compile(r"/\*texts\*/\{.*?\}/\*end texts\*/", re.S)


def widget_texts(t: Localizer) -> dict[str, str]:
    """The widget's words in ``t``'s language; ``{name}``-style slots are filled by
    the script (the catalog's ``%(name)s`` placeholders, renamed)."""
    more = {"count": "{count}"}
    return {
        **{stage: t.gettext(text.stage_label(stage)) for stage in WIDGET_STAGES},
        "none": t.gettext("No impact"), "minor": t.gettext("Minor impact"),
        "major": t.gettext("Major impact"), "critical": t.gettext("Critical impact"),
        "incident": t.gettext("Incident"), "maintenance": t.gettext("Maintenance"),
        "upcoming": t.gettext("Scheduled maintenance"), "service": t.gettext("Service"),
        "status_of": t.gettext("%(name)s status", name="{name}"), "update": t.gettext("Status update"),
        "starts": t.gettext("Starts %(time)s", time="{time}"),
        "starts_until": t.gettext("Starts %(start)s, until %(end)s", start="{start}", end="{end}"),
        "until": t.gettext("Until %(time)s", time="{time}"),
        "updated": t.gettext("Updated %(time)s", time="{time}"),
        # The script shows "and N more" only for N >= 1: one form for 1, one for 2 and up.
        "more_one": t.catalog.ngettext(
            "And %(count)s more on the status page", "And %(count)s more on the status page", 1) % more,
        "more_other": t.catalog.ngettext(
            "And %(count)s more on the status page", "And %(count)s more on the status page", 2) % more,
        "dismiss": t.gettext("Dismiss this notice"),
        # The language of these words: the widget writes its dates in it too.
        "lang": t.tag,
    }


def widget_script(t: Localizer) -> bytes:
    """``assets/widget.js`` with its words in ``t``'s language (as shipped in English)."""
    script = (resources.files("statuspress") / "assets" / "widget.js").read_text(encoding="utf-8")
    if t.english:
        return script.encode("utf-8")
    # ASCII escapes: the words survive a host that serves the script in another charset.
    texts = json.dumps(widget_texts(t), ensure_ascii=True)
    return _WIDGET_TEXTS.sub(lambda _: f"/*texts*/{texts}/*end texts*/", script, count=1).encode("utf-8")
