"""JSON Schemas of the content format, generated from the front-matter models.

Each schema is a whole JSON Schema document (draft 2020-12) that a validator or an
editor can use as it is. The incident schema is the union of the three types:
``oneOf`` one branch per ``type``, each with its own required keys and stages (and
OpenAPI's ``discriminator`` mapping, which editors use to pick the branch).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from statuspress.model.config import SiteConfig
from statuspress.model.incident_file import FRONT_MATTER, FRONT_MODELS
from statuspress.model.postmortem_file import PostmortemFront

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: The kinds ``statuspress schema --kind`` writes, and what each describes.
KINDS: dict[str, str] = {
    "incident": "The front-matter of a file under incidents/: an incident (`type` left out, or `incident`), "
                "a maintenance (`type: maintenance`) or a notice (`type: notice`).",
    "postmortem": "The front-matter of a file under postmortems/.",
    "config": "The `statuspress` block under `plugins:` in mkdocs.yml.",
}
_TITLES = {"incident": "Incident", "postmortem": "Postmortem", "config": "SiteConfig"}


def _discriminator(defs_path: str) -> dict[str, Any]:
    return {
        "propertyName": "type",
        "mapping": {kind: f"{defs_path}{model.__name__}" for kind, model in FRONT_MODELS.items()},
    }


def json_schemas() -> dict[str, dict[str, Any]]:
    """``{"incident": ..., "postmortem": ..., "config": ...}``: one standalone
    document each."""
    out: dict[str, dict[str, Any]] = {}
    adapters: dict[str, TypeAdapter[Any]] = {
        "incident": FRONT_MATTER, "postmortem": TypeAdapter(PostmortemFront), "config": TypeAdapter(SiteConfig),
    }
    for name, adapter in adapters.items():
        schema = adapter.json_schema(mode="validation")
        head: dict[str, Any] = {"$schema": DRAFT, "title": _TITLES[name], "description": KINDS[name]}
        if name == "incident":
            head["discriminator"] = _discriminator("#/$defs/")
        out[name] = {**head, **{k: v for k, v in schema.items() if k not in ("title", "description")}}
    return out


def combined_schema() -> dict[str, Any]:
    """One document for every content file: its front-matter is an incident file or a
    postmortem file (``oneOf``); each kind is also at ``#/$defs/<kind>`` (the site
    config only there), so an editor can point at one of them."""
    (keys, everything) = TypeAdapter.json_schemas(
        [("incident", "validation", FRONT_MATTER),
         ("postmortem", "validation", TypeAdapter(PostmortemFront)),
         ("config", "validation", TypeAdapter(SiteConfig))],
        ref_template="#/$defs/{model}",
    )
    defs: dict[str, Any] = dict(everything.get("$defs", {}))
    for (name, _mode), schema in keys.items():
        entry = {"title": _TITLES[name], "description": KINDS[name], **schema}
        if name == "incident":
            entry["discriminator"] = _discriminator("#/$defs/")
        defs[name] = entry
    return {
        "$schema": DRAFT,
        "title": "statuspress content",
        "description": "The front-matter of any content file (incidents/ or postmortems/); "
                       "`#/$defs/incident`, `#/$defs/postmortem` and `#/$defs/config` name each kind.",
        "oneOf": [{"$ref": "#/$defs/incident"}, {"$ref": "#/$defs/postmortem"}],
        "$defs": defs,
    }
