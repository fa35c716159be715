"""Search a built site's ``search/search_index.json`` the way Material's search does,
without a browser: lunr (the Python port of lunr.js, which Material's search worker
bundles) plus Material's own query rewriting, boosts and grouping.

What is reproduced from Material's worker (``integrations/search``):

* the index: ``ref("location")``, the fields and boosts of the index's ``config``,
  ``b(0)``, only the pipeline functions named in ``config.pipeline``;
* the query: every term gets a trailing wildcard (``zanzibar`` -> ``zanzibar*``);
* the post-query boost: ``score * (1 + boost ** 2)`` with ``boost`` = 1 for a page
  (0 for a section) + the share of query terms the document matched;
* grouping: a document whose location has ``#`` is a section of the first document
  with the same path; results are grouped by page, in the order of their best item.

Tokenising uses lunr's default separator (whitespace and ``-``), the same as the
``[\\s\\-]+`` Material configures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lunr.builder import Builder
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

_FUNCTIONS = {"trimmer": trimmer, "stopWordFilter": stop_word_filter, "stemmer": stemmer}
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Group:
    """One result as Material lists it: a page and its matching sections."""

    page: str
    locations: tuple[str, ...]  # best first; the page itself included when it matched
    score: float


def _plain(value: Any) -> Any:
    return _TAG.sub(" ", value) if isinstance(value, str) else value


class MaterialSearch:
    """A search over one ``search_index.json`` (already parsed)."""

    def __init__(self, index: dict[str, Any]) -> None:
        config = index["config"]
        builder = Builder()
        for name in config.get("pipeline", []):
            builder.pipeline.add(_FUNCTIONS[name])
            if name == "stemmer":
                builder.search_pipeline.add(stemmer)
        builder.ref("location")
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec.get("boost", 1),
                          extractor=lambda doc, field=name: _plain(doc.get(field)))
        builder.b(0)
        self.parents: dict[str, str | None] = {}
        for doc in index["docs"]:
            builder.add(doc, attributes={"boost": doc["boost"]} if "boost" in doc else None)
            path = doc["location"].split("#")[0]
            # The first document of a path is its page; later ones are its sections.
            self.parents[doc["location"]] = path if path in self.parents else None
        self.index = builder.build()

    def search(self, query: str) -> list[Group]:
        """The result groups for ``query``, best first."""
        terms = [t.lower() for t in query.split() if t]
        results = self.index.search(" ".join(f"{t}*" for t in terms))
        scored = []
        for result in results:
            matched = list(result["match_data"].metadata)
            share = sum(1 for t in terms if any(m.startswith(t) for m in matched)) / len(terms)
            boost = (0 if self.parents.get(result["ref"]) else 1) + share
            scored.append((result["score"] * (1 + boost ** 2), result["ref"]))
        scored.sort(key=lambda item: -item[0])
        groups: dict[str, list[tuple[float, str]]] = {}
        for score, ref in scored:
            page = self.parents.get(ref) or ref
            groups.setdefault(page, []).append((score, ref))
        return [Group(page, tuple(ref for _, ref in items), items[0][0]) for page, items in groups.items()]
