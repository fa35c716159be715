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

What was public at the as-of time comes from the build's ``Snapshot``, which the
JSON API and the calendar read too, so that every output agrees.

The feeds' fixed texts (titles, descriptions, the stage of each update) are in the
site's language (``theme.language``, through ``env``'s catalog), and so are RSS
``<language>`` and Atom ``xml:lang``; the incidents' own texts stay as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import jinja2
from feedgen.feed import FeedGenerator

from statuspress.model import Component, SiteConfig
from statuspress.render import urls
from statuspress.render.i18n import Localizer
from statuspress.render.templating import localizer
from statuspress.views.snapshot import IncidentState, Snapshot

__all__ = ["ENTRY_TEMPLATE", "entry_id", "history_feeds", "site_host"]

ENTRY_TEMPLATE = "statuspress/feeds/entry.html"

#: The fixed date of every tag URI; changing it would re-announce every entry.
TAG_DATE = "2005"


def site_host(config: SiteConfig) -> str:
    """The host of the site URL (``status.acme.example``), ``localhost`` without one."""
    return urlsplit(config.url).hostname or "localhost"


def entry_id(config: SiteConfig, incident_id: str) -> str:
    """The permanent Atom id of an incident's entry."""
    return f"tag:{site_host(config)},{TAG_DATE}:Incident/{incident_id}"


def history_feeds(snap: Snapshot, env: jinja2.Environment, *, limit: int = 25) -> dict[str, bytes]:
    """``history.rss``/``history.atom`` and ``components/<id>/history.{rss,atom}``.

    Each feed carries the ``limit`` most recently updated entries of
    ``snap.news`` (per component: those naming it), newest first: incidents and
    notices that started by the as-of time, and every maintenance from its first
    update on (a scheduled window is news when it is announced, as on Statuspage).
    """
    config = snap.config
    template = env.get_template(ENTRY_TEMPLATE)
    listed_site = snap.news[:limit]
    per_component = {cid: found[:limit] for cid, found in snap.news_by_component.items()}
    # One rendering of each listed entry's content, shared by every feed that lists it.
    listed = {s.id: s for s in listed_site}
    listed.update((s.id, s) for found in per_component.values() for s in found)
    contents = {
        state_id: template.render(
            incident=state.incident, updates=state.newest_first, ended=state.end if state.is_notice else None,
        )
        for state_id, state in listed.items()
    }
    t = localizer(env)
    outputs: dict[str, bytes] = {}
    outputs.update(_feed_pair(
        snap, listed_site, contents, t,
        title=t.gettext("%(name)s Status - Incident History", name=config.name),
        description=t.gettext("Incidents and maintenance of %(name)s, newest first", name=config.name),
        page=urls.history(), folder="", feed_path="/history",
    ))
    for component in config.components:
        outputs.update(_component_pair(snap, component, per_component[component.id], contents, t))
    return outputs


def _component_pair(
    snap: Snapshot, component: Component, states: Sequence[IncidentState], contents: dict[str, str],
    t: Localizer,
) -> dict[str, bytes]:
    folder = f"components/{component.id}/"
    names = {"name": snap.config.name, "component": component.name}
    return _feed_pair(
        snap, states, contents, t,
        title=t.gettext("%(name)s Status - %(component)s Incident History", **names),
        description=t.gettext("Incidents and maintenance of %(name)s that affected %(component)s", **names),
        page=urls.component(component.id), folder=folder, feed_path=f"/{folder}history",
    )


def _feed_pair(
    snap: Snapshot, states: Sequence[IncidentState], contents: dict[str, str], t: Localizer, *,
    title: str, description: str, page: str, folder: str, feed_path: str,
) -> dict[str, bytes]:
    """The RSS and the Atom file of one feed (they differ only in their self link)."""
    config = snap.config
    updated = max((s.updated for s in states), default=snap.at)
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
        feed.language(t.tag)
        # No version: a feedgen upgrade must not change the bytes of a build.
        feed.generator("statuspress")
        feed.updated(updated)
        for state in states:
            _add_entry(feed, config, state, contents[state.id], rss=extension == "rss")
        data = feed.rss_str(pretty=True) if extension == "rss" else feed.atom_str(pretty=True)
        files[path] = data
    return files


def _add_entry(
    feed: FeedGenerator, config: SiteConfig, state: IncidentState, content: str, *, rss: bool,
) -> None:
    link = urls.absolute(config.url, urls.incident(state.id))
    entry = feed.add_entry(order="append")
    # feedgen keeps one value for the Atom id and the RSS guid, hence one per format.
    # RSS readers deduplicate on the guid: the page URL, as stable as the tag id.
    if rss:
        entry.guid(link, permalink=True)
    else:
        entry.id(entry_id(config, state.id))
    entry.title(state.incident.title)
    entry.link(href=link, rel="alternate", type="text/html")
    entry.published(state.updated)
    entry.updated(state.updated)
    entry.content(content, type="html")
