"""statuspress: incidents as code.

Incident and postmortem Markdown files go in; a public status page (pages, feeds,
a Statuspage-compatible JSON API) and an internal postmortem archive come out.

The core (``model``, ``load``, ``checks``, ``views``, ``render``) knows nothing of
MkDocs; ``statuspress.plugin`` adapts it to MkDocs and ``statuspress.cli`` to the
command line.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
