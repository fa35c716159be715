"""``statuspress update``: append a public update to an incident, changing only what
it must.

The file is edited as text, never dumped again from data: every comment, the key
order, the quoting and every line not named below stay byte-identical. PyYAML's
composer says where things are (the line and column where each key and value
starts and ends); the edit then

* inserts the new ``- at:`` item after the last line of the last existing update,
  with the indentation those items use (``updates:`` is created when missing);
* for a final stage (``resolved``, or ``completed`` for maintenance) sets
  ``resolved:`` to the update's time: the value is replaced in place when the key
  exists, else a line is added after the last top-level timestamp key.

``monitoring`` does **not** set ``mitigated``: the update is posted when the team
starts watching a fix, usually some time after customer impact stopped, and the
metrics must never be filled from the clock. A hint says to set it by hand.

Line endings (LF or CRLF) and a byte-order mark are kept. The result is validated
with the site's rules and compared with the original, field by field, before it is
returned; the caller writes it atomically.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import datetime

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from statuspress.authoring.checking import InvalidFileError, aware_utc, checked_incident, pick_stage
from statuspress.authoring.yamltext import clean_message, keyed_lines
from statuspress.errors import AuthoringError, ContentError
from statuspress.model.config import SiteConfig
from statuspress.model.incident import Incident
from statuspress.render.text import iso, utc

try:  # the C composer when PyYAML has it; the marks are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Top-level keys after which a new ``resolved:`` line may go (the last one present wins).
TIMESTAMP_KEYS = (
    "started", "detected", "declared", "acknowledged", "mitigated", "scheduled_start", "scheduled_end",
)


@dataclass(frozen=True)
class UpdateResult:
    """The edited file and what changed."""

    data: bytes
    incident: Incident
    stage: str | None
    resolved: bool
    hints: list[str] = field(default_factory=list)


@dataclass
class _Edits:
    """Line replacements and insertions on the file's lines, applied bottom-up so
    that the line numbers of earlier edits stay valid."""

    replace: dict[int, str] = field(default_factory=dict)
    insert: list[tuple[int, int, list[str]]] = field(default_factory=list)  # (before index, order, lines)

    def add(self, before: int, lines: list[str]) -> None:
        self.insert.append((before, len(self.insert), lines))

    def apply(self, lines: list[str], eol_cr: str) -> list[str]:
        out = list(lines)
        for index, text in self.replace.items():
            out[index] = text + eol_cr
        for before, _, new in sorted(self.insert, key=lambda item: (item[0], item[1]), reverse=True):
            out[before:before] = [line + eol_cr for line in new]
        return out


def _bare(line: str) -> str:
    return line[:-1] if line.endswith("\r") else line


def _end_line(node: Node) -> int:
    """The last line (0-based, YAML text) a node's text is on."""
    end = node.end_mark
    return end.line if end.column > 0 else end.line - 1


def _subtree_end(node: Node) -> tuple[int, int]:
    """Where the text of a subtree ends: the furthest end of its scalars and flow
    collections. A block collection's own end mark is useless here: it lies at the
    next token, after any comments that follow. Keys count too, so that an ``*alias``
    value (whose marks point at its anchor, further up) cannot pull the end back."""
    best = (node.start_mark.line, node.start_mark.column)
    seen: set[int] = set()
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ScalarNode) or getattr(current, "flow_style", False):
            best = max(best, (current.end_mark.line, current.end_mark.column))
            continue
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack += [key, value]
        elif isinstance(current, SequenceNode):
            stack += current.value
    return best


def _compose(yaml_text: str) -> MappingNode:
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if not isinstance(node, MappingNode):  # pragma: no cover - parse_document refused it already
        raise AuthoringError("the front-matter is not a mapping of keys")
    return node


def _item_indent(lines: list[str], item: Node, offset: int) -> tuple[int, int]:
    """(column of ``-``, column of the keys) used by an existing list item."""
    key_col = item.start_mark.column
    text = _bare(lines[item.start_mark.line + offset])
    dash = text.rfind("-", 0, key_col)
    if dash >= 0 and not text[:dash].strip() and not text[dash + 1 : key_col].strip():
        return dash, key_col
    # "-" alone on the line above, the item's keys below it
    for index in range(item.start_mark.line + offset - 1, offset - 1, -1):
        above = _bare(lines[index])
        if above.strip() == "-":
            return len(above) - len(above.lstrip()), key_col
        if above.strip():
            break
    return max(key_col - 2, 0), key_col


def _item_lines(dash: int, key_col: int, at: datetime, stage: str | None, message: str) -> list[str]:
    gap = max(key_col - dash - 1, 1)
    lines = [" " * dash + "-" + " " * gap + f"at: {iso(at)}"]
    key_col = dash + 1 + gap
    if stage is not None:
        lines.append(" " * key_col + f"status: {stage}")
    return lines + keyed_lines("message", message, key_col)


def _drop_span(lines: list[str], index: int, start: int, end: int) -> str:
    """Line ``index`` without the value between columns ``start`` and ``end``
    (``updates: []  # none yet`` -> ``updates:  # none yet``)."""
    text = _bare(lines[index])
    return text[:start].rstrip() + text[end:]


def _plan_updates(
    lines: list[str], root: MappingNode, offset: int, close: int, top: int, new_item: tuple[datetime, str | None, str],
    edits: _Edits,
) -> None:
    at, stage, message = new_item
    pairs = {key.value: (key, value) for key, value in root.value if isinstance(key, ScalarNode)}
    if "updates" not in pairs:
        edits.add(close, [" " * top + "updates:", *_item_lines(top + 2, top + 4, at, stage, message)])
        return
    key, value = pairs["updates"]
    if isinstance(value, SequenceNode) and value.value and not value.flow_style:
        last = value.value[-1]
        dash, key_col = _item_indent(lines, last, offset)
        end_line, end_col = _subtree_end(last)
        after = (end_line if end_col > 0 else end_line - 1) + offset
        while after > last.start_mark.line + offset and not _bare(lines[after]).strip():
            after -= 1  # a `|` block swallows the blank lines after it; they stay after the new item
        while after + 1 < close:  # comments indented under the last item stay with it
            following = _bare(lines[after + 1])
            if not following.lstrip().startswith("#") or len(following) - len(following.lstrip()) <= top:
                break
            after += 1
        edits.add(after + 1, _item_lines(dash, key_col, at, stage, message))
        return
    # The model only accepts a list, so what is left is a flow list: `[]` or `[{...}]`.
    if not isinstance(value, SequenceNode) or value.value or value.start_mark.line != value.end_mark.line:
        raise AuthoringError(
            "`updates` is written in flow style (`[...]`); rewrite it as a list of `- at:` items "
            "to use `statuspress update`"
        )
    after = value.end_mark.line + offset
    edits.replace[after] = _drop_span(lines, after, value.start_mark.column, value.end_mark.column)
    indent = key.start_mark.column
    edits.add(after + 1, _item_lines(indent + 2, indent + 4, at, stage, message))


def _plan_resolved(lines: list[str], root: MappingNode, offset: int, close: int, at: datetime, edits: _Edits) -> None:
    pairs = {key.value: (key, value) for key, value in root.value if isinstance(key, ScalarNode)}
    if "resolved" in pairs:
        key, value = pairs["resolved"]
        start, end = value.start_mark, value.end_mark
        if start.line != end.line or not isinstance(value, ScalarNode):
            raise AuthoringError("`resolved` spans several lines; write it on one line to use `statuspress update`")
        index = start.line + offset
        text = _bare(lines[index])
        before = text[: start.column]
        if start.column == end.column and not before.endswith(" "):
            before += " "  # `resolved:` with no value yet
        edits.replace[index] = before + iso(at) + text[end.column :]
        return
    anchors = [(value.end_mark.line, key) for name, (key, value) in pairs.items() if name in TIMESTAMP_KEYS]
    indent = root.value[0][0].start_mark.column
    if anchors:
        _, key = max(anchors, key=lambda item: item[0])
        value = pairs[key.value][1]
        edits.add(_end_line(value) + offset + 1, [" " * key.start_mark.column + f"resolved: {iso(at)}"])
    elif "updates" in pairs:
        edits.add(pairs["updates"][0].start_mark.line + offset, [" " * indent + f"resolved: {iso(at)}"])
    else:
        edits.add(close, [" " * indent + f"resolved: {iso(at)}"])


def _same_except_update(before: Incident, after: Incident, at: datetime, stage: str | None, final: bool) -> bool:
    skip = {"updates", "resolved"}
    if before.model_dump(exclude=skip) != after.model_dump(exclude=skip):
        return False
    if after.updates[:-1] != before.updates or len(after.updates) != len(before.updates) + 1:
        return False
    added = after.updates[-1]
    return added.at == at and added.status == stage and after.resolved == (at if final else before.resolved)


def append_update(
    raw: bytes,
    display: str,
    doc_id: str,
    config: SiteConfig,
    *,
    at: datetime,
    message: str,
    status: str | None = None,
) -> UpdateResult:
    """The bytes of the incident file ``raw`` with one more update at ``at``.

    Raises ``AuthoringError`` for a request that cannot be carried out (a stage of the
    wrong kind, a time before the last update, an incident already resolved),
    ``InvalidFileError`` when the file has errors already and ``ContentError`` when the
    edited file would have errors.
    """
    try:
        current = checked_incident(raw, display, doc_id, config)
    except ContentError as exc:
        raise InvalidFileError(exc.problems) from None
    at = aware_utc(at)
    if current.is_notice and status is not None:
        raise AuthoringError(
            f"`{doc_id}` is a notice, which has no stages: leave out --status (to stop showing it, "
            "set `ends:`)"
        )
    stage = pick_stage(status, current.is_maintenance)
    message = clean_message(message)
    final = "completed" if current.is_maintenance else "resolved"
    if current.resolved is not None:
        raise AuthoringError(
            f"`{doc_id}` was already {final} at {utc(current.resolved)}; an update cannot follow the "
            f"final one (to reopen it, remove `resolved:` and the final `{final}` update)"
        )
    if current.updates and at < current.updates[-1].at:
        raise AuthoringError(
            f"--at {utc(at)} is before the last update ({utc(current.updates[-1].at)}); "
            "updates are listed oldest first"
        )

    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    if re.search(r"\r(?!\n)", text):
        raise AuthoringError("the file has bare carriage returns (old Mac line endings); save it with LF or CRLF")
    eol_cr = "\r" if "\r\n" in text else ""
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if _bare(lines[i]).rstrip() in ("---", "..."))
    offset = 1  # YAML line 0 is file line index 1, after the opening fence
    root = _compose("\n".join(_bare(line) for line in lines[1:close]))
    top = root.value[0][0].start_mark.column if root.value else 0

    edits = _Edits()
    if stage == final:
        _plan_resolved(lines, root, offset, close, at, edits)
    _plan_updates(lines, root, offset, close, top, (at, stage, message), edits)
    new_text = "\n".join(edits.apply(lines, eol_cr))
    data = (codecs.BOM_UTF8 if bom else b"") + new_text.encode("utf-8")

    updated = checked_incident(data, display, doc_id, config)
    if not _same_except_update(current, updated, at, stage, stage == final):
        raise AuthoringError(  # a bug in this module, not in the file: say so, write nothing
            "the edit would change more than the new update; nothing was written "
            "(please report this with the file attached)"
        )
    hints = []
    if stage == "monitoring" and current.mitigated is None:
        hints.append("`mitigated` is not set: add it when you know when customer impact stopped")
    return UpdateResult(data, updated, stage, stage == final, hints)
