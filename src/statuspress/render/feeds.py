"""RSS 2.0 and Atom 1.0 feeds of the incident history, site-wide and per component.

The shapes follow Statuspage's ``history.rss`` / ``history.atom`` (see
``docs/format.md`` and the reference notes): one entry per incident or maintenance,
whose HTML content lists every public update newest first.

Entry ids are tag URIs (RFC 4151) that never change when an incident is edited:
``tag:<host of the site URL>,2005:Incident/<incident id>``. Only the site's host and
the file name go into them; ``2005`` is a fixed date, as on Statuspage, not a time
taken from the content (a corrected ``started`` must not re-announce an entry).
Without a site URL the host is ``localhost``.

Nothing here reads the clock: the feeds' ``updated`` / ``lastBuildDate`` is the
latest entry's update time (``at`` only for a feed with no entries), so the same
content and the same ``at`` give byte-identical files.

The small as-of helpers (``visible_updates``, ``last_updated``, ``site_host``) are
shared with the JSON API and the calendar, so that every output agrees on what was
public at ``at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

import jinja2
from feedgen.feed import FeedGenerator

from statuspress.load import Site
from statuspress.model import Component, Incident, SiteConfig, Update
from statuspress.render import urls
from statuspress.views.history import component_history, past_incidents

__all__ = ["ENTRY_TEMPLATE", "entry_id", "history_feeds", "last_updated", "site_host", "visible_updates"]

ENTRY_TEMPLATE = "statuspress/feeds/entry.html"

#: The fixed date of every tag URI; changing it would re-announce every entry.
TAG_DATE = "2005"


def visible_updates(incident: Incident, at: datetime) -> list[Update]:
    """The updates posted at or before ``at``, oldest first (a later one is not public yet)."""
    return [update for update in incident.updates if update.at <= at]


def last_updated(incident: Incident, at: datetime) -> datetime:
    """The time of the latest update posted by ``at``; the start when there is none yet."""
    shown = visible_updates(incident, at)
    if shown:
        return shown[-1].at
    start = incident.start
    # An incident always has a start or updates (the checks require one of them).
    return start if start is not None else incident.sort_key[0]


def site_host(config: SiteConfig) -> str:
    """The host of the site URL (``status.acme.example``), ``localhost`` without one."""
    return urlsplit(config.url).hostname or "localhost"


def entry_id(config: SiteConfig, incident_id: str) -> str:
    """The permanent Atom id of an incident's entry."""
    return f"tag:{site_host(config)},{TAG_DATE}:Incident/{incident_id}"


def history_feeds(
    site: Site, at: datetime, env: jinja2.Environment, *, limit: int = 25
) -> dict[str, bytes]:
    """``history.rss``/``history.atom`` and ``components/<id>/history.{rss,atom}``.

    Each feed carries the ``limit`` most recently updated incidents and maintenance
    that started at or before ``at`` (per component: those naming it), newest first.
    """
    config = site.config
    template = env.get_template(ENTRY_TEMPLATE)
    started = past_incidents(site, at)
    started.sort(key=lambda i: (last_updated(i, at), i.sort_key), reverse=True)
    order = {incident.id: n for n, incident in enumerate(started)}
    per_component = {
        component.id: sorted(
            component_history(site, component.id, at), key=lambda i: order[i.id]
        )[:limit]
        for component in config.components
    }
    # One rendering of each listed entry's content, shared by every feed that lists it.
    listed = {i.id: i for i in started[:limit]}
    listed.update((i.id, i) for found in per_component.values() for i in found)
    contents = {
        incident_id: template.render(
            incident=incident, updates=list(reversed(visible_updates(incident, at)))
        )
        for incident_id, incident in listed.items()
    }
    outputs: dict[str, bytes] = {}
    outputs.update(_feed_pair(
        site, at, started[:limit], contents,
        title=f"{config.name} Status - Incident History",
        description=f"Incidents and maintenance of {config.name}, newest first",
        page=urls.history(), folder="", feed_path="/history",
    ))
    for component in config.components:
        outputs.update(_component_pair(site, at, component, per_component[component.id], contents))
    return outputs


def _component_pair(
    site: Site, at: datetime, component: Component, incidents: Sequence[Incident],
    contents: dict[str, str],
) -> dict[str, bytes]:
    folder = f"components/{component.id}/"
    return _feed_pair(
        site, at, incidents, contents,
        title=f"{site.config.name} Status - {component.name} Incident History",
        description=f"Incidents and maintenance of {site.config.name} that affected {component.name}",
        page=urls.component(component.id), folder=folder, feed_path=f"/{folder}history",
    )


def _feed_pair(
    site: Site, at: datetime, incidents: Sequence[Incident], contents: dict[str, str], *,
    title: str, description: str, page: str, folder: str, feed_path: str,
) -> dict[str, bytes]:
    """The RSS and the Atom file of one feed (they differ only in their self link)."""
    config = site.config
    updated = max((last_updated(i, at) for i in incidents), default=at)
    files: dict[str, bytes] = {}
    for extension in ("rss", "atom"):
        path = f"{folder}history.{extension}"
        feed = FeedGenerator()
        feed.id(f"tag:{site_host(config)},{TAG_DATE}:{feed_path}")
        feed.title(title)
        feed.description(description)
        feed.author({"name": config.name})
        # Self first: feedgen makes the last link the RSS channel's <link>, which
        # must be the page a reader opens.
        feed.link(href=urls.absolute(config.url, path), rel="self",
                  type="application/rss+xml" if extension == "rss" else "application/atom+xml")
        feed.link(href=urls.absolute(config.url, page), rel="alternate", type="text/html")
        feed.language("en")
        # No version: a feedgen upgrade must not change the bytes of a build.
        feed.generator("statuspress")
        feed.updated(updated)
        for incident in incidents:
            _add_entry(feed, config, incident, at, contents[incident.id], rss=extension == "rss")
        data = feed.rss_str(pretty=True) if extension == "rss" else feed.atom_str(pretty=True)
        files[path] = data
    return files


def _add_entry(
    feed: FeedGenerator, config: SiteConfig, incident: Incident, at: datetime, content: str,
    *, rss: bool,
) -> None:
    link = urls.absolute(config.url, urls.incident(incident.id))
    when = last_updated(incident, at)
    entry = feed.add_entry(order="append")
    # feedgen keeps one value for the Atom id and the RSS guid, hence one per format.
    # RSS readers deduplicate on the guid: the page URL, as stable as the tag id.
    if rss:
        entry.guid(link, permalink=True)
    else:
        entry.id(entry_id(config, incident.id))
    entry.title(incident.title)
    entry.link(href=link, rel="alternate", type="text/html")
    entry.published(when)
    entry.updated(when)
    entry.content(content, type="html")
