"""``statuspress build`` and ``statuspress serve``: MkDocs' build and server with the
audience chosen on the command line.

``build`` builds the public site into ``site/`` (MkDocs' ``site_dir``) and the internal
one into ``site-internal/``. Each audience is built into a temporary folder next to its
target and moved into place only when the build succeeded, so a failed build never
leaves a half-written site: the previous one stays as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import click

from statuspress.checks.layout import layout_problems
from statuspress.cli.common import config_option, existing_config, find_config, now, open_project
from statuspress.errors import ContentError
from statuspress.load.siteconfig import AUDIENCE_ENV, config_key_lines

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

AUDIENCES = ("public", "internal")


class _EchoHandler(logging.Handler):
    """MkDocs' log on the terminal: warnings as ``WARNING - ...``, errors as they are
    (statuspress's content errors are already ``path:line: error: ...`` lines)."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            click.echo(message, err=True)
        elif record.levelno >= logging.WARNING:
            click.echo(f"WARNING - {message}", err=True)
        else:
            click.echo(f"INFO - {message}", err=True)


@contextlib.contextmanager
def mkdocs_log(verbose: bool) -> Iterator[None]:
    """Show MkDocs' warnings and errors (and its info lines with ``verbose``)."""
    logger = logging.getLogger("mkdocs")
    handler = _EchoHandler(logging.INFO if verbose else logging.WARNING)
    previous = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]


@contextlib.contextmanager
def audience_env(audience: str) -> Iterator[None]:
    """Set ``STATUSPRESS_AUDIENCE`` for one build (the plugin and ``!ENV`` read it)."""
    before = os.environ.get(AUDIENCE_ENV)
    os.environ[AUDIENCE_ENV] = audience
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(AUDIENCE_ENV, None)
        else:
            os.environ[AUDIENCE_ENV] = before


def replace_dir(built: Path, target: Path) -> None:
    """Move ``built`` to ``target``, replacing it; the old site is removed only once
    the new one is in place."""
    old: Path | None = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    built.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """Hold a lock on the folder that holds ``target`` for one build, so that two
    builds of one site take turns instead of racing on the final rename. The folder
    itself is locked (no lock file to leave behind), and the operating system
    releases the lock when the process ends, even after ``kill -9``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover - Windows: no advisory locks; builds must not overlap
        yield  # type: ignore[unreachable]
        return
    handle = os.open(target.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            click.echo(f"waiting for another build of {_shown(target)}/ to finish...", err=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing the descriptor releases the lock


def remove_stale_staging(target: Path) -> list[Path]:
    """Remove the staging folders an interrupted build left next to ``target``
    (``.site.new-*``, ``.site.old-*``); only call it while holding ``build_lock``."""
    removed = []
    for prefix in (f".{target.name}.new-", f".{target.name}.old-"):
        for path in target.parent.glob(prefix + "*"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def build_audience(config_file: Path, audience: str, target: Path, *, strict: bool) -> str:
    """Build one audience into ``target``; return the summary line. Raises
    ``click.ClickException`` (exit 1) when the build fails, leaving ``target`` as it was."""
    with build_lock(target):
        remove_stale_staging(target)
        return _build_audience(config_file, audience, target, strict=strict)


def _build_audience(config_file: Path, audience: str, target: Path, *, strict: bool) -> str:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    started = time.monotonic()
    try:
        with audience_env(audience):
            config = load_config(config_file=str(config_file), site_dir=str(staging), strict=strict)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        kept = " (the previous site was left as it was)" if target.exists() else ""
        raise click.ClickException(f"the {audience} build failed{kept}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_dir(staging, target)
    plugin = config.plugins.get("statuspress")
    site = getattr(plugin, "site", None)
    incidents = len(site.incidents) if site is not None else 0
    # os.walk, not rglob + is_file: no stat per file (a second of 10,000 pages).
    files = sum(len(names) for _, _, names in os.walk(target))
    return (
        f"{audience}: {files} files, {incidents} incident{'' if incidents == 1 else 's'} -> {_shown(target)}/ "
        f"in {time.monotonic() - started:.2f} s"
    )


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def site_dir_of(config_file: Path) -> Path:
    """MkDocs' ``site_dir`` for this config (``site/`` next to it by default)."""
    from mkdocs.config import load_config

    with mkdocs_log(False):
        return Path(load_config(config_file=str(config_file)).site_dir)


@click.command()
@click.option("--audience", type=click.Choice(["public", "internal", "both"]), default="both",
              show_default=True, help="Which site to build.")
@click.option("--strict", is_flag=True, help="Fail on warnings (content warnings included).")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
@config_option
def build(audience: str, strict: bool, verbose: bool, config_file: Path | None) -> None:
    """Build the status site: public into site/, internal into site-internal/.

    Each site is built in a temporary folder and moved into place only when its build
    succeeded; a content error prints its path:line lines and exits 1, leaving the
    previous site untouched.

    \b
    Examples:
      statuspress build                     # both audiences
      statuspress build --audience public --strict
    """
    path = existing_config(config_file)
    shown = find_config(config_file)[1]
    now()  # a bad SOURCE_DATE_EPOCH is one line here, not a failure inside MkDocs
    # statuspress's own reading of mkdocs.yml first: its problems have path:line.
    project = open_project(config_file)
    public_dir = site_dir_of(path)
    targets = {"public": public_dir, "internal": public_dir.with_name(public_dir.name + "-internal")}
    problems = layout_problems(
        project.root, project.config, shown, site_dirs=targets.values(),
        lines=config_key_lines(path),
    )
    if problems:
        raise ContentError(problems)
    chosen = AUDIENCES if audience == "both" else (audience,)
    with mkdocs_log(verbose):
        for name in chosen:
            click.echo(build_audience(path, name, targets[name], strict=strict))


def _stop_on_sigterm() -> None:
    """Stop on SIGTERM as on Ctrl-C: ``systemd`` and ``docker stop`` end a server with
    it, and MkDocs shuts down cleanly (the page cache's search entries are written
    then) only on ``KeyboardInterrupt``."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


@click.command()
@click.option("--audience", type=click.Choice(AUDIENCES), default="public", show_default=True,
              help="Which site to serve.")
@click.option("-a", "--dev-addr", metavar="IP:PORT", default=None,
              help="Address to serve on (MkDocs' default: localhost:8000).")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@config_option
def serve(audience: str, dev_addr: str | None, open_browser: bool, config_file: Path | None) -> None:
    """Serve the site locally; rebuild when an incident, postmortem or page changes.

    \b
    Examples:
      statuspress serve
      statuspress serve --audience internal -a 127.0.0.1:8001
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    path = existing_config(config_file)
    # The server rebuilds in this process; the variable stays set for its lifetime.
    os.environ[AUDIENCE_ENV] = audience
    _stop_on_sigterm()
    with mkdocs_log(True):
        mkdocs_serve(config_file=str(path), dev_addr=dev_addr, open_in_browser=open_browser)
