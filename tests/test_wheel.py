"""statuspress as users get it: a wheel, installed (not editable) in a fresh virtualenv.

The rest of the suite runs from ``pip install -e .``, which hides what only an
installed wheel shows: files the wheel lacks or should not hold, and what pip does to
them (it byte-compiles every ``.py`` it installs, which once put a binary ``.pyc`` among
the templates and broke every build). Here the wheel is built from this checkout; a
fresh virtualenv without the system site-packages gets a site's dependencies the way
that site's own CI installs them (``pip install -e '.[test]'`` in a site made by
``statuspress init``, finding statuspress in the freshly built wheel); that site's own
test and build run; and the whole user path runs from that install in a temporary
folder, far from this repository.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

import statuspress

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

REPO = Path(__file__).resolve().parents[1]
#: 2026-03-20T12:00:00Z, the as-of time of the first command; later ones add minutes.
EPOCH = 1774008000
INCIDENT_TITLE = "Elevated API errors"


def _run(command: list[str], cwd: Path, *, minutes: int = 0, check: bool = True,
         timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "STATUSPRESS_AUDIENCE", "PYTHONHOME")}
    env.update(SOURCE_DATE_EPOCH=str(EPOCH + 60 * minutes), NO_MKDOCS_2_WARNING="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=timeout)
    if check:
        assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def _venv(folder: Path) -> Path:
    """A fresh virtualenv without the system site-packages; returns its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
    return folder / "bin"


def _source_tree(target: Path) -> Path:
    """The files git would commit (tracked or new, not ignored), copied to ``target``:
    a stale ``build/`` folder in a checkout would otherwise leak old files into the wheel."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    source = _source_tree(tmp_path_factory.mktemp("source"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)], source)
    (built,) = dist.glob("statuspress-*.whl")
    return built


@pytest.fixture(scope="module")
def site_and_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A site made by ``statuspress init``, and a fresh virtualenv into which the site's
    own dependencies were installed as its workflows install them (``pip install -e
    '.[test]'``), with the just-built wheel standing in for PyPI: statuspress itself
    comes from the wheel, not editable. One virtualenv serves both tests below."""
    root = tmp_path_factory.mktemp("init")
    _run([sys.executable, "-m", "statuspress", "init", "acme-status", "--name", "Acme Cloud"], root)
    site = root / "acme-status"
    bin_dir = _venv(tmp_path_factory.mktemp("venv") / "v")
    _run([str(bin_dir / "pip"), "install", "-q", "--find-links", str(wheel.parent), "-e", ".[test]"], site)
    return site, bin_dir


@pytest.fixture(scope="module")
def installed(site_and_venv: tuple[Path, Path]) -> Path:
    """The bin folder of a virtualenv with statuspress installed from the wheel."""
    return site_and_venv[1]


def test_the_wheel_holds_only_what_runs(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    package = [n for n in names if not n.startswith("statuspress-")]
    assert all(n.startswith("statuspress/") for n in package), [n for n in package if not n.startswith("statuspress/")]
    assert not [n for n in package if "/tests/" in n or n.rsplit("/", 1)[-1] in ("conftest.py",)
                or (n.rsplit("/", 1)[-1].startswith("test_") and n.endswith(".py"))]
    assert [n for n in package if n.startswith("statuspress/templates/") and n.endswith(".py")] == []
    assert [n for n in names if "__pycache__" in n or n.endswith(".pyc")] == []
    for needed in ("statuspress/py.typed", "statuspress/templates/statuspress/status.html",
                   "statuspress/templates/statuspress/init/test_site.py.txt", "statuspress/assets/statuspress.css",
                   "statuspress/templates/statuspress/init/github/workflows/pr.yml"):
        assert needed in names
    assert wheel.name == f"statuspress-{statuspress.__version__}-py3-none-any.whl"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve_one_request(command: list[str], cwd: Path) -> str:
    """Start ``serve``, fetch the status page once, stop it; the page's HTML."""
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH + 40 * 60), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONPATH", None)
    env.pop("STATUSPRESS_AUDIENCE", None)
    server = subprocess.Popen([*command, "-a", f"127.0.0.1:{port}"], cwd=cwd, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    return response.read().decode("utf-8")
            except OSError:
                if server.poll() is not None:
                    raise AssertionError(f"serve exited {server.returncode}: {server.stderr.read()}") from None
                time.sleep(0.5)
        raise AssertionError("serve answered nothing within 120 s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_whole_user_path_from_an_installed_wheel(installed: Path, tmp_path: Path) -> None:
    statuspress_cmd = str(installed / "statuspress")
    where = _run([str(installed / "python"), "-c", "import statuspress; print(statuspress.__file__)"], tmp_path)
    assert where.stdout.startswith(str(installed.parent)), "statuspress must come from the wheel's virtualenv"

    _run([statuspress_cmd, "init", "acme", "--name", "Acme"], tmp_path)
    site = tmp_path / "acme"
    pyproject = tomllib.loads((site / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["dependencies"] == [f"statuspress=={statuspress.__version__}"]

    new = _run([statuspress_cmd, "new", "incident", INCIDENT_TITLE, "--severity", "SEV2", "--components", "api",
                "--message", "We are investigating elevated error rates on the API."], site)
    path = site / new.stdout.strip()
    incident_id = path.stem
    assert path.is_file() and incident_id == "2026-03-20-elevated-api-errors"
    _run([statuspress_cmd, "update", incident_id, "--status", "identified",
          "-m", "A configuration change caused the errors; we are rolling it back."], site, minutes=10)
    _run([statuspress_cmd, "update", incident_id, "-m", "Error rates are dropping."], site, minutes=20)
    _run([statuspress_cmd, "update", incident_id, "--status", "resolved", "-m", "Error rates are back to normal."],
         site, minutes=30)
    assert "resolved: 2026-03-20T12:30:00Z" in path.read_text(encoding="utf-8")
    pm = _run([statuspress_cmd, "new", "postmortem", incident_id], site, minutes=40)
    assert (site / pm.stdout.strip()).is_file()

    validated = _run([statuspress_cmd, "validate", "--strict"], site, minutes=40)
    assert validated.stdout == "3 files OK\n"

    built = _run([statuspress_cmd, "build"], site, minutes=40)
    assert [line.split(":")[0] for line in built.stdout.splitlines()] == ["public", "internal"]
    page = (site / "site" / "incidents" / incident_id / "index.html").read_text(encoding="utf-8")
    assert "Error rates are back to normal." in page
    assert (site / "site-internal" / "postmortems" / incident_id / "index.html").is_file()

    _run([str(installed / "mkdocs"), "build", "-q", "-d", str(tmp_path / "mkdocs-site")], site, minutes=40)
    summary = json.loads((tmp_path / "mkdocs-site" / "api/v2/summary.json").read_text(encoding="utf-8"))
    assert summary["page"]["name"] == "Acme"

    home = _serve_one_request([statuspress_cmd, "serve"], site)
    assert "All Systems Operational" in home

    report = _run([statuspress_cmd, "report", "--format", "json"], site, minutes=40)
    assert json.loads(report.stdout)["overall"]["incidents"] == 2  # init's example and ours
    announced = _run([statuspress_cmd, "announce", incident_id, "--template", "resolved", "--format", "text"], site,
                     minutes=40)
    assert announced.stdout.startswith(f"[SEV2] Resolved: {INCIDENT_TITLE}\n")
    schema = _run([statuspress_cmd, "schema", "--kind", "incident"], site)
    assert json.loads(schema.stdout)["title"] == "Incident"


def test_an_init_site_installs_its_own_dependencies(site_and_venv: tuple[Path, Path], wheel: Path) -> None:
    site, bin_dir = site_and_venv
    shown = _run([str(bin_dir / "pip"), "show", "-f", "statuspress"], site)
    assert f"Version: {statuspress.__version__}" in shown.stdout
    assert "Editable project location" not in shown.stdout  # installed from the wheel
    tested = _run([str(bin_dir / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], site)
    assert "1 passed" in tested.stdout
    built = _run([str(bin_dir / "statuspress"), "build", "--strict"], site)
    assert built.stdout.startswith("public: ")
    assert (site / "site" / "index.html").is_file() and (site / "site-internal" / "index.html").is_file()
