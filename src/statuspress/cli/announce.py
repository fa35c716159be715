"""``statuspress announce``: a declaration, update or resolution message for an incident."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from statuspress.cli.common import config_option, now, open_project
from statuspress.content import load_site
from statuspress.errors import ContentError
from statuspress.render.announce import FORMATS, TEMPLATES, render_announcement
from statuspress.render.templating import make_environment
from statuspress.suggest import meant
from statuspress.views.incident_state import incident_state


@click.command()
@click.argument("incident_id", metavar="ID")
@click.option("--template", "template", type=click.Choice(TEMPLATES), required=True,
              help="declared when the incident is declared, update for each update, resolved at the end.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text (plain), slack (Slack mrkdwn) or email (Subject: line, blank line, body).")
@config_option
def announce(incident_id: str, template: str, fmt: str, config_file: Path | None) -> None:
    """Print an announcement for incident ID, filled from its file.

    It states the severity, impact, status, affected components, commander
    (`internal.commander`), duration, latest update and next-update time. The
    templates are Jinja files; override one by copying it to
    statuspress/announce/<template>.<format> in the theme's custom_dir
    (overrides/ in a site made by init), as for every page. The message is in
    the site's theme.language, as the pages are.

    \b
    Examples:
      statuspress announce 2026-03-14-api-errors --template declared --format slack
      statuspress announce 2026-03-14-api-errors --template resolved --format email > mail.txt
    """
    project = open_project(config_file)
    site = load_site(project.config, project.root)
    wanted = Path(incident_id).stem if incident_id.endswith(".md") else incident_id
    incident = site.incidents_by_id.get(wanted)
    if incident is None:
        own = [p for p in site.problems if p.level == "error" and Path(p.path).stem == wanted]
        if own:  # the file exists but is invalid, so the site left it out
            raise ContentError(own)
        guess = meant(wanted, sorted(site.incidents_by_id))
        hint = f"; did you mean {guess}?" if guess else ""
        click.echo(f"error: there is no incident `{wanted}` in {project.config.incidents_dir}/{hint}", err=True)
        sys.exit(2)  # not ctx.exit: run_main runs click without standalone mode, which drops its code
    if incident.is_maintenance:
        # The messages speak of an incident (declared, commander, severity): wrong for a
        # window announced in advance, which notify tells subscribers about.
        click.echo(
            f"error: `{wanted}` is a maintenance; `statuspress announce` writes incident messages. "
            "`statuspress notify` tells subscribers when a maintenance is scheduled, starts and completes",
            err=True,
        )
        sys.exit(2)
    if template == "resolved" and incident.resolved is None and not incident.is_notice:
        click.echo(
            f"error: `{wanted}` is not resolved yet; set `resolved:` and add the final update first, "
            "or use --template update",
            err=True,
        )
        sys.exit(2)
    env = make_environment(project.overrides, language=project.language)
    state = incident_state(incident, now())
    click.echo(render_announcement(state, project.config, template, fmt, env), nl=False)
