"""The Jinja environment for every HTML, SVG and text output.

Templates ship in the package (``statuspress/templates/``); a site overrides any of
them by putting a file with the same path in its ``overrides/`` folder (MkDocs'
``theme.custom_dir``), e.g. ``overrides/statuspress/incident.html``.

The environment is made for one language (``theme.language``): Jinja's ``i18n``
extension with that language's catalog (``render/i18n.py``), ``lang`` (for ``<html
lang>``), and filters that write for its locale: ``stage``, ``status_label``,
``impact_label`` and ``headline`` translate the labels of ``render/text.py``; ``duration``,
``percent``, ``format_date``, ``format_long_date``, ``format_month`` and
``format_number`` follow the locale (in English they keep ``render/text.py``'s forms).
Renderers that write texts in Python read the same catalog through ``localizer(env)``.
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


def make_environment(override_dirs: Sequence[Path] = (), *, language: str = "en") -> jinja2.Environment:
    """An autoescaping environment: site overrides first, then the package's templates;
    texts marked for translation in ``language`` (English when it has no catalog)."""
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
    )
    localizer = i18n.Localizer(language)
    env.install_gettext_translations(localizer.catalog, newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = localizer.tag
    env.globals[_LOCALIZER] = localizer
    gettext = localizer.catalog.gettext
    env.filters.update(
        markdown=markdown.to_html,
        plaintext=markdown.to_text,
        stage=lambda stage: gettext(text.stage_label(stage)),
        status_label=lambda status: gettext(text.status_label(status)),
        impact_label=lambda impact: gettext(text.impact_label(impact)),
        headline=gettext,
        utc=text.utc,
        iso=text.iso,
        duration=localizer.format_duration,
        percent=localizer.format_percent,
        format_date=localizer.format_date,
        format_long_date=localizer.format_long_date,
        format_month=localizer.format_month,
        format_number=localizer.format_number,
        format_duration=localizer.format_duration,
    )
    return env


#: The environment global that holds its ``Localizer``.
_LOCALIZER = "localizer"


def localizer(env: jinja2.Environment) -> i18n.Localizer:
    """The ``Localizer`` of the language ``env`` was made for (English for an
    environment made elsewhere)."""
    found = env.globals.get(_LOCALIZER)
    return found if isinstance(found, i18n.Localizer) else i18n.Localizer("en")
