"""JSON Schemas of the content format, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem


def json_schemas() -> dict[str, dict[str, Any]]:
    """``{"incident": ..., "postmortem": ..., "config": ...}``, draft 2020-12."""
    out: dict[str, dict[str, Any]] = {}
    for name, model in (("incident", Incident), ("postmortem", Postmortem), ("config", SiteConfig)):
        schema = model.model_json_schema(mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[name] = schema
    return out
