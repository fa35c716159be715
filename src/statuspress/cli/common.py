"""What every command shares: finding the site, the as-of time, clean exits."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from statuspress.clock import as_of
from statuspress.errors import ContentError, StatuspressError
from statuspress.load.siteconfig import read_config, site_config_from
from statuspress.model.config import SiteConfig

CONFIG_NAME = "mkdocs.yml"

config_option = click.option(
    "-f", "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"The MkDocs config file with the statuspress plugin options. Default: {CONFIG_NAME} "
         "in this folder or the nearest parent folder that has one.",
)


@dataclass
class Project:
    """The site a command works on: its config file, root folder, config and the
    template overrides (``theme.custom_dir``, as the build uses them)."""

    config_file: Path
    root: Path
    config: SiteConfig
    overrides: tuple[Path, ...] = ()
    #: ``theme.language``.
    language: str = "en"


def find_config(config_file: Path | None) -> tuple[Path, str]:
    """The config file to use and how to show it: the one given, else ``mkdocs.yml``
    here or in the nearest parent folder (as git finds ``.git``)."""
    if config_file is not None:
        return (config_file if config_file.is_absolute() else Path.cwd() / config_file), str(config_file)
    here = Path.cwd()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate, os.path.relpath(candidate, here)
    return here / CONFIG_NAME, CONFIG_NAME


def existing_config(config_file: Path | None) -> Path:
    """``find_config``'s file, which must exist (for the commands that run MkDocs)."""
    path, shown = find_config(config_file)
    if not path.is_file():
        where = "" if config_file is not None else " or in a parent folder"
        raise click.ClickException(
            f"no {shown} here{where}; run `statuspress init` to start a site, or pass --config-file"
        )
    return path


def open_project(config_file: Path | None) -> Project:
    """Load the site config; a problem becomes a clean error (exit 1)."""
    path, display = find_config(config_file)
    read = read_config(path, display)
    config = site_config_from(
        read.options, read.block.display, read.block.marked, root=path.parent, line=read.block.line,
    )
    overrides = (read.custom_dir,) if read.custom_dir is not None else ()
    return Project(path, path.parent, config, overrides, read.language)


def now() -> datetime:
    """The run's as-of time; a bad SOURCE_DATE_EPOCH is one line naming it (exit 1)."""
    try:
        return as_of()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


def run_main(command: Any) -> None:
    """Run a click command; StatuspressError becomes its message and exit 1."""
    try:
        # In non-standalone mode click returns the code given to ctx.exit() instead of exiting.
        code = command.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(problem.format(), err=True)
        sys.exit(1)
    except StatuspressError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # pragma: no cover - `statuspress ... | head`
        sys.exit(0)
    except Exception as exc:  # pragma: no cover - a bug: say so plainly
        if os.environ.get("STATUSPRESS_DEBUG"):
            raise
        click.echo(
            f"statuspress failed unexpectedly: {type(exc).__name__}: {exc}\n"
            "This is a bug in statuspress; run again with STATUSPRESS_DEBUG=1 for details and report it.",
            err=True,
        )
        sys.exit(3)
