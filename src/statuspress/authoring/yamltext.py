"""Writing YAML by hand, safely: scalars, lists, Markdown messages, and slugs.

The authoring commands write front-matter as text, line by line, so that a new file
reads like one a person wrote and an edited file keeps every other byte. Each value
goes through PyYAML's own emitter to decide whether it can stay plain, and every
choice is checked by parsing it back: a title such as ``yes``, ``2026-03-14`` or
``Postmortem: API errors`` must come back as that exact string.
"""

from __future__ import annotations

import yaml

from statuspress import slugs
from statuspress.errors import AuthoringError

#: Never fold long lines: a message is one logical line in the file.
_NO_WRAP = 1 << 30

#: A slug longer than this is cut at a word boundary (channel names stay short).
SLUG_MAX = 50


def _round_trips(text: str, value: object) -> bool:
    """Does ``key: <text>`` parse back to exactly ``value``?"""
    try:
        return bool(yaml.safe_load(f"key: {text}\n") == {"key": value})
    except yaml.YAMLError:
        return False


def scalar(value: str) -> str:
    """``value`` as a one-line YAML scalar: plain when that is safe, else double-quoted.

    PyYAML's emitter decides (it knows that ``yes``, ``123``, ``a: b`` and ``#x`` need
    quotes); a double-quoted scalar is used instead of its single-quoted one because
    it can hold any character on one line.
    """
    plain = yaml.safe_dump(value, allow_unicode=True, width=_NO_WRAP)
    plain = plain.removesuffix("\n...\n").removesuffix("\n")
    if "\n" not in plain and not plain.startswith(("'", '"')) and _round_trips(plain, value):
        return plain
    quoted = yaml.safe_dump(value, allow_unicode=True, width=_NO_WRAP, default_style='"').rstrip("\n")
    if "\n" in quoted or not _round_trips(quoted, value):  # pragma: no cover - PyYAML guarantees this
        raise AuthoringError(f"cannot write {value!r} as YAML")
    return quoted


def flow_list(values: list[str]) -> str:
    """A list on one line, ``[api, web]``, quoting items only where flow style needs it."""
    text = yaml.safe_dump(list(values), default_flow_style=True, allow_unicode=True, width=_NO_WRAP)
    return text.rstrip("\n")


def clean_message(message: str) -> str:
    """A message as it will be stored: CRLF made LF, blank lines around it dropped,
    trailing spaces at its end removed. An empty message is an error."""
    text = message.replace("\r\n", "\n").replace("\r", "\n").strip("\n").rstrip()
    if not text.strip():
        raise AuthoringError("the message is empty; write what customers should know")
    return text


def keyed_lines(key: str, message: str, indent: int) -> list[str]:
    """``key: message`` at ``indent`` spaces, as lines without line endings.

    One line stays one line (quoted if needed). Several lines become a literal block
    (``key: |``) indented two more spaces, which is how people write Markdown in YAML;
    when a block cannot hold the text exactly (a first line that starts with a space,
    control characters) the message is written double-quoted instead.
    """
    pad = " " * indent
    text = clean_message(message)
    if "\n" not in text:
        return [f"{pad}{key}: {scalar(text)}"]
    inner = " " * (indent + 2)
    block = [f"{pad}{key}: |"] + [f"{inner}{line}" if line.strip() else "" for line in text.split("\n")]
    if _block_round_trips(block, key, text + "\n"):
        return block
    return [f"{pad}{key}: {scalar(text)}"]


def _block_round_trips(lines: list[str], key: str, value: str) -> bool:
    dedented = "\n".join(lines).lstrip(" ")
    try:
        return bool(yaml.safe_load(dedented + "\n") == {key: value})
    except yaml.YAMLError:
        return False


def slugify(title: str, fallback: str = "incident", max_length: int = SLUG_MAX) -> str:
    """``"Elevated API errors (EU)"`` -> ``elevated-api-errors-eu`` (see ``statuspress.slugs``)."""
    return slugs.slugify(title, fallback, max_length)


def sentence_case(title: str) -> str:
    """A title as it reads inside a sentence: the first letter lowercased unless the
    first word is an acronym (``API errors`` stays, ``Elevated errors`` -> ``elevated
    errors``); trailing punctuation dropped."""
    text = title.strip().rstrip(".!?…:;")
    if not text:
        return text
    first_word = text.split()[0]
    if len(first_word) > 1 and first_word[1:2].isupper():
        return text
    return text[0].lower() + text[1:]
