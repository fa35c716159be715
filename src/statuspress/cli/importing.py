"""``statuspress import statuspage|cstate|postmortems SRC...``: bring a team's history in."""

from __future__ import annotations

from pathlib import Path

import click

from statuspress.errors import ContentError
from statuspress.importers.plan import (
    ComponentFound,
    ImportPlan,
    WriteResult,
    apply_plan,
)
from statuspress.importers.siteconfig import merged_config, new_config
from statuspress.importers.times import TimeError, zone
from statuspress.load import load_site_config
from statuspress.model.config import DEFAULT_SECTIONS, DEFAULT_SEVERITIES, SiteConfig

KINDS = ("statuspage", "cstate", "postmortems")


def _severity_map(values: tuple[str, ...]) -> dict[str, str]:
    from statuspress.importers.statuspage import SEVERITY_BY_IMPACT

    mapping = dict(SEVERITY_BY_IMPACT)
    for value in values:
        impact, sep, key = value.partition("=")
        if not sep or impact.strip() not in mapping or not key.strip():
            raise click.BadParameter(
                f"`{value}`: write IMPACT=SEVERITY with IMPACT one of {', '.join(mapping)} (e.g. critical=SEV0)",
                param_hint="--severity",
            )
        mapping[impact.strip()] = key.strip()
    return mapping


def _site_config(root: Path) -> SiteConfig | None:
    path = root / "mkdocs.yml"
    if not path.exists():
        return None
    try:
        return load_site_config(path, display=str(path))
    except ContentError:
        # The import can still be planned; `validate` will report the config's problems.
        return None


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--into", "into", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The site folder to write into (where mkdocs.yml is).")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite files that exist with other content.")
@click.option("--write-config", is_flag=True,
              help="Add the components found to mkdocs.yml (or write one when there is none).")
@click.option("--time-zone", "time_zone", metavar="ZONE",
              help="The zone of times written without an offset (cState dates, postmortem timelines).")
@click.option("--severity", "severities", multiple=True, metavar="IMPACT=KEY",
              help="Statuspage impact to severity, e.g. critical=SEV0 (default critical=SEV1 ... none=SEV4).")
@click.option("--disrupted", type=click.Choice(["partial_outage", "degraded_performance"]),
              default="partial_outage", show_default=True,
              help="The component status of cState's `disrupted`.")
def import_(
    kind: str, sources: tuple[Path, ...], into: Path, dry_run: bool, force: bool, write_config: bool,
    time_zone: str | None, severities: tuple[str, ...], disrupted: str,
) -> None:
    """Import incidents, maintenance and postmortems from Statuspage, cState or a folder.

    \b
    statuspage   Statuspage API JSON (incidents.json, scheduled-maintenances.json,
                 summary.json, components.json, Manage API incident pages),
                 history.atom, or the JSON Lines of statuspress.importers.statuspage_jsonl
    cstate       a cState site folder (config.yml and content/issues/)
    postmortems  a folder of Markdown postmortems (Google SRE, PagerDuty, own layouts)

    Never overwrites a file that differs unless --force is given; a second run writes
    nothing. Prints what was written, what was already there and what could not be
    mapped, with the source file and field.

    \b
    Examples:
      statuspress import statuspage export/*.json --into . --write-config
      statuspress import cstate ../old-status --time-zone Europe/Berlin --dry-run
      statuspress import postmortems ../wiki/postmortems
    """
    tz = None
    if time_zone:
        try:
            tz = zone(time_zone)
        except TimeError as exc:
            raise click.BadParameter(str(exc), param_hint="--time-zone") from None
    root = into
    if not (root / "mkdocs.yml").exists() and not (write_config or dry_run):
        raise click.UsageError(
            f"no mkdocs.yml in {root}: import --into a statuspress site, or pass --write-config to start one there"
        )
    config = _site_config(root)
    sections = list(config.postmortem_sections) if config else list(DEFAULT_SECTIONS)
    declared = [ComponentFound(c.id, c.name, c.group, c.description) for c in config.components] if config else []
    if kind == "statuspage":
        from statuspress.importers.statuspage import import_statuspage

        plan = import_statuspage(list(sources), severity_map=_severity_map(severities), sections=sections,
                                 declared=declared)
    elif kind == "cstate":
        from statuspress.importers.cstate import import_cstate

        plan = import_cstate(list(sources), tz=tz, disrupted=disrupted, severity_map=_severity_map(severities),
                             declared=declared)
    else:
        from statuspress.importers.postmortems import import_postmortems

        ladder = [s.key for s in (config.severities if config else DEFAULT_SEVERITIES)]
        plan = import_postmortems(list(sources), root=root, tz=tz, sections=sections, severities=ladder,
                                  incidents_dir=config.incidents_dir if config else "incidents")
    declared_ids = {c.id for c in declared}
    missing = [c for c in plan.components if c.id not in declared_ids]
    config_note = _plan_config(plan, root, missing, write_config, config is not None)
    result = apply_plan(plan, root, dry_run=dry_run, force=force,
                        may_change=frozenset({"mkdocs.yml"}) if write_config else frozenset())
    click.echo(_summary(kind, plan, result, missing, config_note))
    if result.conflicts or (plan.not_mappable and not plan.files):
        raise SystemExit(1)


def _plan_config(plan: ImportPlan, root: Path, missing: list[ComponentFound], write: bool, exists: bool) -> str:
    """Add mkdocs.yml to the plan when --write-config asks for it; say what it does."""
    path = root / "mkdocs.yml"
    if not write:
        if missing:
            return "not in mkdocs.yml (run again with --write-config to add them): " + ", ".join(
                c.id for c in missing)
        return ""
    if not path.exists():
        plan.files["mkdocs.yml"] = new_config(plan.components or [ComponentFound("main", "Service")], plan.site)
        plan.origins["mkdocs.yml"] = "--write-config"
        plan.files.setdefault("pages/index.md", "# Status\n\nImported with `statuspress import`.\n")
        plan.origins.setdefault("pages/index.md", "--write-config")
        if not plan.components:
            return "mkdocs.yml: a new site config with a placeholder component `main` (the sources name none)"
        return "mkdocs.yml: a new site config with these components"
    text, added = merged_config(path, missing)
    if added:
        plan.files["mkdocs.yml"] = text
        plan.origins["mkdocs.yml"] = "--write-config"
        return "added to mkdocs.yml: " + ", ".join(c.id for c in added)
    return "all already declared in mkdocs.yml" if exists else ""


def _summary(kind: str, plan: ImportPlan, result: WriteResult, missing: list[ComponentFound], note: str) -> str:
    verb = "would write" if result.dry_run else "written"
    lines = [f"statuspress import {kind}:"]
    if result.conflicts:
        lines.append(f"  nothing written: {len(result.conflicts)} files exist with other content "
                     "(run again with --force to overwrite them):")
        lines += [f"    {path}" for path in result.conflicts]
        lines.append(f"  held back with them (new or changed): {len(result.held_back)} files")
        lines += [f"    {path}" for path in result.held_back]
    else:
        lines.append(f"  {verb}: {len(result.written)} files")
        lines += [f"    {path}" for path in result.written]
    lines.append(f"  skipped, already present: {len(result.unchanged)} files")
    lines.append(f"  not mappable: {len(plan.not_mappable)}")
    lines += [f"    {finding.format()}" for finding in plan.not_mappable]
    if plan.warnings:
        lines.append(f"  left for the author: {len(plan.warnings)}")
        lines += [f"    {finding.format()}" for finding in plan.warnings]
    if plan.components:
        lines.append(f"  components found: {len(plan.components)}")
        for c in plan.components:
            group = f" (group {c.group})" if c.group else ""
            lines.append(f"    {c.id}: {c.name}{group}")
        if note:
            lines.append(f"  components {note}" if not note.startswith("mkdocs") else f"  {note}")
    elif note.startswith("mkdocs"):
        lines.append(f"  {note}")
    return "\n".join(lines)
