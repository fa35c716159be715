"""Indexes over a loaded site, built once per ``Site`` and shared by the views.

Uptime and history both ask "which incidents name component c?" for every component;
scanning every incident each time would make a 10,000-incident site quadratic, so the
answer is computed once per ``Site`` object and kept until the site is collected.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from statuspress.model.incident import Incident

if TYPE_CHECKING:
    from statuspress.load.site import Site

ComponentIndex = dict[str, tuple[Incident, ...]]

# ``Site`` is a mutable, unhashable dataclass, so the cache is keyed by ``id(site)``;
# a weak reference proves the entry belongs to the same live object (ids are reused
# after collection) and a finaliser drops the entry with the site.
_CACHE: dict[int, tuple[weakref.ref[Site], tuple[Incident, ...], ComponentIndex]] = {}


def _build(site: Site) -> ComponentIndex:
    index: dict[str, list[Incident]] = {c.id: [] for c in site.config.components}
    for incident in site.incidents:
        for cid in incident.named_components:
            index.setdefault(cid, []).append(incident)
    return {cid: tuple(found) for cid, found in index.items()}


def incidents_by_component(site: Site) -> ComponentIndex:
    """Component id -> the incidents and maintenance naming it, in site order
    (chronological by start, then id). Every declared component is a key (possibly
    with an empty tuple). Cached per ``Site`` object; rebuilt if ``site.incidents``
    is replaced."""
    key = id(site)
    entry = _CACHE.get(key)
    if entry is not None and entry[0]() is site and entry[1] is site.incidents:
        return entry[2]
    index = _build(site)
    if entry is None or entry[0]() is not site:
        weakref.finalize(site, _CACHE.pop, key, None)
    _CACHE[key] = (weakref.ref(site), site.incidents, index)
    return index
