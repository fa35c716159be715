"""The content model: front-matter models that define the file format, and the
loaded objects that wrap them with id, body and line marks."""

from __future__ import annotations

from statuspress.model.config import Component, Severity, SiteConfig
from statuspress.model.incident import Incident, Update
from statuspress.model.postmortem import ActionItem, Postmortem, Section
from statuspress.model.source import Source

__all__ = [
    "ActionItem", "Component", "Incident", "Postmortem", "Section",
    "Severity", "SiteConfig", "Source", "Update",
]
