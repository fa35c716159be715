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

#: The extensions statuspress's ``render/cmark.py`` uses, so that both sides
#: convert the same Markdown to the same HTML (statuspress then sanitises it).
MARKDOWN_EXTENSIONS = ("table", "strikethrough", "autolink", "tasklist")

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
    """cmark-gfm with GitHub's extensions, raw HTML kept, called through cffi. The
    ``cmarkgfm`` wheel's Python functions never free what C allocates (about 26 KB
    a document), which would swell the floor's memory and flatter its time."""
    import cmarkgfm._cmark
    from cffi import FFI
    from cmarkgfm.cmark import Options

    ffi = FFI()
    ffi.cdef("""
    typedef struct cmark_node cmark_node; typedef struct cmark_parser cmark_parser;
    typedef struct cmark_llist cmark_llist; typedef struct cmark_syntax_extension cmark_syntax_extension;
    typedef struct cmark_mem { void *(*calloc)(size_t, size_t); void *(*realloc)(void *, size_t);
                               void (*free)(void *); } cmark_mem;
    void cmark_gfm_core_extensions_ensure_registered(void);
    cmark_syntax_extension *cmark_find_syntax_extension(const char *name);
    cmark_mem *cmark_get_default_mem_allocator(void);
    cmark_parser *cmark_parser_new(int options);
    int cmark_parser_attach_syntax_extension(cmark_parser *parser, cmark_syntax_extension *extension);
    cmark_llist *cmark_parser_get_syntax_extensions(cmark_parser *parser);
    void cmark_parser_feed(cmark_parser *parser, const char *buffer, size_t len);
    cmark_node *cmark_parser_finish(cmark_parser *parser);
    void cmark_parser_free(cmark_parser *parser);
    char *cmark_render_html(cmark_node *root, int options, cmark_llist *extensions);
    void cmark_node_free(cmark_node *node);
    """)
    lib: Any = ffi.dlopen(cmarkgfm._cmark.__file__)
    lib.cmark_gfm_core_extensions_ensure_registered()
    extensions = [lib.cmark_find_syntax_extension(name.encode()) for name in MARKDOWN_EXTENSIONS]
    free = lib.cmark_get_default_mem_allocator().free
    options = Options.CMARK_OPT_UNSAFE

    def convert(text: str) -> str:
        data = text.encode("utf-8")
        parser = lib.cmark_parser_new(options)
        for extension in extensions:
            lib.cmark_parser_attach_syntax_extension(parser, extension)
        lib.cmark_parser_feed(parser, data, len(data))
        root = lib.cmark_parser_finish(parser)
        rendered = lib.cmark_render_html(root, options, lib.cmark_parser_get_syntax_extensions(parser))
        result = ffi.string(rendered).decode("utf-8")
        free(rendered)
        lib.cmark_node_free(root)
        lib.cmark_parser_free(parser)
        return str(result)

    return convert


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
