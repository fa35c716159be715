"""Turning pydantic's validation errors into messages for people.

pydantic says where (a location tuple) and what (an error type); this module says it
in words: the field as written in the file, what was found, what is allowed, and the
closest known key for a typo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TypeGuard

from pydantic import BaseModel, ValidationError

from statuspress.load.frontmatter import Split
from statuspress.load.yamlmarks import code, quoted, written_value
from statuspress.model.incident_file import FRONT_MODELS
from statuspress.model.source import Source
from statuspress.model.values import ID_MAX, ID_PATTERN, INCIDENT_TYPES, STAGES, kind_of
from statuspress.problems import Problem
from statuspress.suggest import meant


def field_path(loc: tuple[Any, ...]) -> str:
    """``("updates", 2, "status")`` -> ``updates[2].status``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "front-matter"


def model_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model of the mapping at ``loc`` (``("updates", 2)`` -> the update model)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return None
        current = _model_in(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def known_keys(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at ``loc`` (field names of the model there)."""
    current = model_at(model, loc)
    return [] if current is None else [name for name, f in current.model_fields.items() if not f.exclude]


def refused_message(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str | None:
    """Why the key at ``loc`` is refused, when its model says (a notice's
    ``components``), as a whole message; None for a key that is merely unknown."""
    owner = model_at(model, loc[:-1]) if loc else None
    template = getattr(owner, "refused", {}).get(loc[-1]) if owner is not None else None
    return template.format(field=f"`{field_path(loc)}`") if template is not None else None


#: How a message names a file of each type other than an incident.
_A_TYPE = {"maintenance": "a maintenance", "notice": "a notice"}


def other_type_hint(data: Any, key: str | None = None) -> str | None:
    """For a file that leaves ``type`` out (so is read as an incident) but has keys
    only another type has (a notice's ``pinned``, ``ends``): which ``type:`` to add.
    ``key``: only when that key is one of them. None when nothing points elsewhere."""
    if not isinstance(data, dict) or "type" in data:
        return None
    incident_keys = set(FRONT_MODELS[INCIDENT_TYPES[0]].model_fields)
    for kind, model in FRONT_MODELS.items():
        own = [name for name in data if name in model.model_fields and name not in incident_keys]
        if own and key is not None:
            own = [key] if key in own else []
        if own:
            listed = " and ".join(f"`{name}`" for name in own)
            keys = "key" if len(own) == 1 else "keys"
            return f"{listed} {'is a' if len(own) == 1 else 'are'} {kind} {keys}: add `type: {kind}` " \
                   f"if this file is {_A_TYPE.get(kind, kind)}"
    return None


def id_message(doc_id: str) -> str | None:
    """Why a file name cannot be an id, or None when it can."""
    if len(doc_id) <= ID_MAX and re.fullmatch(ID_PATTERN, doc_id):
        return None
    return (
        f"the file name {kind_of(doc_id + '.md')} cannot be an id, which becomes the page's address: "
        f"rename the file to lowercase letters, digits, `-` and `_` (at most {ID_MAX} characters before `.md`)"
    )


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _allowed_from(ctx: dict[str, Any]) -> list[str]:
    expected = str(ctx.get("expected", ""))
    return [part.strip().strip("'") for part in expected.replace(" or ", ",").split(",") if part.strip()]


def _as_written(loc: tuple[Any, ...], typed: str) -> str:
    """How to write ``typed`` at ``loc`` in quotes: `title: "yes"`, or `- "yes"` for an item."""
    return code(f"- {quoted(typed)}" if isinstance(loc[-1], int) else f"{loc[-1]}: {quoted(typed)}")


def _is_comment(typed: str | None) -> TypeGuard[str]:
    """Whether a value typed as ``typed`` is a comment that reads like text (`#1 outage`,
    `#inc-api`): a `# note` with a space is a comment on purpose."""
    return typed is not None and typed.startswith("#") and typed[1:2] not in ("", " ", "\t", "#")


def comment_message(loc: tuple[Any, ...], typed: str, *, text: bool = False) -> str:
    """Why the value at ``loc`` is empty when it was typed as ``typed``, a comment;
    ``text``: the key takes text, so quoting is the fix, not a guess."""
    fix = "put the whole value in quotes" if text else "if it is the value, put it in quotes"
    return (f"`{field_path(loc)}` is empty: YAML reads `{typed}` as a comment, because a `#` after a space "
            f"starts one; {fix} ({_as_written(loc, typed)})")


#: What any `key: #...` line holds: a value that may have become a comment. Every
#: file is searched for it, and a line-anchored pattern takes ten times as long.
_COMMENTED = re.compile(r":[ \t]+#[^\s#]")


def commented_values(data: Any, split: Split) -> Iterator[tuple[tuple[Any, ...], int, str]]:
    """Each empty value of ``data`` whose line reads like text made a comment by its
    `#` (`channel: #inc-api`): its location, line and the text as typed. An optional
    key takes the empty value without complaint, so the text would be lost unsaid."""
    if _COMMENTED.search(split.yaml_text) is None:
        return
    lines = split.yaml_text.split("\n")
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        marks = getattr(value, "key_lines", {})
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            index = marks.get(key, 0) - split.yaml_line
            if item is None and 0 <= index < len(lines) and _is_comment(typed := written_value(lines[index], key)):
                yield (*loc, key), marks[key], typed
            elif isinstance(item, (dict, list)):
                stack.append((item, (*loc, key)))


def _read_as(value: Any) -> str | None:
    """What YAML made of an unquoted value that should have stayed text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, datetime):
        return "a time"
    if isinstance(value, date):
        return "a date"
    return None


def message_for(error: Any, model: type[BaseModel] | None, data: Any, line_text: str = "") -> str:
    """One pydantic error as a sentence; ``line_text`` is the file's line of the error's
    key, to quote the value as typed (`yes`, where pydantic has ``True``)."""
    loc: tuple[Any, ...] = tuple(error["loc"])
    kind: str = error["type"]
    field = f"`{field_path(loc)}`"
    value = error.get("input")
    ctx = error.get("ctx") or {}
    typed = written_value(line_text, loc[-1]) if line_text and loc else None
    if value is None and kind == "string_type" and _is_comment(typed):
        return comment_message(loc, typed, text=True)
    read_as = _read_as(value) if kind == "string_type" else None
    if read_as is not None and typed is not None:
        return (f"{field} should be text, but YAML reads an unquoted `{typed}` as {read_as}; "
                f"put it in quotes ({_as_written(loc, typed)})")
    if read_as is not None:
        words = (" (YAML reads an unquoted yes, no, on, off, true or false as true or false)"
                 if isinstance(value, bool) else "")
        return f"{field} should be text, found {kind_of(value)}{words}; put the value in quotes"
    if kind == "missing":
        owner = model_at(model, loc[:-1]) if loc else None
        because = getattr(owner, "required_because", {}).get(loc[-1]) if owner is not None else None
        # The reason names the key alone; inside a list, the message names its place.
        text = because.replace(f"`{loc[-1]}`", field, 1) if because is not None else f"{field} is required but missing"
        hint = other_type_hint(data) if len(loc) == 1 else None
        return f"{text}; {hint}" if hint else text
    if kind == "extra_forbidden" and (refused := refused_message(model, loc)) is not None:
        return refused
    if kind == "extra_forbidden" and len(loc) == 1 and (hint := other_type_hint(data, str(loc[0]))):
        return f"unknown key `{loc[0]}` for an incident; {hint}"
    if kind in ("union_tag_invalid", "union_tag_not_found") and loc == ("type",):
        written = data.get("type") if isinstance(data, dict) else None
        guess = meant(written, INCIDENT_TYPES) if isinstance(written, str) else None
        text = f"`type` is {kind_of(written)}; allowed: {', '.join(INCIDENT_TYPES)}"
        return f"{text} (did you mean {guess}?)" if guess else text
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = known_keys(model, loc[:-1])
        guess = meant(key, known)
        where = f" in `{field_path(loc[:-1])}`" if len(loc) > 1 else ""
        text = f"unknown key `{key}`{where}"
        if guess:
            return f"{text}; did you mean {guess}?"
        return f"{text}; allowed keys: {', '.join(known)}" if known else text
    if kind in ("literal_error", "enum"):
        allowed = _allowed_from(ctx)
        if loc[-1:] == ("status",) and "updates" in loc and value in STAGES and value not in allowed:
            # A stage of the other type: say so, rather than suggest a look-alike.
            of = "maintenance" if isinstance(data, dict) and data.get("type") == "maintenance" else "an incident"
            return f"{field} is {kind_of(value)}, which is not a stage of {of}; allowed: {', '.join(allowed)}"
        guess = meant(str(value), allowed) if isinstance(value, str) else None
        text = f"{field} is {kind_of(value)}; allowed: {', '.join(allowed)}"
        return f"{text} (did you mean {guess}?)" if guess else text
    if kind in ("string_too_short", "too_short"):
        if isinstance(value, str):
            return f"{field} is empty"
        return f"{field} needs at least one entry"
    if kind == "string_pattern_mismatch":
        return f"{field} is {kind_of(value)}; use lowercase letters, digits, `-` and `_` only"
    if kind == "string_too_long":
        return f"{field} is {len(value):,} characters long; at most {ctx.get('max_length')} are allowed"
    if kind == "too_long":
        actual = ctx.get("actual_length")
        has = f"has {actual:,} entries" if isinstance(actual, int) else "has too many entries"
        return f"{field} {has}; at most {ctx.get('max_length')} are allowed"
    if kind in ("less_than_equal", "greater_than_equal"):
        bound = ctx.get("le", ctx.get("ge"))
        side = "at most" if kind == "less_than_equal" else "at least"
        shown = f"`{value}`" if len(str(value)) <= 30 else f"a number of {len(str(value))} digits"
        return f"{field} is {shown}; it must be {side} {bound}"
    if kind in ("url_scheme", "date_range"):
        return f"{field}: {error['msg']}"
    if kind in ("string_type", "list_type", "dict_type", "int_type", "int_parsing", "bool_type",
                "bool_parsing", "float_type", "float_parsing", "model_type", "model_attributes_type"):
        expected = {
            "string_type": "text", "list_type": "a list", "dict_type": "a mapping",
            "int_type": "a whole number", "int_parsing": "a whole number",
            "bool_type": "true or false", "bool_parsing": "true or false",
            "float_type": "a number", "float_parsing": "a number",
            "model_type": "a mapping of keys", "model_attributes_type": "a mapping of keys",
        }[kind]
        return f"{field} should be {expected}, found {kind_of(value)}"
    if kind.startswith("date_") or kind == "date_type":
        return f"{field} is {kind_of(value)}; expected a date like 2026-04-01"
    if kind.startswith("timestamp"):
        return f"{field}: {error['msg']}"
    if kind.startswith("component_"):
        return f"{field} {error['msg']}"
    if kind == "value_error":
        return f"{field} {str(error['msg']).removeprefix('Value error, ')}"
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return f"{field} has the wrong shape: {error['msg']}"
    return f"{field}: {error['msg']}"


def problems_from(
    exc: ValidationError, model: type[BaseModel] | None, source: Source, data: Any, split: Split | None = None,
) -> list[Problem]:
    """Every error of ``exc`` as a problem at the line of its key; ``model`` is the
    one validated (for a union: the branch ``data`` names, None for none); ``split``,
    when known, has the lines as typed."""
    problems = []
    lines = split.yaml_text.split("\n") if split is not None else []
    first = split.yaml_line if split is not None else 0
    for error in exc.errors(include_url=False):
        loc = error_loc(error)
        error = {**error, "loc": loc}
        line = source.line(*loc) if loc else source.front_line
        typed = lines[line - first] if 0 <= line - first < len(lines) else ""
        problems.append(Problem(source.path, line, "error", message_for(error, model, data, typed), error["type"]))
    return problems


def error_loc(error: Any) -> tuple[Any, ...]:
    """A pydantic error's location as keys and indexes of the file (no union branches,
    no ``type`` tag in front); an unknown ``type`` is located at that key."""
    loc = tuple(error["loc"])
    if loc[:1] and loc[0] in FRONT_MODELS:
        loc = loc[1:]
    elif not loc and str(error["type"]).startswith("union_tag"):
        loc = ("type",)
    return tuple(part for part in loc if not _is_branch(part))


def _is_branch(part: Any) -> bool:
    """pydantic puts union branch names (``list[str]``) into locations; drop them."""
    return isinstance(part, str) and ("[" in part or part.startswith(("function-", "literal[")))
