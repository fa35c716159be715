"""Real MkDocs builds of fixture sites, and reading what they wrote.

``mkdocs_build(root, at=...)`` runs MkDocs' own build API (``load_config`` +
``build``) on ``root/mkdocs.yml`` with ``SOURCE_DATE_EPOCH`` set to ``at`` (the build's
as-of time) and the audience chosen, and returns the site folder. ``page(site, url)``
parses a built page with lxml; ``text(element)`` is its text with whitespace collapsed.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import html as lxml_html
from mkdocs.commands.build import build
from mkdocs.config import load_config


def epoch(at: str) -> str:
    """``2026-03-20T12:00:00Z`` -> ``"1774008000"`` (for SOURCE_DATE_EPOCH)."""
    return str(int(datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()))


@contextlib.contextmanager
def environ(**values: str | None) -> Iterator[None]:
    """Set (or, with None, unset) environment variables for the block."""
    before = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load_mkdocs_config(root: Path, site_dir: Path | None = None, **options: Any) -> Any:
    """MkDocs' config for the fixture site at ``root`` (``site_dir`` default ``root/site``)."""
    return load_config(
        config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir or root / "site"), **options
    )


def mkdocs_build(
    root: Path, *, at: str, audience: str = "public", site_dir: Path | None = None,
    strict: bool = False, config: Any = None,
) -> Path:
    """Build ``root``'s site with MkDocs as of ``at``; return the site folder. With
    ``config`` (from ``load_mkdocs_config``), that config and its plugin instances are
    reused, as ``mkdocs serve`` does between rebuilds."""
    with environ(SOURCE_DATE_EPOCH=epoch(at), STATUSPRESS_AUDIENCE=audience):
        cfg = config if config is not None else load_mkdocs_config(root, site_dir, strict=strict)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    return Path(cfg.site_dir)


def page(site: Path, url: str) -> Any:
    """The built page at ``url`` (``""``, ``incidents/x/``) as an lxml element tree."""
    path = site / (url + "index.html" if url.endswith("/") or not url else url)
    return lxml_html.fromstring(path.read_bytes())


def text(element: Any) -> str:
    """An element's text content, whitespace collapsed."""
    return re.sub(r"\s+", " ", element.text_content()).strip()


def texts(tree: Any, xpath: str) -> list[str]:
    """The collapsed text of every element matching ``xpath``."""
    return [text(e) for e in tree.xpath(xpath)]


def cls(name: str) -> str:
    """An XPath predicate for elements having the CSS class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def all_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site: relative path -> bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
