"""One content file -> one model and its problems.

This is where a file's bytes become an ``Incident`` or a ``Postmortem``: split,
parse with line marks, refuse reserved keys, validate the front-matter with its
pydantic model, and wrap it with the id, the body and the ``Source`` every later
rule uses to point at a line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar, overload

from pydantic import BaseModel, TypeAdapter, ValidationError

from statuspress.load.frontmatter import UNPUBLISHABLE, Split, SplitError, split_document, unpublishable_message
from statuspress.load.messages import (
    comment_message,
    commented_values,
    error_loc,
    field_path,
    id_message,
    known_keys,
    problems_from,
    refused_message,
)
from statuspress.load.yamlmarks import MarkedDict, MarkedList, YamlError, parse_yaml, unpublishable_values
from statuspress.model.incident import Incident
from statuspress.model.incident_file import FRONT_MATTER, front_model
from statuspress.model.postmortem import Postmortem, Section
from statuspress.model.postmortem_file import PostmortemFront
from statuspress.model.source import Source
from statuspress.problems import Problem
from statuspress.suggest import closest

M = TypeVar("M")
#: What a file under each content folder is loaded as.
D = TypeVar("D", Incident, Postmortem)

#: Keys the loader fills in; writing them in front-matter is a mistake worth explaining.
_RESERVED = {
    "id": "comes from the file name",
    "body": "is the Markdown after the front-matter",
    "affected": "is computed from `components`",
    "source": "is set by statuspress",
    "sections": "are read from the `##` headings of the body",
}

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")


def read_document(path: Path, display: str, kind: type[D]) -> tuple[D | None, list[Problem]]:
    """Read and validate one file as ``kind`` (``Incident`` or ``Postmortem``); return
    it (None if unusable) and its problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, "error", f"cannot read the file: {exc.strerror}", "io")]
    return parse_document(raw, display, path.stem, kind)


def parse_document(raw: bytes, display: str, doc_id: str, kind: type[D]) -> tuple[D | None, list[Problem]]:
    """Validate the bytes of a content file whose id is ``doc_id`` as ``kind``."""
    try:
        split = split_document(raw)
        data = parse_yaml(split.yaml_text, split.yaml_line)
    except (SplitError, YamlError) as exc:
        return None, [Problem(display, exc.line, "error", exc.message, exc.code)]
    return document_from(split, data, display, doc_id, kind)


def source_of(split: Split, data: Any, display: str) -> Source:
    """Where a document's parts are in its file, with its parsed front-matter."""
    return Source(display, data, 1, split.body_line, split.end_line)


def document_from(split: Split, data: Any, display: str, doc_id: str, kind: type[D]) -> tuple[D | None, list[Problem]]:
    """``parse_document`` once the file is split and its YAML parsed (``data``): what
    the document store (``load/store.py``) keeps starts again here."""
    source = source_of(split, data, display)
    if data is None:
        return None, [Problem(display, 1, "error", "the front-matter is empty; add at least `title:`", "empty")]
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else f"`{data}`"
        return None, [Problem(
            display, split.yaml_line, "error",
            f"the front-matter must be `key: value` lines (a YAML mapping), found {shape}", "shape",
        )]
    # The raw text was checked by the splitter; only a YAML escape (`"\x01"`) can
    # put such a character into a value now.
    escaped = "\\" in split.yaml_text
    problems = [
        Problem(display, line or split.yaml_line, "error",
                f"`{field_path(loc)}`: {unpublishable_message(char)}", "character")
        for loc, line, char in (unpublishable_values(data, UNPUBLISHABLE) if escaped else ())
    ]
    problems.sort(key=lambda p: p.line)
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key in _RESERVED:
            problems.append(Problem(
                display, source.line(key), "error",
                f"`{key}` {_RESERVED[key]}; remove this key", "reserved-key",
            ))
        else:
            fields[key] = value
    bad_id = id_message(doc_id)
    if bad_id is not None:
        problems.append(Problem(display, 1, "error", bad_id, "string_pattern_mismatch"))
    document: Incident | Postmortem | None = None
    if kind is Postmortem:
        pm_front, found = validated(PostmortemFront, fields, source, data, split=split)
        if pm_front is not None and bad_id is None:
            document = Postmortem(pm_front, doc_id, split.body, source, tuple(sections_of(split.body, split.body_line)))
    else:
        checked = validated(FRONT_MATTER, fields, source, data, split=split)
        front, found = checked
        if front is not None and bad_id is None:
            document = Incident(front, doc_id, split.body, source)
    # `channel: #inc-api` is valid YAML with an empty value: a key that may be empty
    # raises no error, and the text would be lost unsaid. A key that must have a value
    # has its error at that line already.
    refused = {p.line for p in found if p.level == "error"}
    found += [
        Problem(display, line, "warning", comment_message(loc, typed), "comment-value")
        for loc, line, typed in commented_values(data, split) if line not in refused
    ]
    return document, problems + found  # type: ignore[return-value]  # the branch ``kind`` chose


@overload
def validated(
    schema: TypeAdapter[M], fields: dict[str, Any], source: Source, data: Any, *, reserved: Any = ...,
    split: Split | None = ...,
) -> tuple[M | None, list[Problem]]: ...
@overload
def validated(
    schema: type[M], fields: dict[str, Any], source: Source, data: Any, *, reserved: Any = ...,
    split: Split | None = ...,
) -> tuple[M | None, list[Problem]]: ...
def validated(
    schema: type[M] | TypeAdapter[M], fields: dict[str, Any], source: Source, data: Any, *,
    reserved: Any = _RESERVED, split: Split | None = None,
) -> tuple[M | None, list[Problem]]:
    """``fields`` as a ``schema`` (a model, or the adapter of a union), or None and
    every problem; a misspelt key is checked as if spelt as meant
    (``_recheck_misspelt``). ``data`` holds the line marks, ``split`` (when there is
    one) the lines as typed."""
    try:
        return _validate(schema, fields), []
    except ValidationError as exc:
        return _recheck_misspelt(exc, schema, fields, source, data, [], reserved, split)


def _validate(schema: type[M] | TypeAdapter[M], fields: dict[str, Any]) -> M:
    if isinstance(schema, TypeAdapter):
        return schema.validate_python(fields)
    return schema.model_validate(fields)  # type: ignore[attr-defined, no-any-return]


def _model_of(schema: type[M] | TypeAdapter[M], fields: dict[str, Any]) -> type[BaseModel] | None:
    """The model whose keys ``fields`` may hold: for the front-matter union, the
    branch its ``type`` names (None for an unknown type)."""
    if schema is FRONT_MATTER:
        return front_model(fields)
    return schema if isinstance(schema, type) and issubclass(schema, BaseModel) else None


def _recheck_misspelt(
    exc: ValidationError, schema: type[M] | TypeAdapter[M], fields: dict[str, Any], source: Source, data: Any,
    problems: list[Problem], reserved: Any, split: Split | None = None,
) -> tuple[M | None, list[Problem]]:
    """The problems of a file pydantic refused and, when some of them are unknown keys,
    of the same file read as if each misspelt key (``serverity``, ``updates[2].mesage``)
    were spelt as the key it most resembles. One validate run then reports every
    problem of the file, not one per round trip through CI; a stand-in's problems
    point at the misspelt line, and its "missing" complaint is dropped (the unknown
    key's "did you mean" already says it)."""
    errors = exc.errors()
    model = _model_of(schema, fields)
    found = problems_from(exc, model, source, data, split)
    # A key the type refuses on purpose (a notice's `components`) is not a typo.
    typos = [
        loc for e in errors
        if e["type"] == "extra_forbidden" and refused_message(model, loc := error_loc(e)) is None
    ]
    if not typos:
        return None, problems + found
    retry = dict(fields)
    standins: set[tuple[Any, ...]] = set()
    for loc in typos:
        parent: Any = retry
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if not isinstance(parent, dict) or loc[-1] not in parent:
            continue
        value = parent.pop(loc[-1])  # nested mappings are the parsed data's own
        choices = [k for k in known_keys(model, loc[:-1]) if len(loc) > 1 or k not in reserved]
        meant = closest(str(loc[-1]), choices)
        if meant is None or meant in parent:
            continue
        parent[meant] = value
        standins.add((*loc[:-1], meant))
        marks = data if len(loc) == 1 else parent
        if isinstance(marks, (MarkedDict, MarkedList)) and loc[-1] in marks.key_lines:
            marks.key_lines.setdefault(meant, marks.key_lines[loc[-1]])
    kept = [p for p, e in zip(found, errors, strict=True) if not (e["type"] == "missing" and error_loc(e) in standins)]
    try:
        document = _validate(schema, retry)
    except ValidationError as again:
        seen = {(p.line, p.message) for p in kept}
        more = [p for p in problems_from(again, _model_of(schema, retry), source, data, split)
                if (p.line, p.message) not in seen]
        return None, problems + kept + more
    return document, problems + kept


def sections_of(body: str, first_line: int) -> list[Section]:
    """The ``##`` sections of a Markdown body, with the line of each heading.

    Fenced code blocks are skipped so that a ``## comment`` in a shell snippet is not
    taken for a heading.
    """
    sections: list[Section] = []
    title: str | None = None
    start = 0
    buffer: list[str] = []
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
        match = _HEADING.match(line) if fence is None else None
        if match and len(match.group(1)) == 2:
            if title is not None:
                sections.append(Section(title, start, "\n".join(buffer).strip("\n")))
            title, start, buffer = match.group(2).strip(), first_line + offset, []
            continue
        if title is not None:
            buffer.append(line)
    if title is not None:
        sections.append(Section(title, start, "\n".join(buffer).strip("\n")))
    return sections


__all__ = ["MarkedDict", "document_from", "parse_document", "read_document", "sections_of", "source_of", "validated"]
