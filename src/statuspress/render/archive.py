"""The internal build's knowledge base: postmortem pages, the archive index and its
facet pages, the action-item tracker, and their search entries.

Only the internal build (``audience: internal``) calls ``archive_outputs``; the
public build never renders a byte of it. Every figure, grouping and page split comes
from the ``KnowledgeBase`` the build computed once (``views/knowledge.py``); this
module lays pages out with the templates under
``templates/statuspress/archive/`` inside the same page shell as the public pages.
The metrics and quarterly review pages are in ``render/metrics_pages.py``.

Lists are paginated with ``archive_page_size`` (the index and every facet value), so
no list page grows however many postmortems exist; the facet navigation on a list
page shows at most ``FACET_NAV_LIMIT`` values per facet and links to the facet's
overview page for the rest.

URLs: ``postmortems/<id>/``, ``postmortems/`` (``page/N/``),
``postmortems/<facet>/`` (overview) and ``postmortems/<facet>/<value>/``
(``page/N/``), ``action-items/`` and ``action-items/<owner>/``. A postmortem whose id is ``page`` or a facet name
(``year``, ``severity``, ``status``, ``service``, ``tag``, ``root-cause``) would
collide with these; ids are dated slugs by convention, so this is not guarded.
"""

from __future__ import annotations

import html
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from importlib import resources

import jinja2

from statuspress.load import Site
from statuspress.model import Incident
from statuspress.render import urls
from statuspress.render.i18n import Localizer
from statuspress.render.markdown import link_definitions, to_text
from statuspress.render.metrics_pages import metrics_pages
from statuspress.render.pages import INTERNAL_ROLES, render_page
from statuspress.render.site import NavLink, Page, ShellContext
from statuspress.render.templating import localizer
from statuspress.render.text import (
    ACTION_STATUS_LABELS,
    N_,
    POSTMORTEM_STATUS_LABELS,
    action_status_label,
    postmortem_status_label,
)
from statuspress.views.archive import Archive, ArchiveEntry, ArchivePage, Facet, FacetValue
from statuspress.views.knowledge import KnowledgeBase

#: The internal build's extra header tabs, after Status and History.
ARCHIVE_TABS: tuple[NavLink, ...] = (
    NavLink(N_("Postmortems"), urls.archive(), "postmortems"),
    NavLink(N_("Action items"), urls.action_items(), "action-items"),
    NavLink(N_("Metrics"), urls.metrics(), "metrics"),
)

#: A facet's name inside a sentence ("Postmortems by root cause"); its title
#: (``views.archive.FACET_KINDS``) heads the facet's list.
FACET_NOUNS = {
    "year": N_("year"),
    "severity": N_("severity"),
    "status": N_("status"),
    "service": N_("service"),
    "tag": N_("tag"),
    "root-cause": N_("root cause"),
}

#: The knowledge base's stylesheet, written only in the internal build.
ARCHIVE_CSS_PATH = "assets/statuspress/archive.css"

#: Values per facet in the navigation of a list page (the rest: the facet's overview).
FACET_NAV_LIMIT = 8

#: The one-line summary is cut at a word boundary near this many characters.
SUMMARY_LENGTH = 200


@dataclass
class ArchiveOutputs:
    """The knowledge base's files (path -> bytes: the mapping ``archive_outputs`` wrote
    them into) and search documents (``(location, title, text)``, title and text
    HTML-escaped plain text)."""

    files: MutableMapping[str, bytes]
    search: list[tuple[str, str, str]]


def internal_shell(shell: ShellContext) -> ShellContext:
    """The shell with the knowledge base's tabs and stylesheet, for every page of the
    internal build (the site's own extra CSS still comes last, to override ours),
    in the shell's language."""
    _ = Localizer(shell.language).gettext
    tabs = tuple(replace(link, title=_(link.title)) for link in ARCHIVE_TABS)
    return replace(
        shell, nav=(*tabs, *shell.nav), extra_css=(ARCHIVE_CSS_PATH, *shell.extra_css),
        # Responders share screenshots and links: an internal page must never pass
        # for the public status page.
        site_title=_("%(site)s (internal)") % {"site": shell.site_title}, internal=True,
    )


# --- words ----------------------------------------------------------------------------


def one_line(markdown: str, limit: int = SUMMARY_LENGTH) -> str:
    """Markdown -> one line of plain text, cut at a word boundary with ``…``."""
    line = " ".join(to_text(markdown).split())
    if len(line) <= limit:
        return line
    cut = line[:limit + 1]
    cut = cut[:cut.rfind(" ")] if " " in cut else line[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


class Words:
    """Labels the archive templates need, for one site (passed as ``words``), in the
    language of ``localizer`` (English without one)."""

    def __init__(self, site: Site, localizer: Localizer | None = None) -> None:
        self.config = site.config
        self.gettext = localizer.gettext if localizer is not None else str

    def severity(self, key: str | None) -> str:
        """``SEV1 · Critical``; the bare key for an undeclared one; empty for None."""
        if key is None:
            return ""
        severity = self.config.severity(key)
        return f"{key} · {severity.name}" if severity is not None else key

    def severity_class(self, key: str | None) -> str:
        """The impact colour of a severity (``critical``...), ``none`` when unknown."""
        severity = self.config.severity(key)
        return severity.impact if severity is not None else "none"

    def status(self, status: str) -> str:
        return self.gettext(postmortem_status_label(status))

    def action_status(self, status: str) -> str:
        return self.gettext(action_status_label(status))

    def facet_noun(self, kind: str) -> str:
        """A facet's name inside a sentence: ``root cause``, ``Grundursache``."""
        return self.gettext(FACET_NOUNS.get(kind, kind))

    def service(self, value: str) -> str:
        """A declared component's name, else the service as written."""
        component = self.config.component(value)
        return component.name if component is not None else value

    def services(self, values: list[str] | tuple[str, ...]) -> str:
        """``Website, API``: each service as ``service`` names it."""
        return ", ".join(self.service(v) for v in values)

    def value(self, kind: str, value: str) -> str:
        """How a facet value reads: ``SEV1 · Critical``, ``In review``, ``Website``..."""
        if kind == "severity":
            return self.severity(value)
        if kind == "status":
            return self.status(value)
        if kind == "service":
            return self.service(value)
        return value

    def summary(self, entry: ArchiveEntry) -> str:
        return one_line(entry.summary)


# --- postmortem pages -----------------------------------------------------------------


def _roles(incident: Incident) -> list[tuple[str, str]]:
    return [(label, str(incident.internal[key])) for key, label in INTERNAL_ROLES
            if incident.internal.get(key)]


def _other_internal(incident: Incident) -> list[tuple[str, str]]:
    known = {key for key, _ in INTERNAL_ROLES} | {"notes"}
    return [(key.replace("_", " ").capitalize(), str(value))
            for key, value in sorted(incident.internal.items()) if key not in known and value]


def postmortem_page(
    site: Site, kb: KnowledgeBase, entry: ArchiveEntry,
    env: jinja2.Environment, shell: ShellContext, facet_links: dict[tuple[str, str], str],
) -> bytes:
    """One postmortem (``postmortems/<id>/``): facts, sections with anchors, the merged
    timeline, incidents with their roles, action items and related postmortems."""
    pm = entry.postmortem
    _ = localizer(env).gettext
    page = Page(url=urls.postmortem(pm.id), title=pm.title, section="postmortems",
                description=one_line(entry.summary) or _("Postmortem: %(title)s") % {"title": pm.title})
    archive = kb.archive
    overdue = {row.index for row in archive.tracker.stats.overdue if row.postmortem is pm}
    sections = entry.anchors
    # The merged timeline replaces the table of the (first) Timeline section.
    timeline_anchor = next((anchor for s, anchor in sections if s.title.casefold() == "timeline"), None)
    return render_page(
        env, "statuspress/archive/postmortem.html", shell, page,
        config=site.config, entry=entry, pm=pm, at=kb.at, words=Words(site, localizer(env)),
        sections=sections, timeline_anchor=timeline_anchor, links=link_definitions(pm.body),
        timeline=kb.timelines[pm.id],
        incidents=[(i, _roles(i), _other_internal(i), kb.times[i.id]) for i in entry.incidents],
        missing=[i for i in pm.incidents if i not in site.incidents_by_id],
        overdue=overdue, related=archive.related.get(pm.id, ()), facet_links=facet_links,
    )


# --- list pages -----------------------------------------------------------------------


def _facet_links(archive: Archive) -> dict[tuple[str, str], str]:
    """(facet kind, value) -> the value's list page (site-relative)."""
    return {(f.kind, v.value): urls.archive_facet(f.kind, v.slug) for f in archive.facets for v in f.values}


def _list_pages(
    site: Site, archive: Archive, entries: tuple[ArchiveEntry, ...], pages: tuple[ArchivePage, ...],
    at: datetime, env: jinja2.Environment, shell: ShellContext, *, url_of: Callable[[int], str],
    title: str, heading: str, current: FacetValue | None,
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    local = localizer(env)
    for chunk in pages:
        number, count = chunk.number, chunk.count
        numbers = {"title": title, "number": local.format_number(number), "count": local.format_number(count)}
        page = Page(
            url=url_of(number),
            title=title if number == 1 else local.gettext("%(title)s (page %(number)s of %(count)s)") % numbers,
            section="postmortems",
            description=local.ngettext(
                "%(title)s: %(num)s postmortem, newest first.", "%(title)s: %(num)s postmortems, newest first.",
                len(entries),
            ) % {"title": title, "num": local.format_number(len(entries))},
            prev_url=url_of(number - 1) if number > 1 else None,
            next_url=url_of(number + 1) if number < count else None,
        )
        files[urls.file_of(page.url)] = render_page(
            env, "statuspress/archive/index.html", shell, page,
            config=site.config, chunk=chunk, number=number, count=count, total=len(entries),
            archive_total=len(archive.entries),
            heading=heading, current=current, facets=archive.facets, nav_limit=FACET_NAV_LIMIT,
            facet_links=_facet_links(archive), words=Words(site, local), at=at,
        )
    return files


def _facet_url(kind: str, value_slug: str, number: int) -> str:
    return urls.archive_facet(kind, value_slug, number)


def _facet_title(words: Words, facet: Facet, value: FacetValue) -> str:
    return words.gettext("Postmortems: %(facet)s %(value)s") % {
        "facet": words.facet_noun(facet.kind), "value": words.value(facet.kind, value.value)}


def list_pages(
    site: Site, kb: KnowledgeBase, env: jinja2.Environment, shell: ShellContext
) -> dict[str, bytes]:
    """The archive index, each facet's overview page and each facet value's list."""
    words = Words(site, localizer(env))
    _ = words.gettext
    archive, at = kb.archive, kb.at
    files = _list_pages(site, archive, archive.entries, kb.index_pages, at, env, shell, url_of=urls.archive,
                        title=_("Postmortems"), heading=_("Postmortems"), current=None)
    for facet in archive.facets:
        noun = {"facet": words.facet_noun(facet.kind)}
        overview = Page(url=urls.archive_facet(facet.kind), title=_("Postmortems by %(facet)s") % noun,
                        section="postmortems",
                        description=_("Every %(facet)s of the postmortem archive, with counts.") % noun)
        files[urls.file_of(overview.url)] = render_page(
            env, "statuspress/archive/facet.html", shell, overview,
            config=site.config, facet=facet, facets=archive.facets, facet_links=_facet_links(archive),
            words=words, total=len(archive.entries),
        )
        for value in facet.values:
            files.update(_list_pages(
                site, archive, value.entries, kb.facet_pages[facet.kind, value.value], at, env, shell,
                url_of=partial(_facet_url, facet.kind, value.slug),
                title=_facet_title(words, facet, value), heading=_facet_title(words, facet, value),
                current=value,
            ))
    return files


# --- the action-item tracker ------------------------------------------------------------


#: Done and won't-do items on an owner's page: the most recently due ones (every item
#: still to do is always listed; older finished ones stay on their postmortems).
CLOSED_SHOWN = 50


def tracker_pages(
    site: Site, archive: Archive, at: datetime, env: jinja2.Environment, shell: ShellContext
) -> dict[str, bytes]:
    """``action-items/``: the figures, then every owner (those with overdue items
    first) with the items still to do, overdue first; ``action-items/<owner>/``: all of
    one owner's items still to do and their ``CLOSED_SHOWN`` most recent done or
    won't-do ones. Done items stay off the main page
    so that it grows with the work left, not with the archive's history."""
    words = Words(site, localizer(env))
    _ = words.gettext
    page = Page(url=urls.action_items(), title=_("Action items"), section="action-items",
                description=_("Every open postmortem action item, by owner, with the completion rate."))
    files = {urls.file_of(page.url): render_page(
        env, "statuspress/archive/action_items.html", shell, page,
        config=site.config, tracker=archive.tracker, at=at, words=words, owner=None,
    )}
    for group in archive.tracker.groups:
        rows, hidden = group.recent(CLOSED_SHOWN)
        owner = {"owner": group.owner}
        owner_page = Page(url=urls.action_items(group.slug), title=_("Action items: %(owner)s") % owner,
                          section="action-items", description=_("Every action item owned by %(owner)s.") % owner)
        files[urls.file_of(owner_page.url)] = render_page(
            env, "statuspress/archive/action_items.html", shell, owner_page,
            config=site.config, tracker=archive.tracker, at=at, words=words, owner=group,
            rows=rows, hidden=hidden,
        )
    return files


# --- search -----------------------------------------------------------------------------


def _doc(location: str, title: str, text: str) -> tuple[str, str, str]:
    return (location, html.escape(title, quote=False), html.escape(" ".join(text.split()), quote=False))


def search_documents(
    site: Site, archive: Archive, local: Localizer | None = None,
) -> list[tuple[str, str, str]]:
    """Search documents for the knowledge base: per postmortem, the page (summary and
    facts) then each section at its anchor, then its action items; per incident with
    ``internal:`` fields, its internal block (``#sp-internal`` on the incident page).

    Sections are separate documents so that a word from one section ranks that section
    (and its postmortem) first, and the result links straight to it. Each page's own
    document comes before its sections, as Material's search expects. The titles and
    labels statuspress adds are in ``local``'s language (English without one)."""
    words = Words(site, local)
    _ = words.gettext
    docs = []
    for entry in archive.entries:
        pm = entry.postmortem
        location = urls.postmortem(pm.id)
        facts = [
            words.summary(entry), words.severity(entry.severity), words.status(pm.status),
            " ".join(words.service(s) for s in pm.services), " ".join(pm.tags), pm.root_cause or "",
            " ".join(pm.authors), " ".join(i.title for i in entry.incidents),
        ]
        docs.append(_doc(location, pm.title, " ".join(f for f in facts if f)))
        for section, anchor in entry.anchors:
            docs.append(_doc(f"{location}#{anchor}", section.title, to_text(section.markdown)))
        if pm.action_items:
            items = " ".join(f"{item.title} {item.owner}" for item in pm.action_items)
            docs.append(_doc(f"{location}#action-items", _("Action items"), items))
    for incident in site.incidents:
        if not incident.internal:
            continue
        values = [value for _label, value in _roles(incident)] + [value for _label, value in _other_internal(incident)]
        notes = incident.internal.get("notes")
        texts = [*values, to_text(str(notes)) if notes else ""]
        title = _("Response: %(title)s") % {"title": incident.title}
        docs.append(_doc(f"{urls.incident(incident.id)}#sp-internal", title,
                         " ".join(t for t in texts if t)))
    return docs


# --- everything -------------------------------------------------------------------------


def archive_outputs(
    site: Site, kb: KnowledgeBase, env: jinja2.Environment, shell: ShellContext,
    files: MutableMapping[str, bytes] | None = None,
) -> ArchiveOutputs:
    """Every page of the knowledge base, and its search documents, as of ``kb.at``.

    ``shell`` should already carry the knowledge base's tabs (``internal_shell``).
    Pages go into ``files`` one by one as they are rendered (the build's
    ``outputdir.OutputFolder`` writes each to disk); without it, into a new ``dict``."""
    archive, at = kb.archive, kb.at
    links = _facet_links(archive)
    files = {} if files is None else files
    files[ARCHIVE_CSS_PATH] = (resources.files("statuspress") / "assets" / "archive.css").read_bytes()
    for entry in archive.entries:
        files[urls.file_of(urls.postmortem(entry.id))] = postmortem_page(site, kb, entry, env, shell, links)
    files.update(list_pages(site, kb, env, shell))
    files.update(tracker_pages(site, archive, at, env, shell))
    files.update(metrics_pages(site, kb, env, shell))
    return ArchiveOutputs(files, search_documents(site, archive, localizer(env)))


__all__ = [
    "ACTION_STATUS_LABELS", "ARCHIVE_CSS_PATH", "ARCHIVE_TABS", "FACET_NAV_LIMIT", "FACET_NOUNS",
    "POSTMORTEM_STATUS_LABELS",
    "SUMMARY_LENGTH", "ArchiveOutputs", "Words", "archive_outputs", "internal_shell", "list_pages",
    "one_line", "postmortem_page", "search_documents", "tracker_pages",
]
