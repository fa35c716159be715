"""Digests of what a page shows: the keys of the page cache.

A page is a pure function of its template (with the site's overrides), the
environment's language, and the values handed to the template. ``Fingerprints``
digests those values: dataclasses and pydantic models field by field, containers
item by item, scalars by type and value. Two builds that hand a template equal
values get equal digests, and only then is a cached page reused.

Three things keep it cheap and exact on a site of ten thousand incidents:

* An incident or postmortem as loaded is a function of its file's bytes and the
  site config (``Site.digests``), so it is digested by those (``known``), not field
  by field; the config is part of every key anyway.
* Objects are digested once per build (memoised by identity while alive).
* A value of a type not listed here gets a digest of its own every time: a page
  that shows it is always rendered anew, never reused wrongly.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import itertools
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel

__all__ = ["Fingerprints", "digest_text"]

_unique = itertools.count()


def digest_text(text: str) -> str:
    """A short, stable digest of ``text``."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


class Fingerprints:
    """Digests of template contexts for one build.

    ``known`` maps ``id(obj)`` to a digest fixed by the caller (the content files'
    digests); the objects must stay alive while this instance is used. ``carried``
    does too, but is the caller's, kept across builds and looked up, not copied: the
    owner removes an entry before its object can go (the page cache's states).
    """

    def __init__(
        self, known: dict[int, str] | None = None, *, unshown: Mapping[type, frozenset[str]] | None = None,
        carried: Mapping[int, str] | None = None,
    ) -> None:
        self._memo: dict[int, str] = dict(known or {})
        self._carried: Mapping[int, str] = carried if carried is not None else {}
        #: Fields of a type that no template reads (``IncidentState.at``): left out.
        self._unshown = dict(unshown or {})
        self._fields: dict[type, tuple[str, ...] | None] = {}
        #: Objects memoised by identity, kept alive so that no id is reused.
        self._alive: list[Any] = []
        #: How many values had a type this module does not know (never reused).
        self.unknown = 0

    def remember(self, value: Any, digest: str) -> None:
        """Fix the digest of ``value`` (kept alive by this instance). Never for a value
        Python shares between unrelated uses (the empty tuple, interned strings)."""
        self._memo[id(value)] = digest
        self._alive.append(value)

    def of(self, value: Any) -> str:
        """The digest of ``value``."""
        return digest_text(self._token(value))

    def context(self, template: str, context: Mapping[str, Any]) -> str:
        """The digest of one template call: its name and every value it receives."""
        parts = [template]
        for name in sorted(context):
            parts.append(name)
            parts.append(self._token(context[name]))
        return digest_text("\0".join(parts))

    def _token(self, value: Any) -> str:
        kind = type(value)
        if kind is str:
            return f"s{len(value)}:{value}"
        scalar = _SCALARS.get(kind)
        if scalar is not None:
            return f"{scalar}:{value!r}"
        key = id(value)
        found = self._memo.get(key)
        if found is not None:
            return found
        found = self._carried.get(key)
        if found is not None:
            return found
        if isinstance(value, str):  # Markup too: it is text to the template
            return f"s{len(value)}:{value}"
        if isinstance(value, enum.Enum):
            return f"e:{kind.__qualname__}:{value.value!r}"
        if value is None or isinstance(value, (bool, int, float, datetime, date, time, timedelta)):
            return f"{kind.__name__}:{value!r}"
        joined = "\0".join(self._parts(value, kind))
        # Small values stand for themselves; hashing each would cost more than it saves.
        if len(joined) <= 96:
            return f"({joined})"
        digest = "h" + digest_text(joined)
        if kind is not list and kind is not dict:
            # Lists and dicts are mostly made for one page (its context): memoised, they
            # would be kept alive for the whole build.
            self._memo[key] = digest
            self._alive.append(value)
        return digest

    def _parts(self, value: Any, kind: type) -> list[str]:
        token = self._token
        if kind is tuple or kind is list:
            return ["l", *[token(item) for item in value]]
        try:
            names = self._fields[kind]
        except KeyError:
            names = _fields_of(kind)
            unshown = self._unshown.get(kind)
            if names is not None and unshown:
                names = tuple(name for name in names if name not in unshown)
            self._fields[kind] = names
        if names is not None:
            return [kind.__qualname__, *[token(getattr(value, name)) for name in names]]
        if isinstance(value, (tuple, list)):
            return ["l", *[token(item) for item in value]]
        if isinstance(value, Mapping):
            parts = ["d"]
            for k, v in value.items():
                parts.append(token(k))
                parts.append(token(v))
            return parts
        if isinstance(value, (set, frozenset)):
            return ["set", *sorted(token(item) for item in value)]
        self.unknown += 1
        return [f"unknown:{next(_unique)}"]


_SCALARS: dict[type, str] = {
    type(None): "NoneType", bool: "bool", int: "int", float: "float",
    datetime: "datetime", date: "date", time: "time", timedelta: "timedelta",
}

_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _fields_of(kind: type) -> tuple[str, ...] | None:
    """The fields that make a dataclass or pydantic model what it is (a model's
    excluded fields are bookkeeping, such as its line marks, never shown); None for
    other types."""
    try:
        return _FIELDS[kind]
    except KeyError:
        pass
    names: tuple[str, ...] | None = None
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
    elif issubclass(kind, BaseModel):
        names = tuple(name for name, info in kind.model_fields.items() if not info.exclude)
    _FIELDS[kind] = names
    return names
