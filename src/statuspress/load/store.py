"""The document store's format: a file's front-matter as parsed, in plain JSON.

``LoadCache`` keeps, per content file, what ``split_document`` and ``parse_yaml``
made of its bytes (the slow part of reading a file: the YAML parse with line marks),
so that a new process only validates it again. The store lives in
``.cache/statuspress/``, which CI restores with ``actions/cache``: a cache anyone
with write access to the cache could have replaced. So it holds data only, read by
``json`` and rebuilt by this module into the few types ``parse_yaml`` returns;
anything else in it makes ``decode`` raise ``StoreError``, and the caller parses
the file instead.

Encoding: ``None``, booleans, integers, floats and strings stand for themselves;
every other value is a one-key object: ``{"m": [[key, value, line], ...]}`` for a
mapping with its key lines, ``{"l": [[value, line], ...]}`` for a list, ``{"t":
iso}`` for a datetime and ``{"d": iso}`` for a date.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from statuspress.load.frontmatter import Split
from statuspress.load.yamlmarks import MarkedDict, MarkedList

__all__ = ["StoreError", "decode", "decode_split", "encode", "encode_split"]

#: Nesting deeper than ``parse_yaml`` allows is not something this module wrote.
_MAX_DEPTH = 64


class StoreError(ValueError):
    """A stored value this module did not write (or cannot read back)."""


def encode(value: Any) -> Any:
    """``value`` (as ``parse_yaml`` returns it) as JSON data; ``StoreError`` for a
    value of any other type (the file is then not stored)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        if type(value) not in (type(None), bool, int, float, str):
            raise StoreError(f"cannot store a {type(value).__name__}")
        return value
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, dict):
        lines = getattr(value, "key_lines", {})
        return {"m": [[encode(k), encode(v), lines.get(k)] for k, v in value.items()]}
    if isinstance(value, list):
        lines = getattr(value, "key_lines", {})
        return {"l": [[encode(v), lines.get(i)] for i, v in enumerate(value)]}
    raise StoreError(f"cannot store a {type(value).__name__}")


def decode(data: Any, depth: int = 0) -> Any:
    """The value ``encode`` turned into ``data``; ``StoreError`` for anything else."""
    kind = type(data)
    if kind in _PLAIN:
        return data
    if depth > _MAX_DEPTH or kind is not dict or len(data) != 1:
        raise StoreError("not a stored value")
    ((tag, inner),) = data.items()
    if type(inner) is str:
        if tag == "t":
            return datetime.fromisoformat(inner)
        if tag == "d":
            return date.fromisoformat(inner)
    elif type(inner) is list:
        depth += 1
        if tag == "m":
            return _mapping(inner, depth)
        if tag == "l":
            return _list(inner, depth)
    raise StoreError("not a stored value")


def _mapping(items: list[Any], depth: int) -> MarkedDict:
    mapping = MarkedDict()
    lines = mapping.key_lines
    try:
        for key, value, line in items:
            if type(key) not in _PLAIN:
                key = decode(key, depth)
            mapping[key] = value if type(value) in _PLAIN else decode(value, depth)
            if line is not None:
                lines[key] = _line(line)
    except (TypeError, ValueError):  # not a triple, or an unhashable key
        raise StoreError("not a stored mapping") from None
    return mapping


def _list(items: list[Any], depth: int) -> MarkedList:
    result = MarkedList()
    lines = result.key_lines
    try:
        for index, (value, line) in enumerate(items):
            result.append(value if type(value) in _PLAIN else decode(value, depth))
            if line is not None:
                lines[index] = _line(line)
    except (TypeError, ValueError):  # not a pair
        raise StoreError("not a stored list") from None
    return result


#: The types JSON reads that stand for themselves.
_PLAIN = frozenset({type(None), bool, int, float, str})


def _line(value: Any) -> int:
    if type(value) is not int:
        raise StoreError("not a line number")
    return value


def encode_split(split: Split) -> list[Any]:
    """A ``Split`` as JSON data."""
    return [split.yaml_text, split.yaml_line, split.body, split.body_line, split.end_line]


def decode_split(data: Any) -> Split:
    """The ``Split`` ``encode_split`` turned into ``data``; ``StoreError`` otherwise."""
    if type(data) is not list or [type(item) for item in data] != [str, int, str, int, int]:
        raise StoreError("not a stored split")
    return Split(data[0], data[1], data[2], data[3], data[4])
