"""YAML with line marks: mappings and lists remember the line of each key and item.

Parsing uses libyaml (``CSafeLoader``) when PyYAML was built with it; construction
builds ``MarkedDict``/``MarkedList`` so that any later rule can report the line of the
key it is about. Duplicate keys and alias bombs are errors, not surprises.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml is a build option of PyYAML; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: A document that expands to more nodes than this (through aliases) is refused.
MAX_NODES = 10_000
#: Lists and mappings may nest this deep (``internal:`` 3 levels down is already unusual).
MAX_DEPTH = 20


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

#: A `key: value` line (also in a list item); its end is where the value starts.
_KEY_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)*([^\s:#'\"?-][^:#]*?):[ \t]+(?=\S)")
#: The first character of a plain value that YAML reads as syntax, not text -> what
#: YAML does with it. People type them in titles and messages (`*bold*`, `%d errors`).
_SYNTAX_START = {
    "*": "reads as an alias, a reference to an `&anchor` above",
    "&": "reads as an anchor, a name for the value after it",
    "!": "reads as a tag, the type of the value after it",
    "%": "reads as the start of a directive",
    "@": "reserves, so no value may start with it unquoted",
    "`": "reserves, so no value may start with it unquoted",
    ">": "reads as the start of a folded block, text on the indented lines below",
    "|": "reads as the start of a literal block, text on the indented lines below",
    "-": "reads as a list item",
    "?": "reads as a mapping key",
    ",": "reads as punctuation of a `[...]` list or `{...}` mapping",
    "]": "reads as punctuation of a `[...]` list or `{...}` mapping",
    "}": "reads as punctuation of a `[...]` list or `{...}` mapping",
}
#: What comes before a mapping that is a block list's item (`  - ` in `  - at: ...`).
_ITEM_OPENING = re.compile(r"^[ \t]*(?:-[ \t]+)+$")
#: A list item whose value is not a `key: value` (`- *bold* thing` in `tags:`).
_ITEM = re.compile(r"^[ \t]*-[ \t]+(?=\S)")
_TRAILING_COMMENT = re.compile(r"[ \t]+#.*$")
#: A tag in libyaml's words (`tag:yaml.org,2002:python/name:x`) -> as written (`!!python/name:x`).
_TAG = re.compile(r"tag '(?:tag:yaml\.org,2002:(?P<standard>[^']*)|(?P<local>[^']*))'")


def quoted(value: str) -> str:
    """``value`` as a message suggests writing it: in double quotes, or in single
    quotes when it holds a `"` or a backslash (an escape in double quotes)."""
    if len(value) > 80:
        value = value[:60] + "..."
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'{}'".format(value.replace("'", "''"))


def written_value(line: str, key: Any) -> str | None:
    """The value of ``key`` as typed on ``line`` (`title: yes` -> `yes`; for a list
    index, the value of a `- item` line), without a trailing comment; None when the
    line does not hold it."""
    found = _KEY_VALUE.match(line) if isinstance(key, str) else _ITEM.match(line) if isinstance(key, int) else None
    if found is None or (isinstance(key, str) and found.group(1) != key):
        return None
    return _TRAILING_COMMENT.sub("", line[found.end():].rstrip()) or None


def code(text: str) -> str:
    """``text`` in backticks, doubled when it holds one itself (as Markdown writes it)."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _syntax_start(line: str, column: int) -> str | None:
    """For an error at ``column`` of a `key: value` or `- item` line whose value starts
    with a character YAML reads as syntax (`title: *bold* outage`): what YAML made of
    it and how to quote it; None for any other line."""
    found = _KEY_VALUE.match(line) or _ITEM.match(line)
    if found is None or column < found.end():
        return None
    # What follows ` #` is a comment to YAML whatever the value, so not part of it.
    value = _TRAILING_COMMENT.sub("", line[found.end():].rstrip())
    char = value[0]
    does = _SYNTAX_START.get(char)
    if does is None or (char in "-?" and value[1:2] not in ("", " ", "\t")):
        return None  # `-rollback` and `?x` are plain text
    shown = {"-": "`- `", "?": "`? `", "`": "`` ` ``"}.get(char, f"`{char}`")
    if char == "!":
        does = f"reads as a tag (`{value.split()[0]}`), the type of the value after it"
    key = found.group(1) if found.re is _KEY_VALUE else None
    if key is None:
        message = (f"invalid YAML: this list item starts with {shown}, which YAML {does}; "
                   f"put the whole item in quotes ({code('- ' + quoted(value))})")
    else:
        message = (f"invalid YAML: the value of `{key}` starts with {shown}, which YAML {does}; "
                   f"put the whole value in quotes ({code(f'{key}: {quoted(value)}')})")
    if char in "|>":
        message += f", or, for text over several lines, end this line at `{char}` and indent the text below it"
    elif char == "-" and key is not None:
        message += f", or, for a list, put each `- item` on a line of its own below `{key}:`"
    return message


#: A `key: value` line whose value opens a list, a mapping or a quoted text
#: (`title: [EU] Payments down`, `title: 'it's down'`).
_OPENED_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)?([^\s:#'\"][^:#]*?):[ \t]+([\[{'\"])")
#: How a quote is written inside a value in the same quotes.
_QUOTE_INSIDE = {
    "'": "a `'` inside a value in single quotes is written twice (`'it''s down'`), or use double quotes",
    '"': 'a `"` inside a value in double quotes is written `\\"`, or use single quotes',
}

#: libyaml's context for a flow collection -> the brackets that open and close it.
_UNCLOSED = {"while parsing a flow sequence": ("[", "]"), "while parsing a flow mapping": ("{", "}")}


def _unclosed(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> tuple[int, str, str] | None:
    """For an error libyaml raised because a `[`, `{` or quote was never closed: the
    YAML line that opened it, the opener and its closer; None for any other error."""
    start = exc.context_mark
    if start is None or mark is None or start.line > mark.line:
        return None
    problem = exc.problem or ""
    brackets = _UNCLOSED.get(exc.context or "")
    if brackets is not None and "did not find expected ','" in problem and start.line < mark.line:
        return start.line, *brackets
    # The front-matter text ends without a line break, so a quote left open on its
    # last line ends the stream on that same line.
    if exc.context == "while scanning a quoted scalar" and "end of stream" in problem:
        lines = text.split("\n")
        quote = lines[start.line][start.column:start.column + 1] if start.line < len(lines) else ""
        if quote in ("'", '"'):
            return start.line, quote, quote
    return None


class MarkedLoader(_BaseLoader):
    """A safe loader whose mappings and sequences carry line marks."""

    line_offset = 1
    #: YAML line index -> file line, when the text holds line breaks only YAML counts.
    file_lines: Sequence[int] = ()
    #: Whether the text holds a merge key (`<<`) at all; most files do not.
    may_merge = True
    #: The text being parsed, for messages that quote or inspect its lines.
    text = ""

    @functools.cached_property
    def lines(self) -> list[str]:
        """``text``'s lines as YAML counts them (its marks' line numbers index them)."""
        return _BREAK.split(self.text)

    def _line_of(self, node: Node) -> int:
        """The file line of ``node`` (YAML counts U+2028, U+2029 and NEL as line
        breaks; the file's editors and the front-matter splitter do not)."""
        return _mark_line(self, node.start_mark.line)

    def _construct_map(self, node: Node) -> Any:
        if not isinstance(node, MappingNode):
            raise YamlError(self._line_of(node), "`!!map` tag on a value that is not a mapping; remove the tag")
        data = MarkedDict()
        yield data
        # Merged keys (`<<: *anchor`) come first after flattening and may be
        # overridden; the mapping's own keys must still be unique.
        first_own = 0
        if self.may_merge and any(k.tag == _MERGE for k, _ in node.value):
            own = sum(1 for k, _ in node.value if k.tag != _MERGE)
            self.flatten_mapping(node)
            first_own = len(node.value) - own
        key_lines = data.key_lines
        offset, lines = self.line_offset, self.file_lines
        own_lines: dict[Any, int] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=True)
            line = _mark_line(self, key_node.start_mark.line) if lines else key_node.start_mark.line + offset
            try:
                hash(key)
            except TypeError:
                raise YamlError(line, "a key here is a list or mapping; keys must be plain words") from None
            if index >= first_own:
                if key in own_lines:
                    raise YamlError(line, self._duplicate_message(node, key, own_lines[key], line), "duplicate-key")
                own_lines[key] = line
            self._check_closed(value_node, key_node.start_mark.column, f"`{key}`")
            data[key] = self.construct_object(value_node, deep=False)
            key_lines[key] = line

    def _check_closed(self, node: Node, indent: int, owner: str) -> None:
        """Refuse a quoted value whose closing quote is missing on its line and that
        YAML therefore ran on through lines that read as comments or keys, up to a
        quote further down (`channel: "#inc-api"` in a commented-out block). YAML
        takes it: the file validated, and the comments and the updates below, the
        internal ones too, were published inside the value."""
        start, end = node.start_mark.line, node.end_mark.line
        if end == start or not isinstance(node, ScalarNode) or node.style not in _QUOTES:
            return
        lines = self.lines
        for number in range(start + 1, min(end, len(lines) - 1) + 1):
            if _not_going_on(lines[number], indent):
                raise YamlError(self._line_of(node), _open_quote_message(str(node.style), _mark_line(self, end), owner))

    def _duplicate_message(self, node: Node, key: Any, first: int, again: int) -> str:
        mark = node.start_mark
        lines = self.lines
        opening = lines[mark.line][:mark.column] if mark.line < len(lines) else ""
        if _ITEM_OPENING.match(opening) is None:
            return f"key `{key}` appears twice (lines {first} and {again}); keep one"
        # A list item's keys run on until the next `- `: a forgotten one merges two
        # updates into one, whose keys then repeat.
        return (f"key `{key}` appears twice in one list item (lines {first} and {again}); if line {again} starts "
                f"a new item, begin it with `- ` as the item on line {self._line_of(node)} does; otherwise keep one")

    def _construct_seq(self, node: Node) -> Any:
        if not isinstance(node, SequenceNode):
            raise YamlError(self._line_of(node), "`!!seq` tag on a value that is not a list; remove the tag")
        data = MarkedList()
        yield data
        key_lines = data.key_lines
        offset, lines = self.line_offset, self.file_lines
        for index, child in enumerate(node.value):
            self._check_closed(child, child.start_mark.column - 1, "this list item")
            data.append(self.construct_object(child, deep=False))
            key_lines[index] = _mark_line(self, child.start_mark.line) if lines else child.start_mark.line + offset

    def _construct_timestamp(self, node: ScalarNode) -> Any:
        # An impossible date such as 2026-13-01 stays text, so that validation can
        # say which field is wrong instead of YAML failing with "month must be in 1..12".
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, AttributeError, TypeError, OverflowError):
            return self.construct_scalar(node)


def _checked_scalar(kind: str, construct: Any) -> Any:
    """A scalar constructor whose failures (``!!float x``, ``!!bool maybe``, an int of
    more than 4,300 digits) become a ``YamlError`` at the value's line."""

    def constructor(loader: MarkedLoader, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            raise YamlError(loader._line_of(node), f"`{kind}` tag on a list or mapping; remove the tag")
        try:
            return construct(loader, node)
        except (ValueError, KeyError, IndexError, TypeError, OverflowError) as exc:
            text = str(node.value)
            if "digits" in str(exc):  # Python refuses to read ints of more than 4,300 digits
                message = (f"a number of {len(text):,} digits is longer than the 4,300 digits "
                           "statuspress reads; quote it if it is text")
            else:
                shown = f"`{text}`" if len(text) <= 40 else f"a value of {len(text):,} characters"
                message = f"{shown} is not a valid `{kind}`; quote it or fix it"
            raise YamlError(loader._line_of(node), message) from None

    return constructor


_MERGE = "tag:yaml.org,2002:merge"


def _no_binary(loader: MarkedLoader, node: Node) -> Any:
    # Bytes would reach text fields decoded, control characters and all.
    raise YamlError(loader._line_of(node), "`!!binary` values are not allowed; write the text itself")


MarkedLoader.add_constructor("tag:yaml.org,2002:binary", _no_binary)

for _tag, _kind, _construct in (
    ("bool", "!!bool", SafeConstructor.construct_yaml_bool),
    ("int", "!!int", SafeConstructor.construct_yaml_int),
    ("float", "!!float", SafeConstructor.construct_yaml_float),
    ("null", "!!null", SafeConstructor.construct_yaml_null),
):
    MarkedLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _checked_scalar(_kind, _construct))
MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", MarkedLoader._construct_timestamp)
MarkedLoader.add_constructor("tag:yaml.org,2002:map", MarkedLoader._construct_map)
MarkedLoader.add_constructor("tag:yaml.org,2002:seq", MarkedLoader._construct_seq)


def _mark_line(loader: MarkedLoader, yaml_line: int) -> int:
    lines = loader.file_lines
    if not lines:
        return yaml_line + loader.line_offset
    return lines[yaml_line] if yaml_line < len(lines) else lines[-1]


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


def _check_shape(node: Node, loader: MarkedLoader) -> None:
    """Refuse documents whose aliases expand beyond ``MAX_NODES`` (billion laughs)
    or that nest deeper than ``MAX_DEPTH``: nothing a status page shows needs either,
    and both would stall or crash the build long after validation."""
    count = 0
    stack: list[tuple[Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise YamlError(
                loader._line_of(current),
                f"the front-matter expands to more than {MAX_NODES:,} values through aliases; "
                "remove the `&anchor`/`*alias` repetition",
                "alias-bomb",
            )
        if isinstance(current, MappingNode):
            if depth > MAX_DEPTH:
                raise YamlError(loader._line_of(current), _TOO_DEEP, "too-deep")
            for key, value in current.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(current, SequenceNode):
            if depth > MAX_DEPTH:
                raise YamlError(loader._line_of(current), _TOO_DEEP, "too-deep")
            stack.extend((child, depth + 1) for child in current.value)


#: A line's indentation with the compact `- ` / `? ` markers that open collections on it.
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:[-?][ \t]+)*", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth of ``text`` without anchors, read from the
    text alone: a block collection one level deeper starts a column further in (a
    `- ` marker counts two), a compact `key: value` or a `key:` with its value below
    adds at most two, and each flow bracket one. Far cheaper than walking the nodes,
    which is needed only when this bound passes ``MAX_DEPTH`` (or aliases can
    multiply depth)."""
    prefix = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    return prefix + 3 + text.count("[") + text.count("{")


_TOO_DEEP = f"values are nested more than {MAX_DEPTH} levels deep here; flatten the lists and mappings"

#: Line breaks for YAML (and so in its marks) that no editor counts as a new line.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: The quoting styles of a scalar node.
_QUOTES = ("'", '"')
#: A line that reads as a key (`severity: SEV2`) or a list item (`- at: ...`).
_LOOKS_LIKE_KEY = re.compile(r"-(?:[ \t]|$)|[^\s:#'\"][^:]*:(?:[ \t]|$)")


def _file_lines(text: str, line_offset: int) -> list[int]:
    """YAML line index -> file line, for text that holds NEL, U+2028 or U+2029."""
    if not any(char in text for char in _YAML_ONLY_BREAKS):
        return []
    lines = [line_offset]
    current = line_offset
    for match in _BREAK.finditer(text):
        if match.group() not in _YAML_ONLY_BREAKS:
            current += 1
        lines.append(current)
    return lines


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
    # Key columns, `- ` included: `message:` under `  - at:` is level with `at`.
    if found.start(2) <= above.start(2):
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
    instance.file_lines = _file_lines(text, line_offset)
    instance.may_merge = "<<" in text
    instance.text = text
    try:
        node = instance.get_single_node()
        if node is None:
            return None
        if "&" in text or instance.file_lines or _depth_bound(text) > MAX_DEPTH:
            _check_shape(node, instance)
        return instance.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = _mark_line(instance, mark.line) if mark is not None else line_offset
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        unclosed = _unclosed(exc, text, mark)
        if unclosed is not None:
            # libyaml notices a missing `]` or quote only further down (where the next
            # key starts, or at the end): point at the line that opened it, where
            # the fix goes.
            start, opener, closer = unclosed
            advice = ("close it, or quote the value if the `{0}` is part of it" if opener in "[{"
                      else "close it; " + _QUOTE_INSIDE[opener])
            opened_line = _mark_line(instance, start)
            until = (f"line {line}" if line > opened_line else "the end of the front-matter")
            raise YamlError(opened_line, (
                f"invalid YAML: the `{opener}` on this line is not closed with `{closer}` (YAML read on to "
                f"{until} looking for it); " + advice.format(opener)
            )) from None
        hint = next((h for key, h in _HINTS.items() if key in problem), None)
        # Marks count the line breaks YAML counts (U+2028 too), so its lines do here.
        yaml_lines = instance.lines
        opened_at = _open_quote_above(yaml_lines, mark.line) if mark is not None else None
        if opened_at is not None:
            # A quote left open that YAML closed at a quote further down: what it
            # stumbled on there is a consequence, the fix is on the opening line.
            index, opener = opened_at
            raise YamlError(_mark_line(instance, index), _open_quote_message(opener, line)) from None
        bad_line = yaml_lines[mark.line] if mark is not None and mark.line < len(yaml_lines) else ""
        if mark is not None and "\t" not in bad_line[:mark.column + 1]:
            syntax = _syntax_start(bad_line, mark.column)
            if syntax is not None:
                raise YamlError(line, syntax) from None
        if mark is not None and "mapping values are not allowed" in problem:
            hint = _indent_hint(yaml_lines, mark.line) or hint
            pair = _KEY_VALUE.match(bad_line)
            if hint is not None and not hint.startswith("`") and pair is not None and mark.column > pair.end():
                # `title: API: elevated errors`: the second `: ` on the key's own line.
                value = _TRAILING_COMMENT.sub("", bad_line[pair.end():].rstrip())
                raise YamlError(line, (
                    f"invalid YAML: the value of `{pair.group(1)}` holds `: `, which YAML reads as the start of "
                    f"another key; put the whole value in quotes ({code(pair.group(1) + ': ' + quoted(value))})"
                )) from None
        if mark is not None and "cannot start any token" in problem and "\t" in bad_line:
            hint = "YAML does not allow tabs; indent with spaces"
        if mark is not None and "did not find expected '-' indicator" in problem and exc.context_mark is not None:
            found = _KEY_LINE.match(bad_line)
            what = f"`{found.group(2)}:`" if found is not None else "this line"
            raise YamlError(line, (
                f"invalid YAML: {what} is indented like the `- ` items of the list that starts on line "
                f"{_mark_line(instance, exc.context_mark.line)}, but does not start with `- `; begin it with `- ` "
                f"if it starts a new item, or indent it like the keys of the item above"
            )) from None
        if mark is not None and "did not find expected key" in problem and _ITEM.match(bad_line[mark.column:]):
            raise YamlError(line, (
                "invalid YAML: this line is a list item (`- `) where YAML expects `key: value` lines; indent it "
                "under the key whose list it belongs to, like that list's other items, or quote the value if the "
                "`- ` is part of it"
            )) from None
        if mark is not None and "did not find expected key" in problem:
            opened = _OPENED_VALUE.match(bad_line)
            if opened is not None:
                key, opener = opened.group(1), opened.group(2)
                if opener in "[{":
                    kind, closer = ("list", "bracket `]`") if opener == "[" else ("mapping", "brace `}`")
                    raise YamlError(line, (
                        f"invalid YAML: the value of `{key}` starts with `{opener}`, so YAML reads it as a {kind}, "
                        f"and the text after its closing {closer} is not YAML; put the whole value in quotes "
                        f"(`{key}: {quoted(bad_line.split(':', 1)[1].strip())}`)"
                    )) from None
                raise YamlError(line, (
                    f"invalid YAML: the value of `{key}` is in quotes, and there is text after its closing "
                    f"`{opener}`; {_QUOTE_INSIDE[opener]}"
                )) from None
        tag = _TAG.search(problem) if "could not determine a constructor" in problem else None
        if tag is not None:
            written = f"!!{tag['standard']}" if tag["standard"] is not None else tag["local"]
            raise YamlError(line, (
                f"invalid YAML: `{written}` is a YAML tag, which statuspress does not read; remove it, "
                f"or quote the value if the `!` is part of the text"
            )) from None
        message = f"invalid YAML: {problem}" + (f" ({hint})" if hint else "")
        raise YamlError(line, message) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses outright
        line = line_offset + text.count("\n", 0, exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise YamlError(line, f"invalid YAML: the character U+{ord(char):04X} is not allowed here; remove it") from None
    except yaml.YAMLError as exc:
        raise YamlError(line_offset, f"invalid YAML: {exc}") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        # A value PyYAML cannot construct that no rule above anticipated: still a
        # message, never a traceback.
        raise YamlError(line_offset, f"invalid YAML: a value cannot be read ({exc})") from None
    except RecursionError:
        raise YamlError(line_offset, "the front-matter is nested too deeply") from None
    finally:
        instance.dispose()


def _open_quote_message(quote: str, until: int, owner: str | None = None) -> str:
    """A quote left open on its line, which YAML read on to line ``until`` to close;
    ``owner``: what took the lines between (when the file parsed at all)."""
    took = f" and took the lines between into {owner}" if owner is not None else ""
    return (f"invalid YAML: the `{quote}` on this line is not closed with `{quote}` on it, so YAML read on to line "
            f"{until} looking for it{took}; close it; {_QUOTE_INSIDE[quote]}")


def _open_quote_above(lines: list[str], error_line: int) -> tuple[int, str] | None:
    """The first line above ``error_line`` whose quoted value is not closed on it and
    whose next line reads as a comment or a key, not as the value going on: the
    line index and its quote; None when there is none."""
    for index in range(min(error_line, len(lines) - 1)):
        opened = _OPENED_VALUE.match(lines[index])
        if opened is None or opened.group(2) not in _QUOTES:
            continue
        quote = opened.group(2)
        rest = lines[index][opened.end():]
        rest = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote in rest:
            continue
        if _not_going_on(lines[index + 1], opened.start(1)):  # (the key's column)
            return index, quote
    return None


def _not_going_on(line: str, indent: int) -> bool:
    """Whether ``line``, after one that left a quote open, reads as a comment, or as
    a key or list item at or left of column ``indent``: not as the value going on."""
    stripped = line.lstrip(" \t")
    return stripped.startswith("#") or (
        len(line) - len(stripped) <= indent and _LOOKS_LIKE_KEY.match(stripped) is not None
    )


def unpublishable_values(data: Any, pattern: re.Pattern[str]) -> Iterator[tuple[tuple[Any, ...], int | None, str]]:
    """Each key or string value in ``data`` that ``pattern`` matches (such as a
    control character written as a `"\\x01"` escape): its location, its line when
    known, and the offending character."""
    stack: list[tuple[Any, tuple[Any, ...], int | None]] = [(data, (), None)]
    while stack:
        value, loc, line = stack.pop()
        if isinstance(value, str):
            found = pattern.search(value)
            if found is not None:
                yield loc, line, found.group()
        elif isinstance(value, dict):
            lines = getattr(value, "key_lines", {})
            for key, item in value.items():
                key_line = lines.get(key, line)
                if isinstance(key, str) and (found := pattern.search(key)) is not None:
                    yield (*loc, key), key_line, found.group()
                stack.append((item, (*loc, key), key_line))
        elif isinstance(value, list):
            lines = getattr(value, "key_lines", {})
            stack.extend((item, (*loc, index), lines.get(index, line)) for index, item in enumerate(value))
