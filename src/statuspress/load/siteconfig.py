"""The site configuration from ``mkdocs.yml`` (or from MkDocs' own parsed config)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from statuspress.errors import ContentError
from statuspress.load.messages import problems_from
from statuspress.load.yamlmarks import ConfigLoader, YamlError, parse_yaml
from statuspress.model.config import SiteConfig
from statuspress.model.source import Source
from statuspress.problems import Problem

PLUGIN_NAME = "statuspress"
AUDIENCE_ENV = "STATUSPRESS_AUDIENCE"


def _plugin_block(data: Any) -> tuple[Any, Any, Any]:
    """Find ``plugins: - statuspress: {...}``; return (options, container, key)."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        return plugins.get(PLUGIN_NAME), plugins, PLUGIN_NAME
    if isinstance(plugins, list):
        for index, item in enumerate(plugins):
            if isinstance(item, dict) and PLUGIN_NAME in item:
                return item[PLUGIN_NAME], item, PLUGIN_NAME
            if item == PLUGIN_NAME:
                return {}, plugins, index
    return None, None, None


def site_config_from(options: dict[str, Any] | None, display: str, marked: Any = None) -> SiteConfig:
    """Validate the plugin's options; raise ``ContentError`` with ``mkdocs.yml`` lines.

    ``marked`` is the plugin block as parsed with line marks, when available, so that
    errors point at the offending key. ``STATUSPRESS_AUDIENCE`` overrides ``audience``.
    """
    options = dict(options or {})
    env_audience = os.environ.get(AUDIENCE_ENV, "").strip()
    if env_audience:
        options["audience"] = env_audience
    try:
        return SiteConfig.model_validate(options)
    except ValidationError as exc:
        source = Source(display, marked if marked is not None else options, 1)
        found = problems_from(exc, SiteConfig, source, options)
        prefixed = [
            Problem(p.path, p.line, p.level, f"plugins.statuspress: {p.message}", p.code) for p in found
        ]
        raise ContentError(prefixed) from None


def load_site_config(path: Path, display: str | None = None) -> SiteConfig:
    """Read the statuspress block of the MkDocs config file at ``path``."""
    display = display or path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContentError([Problem(
            display, 1, "error",
            f"no {path.name} here; run `statuspress init` to start a site, or pass --config-file",
            "config",
        )]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(display, 1, "error", f"cannot read the config: {exc}", "config")]) from None
    try:
        data = parse_yaml(text, 1, loader=ConfigLoader)
    except YamlError as exc:
        raise ContentError([Problem(display, exc.line, "error", exc.message, exc.code)]) from None
    options, container, key = _plugin_block(data)
    if container is None:
        raise ContentError([Problem(
            display, 1, "error",
            "the `statuspress` plugin is not enabled: add it under `plugins:`", "config",
        )])
    if options is None:
        options = {}
    if not isinstance(options, dict):
        line = container.key_lines.get(key, 1) if hasattr(container, "key_lines") else 1
        message = "plugins.statuspress: options must be a mapping"
        raise ContentError([Problem(display, line, "error", message, "config")])
    return site_config_from(options, display, options)
