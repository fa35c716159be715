"""The Jinja environment for every HTML, SVG and text output.

Templates ship in the package (``statuspress/templates/``); a site overrides any of
them by putting a file with the same path in its ``overrides/`` folder (MkDocs'
``theme.custom_dir``), e.g. ``overrides/statuspress/incident.html``.

The environment is made for one language (``theme.language``): Jinja's ``i18n``
extension with that language's catalog (``render/i18n.py``), ``lang`` (for ``<html
lang>``), and the ``format_date`` / ``format_duration`` filters for its locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

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
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_bytecode_cache(bytecode_dir) if bytecode_dir is not None else None,
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    localizer = i18n.Localizer(language)
    env.globals["lang"] = i18n.html_lang(language)
    env.filters.update(
        markdown=markdown.to_html,
        plaintext=markdown.to_text,
        stage=text.stage_label,
        status_label=text.status_label,
        impact_label=text.impact_label,
        utc=text.utc,
        iso=text.iso,
        duration=text.duration,
        percent=text.percent,
        format_date=localizer.format_date,
        format_duration=localizer.format_duration,
    )
    return env


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Jinja's file cache in ``folder``; none when the folder cannot be made (a cache
    only makes builds faster)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
