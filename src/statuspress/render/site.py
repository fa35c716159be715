"""The page shell: what every generated page needs from the engine around it.

statuspress renders its pages itself (not through MkDocs' page pipeline) into a lean
shell that looks like Material for MkDocs: the same stylesheets and scripts, the same
header, tabs and search box, so that Material's search and palette work on our pages
too. ``ShellContext`` carries what that shell needs and only the engine knows (the
site title, the hashed asset paths of the theme, the palette, links to the engine's
own pages); the MkDocs plugin fills it from ``mkdocs.yml``, another engine could fill
it differently. ``Page`` is one page's place in the site (its URL, title and links).

Nothing here knows about MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from statuspress import __version__
from statuspress.render import urls
from statuspress.render.text import N_

#: Where our own CSS and JS are written in the built site.
CSS_PATH = "assets/statuspress/statuspress.css"
JS_PATH = "assets/statuspress/statuspress.js"


@dataclass(frozen=True)
class NavLink:
    """A tab in the header: a title and a site-relative (``about/``) or absolute URL."""

    title: str
    url: str
    #: The ``Page.section`` that marks this tab active (empty: never active).
    section: str = ""


@dataclass(frozen=True)
class PaletteOption:
    """One colour scheme of Material's palette (the first one is the default)."""

    scheme: str = "default"
    primary: str = "indigo"
    accent: str = "indigo"
    media: str | None = None
    toggle_name: str | None = None
    #: The toggle's icon as SVG markup (read from the theme by the engine).
    toggle_icon: str | None = None


@dataclass(frozen=True)
class ShellContext:
    """Everything the page shell takes from the engine. All paths are site-relative."""

    site_title: str
    description: str = ""
    #: The site's absolute URL, for canonical links (empty: none).
    site_url: str = ""
    language: str = "en"
    #: Material's stylesheets (``assets/stylesheets/main.<hash>.min.css``, palette CSS).
    stylesheets: tuple[str, ...] = ()
    #: Material's script bundle (``assets/javascripts/bundle.<hash>.min.js``).
    scripts: tuple[str, ...] = ()
    #: Material's search worker; None when the search plugin is off (no search box).
    search_worker: str | None = None
    #: Theme features passed to Material's scripts (instant loading is never passed:
    #: our pages are not in MkDocs' sitemap, so instant navigation cannot reach them).
    features: tuple[str, ...] = ()
    palette: tuple[PaletteOption, ...] = ()
    #: (text font, code font) named in ``theme.font`` (never loaded from a CDN), or
    #: None for the system fonts.
    fonts: tuple[str, str] | None = None
    favicon: str | None = None
    logo: str | None = None
    #: Tabs after "Status" and "History": the engine's own pages (``about/``).
    nav: tuple[NavLink, ...] = ()
    copyright: str = ""
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    #: Translations Material's scripts read from the ``__config`` block.
    translations: dict[str, str] = field(default_factory=dict)
    #: The internal build: every page says so in its title and header.
    internal: bool = False

    @property
    def has_material(self) -> bool:
        """True when Material's assets were found (its scripts need a small head script)."""
        return bool(self.scripts)

    def fingerprint(self) -> str:
        """A digest of everything here: a cached page is stale when it changes."""
        payload = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FeedLink:
    """A ``<link rel="alternate">`` in the page head and a link in the page."""

    title: str
    url: str
    type: str


@dataclass(frozen=True)
class Page:
    """One generated page: where it lives, its title, and what its head links to."""

    url: str
    title: str
    #: Which tab is active: ``status``, ``history`` or ``""``.
    section: str = ""
    description: str = ""
    feeds: tuple[FeedLink, ...] = ()
    #: ``rel="prev"`` / ``rel="next"`` for paginated pages (site-relative URLs).
    prev_url: str | None = None
    next_url: str | None = None

    def link(self, target: str) -> str:
        """A relative link from this page to the site-relative ``target`` (absolute
        URLs and fragments pass through)."""
        if "://" in target or target.startswith(("#", "mailto:")):
            return target
        return urls.relative(self.url, target)

    def incident_link(self, incident_id: str) -> str:
        """A relative link to an incident's page."""
        return self.link(urls.incident(incident_id))

    def component_link(self, component_id: str, number: int = 1) -> str:
        """A relative link to a component's page (``number`` of its history)."""
        return self.link(urls.component(component_id, number))

    @property
    def base(self) -> str:
        """The relative path to the site root (Material's ``base``)."""
        return urls.relative(self.url, "")

    def canonical(self, shell: ShellContext) -> str:
        """The page's absolute URL, or empty without a site URL."""
        return urls.absolute(shell.site_url, self.url) if shell.site_url else ""


def material_config(shell: ShellContext, page: Page) -> dict[str, Any]:
    """The ``__config`` JSON that Material's scripts read (base, search worker, ...)."""
    return {
        "base": page.base.rstrip("/") or ".",
        "features": list(shell.features),
        "translations": dict(shell.translations),
        "search": page.link(shell.search_worker) if shell.search_worker else None,
        "annotate": None,
        "tags": None,
        "version": None,
    }


def tabs(shell: ShellContext) -> list[tuple[str, str, str]]:
    """The header tabs as (section, title, site-relative URL): Status, History, then
    the engine's own pages."""
    # The two first are statuspress's own (the shell translates them); the engine's
    # pages keep the titles their authors gave them.
    items = [("status", N_("Status"), ""), ("history", N_("History"), urls.history())]
    items += [(link.section, link.title, link.url) for link in shell.nav]
    return items


GENERATOR = f"statuspress {__version__}"

__all__ = [
    "CSS_PATH", "GENERATOR", "JS_PATH", "FeedLink", "NavLink", "Page", "PaletteOption",
    "ShellContext", "material_config", "tabs",
]
