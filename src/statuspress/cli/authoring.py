"""``statuspress new``, ``update`` and ``init``: click over ``statuspress.authoring``.

These run in the middle of an outage, so a wrong argument gets one line that says
what is allowed (and the closest match) and exit status 2; nothing is ever written
unless the result is valid.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from pydantic import TypeAdapter, ValidationError

from statuspress import authoring
from statuspress.authoring.checking import InvalidFileError, aware_utc
from statuspress.cli.common import Project, config_option, now, open_project
from statuspress.errors import AuthoringError, ContentError
from statuspress.load.documents import read_document
from statuspress.model.incident import Incident
from statuspress.model.values import IMPACTS, Timestamp
from statuspress.render.text import stage_label, utc

T = TypeVar("T")


class ArgumentError(click.UsageError):
    """A wrong argument: one line on stderr and exit 2 (click's usage block would
    push the message off a small terminal)."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


@contextmanager
def _as_argument_error(option: str | None = None) -> Iterator[None]:
    """``AuthoringError`` -> ``ArgumentError``, prefixed with the option it is about."""
    try:
        yield
    except AuthoringError as exc:
        raise ArgumentError(f"{option}: {exc}" if option else str(exc)) from None


def _checked(option: str, check: Callable[..., T], *args: Any) -> T:
    result: T = _checked_each((option, check, args))[0]
    return result


def _checked_each(*checks: tuple[str, Callable[..., Any], tuple[Any, ...]]) -> list[Any]:
    """Each ``(option, check, args)``'s result; when some fail, every failure at
    once, a line each: whoever retyped a command for a wrong severity should not
    learn only then that a component was wrong too."""
    results, errors = [], []
    for option, check, args in checks:
        try:
            results.append(check(*args))
        except AuthoringError as exc:
            errors.append(f"{option}: {exc}")
    if errors:
        raise ArgumentError("\nerror: ".join(errors))
    return results


class TimeType(click.ParamType):  # type: ignore[type-arg]
    """An ISO 8601 time with its UTC offset (``2026-03-14T09:12:00Z``), or ``now``.
    The same rules as a time in a content file: never a guessed time zone."""

    name = "TIME"
    _adapter: TypeAdapter[datetime] = TypeAdapter(Timestamp)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return aware_utc(value)
        if str(value).strip().lower() == "now":
            return now()
        try:
            return aware_utc(self._adapter.validate_python(str(value)))
        except ValidationError as exc:
            raise ArgumentError(f"{param.opts[0] if param else 'TIME'}: {exc.errors()[0]['msg']}") from None


TIME = TimeType()

_message_option = click.option(
    "-m", "--message",
    help="The public message, in Markdown. Quote it; several lines are fine. `-` reads it from standard input.",
)
_at_option = click.option("--at", type=TIME, help="When, e.g. 2026-03-14T09:12:00Z. Default: now.")


def _message(value: str | None) -> str | None:
    if value == "-":
        return sys.stdin.read()
    return value


def _shown(path: Path) -> str:
    """A path as the user can type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _display(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()


def _refused(path: Path) -> None:
    click.echo(f"error: nothing was written to {_shown(path)}; the result would have these problems:", err=True)


@click.group()
def new() -> None:
    """Start a new incident, maintenance, notice or postmortem file.

    \b
    Examples:
      statuspress new incident "Elevated API errors" --severity SEV2 --components api,web
      statuspress new maintenance "Database upgrade" --start 2026-03-20T22:00:00Z \\
          --end 2026-03-21T00:00:00Z --components api
      statuspress new notice "Support hours over the holidays" -m "..." --pinned
      statuspress new postmortem 2026-03-14-elevated-api-errors
    """


@new.command("incident")
@click.argument("title")
@click.option("-s", "--severity", required=True, help="A severity declared in mkdocs.yml, e.g. SEV2.")
@click.option("-c", "--components", multiple=True, required=True,
              help="Affected component ids, comma-separated (api,web) or the option repeated.")
@_message_option
@_at_option
@click.option("--impact", type=click.Choice(IMPACTS),
              help="Public impact, when it differs from the severity's default.")
@config_option
def new_incident(
    title: str, severity: str, components: tuple[str, ...], message: str | None, at: datetime | None,
    impact: str | None, config_file: Path | None,
) -> None:
    """Declare an incident: write incidents/<date>-<slug>.md and print its path.

    The file has the title, severity, components, `started`, `detected` and
    `declared` (all set to --at, default now: adjust them when you know better),
    a first `investigating` update, and a commented-out `internal:` block for the
    commander, leads, scribe and channel.

    \b
    Examples:
      statuspress new incident "Elevated API errors" --severity SEV2 --components api,web
      statuspress new incident "Checkout failures" -s SEV1 -c checkout \\
          -m "Payments are failing for some customers. We are investigating." \\
          --at 2026-03-14T09:12:00Z
    """
    project = open_project(config_file)
    config = project.config
    key, ids = _checked_each(
        ("--severity", authoring.pick_severity, (config, severity)),
        ("--components", authoring.pick_components, (config, components)),
    )
    with _as_argument_error():
        created = authoring.new_incident(
            config, project.root, title=title, severity=key, components=ids, at=at or now(),
            message=_message(message), impact=impact,
        )
        authoring.write_atomic(created.path, created.text.encode("utf-8"), new=True)
    click.echo(_shown(created.path))
    click.echo(
        f"next: statuspress update {created.path.stem} --status identified --message \"...\"", err=True,
    )


@new.command("maintenance")
@click.argument("title")
@click.option("--start", type=TIME, required=True, help="When the window opens.")
@click.option("--end", type=TIME, required=True, help="When the window closes.")
@click.option("-c", "--components", multiple=True, required=True,
              help="Component ids under maintenance, comma-separated or the option repeated.")
@_message_option
@click.option("--at", type=TIME, help="When the announcement is posted. Default: now.")
@config_option
def new_maintenance(
    title: str, start: datetime, end: datetime, components: tuple[str, ...], message: str | None,
    at: datetime | None, config_file: Path | None,
) -> None:
    """Schedule maintenance: write incidents/<start date>-<slug>.md and print its path.

    The file has `type: maintenance`, the window and a first `scheduled` update.
    During the window, post `in_progress`, then `completed` with `statuspress update`.

    \b
    Examples:
      statuspress new maintenance "Database upgrade" --components api,dashboard \\
          --start 2026-03-20T22:00:00Z --end 2026-03-21T00:00:00Z
    """
    project = open_project(config_file)
    config = project.config
    ids = _checked("--components", authoring.pick_components, config, components)
    with _as_argument_error():
        created = authoring.new_maintenance(
            config, project.root, title=title, components=ids, start=start, end=end, at=at or now(),
            message=_message(message),
        )
        authoring.write_atomic(created.path, created.text.encode("utf-8"), new=True)
    click.echo(_shown(created.path))


@new.command("notice")
@click.argument("title")
@click.option("-m", "--message", required=True,
              help="What customers should know, in Markdown. Quote it; `-` reads it from standard input.")
@click.option("--at", type=TIME, help="When it is posted and shown from. Default: now.")
@click.option("--ends", type=TIME, help="When it stops being shown. Default: until the file is removed.")
@click.option("--pinned", is_flag=True, help="Show it at the top of the status page.")
@config_option
def new_notice(
    title: str, message: str, at: datetime | None, ends: datetime | None, pinned: bool,
    config_file: Path | None,
) -> None:
    """Post a notice: write incidents/<date>-<slug>.md and print its path.

    A notice is a message with a time window that affects no component and counts
    no downtime (support hours, a coming change). It is shown on the status page
    from --at until --ends, pinned to the top with --pinned, and listed in the
    history, the feeds and the JSON API (as an incident with impact `none`).

    \b
    Examples:
      statuspress new notice "Support hours over the holidays" --pinned \\
          -m "Support answers from 09:00 to 17:00 UTC." --ends 2027-01-04T09:00:00Z
    """
    project = open_project(config_file)
    with _as_argument_error():
        created = authoring.new_notice(
            project.config, project.root, title=title, message=_message(message) or "", at=at or now(),
            ends=ends, pinned=pinned,
        )
        authoring.write_atomic(created.path, created.text.encode("utf-8"), new=True)
    click.echo(_shown(created.path))


@new.command("postmortem")
@click.argument("incident_id", metavar="INCIDENT_ID")
@config_option
def new_postmortem(incident_id: str, config_file: Path | None) -> None:
    """Start the postmortem of an incident: write postmortems/<incident id>.md.

    It is an internal draft with every required section, a one-line prompt in
    each, and the Timeline filled in from the incident's timestamps and public
    updates. An existing postmortem is never overwritten.

    \b
    Examples:
      statuspress new postmortem 2026-03-14-elevated-api-errors
      statuspress new postmortem incidents/2026-03-14-elevated-api-errors.md
    """
    project = open_project(config_file)
    config = project.config
    path = _checked("INCIDENT_ID", authoring.find_incident, config, project.root, incident_id)
    incident, problems = read_document(path, _display(project, path), Incident)
    if incident is None:
        raise ContentError(problems)
    with _as_argument_error():
        created = authoring.new_postmortem(config, project.root, incident, now())
        authoring.write_atomic(created.path, created.text.encode("utf-8"), new=True)
    click.echo(_shown(created.path))
    if incident.resolved is None:
        click.echo(f"note: {incident.id} is still open; the Timeline stops at its latest update", err=True)


@click.command()
@click.argument("incident_id", metavar="ID")
@click.option("-s", "--status",
              help="The stage it moves to: identified, monitoring, resolved (maintenance: in_progress, "
                   "verifying, completed). Leave out for an update that keeps the stage.")
@_message_option
@_at_option
@config_option
def update(
    incident_id: str, status: str | None, message: str | None, at: datetime | None, config_file: Path | None
) -> None:
    """Add a public update to incident ID, changing nothing else in the file.

    Comments, key order, quoting and line endings stay exactly as they were; the
    update goes after the last one. `--status resolved` (maintenance: `completed`)
    also sets `resolved:` to the update's time. `--status monitoring` does not set
    `mitigated`: set it to when customer impact really stopped. Nothing is written
    if the result would not be valid.

    \b
    Examples:
      statuspress update 2026-03-14-api-errors --status identified \\
          --message "A configuration change caused the errors; we are rolling it back."
      statuspress update 2026-03-14-api-errors -m "Error rates are dropping."
      statuspress update 2026-03-14-api-errors --status resolved -m "Error rates are normal." \\
          --at 2026-03-14T10:15:00Z
    """
    if message is None:
        raise ArgumentError("--message: say what customers should know, e.g. --message \"We found the cause.\"")
    project = open_project(config_file)
    config = project.config
    path = _checked("ID", authoring.find_incident, config, project.root, incident_id)
    try:
        with _as_argument_error():
            result = authoring.append_update(
                path.read_bytes(), _display(project, path), path.stem, config,
                at=at or now(), message=_message(message) or "", status=status,
            )
    except InvalidFileError:
        click.echo(f"error: {_shown(path)} has problems already; fix them first (nothing was written):", err=True)
        raise
    except ContentError:
        _refused(path)
        raise
    authoring.write_atomic(path, result.data)
    added = result.incident.updates[-1]
    click.echo(_shown(path))
    summary = f"added: {stage_label(added.status)} at {utc(added.at)}"
    if result.resolved:
        summary += f"; resolved: {utc(added.at)}"
    click.echo(summary, err=True)
    for hint in result.hints:
        click.echo(f"hint: {hint}", err=True)


def _is_path(requirement: str) -> bool:
    """A path rather than a requirement (``../statuspress``, ``dist/x.whl``)."""
    looks_like_path = requirement.startswith((".", "/", "~")) or os.sep in requirement
    return looks_like_path and "@" not in requirement and "://" not in requirement


def _default_name(folder: Path) -> str:
    words = folder.resolve().name.replace("_", "-").split("-")
    words = [w for w in words if w and w.lower() not in ("status", "statuspage", "page", "site")]
    return " ".join(w.capitalize() for w in words) or "Example"


@click.command()
@click.argument("folder", metavar="[DIR]", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="Your organisation or product, as customers know it. Default: from DIR.")
@click.option("--force", is_flag=True,
              help="Write into a folder that is not empty (files of the same name are replaced).")
@click.option("--requirement", "requirement", metavar="REQ",
              help="The statuspress the site installs: a requirement such as "
                   "'statuspress @ git+https://github.com/acme/statuspress@v0.1.0', or the path of a "
                   "local checkout or wheel. Default: statuspress==VERSION, the version running now.")
def init(folder: Path, name: str | None, force: bool, requirement: str | None) -> None:
    """Create a new status site in DIR (default: here) that builds at once.

    It writes mkdocs.yml with example components, pages/about.md, one example
    incident, postmortems/, overrides/, the GitHub workflows that validate pull
    requests and publish to GitHub Pages, a pre-commit config, .gitignore,
    pyproject.toml and a README. An existing non-empty folder is refused unless
    --force.

    \b
    Examples:
      statuspress init acme-status --name "Acme Cloud"
      statuspress init . --name Acme --force
      statuspress init acme-status --requirement ../statuspress
      statuspress init acme-status --requirement "statuspress @ git+https://github.com/acme/statuspress@v0.1.0"
    """
    site_name = name if name is not None else _default_name(folder)
    if requirement is not None and _is_path(requirement):
        local = Path(requirement).expanduser()
        if not local.exists():
            # Written as it is, it would break `pip install` of the new site.
            raise click.BadParameter(
                f"there is no {requirement} here; give the path of a statuspress checkout or wheel, "
                "or a requirement such as 'statuspress @ git+https://github.com/acme/statuspress@v0.1.0'",
                param_hint="--requirement",
            )
        requirement = authoring.local_requirement(local)
    with _as_argument_error():
        files = authoring.site_files(site_name, now(), requirement)
        authoring.write_site(folder, files, force=force)
    shown = _shown(folder)
    click.echo(f"Created the status site of {site_name.strip()} in {shown}/ ({len(files)} files).")
    steps = [] if folder.resolve() == Path.cwd().resolve() else [f"cd {shown}"]
    steps += [
        "python -m venv .venv && . .venv/bin/activate && pip install -e '.[test]'",
        "statuspress validate",
        "statuspress serve                # preview the status page",
        "# edit mkdocs.yml: site_url, url and your components, then",
        "statuspress new incident \"Elevated API errors\" --severity SEV2 --components api",
    ]
    click.echo("Next steps:\n" + "\n".join(f"  {step}" for step in steps))
    if requirement is None:
        click.echo(
            f"The site installs {authoring.default_requirement()} from PyPI. If your package index "
            "does not have that version, run init again with --requirement (a git URL, or the "
            "path of a statuspress checkout or wheel)."
        )
