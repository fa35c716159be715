"""Where each output lives in the built site. Pages are folders with an
``index.html`` (``incidents/<id>/``), like MkDocs' ``use_directory_urls``."""

from __future__ import annotations

from urllib.parse import urljoin


def incident(incident_id: str) -> str:
    return f"incidents/{incident_id}/"


def component(component_id: str, page: int = 1) -> str:
    return f"components/{component_id}/" if page == 1 else f"components/{component_id}/page/{page}/"


def history(page: int = 1) -> str:
    return "history/" if page == 1 else f"history/page/{page}/"


def postmortem(postmortem_id: str) -> str:
    return f"postmortems/{postmortem_id}/"


def archive(page: int = 1) -> str:
    """The postmortem archive (internal build): ``postmortems/``, ``postmortems/page/2/``."""
    return "postmortems/" if page == 1 else f"postmortems/page/{page}/"


def archive_facet(kind: str, value_slug: str | None = None, page: int = 1) -> str:
    """A facet's overview (``postmortems/tag/``) or one value's list
    (``postmortems/tag/config-change/``, ``.../page/2/``)."""
    if value_slug is None:
        return f"postmortems/{kind}/"
    base = f"postmortems/{kind}/{value_slug}/"
    return base if page == 1 else f"{base}page/{page}/"


def action_items(owner_slug: str | None = None) -> str:
    """The action-item tracker (internal build), or one owner's items."""
    return "action-items/" if owner_slug is None else f"action-items/{owner_slug}/"


def metrics(period: str | None = None) -> str:
    """The metrics page, or one quarter's review (``metrics/2026-q3/``)."""
    return "metrics/" if period is None else f"metrics/{period}/"


def file_of(url: str) -> str:
    """The file a page URL is written to: ``incidents/x/`` -> ``incidents/x/index.html``."""
    return url + "index.html" if url.endswith("/") or url == "" else url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative)."""
    depth = from_url.count("/")
    prefix = "../" * depth
    return (prefix + to_url) or "./"


def absolute(base: str, url: str) -> str:
    """An absolute URL on the public site (for feeds and the JSON API)."""
    if not base:
        return url
    return urljoin(base if base.endswith("/") else base + "/", url)
