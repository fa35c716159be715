"""The floors: the least work plain Python can do to produce what statuspress does.

They are references for the targets, not implementations: no validation, no line
numbers, no error messages, no sanitising, no status page. Nothing here imports
statuspress, so that the floor does not share (and hide) its costs.

* ``validate_floor``: list the content folders, read each file, decode it, split off
  the front-matter at the ``---`` fences, and ``yaml.load(text, Loader=yaml.CSafeLoader)``.
  With ``in_memory=True`` the texts are read and split before the clock starts,
  so that only YAML parsing is timed.
* ``build_floor``: the same reading and parsing, then GitHub-flavoured Markdown
  through cmark-gfm (the ``cmarkgfm`` wheel's C library, the engine statuspress
  uses) for every incident's body and update messages (and the body of each
  published public postmortem, shown on its incident's page), one small Jinja page
  per incident, written to ``incidents/<id>/index.html``. ``build_floor(...,
  memo=True)`` converts each distinct text once, as statuspress's lru_cache does.

``python benchmarks/floors.py validate|validate-memory|build|build-memo ROOT [OUT]`` runs one
in a fresh process and prints its timing as one JSON line, so that a benchmark can
also time it from the outside (interpreter start included).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import yaml

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} - Acme Status</title></head>
<body><main>
<h1>{{ title }}</h1>
<p>{{ severity }} · {{ impact }} · {{ components|join(", ") }}</p>
{{ body }}
<ol>
{% for at, stage, html in updates %}<li><strong>{{ stage }}</strong> <time>{{ at }}</time>{{ html }}</li>
{% endfor %}</ol>
{% for title, html in postmortems %}<section><h2>{{ title }}</h2>{{ html }}</section>{% endfor %}
</main></body></html>
"""


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> dict[str, float]:
    """Wall and CPU seconds since ``start`` (from ``_clock``)."""
    return {"seconds": time.perf_counter() - start[0], "cpu_seconds": time.process_time() - start[1]}


def content_files(root: Path) -> tuple[list[Path], list[Path]]:
    """The incident and postmortem files of a site, sorted."""
    return sorted((root / "incidents").glob("*.md")), sorted((root / "postmortems").glob("*.md"))


def split(text: str) -> tuple[str, str]:
    """(front-matter, body) of a file that starts with ``---`` and has a closing fence."""
    end = text.find("\n---\n", 3)
    return text[4:end + 1], text[end + 5:]


def read_front(path: Path) -> tuple[str, str]:
    return split(path.read_bytes().decode("utf-8"))


def validate_floor(root: Path, *, in_memory: bool = False) -> dict[str, Any]:
    """Parse every front-matter of the site with libyaml; the seconds it took."""
    if in_memory:
        incidents, postmortems = content_files(root)
        texts = [read_front(path)[0] for path in incidents + postmortems]
        started = _clock()
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)
        return {**_since(started), "files": len(texts)}
    started = _clock()
    incidents, postmortems = content_files(root)
    for path in incidents + postmortems:
        yaml.load(read_front(path)[0], Loader=yaml.CSafeLoader)
    return {**_since(started), "files": len(incidents) + len(postmortems)}


def gfm_converter() -> Any:
    """cmark-gfm with GitHub's extensions, raw HTML kept: statuspress's own cffi
    binding, the least any renderer of this dialect does (the ``cmarkgfm`` wheel's
    Python functions never free what C allocates, which would swell the floor's
    memory and flatter its time)."""
    from statuspress.render.cmark import gfm_to_html

    return gfm_to_html


def build_floor(root: Path, out: Path, *, memo: bool = False) -> dict[str, Any]:
    """Read, parse, convert and write one HTML page per incident into ``out``.

    With ``memo=True`` a text seen before is not converted again (statuspress keeps
    an lru_cache of conversions, and half of all update messages repeat)."""
    import jinja2
    from markupsafe import Markup

    convert = gfm_converter()  # imports and set-up, as statuspress's happen before its clock
    started = _clock()
    template = jinja2.Environment(autoescape=True).from_string(_PAGE)

    seen: dict[str, Any] = {}

    def html(text: str) -> Any:
        if memo and text in seen:
            return seen[text]
        result = Markup(convert(text)) if text.strip() else ""
        if memo:
            seen[text] = result
        return result

    incidents, postmortems = content_files(root)
    shown: dict[str, list[tuple[str, Any]]] = {}
    for path in postmortems:
        front, body = read_front(path)
        data = yaml.load(front, Loader=yaml.CSafeLoader)
        if data.get("status") == "published" and data.get("visibility") == "public":
            rendered = html(body)
            for incident_id in data["incidents"]:
                shown.setdefault(incident_id, []).append((data["title"], rendered))
    written = 0
    for path in incidents:
        front, body = read_front(path)
        data = yaml.load(front, Loader=yaml.CSafeLoader)
        updates = [
            (str(u["at"]), u.get("status") or "update", html(u["message"])) for u in data.get("updates") or []
        ]
        page = template.render(
            title=data["title"], severity=data.get("severity") or "maintenance",
            impact=data.get("impact") or "", components=list(data.get("components") or []),
            body=html(body), updates=updates[::-1], postmortems=shown.get(path.stem, []),
        )
        folder = out / "incidents" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(page, encoding="utf-8")
        written += 1
    return {**_since(started), "pages": written}


def main(argv: list[str]) -> None:
    """``floors.py validate|validate-memory|build|build-memo ROOT [OUT]``: one JSON line."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import report_line

    kind, root = argv[0], Path(argv[1])
    if kind == "validate":
        report_line(**validate_floor(root))
    elif kind == "validate-memory":
        report_line(**validate_floor(root, in_memory=True))
    elif kind == "build":
        report_line(**build_floor(root, Path(argv[2])))
    elif kind == "build-memo":
        report_line(**build_floor(root, Path(argv[2]), memo=True))
    else:
        raise SystemExit(f"unknown floor {kind!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
