"""The site configuration as MkDocs resolves it: ``INHERIT``, ``!ENV`` and ``!relative``
work in the plugin (a real MkDocs build) and in the commands that read ``mkdocs.yml``
themselves (``statuspress validate``); errors point at lines, in line order, and a
misspelt key does not hide the problems inside its block; a content folder that does
not exist is an error; every command finds ``mkdocs.yml`` in a parent folder."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.support.builds import environ, mkdocs_build
from tests.support.sites import incident_text

AT = "2026-03-20T12:00:00Z"
INCIDENT = "2026-03-14-api"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (root / "pages").mkdir(exist_ok=True)
    (root / "pages" / "about.md").write_text("# About\n", encoding="utf-8")
    return root


def _statuspress(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real entry point, so that problems print as users see them."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1774008000", "NO_MKDOCS_2_WARNING": "1", **env}
    environment.pop("STATUSPRESS_AUDIENCE", None)
    return subprocess.run([sys.executable, "-m", "statuspress", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, check=False)


def _validate(root: Path, *args: str, cwd: Path | None = None) -> tuple[int, str]:
    result = _statuspress(cwd or root, "validate", *args)
    return result.returncode, result.stdout + result.stderr


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _summary_name(site: Path) -> str:
    return json.loads((site / "api/v2/summary.json").read_text(encoding="utf-8"))["page"]["name"]


BASE = """
theme:
  name: material
docs_dir: pages
plugins:
  - search
  - statuspress:
      name: Inherited Co
      components:
        - {id: api, name: API}
"""


def test_plugin_block_in_an_inherited_file(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "base.yml": BASE,
        "mkdocs.yml": "INHERIT: base.yml\nsite_name: Child Status\nsite_url: https://status.example.test/\n",
        f"incidents/{INCIDENT}.md": incident_text(),
        "postmortems/.keep": "",
    })
    assert _validate(root) == (0, "1 file OK\n")
    site = mkdocs_build(root, at=AT)
    assert _summary_name(site) == "Inherited Co"
    assert (site / "incidents" / INCIDENT / "index.html").is_file()


def test_an_error_in_an_inherited_block_points_at_that_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _write(tmp_path, {
        "base.yml": BASE.replace("{id: api, name: API}", "{id: API!, name: API}"),
        "mkdocs.yml": "INHERIT: base.yml\nsite_name: Child Status\n",
        "incidents/.keep": "", "postmortems/.keep": "",
    })
    expected = (
        "base.yml:9: error: plugins.statuspress: `components[0].id` is `API!`; "
        "use lowercase letters, digits, `-` and `_` only"
    )
    assert _validate(root) == (1, expected + "\n")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        mkdocs_build(root, at=AT)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [expected]


RELATIVE = """
site_name: Relative
docs_dir: pages
theme:
  name: material
plugins:
  - statuspress:
      name: Relative Co
      incidents_dir: !relative $config_dir/content/incidents
      postmortems_dir: !relative $config_dir/content/postmortems
      components:
        - {id: api, name: API}
"""


def test_relative_content_folders(tmp_path: Path) -> None:
    root = _write(tmp_path / "site", {
        "mkdocs.yml": RELATIVE,
        f"content/incidents/{INCIDENT}.md": incident_text(),
        "content/postmortems/.keep": "",
    })
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Run from another folder: the paths resolve against mkdocs.yml, not the cwd.
    assert _validate(root, "-f", str(root / "mkdocs.yml"), cwd=elsewhere) == (0, "1 file OK\n")
    with _chdir(elsewhere):
        site = mkdocs_build(root, at=AT)
    assert (site / "incidents" / INCIDENT / "index.html").is_file()
    assert json.loads((site / "api/v2/incidents.json").read_text(encoding="utf-8"))["incidents"][0]["id"] == INCIDENT


ENV_CONFIG = """
site_name: Env
docs_dir: pages
theme:
  name: material
plugins:
  - statuspress:
      name: !ENV [STATUSPRESS_TEST_NAME, "Fallback Co"]
      components:
        - {id: api, name: API}
"""


def test_env_tag(tmp_path: Path) -> None:
    root = _write(tmp_path, {"mkdocs.yml": ENV_CONFIG, f"incidents/{INCIDENT}.md": incident_text(),
                             "postmortems/.keep": ""})
    with environ(STATUSPRESS_TEST_NAME="From The Environment"):
        site = mkdocs_build(root, at=AT)
        assert _summary_name(site) == "From The Environment"
        report = _statuspress(root, "report", "--format", "json", STATUSPRESS_TEST_NAME="From The Environment")
        assert report.returncode == 0, report.stderr
    with environ(STATUSPRESS_TEST_NAME=None):
        assert _summary_name(mkdocs_build(root, at=AT)) == "Fallback Co"


MISSING = """
site_name: Missing
docs_dir: pages
theme:
  name: material
plugins:
  - statuspress:
      components:
        - {id: api, name: API}
      incidents_dir: content
"""
MISSING_ERROR = (
    "mkdocs.yml:9: error: plugins.statuspress: `incidents_dir`: the folder content does not exist; "
    "create it, or set `incidents_dir` to the folder that holds the incident files (relative to mkdocs.yml)"
)


def test_a_missing_content_folder_is_an_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _write(tmp_path, {"mkdocs.yml": MISSING, "incidents/.keep": "", "postmortems/.keep": ""})
    assert _validate(root) == (1, MISSING_ERROR + "\n")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        mkdocs_build(root, at=AT)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [MISSING_ERROR]


def test_a_missing_relative_folder_names_the_resolved_path(tmp_path: Path) -> None:
    root = _write(tmp_path, {"mkdocs.yml": RELATIVE, "content/postmortems/.keep": ""})
    code, output = _validate(root)
    assert code == 1
    assert output == (
        f"mkdocs.yml:8: error: plugins.statuspress: `incidents_dir`: the folder {root}/content/incidents does not "
        "exist; create it, or set `incidents_dir` to the folder that holds the incident files\n"
    )


MISSPELT = """
site_name: Misspelt
theme:
  name: material
plugins:
  - statuspress:
      uptime_days: 0
      componets:
        - {id: api, name: API}
        - {id: Bad Id, name: Web}
      history_page_size: none
"""


def test_config_errors_in_line_order_and_a_misspelt_block_is_still_checked(tmp_path: Path) -> None:
    root = _write(tmp_path, {"mkdocs.yml": MISSPELT, "incidents/.keep": "", "postmortems/.keep": ""})
    code, output = _validate(root)
    assert code == 1
    # In line order; the block under the misspelt key is checked as if it were spelt
    # `components` (as in content files, a stand-in's problems point at the misspelt key).
    assert output == (
        "mkdocs.yml:6: error: plugins.statuspress: `uptime_days` is `0`; it must be at least 1\n"
        "mkdocs.yml:7: error: plugins.statuspress: unknown key `componets`; did you mean `components`?\n"
        "mkdocs.yml:7: error: plugins.statuspress: `components[1].id` is `Bad Id`; "
        "use lowercase letters, digits, `-` and `_` only\n"
        "mkdocs.yml:10: error: plugins.statuspress: `history_page_size` should be a whole number, found `none`\n"
    )


def test_every_command_finds_mkdocs_yml_in_a_parent_folder(tmp_path: Path) -> None:
    root = _write(tmp_path, {"mkdocs.yml": RELATIVE.replace("!relative $config_dir/content/", ""),
                             f"incidents/{INCIDENT}.md": incident_text(resolved=None), "postmortems/.keep": ""})
    below = root / "incidents"
    code, output = _validate(root, cwd=below)
    assert code == 0
    assert output.endswith("1 warning in 1 file\n")
    announced = _statuspress(below, "announce", INCIDENT, "--template", "declared")
    assert announced.returncode == 0, announced.stderr
    assert announced.stdout.startswith("[SEV2] Incident declared: API errors\n")
    reported = _statuspress(below, "report", "--format", "json")
    assert reported.returncode == 0, reported.stderr
    updated = _statuspress(below, "update", INCIDENT, "-m", "Error rates are dropping.", "--at", "2026-03-14T09:30:00Z")
    assert updated.returncode == 0, updated.stderr
    assert "Error rates are dropping." in (root / "incidents" / f"{INCIDENT}.md").read_text(encoding="utf-8")
    built = _statuspress(below, "build", "--audience", "public")
    assert built.returncode == 0, built.stderr
    assert (root / "site" / "incidents" / INCIDENT / "index.html").is_file()


def test_no_mkdocs_yml_anywhere_above(tmp_path: Path) -> None:
    code, output = _validate(tmp_path)
    assert code == 1
    assert output == (
        "mkdocs.yml:1: error: no mkdocs.yml here; run `statuspress init` to start a site, or pass --config-file\n"
    )


def test_the_default_postmortems_folder_may_be_absent_but_a_given_one_may_not(tmp_path: Path) -> None:
    root = _write(tmp_path, {"mkdocs.yml": MISSING.replace("      incidents_dir: content\n", ""),
                             f"incidents/{INCIDENT}.md": incident_text()})
    assert _validate(root) == (0, "1 file OK\n")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      postmortems_dir: reviews\n", encoding="utf-8")
    assert _validate(root) == (1, (
        "mkdocs.yml:9: error: plugins.statuspress: `postmortems_dir`: the folder reviews does not exist; "
        "create it, or set `postmortems_dir` to the folder that holds the postmortem files (relative to mkdocs.yml)\n"
    ))
