"""What an import would do, before anything is written: files, components, findings.

Every importer turns its sources into one ``ImportPlan``: the files to write (paths
relative to the site root, and their full text), the components and groups it found,
and what it could not map or left for the author, each naming the source file and
field. ``apply_plan`` then writes the files, or (``dry_run``) only says what it
would write. A file that exists with other content is never overwritten without
``force``; when any is found, nothing at all is written, so an import is never left
half-done. A file that exists with the same content is "unchanged", which makes a
second run write nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from statuspress.authoring.files import write_atomic

__all__ = [
    "ComponentFound",
    "Finding",
    "ImportPlan",
    "WriteResult",
    "apply_plan",
    "document_text",
]



class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The safe dumper (libyaml's when present), with multi-line text as ``|`` blocks."""


def _text(dumper: Any, value: str) -> Any:
    # The emitter falls back to a quoted scalar when a block cannot hold the text.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


class _Time(str):
    """An ISO 8601 time the importer wrote, to be dumped unquoted as ``statuspress new``
    writes times (YAML reads it as a timestamp, which the loader accepts)."""


def _time(dumper: Any, value: _Time) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", str(value))


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Time, _time)
#: The front-matter keys (and an update's ``at``) whose values are times.
_TIME_KEYS = frozenset({"started", "resolved", "ends", "scheduled_start", "scheduled_end", "at"})
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Never fold a line: a message stays one logical line in the file.
_NO_WRAP = 1 << 30


@dataclass(frozen=True)
class Finding:
    """Something in a source that was not mapped, or was mapped with a caveat.

    ``source`` is the file (and record) it came from, ``field`` the key or part of
    the document, ``reason`` a sentence for the person running the import.
    """

    source: str
    field: str
    reason: str

    def format(self) -> str:
        where = f"{self.source}: {self.field}" if self.field else self.source
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ComponentFound:
    """A component as declared in ``mkdocs.yml``: ``{id, name, group?, description?}``."""

    id: str
    name: str
    group: str | None = None
    description: str | None = None

    def as_config(self) -> dict[str, str]:
        out = {"id": self.id, "name": self.name}
        if self.group:
            out["group"] = self.group
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class ImportPlan:
    """The files an import would write, and what it found on the way."""

    #: path relative to the site root (``incidents/x.md``) -> full text
    files: dict[str, str] = field(default_factory=dict)
    #: where each file came from, for the summary
    origins: dict[str, str] = field(default_factory=dict)
    components: list[ComponentFound] = field(default_factory=list)
    not_mappable: list[Finding] = field(default_factory=list)
    #: mapped, but left for the author to check or complete
    warnings: list[Finding] = field(default_factory=list)
    #: site options found in the source (name, url, time_zone), for --write-config
    site: dict[str, str] = field(default_factory=dict)

    def add_file(self, path: str, text: str, origin: str) -> None:
        """Plan ``path``; two sources that give the same path are a finding, not a clash."""
        if path in self.files and self.files[path] != text:
            self.not_mappable.append(Finding(
                origin, "", f"gives the same file as {self.origins[path]} ({path}) with other content; "
                "the first one is kept",
            ))
            return
        self.files.setdefault(path, text)
        self.origins.setdefault(path, origin)

    #: the site's own components, which a source's component of the same name maps to
    declared: list[ComponentFound] = field(default_factory=list)

    def add_component(self, component: ComponentFound) -> str:
        """Record a component (first one wins for an id); return its id."""
        if all(c.id != component.id for c in self.components):
            self.components.append(component)
        return component.id

    def component(self, name: str, slug: str, group: str | None = None, description: str | None = None) -> str:
        """The id for a source's component called ``name``: the site's own component of
        that name when there is one, else ``slug`` (``slug-2`` ... when another
        component already has that id)."""
        key = name.casefold()
        for known in [*self.declared, *self.components]:
            if known.name.casefold() == key:
                return self.add_component(known)
        taken = {c.id for c in [*self.declared, *self.components]}
        cid, number = slug, 1
        while cid in taken:
            number += 1
            cid = f"{slug}-{number}"
        return self.add_component(ComponentFound(cid, name, group, description))

    def skip(self, source: str, fld: str, reason: str) -> None:
        self.not_mappable.append(Finding(source, fld, reason))

    def warn(self, source: str, fld: str, reason: str) -> None:
        self.warnings.append(Finding(source, fld, reason))


@dataclass
class WriteResult:
    """What ``apply_plan`` did (or, in a dry run, would do)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: files that exist with other content and were not overwritten (no ``force``)
    conflicts: list[str] = field(default_factory=list)
    #: new or changed files held back because of the conflicts (nothing half-imported)
    held_back: list[str] = field(default_factory=list)
    dry_run: bool = False


def apply_plan(
    plan: ImportPlan, root: Path, *, dry_run: bool = False, force: bool = False,
    may_change: frozenset[str] = frozenset(),
) -> WriteResult:
    """Write the plan's files under ``root``; see the module docstring for the rules.

    ``may_change`` names files the user asked to have edited (``mkdocs.yml`` with
    ``--write-config``): they are written over without ``force``.
    """
    result = WriteResult(dry_run=dry_run)
    to_write: list[tuple[Path, str]] = []
    for relative, text in sorted(plan.files.items()):
        path = root / relative
        try:
            existing: str | None = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            existing = None
        if existing == text:
            result.unchanged.append(relative)
            continue
        if existing is not None and not force and relative not in may_change:
            result.conflicts.append(relative)
            continue
        to_write.append((path, text))
        result.written.append(relative)
    if result.conflicts or dry_run:
        if result.conflicts:
            result.held_back, result.written = result.written, []
        return result
    for path, text in to_write:
        write_atomic(path, text.encode("utf-8"))
    return result


def _dump(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_NO_WRAP, default_flow_style=False
    )


def document_text(front: dict[str, Any], body: str = "") -> str:
    """A content file: ``front`` dumped by PyYAML's safe dumper between fences, then ``body``.

    The front-matter is never assembled by hand (titles and messages carry colons,
    quotes and ``#``), and it is read back to check it says what was meant.
    """
    marked = _mark_times(front)
    text = _dump(marked)
    if any(line.rstrip() in ("---", "...") for line in text.split("\n")):  # pragma: no cover - safe_dump indents
        raise ValueError("the front-matter would contain a document marker line")
    if yaml.load(text, Loader=_Loader) != _as_read(marked):
        raise ValueError("the front-matter does not read back as written")  # pragma: no cover
    body = body.strip("\n")
    return f"---\n{text}---\n" + (f"{body}\n" if body else "")


def _mark_times(front: dict[str, Any]) -> dict[str, Any]:
    """``front`` with its time strings (top level, and each update's ``at``) as ``_Time``."""
    def mark(data: dict[str, Any]) -> dict[str, Any]:
        return {k: _Time(v) if k in _TIME_KEYS and isinstance(v, str) and _ISO_TIME.fullmatch(v) else v
                for k, v in data.items()}
    out = mark(front)
    if isinstance(out.get("updates"), list):
        out["updates"] = [mark(u) if isinstance(u, dict) else u for u in out["updates"]]
    return out


def _as_read(value: Any) -> Any:
    """What YAML reads back for ``value``: a ``_Time`` as the aware datetime it names."""
    if isinstance(value, _Time):
        return datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    if isinstance(value, dict):
        return {k: _as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_read(v) for v in value]
    return value
