"""The `notify:` block of the plugin options: validated with lines like every other
option, and harmless to a build that has none of the secrets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from statuspress.load.yamlmarks import ConfigLoader, parse_yaml
from statuspress.model.config import SiteConfig
from tests.support.builds import mkdocs_build
from tests.support.notify_site import notify, notify_site
from tests.support.sites import incident_text

INCIDENTS = {"2026-03-14-api-errors": incident_text(resolved=None)}


def test_a_site_builds_without_the_notify_secrets(tmp_path: Path) -> None:
    """The pull-request build has no secrets: `!ENV` of an unset variable is no URL,
    which only `statuspress notify` (not a dry run) reports."""
    root = notify_site(tmp_path / "site", INCIDENTS, [{"name": "slack", "url": "ENV:UNSET_SLACK_URL"}])
    assert "url: !ENV UNSET_SLACK_URL" in (root / "mkdocs.yml").read_text()
    site = mkdocs_build(root, at="2026-03-14T10:00:00Z", site_dir=tmp_path / "out")
    assert (site / "incidents" / "2026-03-14-api-errors" / "index.html").is_file()


def test_a_misspelt_target_key_points_at_its_line(tmp_path: Path) -> None:
    root = notify_site(tmp_path, INCIDENTS, [{"name": "slack", "url": "json://127.0.0.1/", "event": ["declared"]}])
    lines = (root / "mkdocs.yml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.strip().startswith("event:"))
    run = notify(root, "2026-03-14T10:00:00Z", "--dry-run")
    assert run.code == 1
    assert run.stderr == (
        f"{root / 'mkdocs.yml'}:{line}: error: plugins.statuspress: unknown key `event` in "
        "`notify.targets[0]`; did you mean `events`?\n"
    )


def test_an_unknown_event_kind_names_the_allowed_ones(tmp_path: Path) -> None:
    root = notify_site(tmp_path, INCIDENTS, [{"name": "slack", "url": "json://127.0.0.1/", "events": ["resolve"]}])
    run = notify(root, "2026-03-14T10:00:00Z", "--dry-run")
    assert run.code == 1
    assert "`notify.targets[0].events[0]`" in run.stderr
    assert "resolved" in run.stderr and "reminder" in run.stderr


def test_two_targets_with_one_name_are_refused(tmp_path: Path) -> None:
    root = notify_site(tmp_path, INCIDENTS, [{"name": "slack", "url": "json://a/"}, {"name": "slack", "url": "json://b/"}])
    run = notify(root, "2026-03-14T10:00:00Z", "--dry-run")
    assert run.code == 1
    assert "notify target `slack` is declared twice; give each target its own name" in run.stderr


def test_no_targets_is_nothing_to_do(tmp_path: Path) -> None:
    root = notify_site(tmp_path, INCIDENTS, [])
    run = notify(root, "2026-03-14T10:00:00Z")
    assert run.code == 0
    assert run.stderr == (
        f"nothing to do: no notify targets; add them under `notify: targets:` in {root / 'mkdocs.yml'} "
        "(see the README, \"Notify subscribers\")\n"
    )
    assert not (root / "notify-state.json").exists()


def test_invalid_content_is_never_notified(tmp_path: Path) -> None:
    broken = incident_text(resolved=None).replace("severity: SEV2", "severity: SEV9")
    root = notify_site(tmp_path, {"2026-03-14-api-errors": broken}, [{"name": "hook", "url": "json://127.0.0.1:9/"}])
    run = notify(root, "2026-03-14T10:00:00Z")
    assert run.code == 1
    assert run.stderr == (
        "incidents/2026-03-14-api-errors.md:3: error: `severity` is `SEV9`, which is not declared; "
        "declared severities: SEV1, SEV2, SEV3, SEV4\n"
    )
    assert not (root / "notify-state.json").exists()


def test_the_readme_example_is_a_valid_notify_block(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Notify subscribers"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    for name in ("SLACK_WEBHOOK_URL", "NOTIFY_EMAIL_URL", "ONCALL_SLACK_URL", "PARTNER_WEBHOOK_URL"):
        monkeypatch.setenv(name, f"json://127.0.0.1/{name.lower()}")
    data = parse_yaml(block.group(1).replace("# ...", "components: [{id: api, name: API}, "
                                                      "{id: webhooks, name: Webhooks}]"), 1, loader=ConfigLoader)
    config = SiteConfig.model_validate(data["plugins"][0]["statuspress"])
    assert [(t.name, t.type, t.audience, t.url) for t in config.notify.targets] == [
        ("slack", "apprise", "public", "json://127.0.0.1/slack_webhook_url"),
        ("email", "apprise", "public", "json://127.0.0.1/notify_email_url"),
        ("oncall", "apprise", "internal", "json://127.0.0.1/oncall_slack_url"),
        ("partner-bot", "statuspage_webhook", "public", "json://127.0.0.1/partner_webhook_url"),
    ]
    assert config.notify.targets[1].components == ["api", "webhooks"]
    assert config.notify.targets[2].events == ["declared", "resolved"]
