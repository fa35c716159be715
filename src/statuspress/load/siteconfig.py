"""The site configuration from ``mkdocs.yml`` (or from MkDocs' own parsed config)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from statuspress.checks.problems import Problem
from statuspress.errors import ContentError
from statuspress.load.frontmatter import UNPUBLISHABLE, unpublishable_message
from statuspress.load.messages import field_path, problems_from
from statuspress.load.yamlmarks import ConfigLoader, YamlError, parse_yaml, unpublishable_values
from statuspress.model.config import SiteConfig
from statuspress.model.source import Source
from statuspress.model.values import url_problem

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


def _unpublishable(data: Any, display: str) -> list[Problem]:
    return [
        Problem(display, line or 1, "error", f"`{field_path(loc)}`: {unpublishable_message(char)}", "character")
        for loc, line, char in unpublishable_values(data, UNPUBLISHABLE)
    ]


def _nav_problems(data: Any, display: str) -> list[Problem]:
    """Links in ``nav:`` that would run script when clicked (statuspress renders the
    top level as tabs, MkDocs the rest)."""
    nav = data.get("nav") if isinstance(data, dict) else None
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[Any, ...], int]] = [(nav, ("nav",), data.key_lines.get("nav", 1) if nav else 1)]
    while stack:
        item, loc, line = stack.pop()
        lines = getattr(item, "key_lines", {})
        if isinstance(item, list):
            stack.extend((child, (*loc, index), lines.get(index, line)) for index, child in enumerate(item))
        elif isinstance(item, dict):
            stack.extend((child, (*loc, title), lines.get(title, line)) for title, child in item.items())
        elif isinstance(item, str) and (problem := url_problem(item.strip())) is not None:
            problems.append(Problem(display, line, "error", f"`{field_path(loc)}`: `{item[:60]}` {problem}", "url"))
    return sorted(problems, key=lambda p: p.line)


def config_key_lines(path: Path) -> dict[str, int]:
    """The line of each top-level key of ``mkdocs.yml`` (``site_dir``, ``docs_dir``,
    ``plugins``), for messages about the site's layout; empty when unreadable."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8-sig"), 1, loader=ConfigLoader)
    except (OSError, UnicodeDecodeError, YamlError):
        return {}
    return dict(getattr(data, "key_lines", {}))


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
    found = [*_unpublishable(data, display), *_nav_problems(data, display)]
    if found:
        raise ContentError(found)
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
        raise ContentError([Problem(display, line, "error", "plugins.statuspress: options must be a mapping", "config")])
    return site_config_from(options, display, options)
