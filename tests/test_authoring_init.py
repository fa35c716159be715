"""``statuspress init``: a new site that validates and builds at once, with the same
GitHub workflows as this repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

import statuspress
from statuspress.authoring import site_files
from statuspress.authoring.scaffold import example_incident_id, workflow_files
from statuspress.cli import cli
from statuspress.clock import as_of
from statuspress.content import load_site
from statuspress.load import load_site_config

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

EPOCH = "1773479520"  # 2026-03-14T09:12:00Z
REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLE = "incidents/2026-03-12-slow-api-responses.md"

SITE_FILES = [
    ".github/workflows/pr.yml",
    ".github/workflows/publish.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    EXAMPLE,
    "mkdocs.yml",
    "overrides/.gitkeep",
    "pages/about.md",
    "postmortems/README.md",
    "pyproject.toml",
    "tests/test_site.py",
]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": EPOCH}, catch_exceptions=False)


def run_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statuspress", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=False,
    )


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_init_writes_the_site_and_says_what_to_do_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "acme-status", "--name", "Acme Cloud")
    assert result.exit_code == 0
    assert result.stdout == (
        "Created the status site of Acme Cloud in acme-status/ (12 files).\n"
        "Next steps:\n"
        "  cd acme-status\n"
        "  python -m venv .venv && . .venv/bin/activate && pip install -e '.[test]'\n"
        "  statuspress validate\n"
        "  statuspress serve                # preview the status page\n"
        "  # edit mkdocs.yml: site_url, url and your components, then\n"
        "  statuspress new incident \"Elevated API errors\" --severity SEV2 --components api\n"
        f"The site installs statuspress=={statuspress.__version__} from PyPI. If your package index does not have "
        "that version, run init again with --requirement (a git URL, or the path of a statuspress "
        "checkout or wheel).\n"
    )
    site = tmp_path / "acme-status"
    assert tree(site) == SITE_FILES
    config = load_site_config(site / "mkdocs.yml")
    assert config.name == "Acme Cloud"
    assert [c.id for c in config.components] == ["web", "app", "api", "webhooks"]
    assert yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == (
        "Acme Cloud Status")
    assert (site / ".gitignore").read_text(encoding="utf-8").split("\n")[1:3] == ["site/", "site-internal/"]
    pyproject = tomllib.loads((site / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "acme-cloud-status"
    # Exactly the statuspress that wrote the site.
    assert pyproject["project"]["dependencies"] == [f"statuspress=={statuspress.__version__}"]
    assert pyproject["project"]["optional-dependencies"] == {"test": ["pytest>=8"]}
    hooks = yaml.safe_load((site / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "statuspress validate"


def test_the_new_site_validates_and_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "site", "--name", "Acme").exit_code == 0
    root = tmp_path / "site"
    validated = run_process(root, "validate", "--strict")
    assert (validated.returncode, validated.stdout) == (0, "1 file OK\n")
    loaded = load_site(load_site_config(root / "mkdocs.yml"), root)
    assert loaded.problems == []
    (incident,) = loaded.incidents
    assert incident.id == "2026-03-12-slow-api-responses"
    assert [u.status for u in incident.updates] == ["investigating", "identified", "monitoring", "resolved"]

    built = run_process(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    page = (root / "site" / "incidents" / incident.id / "index.html").read_text(encoding="utf-8")
    assert "Slow responses from the API" in page
    assert "Response times have stayed normal. This incident is resolved." in page
    assert "Acme" in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert (root / "site" / "about" / "index.html").is_file()
    assert (root / "site-internal").is_dir()
    # `internal:` never reaches the public site.
    public = [p for p in (root / "site").rglob("*") if p.is_file()]
    assert public and not [p for p in public if b"Alex Example" in p.read_bytes()]


def test_the_workflows_are_this_repository_s_own_byte_for_byte(tmp_path: Path) -> None:
    """One source of truth: what `init` writes is what this repository runs."""
    own = {
        f".github/workflows/{p.name}": p.read_bytes()
        for p in sorted((REPOSITORY / ".github" / "workflows").iterdir()) if p.suffix in (".yml", ".yaml")
    }
    assert own, "the repository has no workflows"
    assert workflow_files() == own
    written = {f.path: f.data for f in site_files("Acme", as_of({"SOURCE_DATE_EPOCH": EPOCH}))}
    assert {path: data for path, data in written.items() if path.startswith(".github/")} == own


def test_a_folder_that_is_not_empty_is_refused_unless_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("keep me\n", encoding="utf-8")
    refused = run("init", "--name", "Acme")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == "error: . is not empty; choose an empty folder, or pass --force to write into it anyway\n"
    assert tree(tmp_path) == ["notes.txt"]
    forced = run("init", "--name", "Acme", "--force")
    assert forced.exit_code == 0
    assert forced.stdout.split("\n")[:3] == [
        "Created the status site of Acme in ./ (12 files).",
        "Next steps:",
        "  python -m venv .venv && . .venv/bin/activate && pip install -e '.[test]'",
    ]
    assert tree(tmp_path) == sorted([*SITE_FILES, "notes.txt"])
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_a_name_that_needs_quotes_stays_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = 'Acme: "Cloud" #1 \\ Zürich'
    assert run("init", "site", "--name", name).exit_code == 0
    root = tmp_path / "site"
    assert load_site_config(root / "mkdocs.yml").name == name
    mkdocs = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == f"{name} Status"
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["description"] == f"The status page and postmortem archive of {name}."
    assert pyproject["project"]["name"] == "acme-cloud-1-zurich-status"
    assert (root / "README.md").read_text(encoding="utf-8").startswith(f"# {name} Status\n")


@pytest.mark.parametrize(("folder", "name"), [
    ("acme-status", "Acme"),
    ("big_corp_statuspage", "Big Corp"),
    ("status", "Example"),
])
def test_the_default_name_comes_from_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, name: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", folder).exit_code == 0
    assert load_site_config(tmp_path / folder / "mkdocs.yml").name == name


def test_the_example_incident_is_two_days_before_now() -> None:
    at = as_of({"SOURCE_DATE_EPOCH": EPOCH})
    assert example_incident_id(at) == "2026-03-12-slow-api-responses"
    files = {f.path: f.data.decode() for f in site_files("Acme", at)}
    assert files[EXAMPLE].split("\n")[5:11] == [
        "started: 2026-03-12T14:05:00Z",
        "detected: 2026-03-12T14:11:00Z",
        "acknowledged: 2026-03-12T14:13:00Z",
        "declared: 2026-03-12T14:15:00Z",
        "mitigated: 2026-03-12T15:20:00Z",
        "resolved: 2026-03-12T16:00:00Z",
    ]


def test_an_on_call_engineer_can_work_in_the_new_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "--name", "Acme").exit_code == 0
    created = run("new", "incident", "Webhook delays", "-s", "SEV3", "-c", "webhooks")
    assert created.stdout == "incidents/2026-03-14-webhook-delays.md\n"
    assert run("update", "2026-03-14-webhook-delays", "-s", "resolved", "-m", "Deliveries are on time.",
               "--at", "2026-03-14T10:00:00Z").exit_code == 0
    validated = run_process(tmp_path, "validate", "--strict")
    assert (validated.returncode, validated.stdout) == (0, "2 files OK\n")


def test_init_requirement_option_sets_what_the_site_installs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    git = "statuspress @ git+https://github.com/acme/statuspress@v0.1.0"
    assert run("init", "from-git", "--requirement", git).exit_code == 0
    pyproject = tomllib.loads((tmp_path / "from-git" / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["dependencies"] == [git]

    checkout = tmp_path / "statuspress-checkout"
    checkout.mkdir()
    assert run("init", "from-path", "--requirement", "./statuspress-checkout").exit_code == 0
    pyproject = tomllib.loads((tmp_path / "from-path" / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["dependencies"] == [f"statuspress @ {checkout.resolve().as_uri()}"]


def test_init_refuses_a_requirement_of_two_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "site", "--requirement", "statuspress\nevil")
    assert result.exit_code == 2
    assert "--requirement must be one requirement on one line, e.g. statuspress==0.1.0" in result.output
    assert not (tmp_path / "site").exists()


def test_init_refuses_a_requirement_path_that_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Written as given, it would make the new site's `pip install -e .` fail.
    monkeypatch.chdir(tmp_path)
    result = run("init", "site", "--requirement", "../dist/statuspress-0.1.0-py3-none-any.whl")
    assert result.exit_code == 2
    assert (
        "Invalid value for --requirement: there is no ../dist/statuspress-0.1.0-py3-none-any.whl here; "
        "give the path of a statuspress checkout or wheel, or a requirement such as "
        "'statuspress @ git+https://github.com/acme/statuspress@v0.1.0'"
    ) in " ".join(result.output.split())
    assert not (tmp_path / "site").exists()
