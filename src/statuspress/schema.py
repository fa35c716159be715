"""JSON Schemas of the content format, generated from the front-matter models.

Each schema is a whole JSON Schema document (draft 2020-12) that a validator or an
editor can use as it is. The incident schema picks one model per ``type`` with
``if``/``then`` (``type`` left out means an incident), each with its own required
keys and stages. A plain ``oneOf`` would say the same, but a validator then tries
every branch and reports the closest-looking one ("not valid under any of the given
schemas", or a maintenance stage for an incident's update); with ``if``/``then`` it
checks the file against its own type only, and names the key that is wrong. OpenAPI's
``discriminator`` mapping stays for editors that use it to pick the branch.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from statuspress.model.config import SiteConfig
from statuspress.model.incident_file import FRONT_MATTER, FRONT_MODELS, INCIDENT
from statuspress.model.postmortem_file import PostmortemFront
from statuspress.model.values import INCIDENT_TYPES

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


def _by_type(defs_path: str) -> dict[str, Any]:
    """The incident file's schema without a ``oneOf``: ``type`` one of the three, and
    for each, ``if`` the file has that type ``then`` its model (an incident also when
    ``type`` is left out)."""
    branches = []
    for kind, model in FRONT_MODELS.items():
        condition: dict[str, Any] = {"properties": {"type": {"const": kind}}}
        if kind != INCIDENT:
            condition["required"] = ["type"]
        branches.append({"if": condition, "then": {"$ref": f"{defs_path}{model.__name__}"}})
    return {
        "type": "object",
        "properties": {"type": {"enum": list(INCIDENT_TYPES), "default": INCIDENT,
                                "description": "What the file describes; left out, an incident."}},
        "allOf": branches,
        "discriminator": _discriminator(defs_path),
    }


def _without_one_of(schema: dict[str, Any], defs_path: str) -> dict[str, Any]:
    return {**{k: v for k, v in schema.items() if k != "oneOf"}, **_by_type(defs_path)}


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
            schema = _without_one_of(schema, "#/$defs/")
        out[name] = {**head, **{k: v for k, v in schema.items() if k not in ("title", "description")}}
    return out


def _postmortem_only() -> list[str]:
    """The postmortem's keys that no incident, maintenance or notice has."""
    others = {key for model in FRONT_MODELS.values() for key in model.model_fields}
    return [key for key in PostmortemFront.model_fields if key not in others]


def combined_schema() -> dict[str, Any]:
    """One document for every content file: its front-matter is a postmortem file when
    it has a postmortem's own key (``incidents``, ``status``...), else an incident file
    (``if``/``then``/``else``); each kind is also at ``#/$defs/<kind>`` (the site
    config only there), so an editor can point at one of them."""
    (keys, everything) = TypeAdapter.json_schemas(
        [("incident", "validation", FRONT_MATTER),
         ("postmortem", "validation", TypeAdapter(PostmortemFront)),
         ("config", "validation", TypeAdapter(SiteConfig))],
        ref_template="#/$defs/{model}",
    )
    defs: dict[str, Any] = dict(everything.get("$defs", {}))
    for (name, _mode), schema in keys.items():
        if name == "incident":
            schema = _without_one_of(schema, "#/$defs/")
        defs[name] = {"title": _TITLES[name], "description": KINDS[name], **schema}
    return {
        "$schema": DRAFT,
        "title": "statuspress content",
        "description": "The front-matter of any content file (incidents/ or postmortems/); "
                       "`#/$defs/incident`, `#/$defs/postmortem` and `#/$defs/config` name each kind.",
        # A key only a postmortem has (`incidents`, required, `status`...) makes it one,
        # so that a postmortem missing `incidents` is told so, not that it lacks `severity`.
        "if": {"anyOf": [{"required": [key]} for key in _postmortem_only()]},
        "then": {"$ref": "#/$defs/postmortem"},
        "else": {"$ref": "#/$defs/incident"},
        "$defs": defs,
    }
