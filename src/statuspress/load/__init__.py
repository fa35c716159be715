"""Loading: files -> models + problems. The only place that reads content files.

``statuspress.content.load_site`` reads and checks a whole site; this package holds
the pieces below the checks (front-matter, YAML with line marks, models, site config).
"""

from __future__ import annotations

from statuspress.load.site import Site
from statuspress.load.siteconfig import load_site_config

__all__ = ["Site", "load_site_config"]
