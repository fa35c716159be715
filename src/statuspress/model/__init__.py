"""The content model: pydantic models that define the file format."""

from __future__ import annotations

from statuspress.model.config import Component, Severity, SiteConfig
from statuspress.model.incident import Incident, Update
from statuspress.model.postmortem import ActionItem, Postmortem, Section
from statuspress.model.source import Source

__all__ = [
    "ActionItem", "Component", "Incident", "Postmortem", "Section",
    "Severity", "SiteConfig", "Source", "Update",
]
