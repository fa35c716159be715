"""GitHub-flavoured Markdown -> HTML through cmark-gfm, GitHub's own C library.

The library is the one the ``cmarkgfm`` wheel ships. Its Python functions are not
used: they never free the document tree or the HTML string they get from C (about
26 KB lost per 2 KB document, half a gigabyte over a large site). This module
declares the same C functions with cffi, attaches the extensions once, and frees
what each call allocates.
"""

from __future__ import annotations

from typing import Any

import cmarkgfm._cmark
from cffi import FFI
from cmarkgfm.cmark import Options

#: The extensions of GitHub's renderer, minus ``tagfilter``: that one writes
#: ``<script>`` as visible text, where the sanitiser removes it with its content.
EXTENSIONS = ("table", "strikethrough", "autolink", "tasklist")

_ffi = FFI()
_ffi.cdef("""
typedef struct cmark_node cmark_node;
typedef struct cmark_parser cmark_parser;
typedef struct cmark_llist cmark_llist;
typedef struct cmark_syntax_extension cmark_syntax_extension;
typedef struct cmark_mem {
  void *(*calloc)(size_t, size_t);
  void *(*realloc)(void *, size_t);
  void (*free)(void *);
} cmark_mem;
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
#: The wheel's compiled library, already loaded by the import above.
_lib: Any = _ffi.dlopen(cmarkgfm._cmark.__file__)
_lib.cmark_gfm_core_extensions_ensure_registered()
_extensions = [_lib.cmark_find_syntax_extension(name.encode("ascii")) for name in EXTENSIONS]
if any(extension == _ffi.NULL for extension in _extensions):
    raise ImportError(f"cmark-gfm in the cmarkgfm package lacks one of the extensions {EXTENSIONS}")
_free = _lib.cmark_get_default_mem_allocator().free

#: Raw HTML is kept (as GitHub keeps it, for the sanitiser to judge); cmark's own
#: "safe" mode would drop ``<details>`` and ``<kbd>`` along with ``<script>``.
_OPTIONS: int = Options.CMARK_OPT_UNSAFE


def gfm_to_html(text: str) -> str:
    """``text`` as cmark-gfm renders it with GitHub's extensions, raw HTML kept:
    not safe to show until sanitised."""
    data = text.encode("utf-8")
    parser = _lib.cmark_parser_new(_OPTIONS)
    root = rendered = _ffi.NULL
    try:
        for extension in _extensions:
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        _lib.cmark_parser_feed(parser, data, len(data))
        root = _lib.cmark_parser_finish(parser)
        rendered = _lib.cmark_render_html(root, _OPTIONS, _lib.cmark_parser_get_syntax_extensions(parser))
        html = _ffi.string(rendered)  # a char* gives bytes
        assert isinstance(html, bytes)
        return html.decode("utf-8")
    finally:
        if rendered != _ffi.NULL:
            _free(rendered)
        if root != _ffi.NULL:
            _lib.cmark_node_free(root)
        _lib.cmark_parser_free(parser)
