"""YAML with line marks: mappings and lists remember the line of each key and item.

Parsing uses libyaml (``CSafeLoader``) when PyYAML was built with it; construction
builds ``MarkedDict``/``MarkedList`` so that any later rule can report the line of the
key it is about. Duplicate keys and alias bombs are errors, not surprises.
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml is a build option of PyYAML; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: A document that expands to more nodes than this (through aliases) is refused.
MAX_NODES = 10_000


class MarkedDict(dict):  # type: ignore[type-arg]
    """A dict that knows the line of each of its keys."""

    __slots__ = ("key_lines",)

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}


class MarkedList(list):  # type: ignore[type-arg]
    """A list that knows the line of each of its items (``key_lines[index]``)."""

    __slots__ = ("key_lines",)

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}


class YamlError(Exception):
    """YAML that cannot be read, with the file line and a plain explanation."""

    def __init__(self, line: int, message: str, code: str = "yaml") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.code = code


_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be quoted",
    "found a tab character": "YAML does not allow tabs; indent with spaces",
    "could not find expected ':'": "each line should be `key: value`; check the indentation and quotes",
    "found undefined alias": "the `*alias` names an `&anchor` that is not defined above it",
}


class MarkedLoader(_BaseLoader):
    """A safe loader whose mappings and sequences carry line marks."""

    line_offset = 1

    def _construct_map(self, node: MappingNode) -> Any:
        data = MarkedDict()
        yield data
        merged = any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value)
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + self.line_offset
            try:
                hash(key)
            except TypeError:
                raise YamlError(line, "a key here is a list or mapping; keys must be plain words") from None
            if key in data.key_lines and not merged:
                raise YamlError(
                    line,
                    f"key `{key}` appears twice (lines {data.key_lines[key]} and {line}); keep one",
                    "duplicate-key",
                )
            data[key] = self.construct_object(value_node, deep=False)
            data.key_lines[key] = line

    def _construct_seq(self, node: SequenceNode) -> Any:
        data = MarkedList()
        yield data
        for index, child in enumerate(node.value):
            data.append(self.construct_object(child, deep=False))
            data.key_lines[index] = child.start_mark.line + self.line_offset


    def _construct_timestamp(self, node: ScalarNode) -> Any:
        # An impossible date such as 2026-13-01 stays text, so that validation can
        # say which field is wrong instead of YAML failing with "month must be in 1..12".
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", MarkedLoader._construct_timestamp)
MarkedLoader.add_constructor("tag:yaml.org,2002:map", MarkedLoader._construct_map)
MarkedLoader.add_constructor("tag:yaml.org,2002:seq", MarkedLoader._construct_seq)


class ConfigLoader(MarkedLoader):
    """For ``mkdocs.yml``: also tolerates MkDocs' own tags (``!ENV``, ``!relative``,
    ``!!python/name:``), resolving ``!ENV`` as MkDocs does and keeping ``!relative``
    as a ``RelativeTag`` (it depends on the file's folder, which the parser does not know)."""


class RelativeTag:
    """A ``!relative $config_dir/suffix`` value as written (``load.siteconfig`` resolves it)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"!relative {self.value}"


def _relative_tag(loader: ConfigLoader, node: Node) -> RelativeTag:
    return RelativeTag(str(loader.construct_scalar(node)) if isinstance(node, ScalarNode) else "")


def _env_tag(loader: ConfigLoader, node: Node) -> Any:
    if isinstance(node, SequenceNode):
        names = [loader.construct_object(n) for n in node.value]
        default = names.pop() if len(names) > 1 else None
    else:
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else None
    return default


def _ignore_tag(loader: ConfigLoader, suffix: str, node: Node) -> Any:
    if isinstance(node, MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


ConfigLoader.add_constructor("!ENV", _env_tag)
ConfigLoader.add_constructor("!relative", _relative_tag)
ConfigLoader.add_multi_constructor("!", _ignore_tag)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def _check_expansion(node: Node, line_offset: int) -> None:
    """Refuse documents whose aliases expand beyond ``MAX_NODES`` (billion laughs)."""
    count = 0
    stack = [node]
    while stack:
        current = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise YamlError(
                current.start_mark.line + line_offset,
                f"the front-matter expands to more than {MAX_NODES:,} values through aliases; "
                "remove the `&anchor`/`*alias` repetition",
                "alias-bomb",
            )
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)


_KEY_LINE = re.compile(r"^( *)(?:- +)?([^\s:#'\"][^:#]*?):(?: |$)")


def _indent_hint(lines: list[str], index: int) -> str | None:
    """For a ``key: value`` line indented deeper than the plain ``key: value`` line
    above it: YAML read it as the rest of that value, so the real mistake is the
    indentation, not a missing quote."""
    found = _KEY_LINE.match(lines[index]) if index < len(lines) else None
    if found is None:
        return None
    meaningful = (line for line in reversed(lines[:index]) if line.strip() and not line.lstrip().startswith("#"))
    previous = next(meaningful, None)
    above = _KEY_LINE.match(previous) if previous is not None else None
    if above is None or previous is None or previous.rstrip().endswith(":"):
        return None
    indent = len(found.group(1))
    if indent <= len(above.group(1)):
        return None
    return (
        f"`{found.group(2)}:` is indented more than `{above.group(2)}:` on the line above, so YAML "
        f"reads it as part of that value; indent it like the keys around it"
    )


def parse_yaml(text: str, line_offset: int = 1, *, loader: type[MarkedLoader] = MarkedLoader) -> Any:
    """Parse one YAML document from ``text`` whose first line is file line ``line_offset``.

    Returns plain values with ``MarkedDict``/``MarkedList`` containers; raises
    ``YamlError`` with a file line and a plain message.
    """
    instance = loader(text)
    instance.line_offset = line_offset
    try:
        node = instance.get_single_node()
        if node is None:
            return None
        if "&" in text:
            _check_expansion(node, line_offset)
        return instance.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + line_offset) if mark is not None else line_offset
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = next((h for key, h in _HINTS.items() if key in problem), None)
        if mark is not None and "mapping values are not allowed" in problem:
            hint = _indent_hint(text.split("\n"), mark.line) or hint
        if mark is not None and "cannot start any token" in problem:
            bad_line = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
            if "\t" in bad_line:
                hint = "YAML does not allow tabs; indent with spaces"
            elif bad_line.lstrip()[mark.column - (len(bad_line) - len(bad_line.lstrip())):][:1] in "@`":
                hint = "a value that starts with @ or ` must be quoted"
        if "could not determine a constructor" in problem or "unknown tag" in problem:
            hint = "YAML tags such as `!!python/...` are not allowed in content files"
        message = f"invalid YAML: {problem}" + (f" ({hint})" if hint else "")
        raise YamlError(line, message) from None
    except yaml.YAMLError as exc:
        raise YamlError(line_offset, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(line_offset, "the front-matter is nested too deeply") from None
    finally:
        instance.dispose()
