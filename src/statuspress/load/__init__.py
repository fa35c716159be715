"""Loading: files -> models + problems. The only place that reads content files."""

from __future__ import annotations

from statuspress.load.site import Site, load_site
from statuspress.load.siteconfig import load_site_config

__all__ = ["Site", "load_site", "load_site_config"]
