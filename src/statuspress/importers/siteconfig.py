"""``--write-config``: the components an import found, merged into ``mkdocs.yml``.

An existing ``mkdocs.yml`` is edited as text, not re-dumped: the new components are
inserted after the last declared one, with its indentation, so that the file keeps
its comments, order and ``!ENV`` tags. Components already declared (by id) are left
as they are. Without a ``mkdocs.yml``, a minimal site config is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from statuspress.errors import StatuspressError
from statuspress.importers.plan import ComponentFound
from statuspress.load.siteconfig import _plugin_block
from statuspress.load.yamlmarks import ConfigLoader, YamlError, parse_yaml

__all__ = ["ConfigMergeError", "merged_config", "new_config"]

_NO_WRAP = 1 << 30


class ConfigMergeError(StatuspressError):
    """``mkdocs.yml`` cannot be edited safely; the message says what to add by hand."""


def _items_yaml(components: list[ComponentFound], indent: int) -> list[str]:
    text = yaml.safe_dump(
        [c.as_config() for c in components], sort_keys=False, allow_unicode=True, width=_NO_WRAP
    )
    return [" " * indent + line for line in text.splitlines()]


def new_config(components: list[ComponentFound], site: dict[str, str]) -> str:
    """A minimal ``mkdocs.yml`` for an imported site."""
    name = site.get("name") or "Status"
    plugin: dict[str, Any] = {"name": name}
    for key in ("url", "time_zone"):
        if site.get(key):
            plugin[key] = site[key]
    plugin["components"] = [c.as_config() for c in components]
    config: dict[str, Any] = {
        "site_name": f"{name} Status",
        "docs_dir": "pages",
        "theme": {"name": "material"},
        "plugins": ["search", {"statuspress": plugin}],
    }
    if site.get("url"):
        config["site_url"] = site["url"]
    header = "# Written by `statuspress import --write-config`; edit freely.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=_NO_WRAP)


def merged_config(path: Path, components: list[ComponentFound]) -> tuple[str, list[ComponentFound]]:
    """The text of ``path`` with the components it lacks added, and those components."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = parse_yaml(text, 1, loader=ConfigLoader)
    except YamlError as exc:
        raise ConfigMergeError(f"{path.name}:{exc.line}: {exc.message}") from None
    options, _container, _key = _plugin_block(data)
    if not isinstance(options, dict) or not hasattr(options, "key_lines"):
        raise ConfigMergeError(
            f"{path.name}: the `statuspress` plugin has no options block to add components to; "
            "add `components:` under `- statuspress:` first"
        )
    declared = options.get("components") or []
    have = {c.get("id") for c in declared if isinstance(c, dict)}
    missing = [c for c in components if c.id not in have]
    if not missing:
        return text, []
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if "components" not in options:
        key_line = min(options.key_lines.values())  # 1-based: the first option's line
        first = lines[key_line - 1]
        indent = len(first) - len(first.lstrip(" "))
        block = [" " * indent + "components:", *_items_yaml(missing, indent + 2)]
        insert_at = key_line - 1
    else:
        if not isinstance(declared, list) or not declared or not hasattr(declared, "key_lines"):
            raise ConfigMergeError(
                f"{path.name}: `components` is not a block list; add these by hand: "
                + ", ".join(c.id for c in missing)
            )
        key_line = options.key_lines["components"]
        last_item = declared.key_lines[len(declared) - 1]
        if last_item == key_line:
            raise ConfigMergeError(
                f"{path.name}:{key_line}: `components` is written on one line; add these by hand: "
                + ", ".join(c.id for c in missing)
            )
        item_text = lines[last_item - 1]
        dash = len(item_text) - len(item_text.lstrip(" "))
        # The last item runs on while lines are indented deeper than its dash.
        end = last_item
        for number in range(last_item + 1, len(lines) + 1):
            line = lines[number - 1]
            stripped = line.strip()
            if stripped and not stripped.startswith("#") and len(line) - len(line.lstrip(" ")) <= dash:
                break
            if stripped and not stripped.startswith("#"):
                end = number
        block = _items_yaml(missing, dash)
        insert_at = end
    if lines and not lines[-1].endswith(("\n", "\r")) and insert_at >= len(lines):
        lines[-1] += newline
    lines[insert_at:insert_at] = [line + newline for line in block]
    return "".join(lines), missing
