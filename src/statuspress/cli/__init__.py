"""The ``statuspress`` command: thin click commands over the core.

Each command lives in its own module and is registered here.
"""

from __future__ import annotations

import click

from statuspress import __version__
from statuspress.cli.announce import announce
from statuspress.cli.authoring import init, new, update
from statuspress.cli.build import build, serve
from statuspress.cli.common import run_main
from statuspress.cli.importing import import_
from statuspress.cli.notify import notify
from statuspress.cli.report import report
from statuspress.cli.validate import schema, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="statuspress")
def cli() -> None:
    """Incidents as code: validate content, build the status page and the postmortem archive.

    \b
    Examples:
      statuspress validate                     # check every incident and postmortem
      statuspress build                        # public site -> site/, internal -> site-internal/
      statuspress new incident "API errors" --severity SEV2 --components api
      statuspress notify --state notify-state.json --dry-run   # what subscribers would be sent
    """


cli.add_command(validate)
cli.add_command(schema)
cli.add_command(build)
cli.add_command(serve)
cli.add_command(report)
cli.add_command(announce)
cli.add_command(notify)
cli.add_command(init)
cli.add_command(new)
cli.add_command(update)
cli.add_command(import_)


def main() -> None:
    """Console-script entry point."""
    run_main(cli)
