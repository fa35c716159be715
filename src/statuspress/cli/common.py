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
from statuspress.load import load_site_config
from statuspress.model.config import SiteConfig

config_option = click.option(
    "-f", "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"), show_default=True,
    help="The MkDocs config file with the statuspress plugin options.",
)


@dataclass
class Project:
    """The site a command works on: its config file, root folder and config."""

    config_file: Path
    root: Path
    config: SiteConfig


def open_project(config_file: Path) -> Project:
    """Load the site config; a problem becomes a clean error (exit 1)."""
    path = config_file if config_file.is_absolute() else Path.cwd() / config_file
    config = load_site_config(path, display=str(config_file))
    return Project(path, path.parent, config)


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
