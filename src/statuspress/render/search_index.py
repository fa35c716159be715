"""Material's ``search/search_index.json`` with our documents added, as text chunks.

The internal build adds some 14,000 documents (19 MB of JSON at 10,000 incidents and
2,000 postmortems). Encoding the whole index as one string, then as bytes, held it
two or three times over at the end of the build; the chunks here are one document
each, so the writer holds one at a time. The text is exactly
``json.dumps(index, separators=(",", ":"), ensure_ascii=False)`` of the index with
the documents appended to its ``docs`` (the same compact form as Material's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

__all__ = ["document_text", "search_index_chunks"]

_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def document_text(doc: Mapping[str, Any]) -> str:
    """The JSON text of one search document, as the index holds it."""
    return _ENCODER.encode(doc)


def search_index_chunks(index: Mapping[str, Any], added: Iterable[str]) -> Iterator[str]:
    """The JSON text of ``index`` (Material's parsed search index) with the documents
    whose texts (``document_text``) are ``added`` after its own ``docs`` (a ``docs``
    list is added last when the index has none), in pieces of at most one document."""
    encode = _ENCODER.encode
    keys = [*index, *(() if "docs" in index else ("docs",))]
    for number, key in enumerate(keys):
        yield ("{" if number == 0 else ",") + encode(key) + ":"
        if key != "docs":
            yield encode(index[key])
            continue
        opening = "["
        for text in chain(map(encode, index.get("docs") or ()), added):
            yield opening + text
            opening = ","
        yield "[]" if opening == "[" else "]"
    yield "}"
