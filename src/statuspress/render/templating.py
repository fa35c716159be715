"""The Jinja environment for every HTML, SVG and text output.

Templates ship in the package (``statuspress/templates/``); a site overrides any of
them by putting a file with the same path in its ``overrides/`` folder (MkDocs'
``theme.custom_dir``), e.g. ``overrides/statuspress/incident.html``.

The environment is made for one language (``theme.language``): Jinja's ``i18n``
extension with that language's catalog (``render/i18n.py``), ``lang`` (for ``<html
lang>``), and filters that write for its locale: ``stage``, ``status_label``,
``impact_label`` and ``headline`` translate the labels of ``render/text.py``; ``duration``,
``percent``, ``format_date``, ``format_long_date``, ``format_month`` and
``format_number`` and ``format_percent`` follow the locale (in English they keep ``render/text.py``'s forms).
Renderers that write texts in Python read the same catalog through ``localizer(env)``.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.nodes import EvalContext
from jinja2.parser import Parser
from markupsafe import Markup

from statuspress import __version__
from statuspress.render import i18n, markdown, text

#: The suffixes of the templates the build renders (``init/`` holds scaffold files for
#: ``statuspress init``, which no page depends on).
TEMPLATE_SUFFIXES = (".html", ".svg", ".xml", ".text", ".email", ".slack", ".md")


def is_template(name: str) -> bool:
    """Is ``name`` (a loader path) one of statuspress's templates?

    The override folder is the theme's ``custom_dir``, which also holds Material's
    overrides, images and whatever else a site keeps there; an installed package may
    hold ``__pycache__`` folders. Only our own template files count."""
    parts = name.split("/")
    return (
        len(parts) > 1 and parts[0] == "statuspress" and parts[1] != "init"
        and "__pycache__" not in parts and name.endswith(TEMPLATE_SUFFIXES)
    )


class _Environment(jinja2.Environment):
    """Jinja's environment, with each template's globals in a plain dict.

    Jinja chains a template's globals to the environment's (a ``ChainMap``) and, on
    every ``{% import %}`` of a page (several per incident page), compares the
    importing context's globals with them key by key in Python: 6 % of rendering an
    incident page. In a dict it is one set operation in C. Every global of ours is
    set in ``make_environment``, before the first template is loaded."""

    def make_globals(self, d: Any = None) -> dict[str, Any]:
        return {**self.globals, **(d or {})}


def make_environment(
    override_dirs: Sequence[Path] = (), *, language: str = "en", bytecode_dir: Path | None = None,
) -> jinja2.Environment:
    """An autoescaping environment: site overrides first, then the package's templates;
    texts marked for translation in ``language`` (English when it has no catalog).

    With ``bytecode_dir`` the compiled templates are kept there (Jinja checks each
    against its source, and its own and Python's versions), so that a build in a new
    process does not compile every template again."""
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader([str(d) for d in override_dirs if d.is_dir()])
    ] if override_dirs else []
    loaders.append(jinja2.PackageLoader("statuspress", "templates"))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n", FixedTexts, FixedFragments],
        bytecode_cache=_bytecode_cache(bytecode_dir, language) if bytecode_dir is not None else None,
    )
    if override_dirs and any(is_template(name) for name in loaders[0].list_templates()):
        # An override may show anything of the page inside a fixed block (a footer
        # partial with the page's title, say): every page renders its own.
        fixed_fragments(env).enabled = False
    localizer = i18n.Localizer(language)
    env.install_gettext_translations(localizer.catalog, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_gettext_callables(localizer.catalog))
    env.globals["lang"] = localizer.tag
    env.globals[_LOCALIZER] = localizer
    translate = localizer.catalog.gettext
    env.filters.update(
        markdown=markdown.to_html,
        plaintext=markdown.to_text,
        stage=lambda stage: translate(text.stage_label(stage)),
        status_label=lambda status: translate(text.status_label(status)),
        impact_label=lambda impact: translate(text.impact_label(impact)),
        headline=translate,
        action_status=text.action_status_label,
        postmortem_status=text.postmortem_status_label,
        utc=text.utc,
        iso=text.iso,
        duration=localizer.format_duration,
        percent=localizer.format_uptime,
        format_date=localizer.format_date,
        format_long_date=localizer.format_long_date,
        format_month=localizer.format_month,
        format_duration=localizer.format_duration,
        format_number=localizer.format_number,
        format_percent=localizer.format_percent,
    )
    return env


class FixedTexts(Extension):
    """``_("a literal")`` (no placeholder values) is translated when the template is
    compiled: an environment has one language, and Jinja then writes the text into
    the compiled template like any other, instead of calling gettext on every page.
    The text is a plain string there, escaped on output as any string is; calls with
    values (``_("%(name)s status", name=…)``) and ``{% trans %}`` blocks are
    translated as they render. Extraction (``pybabel``, babel.cfg) never sees this
    extension."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translate = localizer(self.environment).catalog.gettext
        tokens = list(stream)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if (
                token.type == "name" and token.value in ("_", "gettext")
                and [t.type for t in tokens[index + 1:index + 4]] == ["lparen", "string", "rparen"]
                and (index == 0 or tokens[index - 1].type != "dot")
            ):
                # Newstyle gettext always fills placeholders, so "%%" reads "%".
                yield Token(token.lineno, "string", translate(tokens[index + 2].value) % {})
                index += 4
                continue
            yield token
            index += 1


class FixedFragments(Extension):
    """``{% fixed shell, page.base %}…{% endfixed %}`` renders its body once per
    distinct set of key values and reuses it on every page with the same ones: the
    page shell (head, header, tabs, footer) is the same on every incident page, and
    rendering it anew is most of a page's cost. The keys must name everything in the
    body that differs between pages; the environment's language, translations and
    filters are the same for every page it renders. A key value that cannot be hashed
    (the ``ShellContext``) is compared by identity; the fragment keeps it alive, so
    its identity cannot be taken by another object. One environment serves one build,
    so the fragments live as long as it does."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        self.tags = {"fixed"}
        #: Off for a site that overrides templates: each page renders its own blocks.
        self.enabled = True
        self._fragments: dict[tuple[Any, ...], tuple[tuple[Any, ...], Markup]] = {}

    def forget(self) -> None:
        """Drop every fragment: the environment serves a new build (``mkdocs serve``
        keeps it), whose page shell is a new object."""
        self._fragments = {}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        keys = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfixed",), drop_needle=True)
        where = nodes.Const(f"{parser.name}:{lineno}")
        call = self.call_method("_fragment", [where, nodes.Tuple(keys, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, where: str, values: tuple[Any, ...], caller: Callable[[], str]) -> Markup:
        if not self.enabled:
            return Markup(caller())
        key = (where, *(_hashable_or_id(value) for value in values))
        found = self._fragments.get(key)
        if found is not None:
            return found[1]
        html = Markup(caller())
        self._fragments[key] = (values, html)
        return html


def template_error(exc: jinja2.TemplateError) -> str:
    """``path:line: error: …`` for a mistake in a template (most often a site's own
    override), naming the template and the line Jinja stopped at."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where, line = exc.filename or exc.name or "a template", exc.lineno
    else:
        # Jinja rewrites the traceback: a template's frames carry its file and line.
        where, line = "a template", 0
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if not filename.endswith(".py") and not filename.startswith("<"):
                where, line = filename, tb.tb_lineno
            tb = tb.tb_next
    place = f"{where}:{line}" if line else where
    reason = exc.message or type(exc).__name__
    return f"{place}: error: in this template: {reason} (fix the template, or remove the override)"


def fixed_fragments(env: jinja2.Environment) -> FixedFragments:
    """The environment's ``{% fixed %}`` extension."""
    extension = env.extensions[FixedFragments.identifier]
    assert isinstance(extension, FixedFragments)
    return extension


#: Types whose values cannot be hashed (a dataclass holding a dict), learnt as they
#: come: hashing such a value fails only after hashing its other fields.
_UNHASHABLE: set[type] = set()


def _hashable_or_id(value: Any) -> Any:
    if type(value) not in _UNHASHABLE:
        try:
            hash(value)
        except TypeError:
            _UNHASHABLE.add(type(value))
        else:
            return value
    return ("id", id(value))


def _gettext_callables(catalog: gettext.NullTranslations) -> dict[str, Any]:
    """``_``/``gettext``/``ngettext`` with the semantics of Jinja's newstyle ones
    (translate; under autoescape mark the text safe, so that ``%(name)s`` values are
    escaped as they are filled in; always fill, so ``%%`` is ``%``), in one call
    instead of two through ``Context.call``: a build calls them for every fixed text
    of every page, half a million times for 10,000 incidents."""
    translate, translate_plural = catalog.gettext, catalog.ngettext
    # Most texts have no placeholder: each is translated and marked once.
    fixed: dict[str, Markup] = {}

    @jinja2.pass_eval_context
    def gettext_(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
        if not variables and eval_ctx.autoescape:
            found = fixed.get(message)
            if found is None:
                found = fixed[message] = Markup(translate(message)) % {}
            return found
        text_ = translate(message)
        return (Markup(text_) if eval_ctx.autoescape else text_) % variables

    @jinja2.pass_eval_context
    def ngettext_(eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        text_ = translate_plural(singular, plural, num)
        return (Markup(text_) if eval_ctx.autoescape else text_) % variables

    return {"_": gettext_, "gettext": gettext_, "ngettext": ngettext_}


#: The environment global that holds its ``Localizer``.
_LOCALIZER = "localizer"


def localizer(env: jinja2.Environment) -> i18n.Localizer:
    """The ``Localizer`` of the language ``env`` was made for (English for an
    environment made elsewhere)."""
    found = env.globals.get(_LOCALIZER)
    return found if isinstance(found, i18n.Localizer) else i18n.Localizer("en")


class _CompiledTexts(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, keyed also by what ``FixedTexts``
    wrote into them: Jinja keys a template by its name, file and source only, but
    its code holds the texts of one language, so a cache filled for ``en`` must not
    serve a ``de`` build. ``salt``: the language, its catalog and this code."""

    def __init__(self, folder: Path, salt: str) -> None:
        super().__init__(str(folder))
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.salt}\0{name}", filename)


def _bytecode_cache(folder: Path, language: str) -> jinja2.BytecodeCache | None:
    """The cache of compiled templates in ``folder``; none when the folder cannot be
    made (a cache only makes builds faster)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTexts(folder, _compile_salt(language))


@functools.lru_cache(maxsize=8)
def _compile_salt(language: str) -> str:
    """A digest of what a compiled template depends on besides its own source: the
    language and its catalog (the texts compiled in), statuspress's version and this
    module (the extension that compiles them in)."""
    digest = hashlib.sha256(f"{language}\0{__version__}\0".encode())
    digest.update(Path(__file__).read_bytes())
    for catalog in sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/*.mo")):
        digest.update(catalog.as_posix().encode() + b"\0" + catalog.read_bytes())
    return digest.hexdigest()
