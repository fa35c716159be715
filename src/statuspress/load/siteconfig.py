"""The site configuration: the ``statuspress`` block of ``mkdocs.yml``, as a ``SiteConfig``.

MkDocs resolves its config file before a plugin sees it: ``INHERIT:`` merges a base
file under the site's own, ``!ENV`` reads the environment, and ``!relative
$config_dir/…`` becomes a path. The plugin validates exactly the options MkDocs
resolved (``site_config_from``). The commands that do not run MkDocs (``validate``,
``report``, ``announce``, ``new``, ``update``) read the file with ``read_config``,
which resolves the same three the same way, without importing MkDocs.

Either way the file is also parsed with line marks, only so that an error can point
at the line of its key (``plugin_block``); what is validated never comes from that
parse. Errors come out in line order, and a misspelt key (``componets:``) is checked
as if spelt as meant, as in content files, so that it does not hide the problems
inside its block.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statuspress.errors import ContentError
from statuspress.load.documents import validated
from statuspress.load.frontmatter import UNPUBLISHABLE, unpublishable_message
from statuspress.load.messages import field_path
from statuspress.load.yamlmarks import ConfigLoader, RelativeTag, YamlError, parse_yaml, unpublishable_values
from statuspress.model.config import SiteConfig
from statuspress.model.source import Source
from statuspress.model.values import url_problem
from statuspress.problems import Problem

PLUGIN_NAME = "statuspress"
AUDIENCE_ENV = "STATUSPRESS_AUDIENCE"
#: The settings that name a content folder (``incidents_dir`` must always exist).
FOLDER_SETTINGS = ("incidents_dir", "postmortems_dir")
#: How deep ``INHERIT:`` may chain before it is taken for a loop.
MAX_INHERIT = 10


@dataclass
class PluginBlock:
    """Where the plugin's options are written: the file (as shown in messages), the
    options with line marks, and the line of the ``statuspress`` key itself."""

    display: str
    marked: Any
    line: int


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


def _read(path: Path, display: str) -> Any:
    """One YAML file with line marks; its problems as ``ContentError``."""
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
        return parse_yaml(text, 1, loader=ConfigLoader)
    except YamlError as exc:
        raise ContentError([Problem(display, exc.line, "error", exc.message, exc.code)]) from None


def _chain(path: Path, display: str) -> list[tuple[Path, str, Any]]:
    """The config file and the files it ``INHERIT``s, the site's own first."""
    chain = [(path, display, _read(path, display))]
    while isinstance(chain[-1][2], dict) and chain[-1][2].get("INHERIT"):
        current, shown, data = chain[-1]
        parent = current.parent / str(data["INHERIT"])
        parent_shown = os.path.normpath(os.path.join(os.path.dirname(shown), str(data["INHERIT"])))
        line = data.key_lines.get("INHERIT", 1) if hasattr(data, "key_lines") else 1
        if len(chain) > MAX_INHERIT or any(parent.resolve() == p.resolve() for p, _, _ in chain):
            raise ContentError([Problem(shown, line, "error", f"`INHERIT: {data['INHERIT']}` loops", "config")])
        if not parent.is_file():
            raise ContentError([Problem(
                shown, line, "error", f"`INHERIT: {data['INHERIT']}`: there is no file {parent_shown}", "config",
            )])
        chain.append((parent, parent_shown, _read(parent, parent_shown)))
    return chain


def _merge(base: Any, override: Any) -> Any:
    """MkDocs' ``INHERIT`` merge: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return override


def _resolve_tags(value: Any, config_dir: Path, docs_dir: Path) -> Any:
    """``!relative $config_dir/x`` -> the path, as MkDocs resolves it for a plugin."""
    if isinstance(value, RelativeTag):
        prefix, _, suffix = value.value.partition("/")
        folder = {"$config_dir": config_dir, "$docs_dir": docs_dir}.get(prefix)
        return os.path.join(folder, suffix) if folder is not None else value.value
    if isinstance(value, dict):
        for key in list(value):
            value[key] = _resolve_tags(value[key], config_dir, docs_dir)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _resolve_tags(item, config_dir, docs_dir)
    return value


def plugin_block(path: Path, display: str) -> PluginBlock | None:
    """The plugin's options as written, with line marks, in the site's config file or
    the file it ``INHERIT``s them from; None when neither can be read or has them."""
    try:
        chain = _chain(path, display)
    except ContentError:
        return None
    for _, shown, data in chain:
        options, container, key = _plugin_block(data)
        if container is not None:
            line = container.key_lines.get(key, 1) if hasattr(container, "key_lines") else 1
            return PluginBlock(shown, options, line)
    return None


@dataclass
class ConfigFile:
    """What the commands need from a MkDocs config file, resolved as MkDocs resolves it."""

    options: dict[str, Any]
    block: PluginBlock
    #: ``theme.custom_dir``: the site's template overrides (every command uses them).
    custom_dir: Path | None
    #: ``theme.language`` (Material's code, ``de``, ``pt-BR``): the language of the
    #: messages a command renders, as of the pages.
    language: str = "en"


def read_config(path: Path, display: str | None = None) -> ConfigFile:
    """The plugin's options from the MkDocs config file at ``path``, resolved as MkDocs
    resolves them (``INHERIT``, ``!ENV``, ``!relative``), where they are written, and
    the theme's ``custom_dir``."""
    display = display or path.name
    chain = _chain(path, display)
    found = [p for _, shown, data in chain for p in (*_unpublishable(data, shown), *_nav_problems(data, shown))]
    if found:
        raise ContentError(found)
    merged: Any = {}
    for file, _, data in reversed(chain):
        if isinstance(data, dict):
            folder = file.parent.resolve()
            docs = folder / str(data.get("docs_dir") or "docs")
            merged = _merge(merged, _resolve_tags(copy.deepcopy(data), folder, docs))
    options, container, _ = _plugin_block(merged)
    block = plugin_block(path, display)
    if container is None or block is None:
        raise ContentError([Problem(
            display, 1, "error", "the `statuspress` plugin is not enabled: add it under `plugins:`", "config",
        )])
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise ContentError([Problem(
            block.display, block.line, "error", "plugins.statuspress: options must be a mapping", "config",
        )])
    theme = merged.get("theme") if isinstance(merged, dict) else None
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom_dir = path.parent / str(custom) if custom else None
    language = theme.get("language") if isinstance(theme, dict) else None
    return ConfigFile(options, block, custom_dir, str(language or "en"))


def site_config_from(
    options: dict[str, Any] | None, display: str, marked: Any = None, *, root: Path | None = None,
    line: int = 1,
) -> SiteConfig:
    """Validate the plugin's options; raise ``ContentError`` with ``mkdocs.yml`` lines.

    ``options`` are the resolved values; ``marked`` is the plugin block as parsed with
    line marks, when available, only so that errors point at the offending key (``line``
    is the block's own). With ``root`` (the folder of the config file), a content folder
    that does not exist is an error. ``STATUSPRESS_AUDIENCE`` overrides ``audience``.
    """
    options = copy.deepcopy(dict(options or {}))
    env_audience = os.environ.get(AUDIENCE_ENV, "").strip()
    if env_audience:
        options["audience"] = env_audience
    source = Source(display, marked if marked is not None else options, line)
    config, found = validated(SiteConfig, options, source, marked if marked is not None else options, reserved=())
    problems = [Problem(p.path, p.line, p.level, f"plugins.statuspress: {p.message}", p.code) for p in found]
    if config is not None and root is not None:
        problems += _missing_folders(config, root, source, set(options))
    if problems:
        # Stable: on one line, the unknown key comes before what its stand-in found.
        raise ContentError(sorted(problems, key=lambda p: p.line))
    assert config is not None  # no problems means it validated
    return config


def _missing_folders(config: SiteConfig, root: Path, source: Source, given: set[str]) -> list[Problem]:
    """A content folder that does not exist is a mistake (a typo, a wrong ``!relative``),
    never an empty site: a build without incidents would say "all systems operational".
    Only the default ``postmortems/`` may be absent: a public site without postmortems
    (an imported history, say) is a site like any other."""
    problems = []
    for setting in FOLDER_SETTINGS:
        value = getattr(config, setting)
        folder = root / value
        if Path(value).is_absolute() and not folder.resolve().is_relative_to(root.resolve()):
            # `!relative` gives an absolute path; it must still lead into the site.
            problems.append(Problem(
                source.path, source.line(setting), "error",
                f"plugins.statuspress: `{setting}` is `{value}`; a content folder is a path inside the "
                "site's folder (next to mkdocs.yml), like `incidents`, without `..`",
                "config",
            ))
            continue
        required = setting == "incidents_dir" or setting in given
        if required and not folder.is_dir():
            kind = setting.removesuffix("s_dir")
            relative = "" if Path(value).is_absolute() else f" (relative to {source.path})"
            problems.append(Problem(
                source.path, source.line(setting), "error",
                f"plugins.statuspress: `{setting}`: the folder {value} does not exist; create it, "
                f"or set `{setting}` to the folder that holds the {kind} files{relative}",
                "config",
            ))
    return problems


def load_site_config(path: Path, display: str | None = None) -> SiteConfig:
    """The site config from the MkDocs config file at ``path`` (resolved as MkDocs
    does), with its content folders checked."""
    read = read_config(path, display or path.name)
    return site_config_from(read.options, read.block.display, read.block.marked, root=path.parent, line=read.block.line)
