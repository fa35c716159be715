"""``statuspress validate`` and ``statuspress schema``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from statuspress.checks.formats import FORMATS, render_problems
from statuspress.checks.problems import Problem
from statuspress.checks.process import process_checks
from statuspress.cli.common import config_option, find_config, now, open_project
from statuspress.cli.mkdocs_config import mkdocs_config_problems
from statuspress.content import load_site
from statuspress.load.site import CONTENT_FILE_RULE, content_files, only_paths
from statuspress.schema import KINDS, combined_schema, json_schemas


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, github for pull-request annotations, json for scripts.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@config_option
def validate(paths: tuple[Path, ...], fmt: str, strict: bool, config_file: Path | None) -> None:
    """Check incidents and postmortems; report every problem as path:line.

    With PATHS (files or folders), only problems in those files are reported, but
    the whole site is loaded so that references between files are checked.
    Exits 1 when there is an error (or, with --strict, a warning). Never modifies a file.

    \b
    Examples:
      statuspress validate
      statuspress validate incidents/2026-03-14-api-errors.md
      statuspress validate --format github --strict
    """
    project = open_project(config_file)
    site = load_site(project.config, project.root)
    # Process checks (missing postmortems, update cadence, internal details in public
    # text, overdue action items) are warnings that depend on the as-of time.
    problems: list[Problem] = sorted(
        [
            *site.problems, *process_checks(site, now()),
            *mkdocs_config_problems(project.config_file, find_config(config_file)[1]),
        ],
        key=lambda p: (p.path, p.line, p.message),
    )
    root = project.root
    config = project.config
    all_files = content_files(root / config.incidents_dir) + content_files(root / config.postmortems_dir)
    files = len(all_files)
    if paths:
        loaded = {_absolute(path) for path in all_files}
        wanted: set[str] = set()
        strays: list[Problem] = []
        for given in paths:
            # Not resolved: a symbolic link is judged (and named) as the link, and
            # its target is never read or printed.
            target = _absolute(given)
            chosen = content_files(target) if target.is_dir() and not target.is_symlink() else [target]
            for path in chosen:
                display = _display(path, root)
                wanted.add(display)
                if path not in loaded:
                    strays.append(Problem(
                        display, 1, "error",
                        f"not a content file, so the site never loads it: {CONTENT_FILE_RULE} "
                        f"(`{config.incidents_dir}/` and `{config.postmortems_dir}/`)", "not-content",
                    ))
        problems = sorted([*only_paths(problems, wanted), *strays], key=lambda p: (p.path, p.line, p.message))
        files = len(wanted)
    if strict:
        problems = [p.as_error() for p in problems]
    click.echo(render_problems(problems, fmt, files))
    if any(p.level == "error" for p in problems):
        sys.exit(1)


def _absolute(path: Path) -> Path:
    return Path(os.path.normpath(Path.cwd() / path))


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--kind", type=click.Choice([*KINDS, "all"]), default="all", show_default=True,
              help="Which schema to write: the front-matter of an incident file (incident, maintenance or "
                   "notice), of a postmortem, the site config, or all (any content file; each kind in $defs).")
def schema(output: Path | None, kind: str) -> None:
    """Write the JSON Schema (draft 2020-12) of the content format, for editors and validators.

    \b
    Examples:
      statuspress schema --kind incident -o .vscode/incident.schema.json
      statuspress schema > statuspress.schema.json
    """
    document = combined_schema() if kind == "all" else json_schemas()[kind]
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
