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
