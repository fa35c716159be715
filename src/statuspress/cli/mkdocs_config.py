"""MkDocs' own checks of ``mkdocs.yml`` (theme, nav, docs_dir...), as problems.

``statuspress validate`` promises that what it accepts builds. Its own reading of
``mkdocs.yml`` covers the ``statuspress`` block; MkDocs validates everything else, so
its verdict is asked too and each finding is put at the line of its top-level key.
"""

from __future__ import annotations

from pathlib import Path

from statuspress.checks.problems import Level, Problem
from statuspress.load.siteconfig import config_key_lines


def mkdocs_config_problems(path: Path, display: str) -> list[Problem]:
    """MkDocs' errors and warnings for the config at ``path`` (the statuspress block
    excepted: the plugin takes its options as they are and checks them itself)."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import ConfigurationError

    lines = config_key_lines(path)
    config = MkDocsConfig(config_file_path=str(path))
    try:
        with path.open("rb") as handle:
            config.load_file(handle)
        errors, warnings = config.validate()
    except ConfigurationError as exc:
        return [Problem(display, 1, "error", f"MkDocs cannot read the config: {exc}", "mkdocs-config")]
    kinds: tuple[tuple[Level, list[tuple[str, Exception | str]]], ...] = (
        ("error", list(errors)), ("warning", list(warnings)),
    )
    return [
        Problem(display, lines.get(name.split(".", 1)[0], 1), level, f"`{name}`: {message}", "mkdocs-config")
        for level, findings in kinds
        for name, message in findings
    ]
