"""The Jinja environment for every HTML, SVG and text output.

Templates ship in the package (``statuspress/templates/``); a site overrides any of
them by putting a file with the same path in its ``overrides/`` folder (MkDocs'
``theme.custom_dir``), e.g. ``overrides/statuspress/incident.html``.

The environment is made for one language (``theme.language``): Jinja's ``i18n``
extension with that language's catalog (``render/i18n.py``), ``lang`` (for ``<html
lang>``), the ``format_date`` / ``format_duration`` / ``format_number`` /
``format_percent`` filters for its locale, and that ``Localizer`` (``localizer(env)``)
for texts composed in Python.
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
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    localizer = i18n.Localizer(language)
    env.globals["lang"] = i18n.html_lang(language)
    env.globals["localizer"] = localizer
    env.filters.update(
        markdown=markdown.to_html,
        plaintext=markdown.to_text,
        stage=text.stage_label,
        status_label=text.status_label,
        impact_label=text.impact_label,
        action_status=text.action_status_label,
        postmortem_status=text.postmortem_status_label,
        utc=text.utc,
        iso=text.iso,
        duration=text.duration,
        percent=text.percent,
        format_date=localizer.format_date,
        format_duration=localizer.format_duration,
        format_number=localizer.format_number,
        format_percent=localizer.format_percent,
    )
    return env


def localizer(env: jinja2.Environment) -> i18n.Localizer:
    """The ``Localizer`` of ``env``'s language: for the texts, dates and numbers a
    renderer composes in Python, so that they match the templates' language."""
    found = env.globals.get("localizer")
    return found if isinstance(found, i18n.Localizer) else i18n.Localizer("en")
