"""The page pool (pool.py): a build whose pages are rendered by forked workers
writes the same bytes as a serial build, fails with the serial build's error, and
never hangs when a worker dies.

Each case runs in a fresh interpreter: the pool never forks a process with other
threads, and a test run may hold some (servers of other tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from statuspress.pool import workers_setting
from tests.support.builds import all_files, epoch
from tests.support.cli import statuspress
from tests.support.sites import incident_text, write_site
from tests.test_benchmarks_smoke import _synth

AT = "2026-03-01T12:00:00Z"


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, check=False,
    )


def test_pages_come_back_in_order_from_forked_workers() -> None:
    done = _python("""
        import os
        from statuspress.pool import run_jobs
        parent = os.getpid()
        pages = list(run_jobs([lambda i=i: f"{i}:{os.getpid()}".encode() for i in range(500)]))
        indexes = [int(p.split(b":")[0]) for p in pages]
        pids = {int(p.split(b":")[1]) for p in pages}
        print(indexes == list(range(500)), 1 <= len(pids - {parent}) <= 2, parent in pids)
    """, STATUSPRESS_WORKERS="2")
    assert done.returncode == 0, done.stderr
    # The first page is rendered by the build itself (it compiles the templates before
    # the fork); the other 499 by the workers (on a busy machine one of the two may
    # take every chunk before the other starts).
    assert done.stdout.split() == ["True", "True", "True"]


def test_a_few_pages_and_workers_1_render_in_the_build_itself() -> None:
    code = """
        import os
        from statuspress.pool import run_jobs
        print(len({p for p in run_jobs([lambda: str(os.getpid()).encode()] * N)} - {str(os.getpid()).encode()}))
    """
    assert _python(code.replace("N", "50"), STATUSPRESS_WORKERS="2").stdout.split() == ["0"]
    assert _python(code.replace("N", "500"), STATUSPRESS_WORKERS="1").stdout.split() == ["0"]


def test_an_error_in_a_worker_is_the_serial_error() -> None:
    code = """
        import os
        from statuspress.pool import run_jobs
        parent = os.getpid()
        def job(i):
            if i in (321, 400):
                raise KeyError(f"page {i} {'in the build' if os.getpid() == parent else 'in a worker'}")
            return b"ok"
        try:
            list(run_jobs([lambda i=i: job(i) for i in range(500)]))
        except KeyError as exc:
            print(exc)
    """
    # The first failing page, raised again in the build's own process: what the
    # serial loop raises, with a traceback into the job.
    assert _python(code, STATUSPRESS_WORKERS="2").stdout.strip() == "'page 321 in the build'"
    assert _python(code, STATUSPRESS_WORKERS="1").stdout.strip() == "'page 321 in the build'"


def test_a_worker_that_dies_does_not_hang_the_build() -> None:
    done = _python("""
        import os
        from statuspress.pool import run_jobs
        parent = os.getpid()
        def job(i):
            if i == 250 and os.getpid() != parent:
                os._exit(9)  # as the kernel's OOM killer would end it
            return str(i).encode()
        print(list(run_jobs([lambda i=i: job(i) for i in range(500)])) == [str(i).encode() for i in range(500)])
    """, STATUSPRESS_WORKERS="2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]
    assert "a worker process died; doing the rest in this process" in done.stderr


def _build_in_a_process(root: Path, site_dir: Path, workers: str, audience: str) -> float:
    """Build ``root`` cold (no page cache) in a fresh interpreter; the CPU time its
    children (the pool's workers) used."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    done = _python(f"""
        import resource
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        build(load_config(config_file={str(root / "mkdocs.yml")!r}, site_dir={str(site_dir)!r}))
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(usage.ru_utime + usage.ru_stime)
    """, STATUSPRESS_WORKERS=workers, STATUSPRESS_AUDIENCE=audience, SOURCE_DATE_EPOCH=epoch(AT))
    assert done.returncode == 0, done.stderr
    return float(done.stdout.split()[-1])


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_a_pool_build_is_byte_identical_to_a_serial_build(tmp_path: Path, audience: str) -> None:
    site = _synth().generate_site(tmp_path / "site", 200)
    serial_cpu = _build_in_a_process(site.root, tmp_path / "serial", "1", audience)
    pool_cpu = _build_in_a_process(site.root, tmp_path / "pool", "2", audience)
    assert serial_cpu == 0.0
    assert pool_cpu > 0.0  # the workers rendered pages
    serial, pool = all_files(tmp_path / "serial"), all_files(tmp_path / "pool")
    assert sorted(pool) == sorted(serial)
    assert [path for path in serial if serial[path] != pool[path]] == []
    assert sum(path.startswith("incidents/") for path in serial) == 200


def test_a_broken_override_fails_a_pool_build_as_it_fails_a_serial_one(tmp_path: Path) -> None:
    incidents = {f"2026-01-{day:02d}-api-{n}": incident_text(
        title=f"API errors {n}", started=f"2026-01-{day:02d}T10:00:00Z", resolved=f"2026-01-{day:02d}T11:00:00Z")
        for day in range(1, 29) for n in range(5)}
    root = write_site(tmp_path, incidents=incidents)
    override = root / "overrides" / "statuspress" / "incident.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(
        '{% extends "statuspress/base.html" %}{% block content %}'
        '{% if incident.id == "2026-01-20-api-3" %}{{ incident.no_such_field }}{% endif %}{% endblock %}',
        encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1),
        encoding="utf-8")
    failures = []
    for workers in ("1", "2"):
        done = _python(f"""
            from mkdocs.commands.build import build
            from mkdocs.config import load_config
            build(load_config(config_file={str(root / "mkdocs.yml")!r}, site_dir={str(tmp_path / workers)!r}))
        """, STATUSPRESS_WORKERS=workers, SOURCE_DATE_EPOCH=epoch("2026-03-01T12:00:00Z"))
        failures.append((done.returncode, [line for line in done.stderr.splitlines() if ": error: " in line]))
    assert failures[0] == failures[1]
    assert failures[0][0] != 0
    assert failures[0][1] == [
        f"{override}:1: error: in this template: 'statuspress.model.incident.Incident object' has no attribute "
        "'no_such_field' (fix the template, or remove the override)"]


def test_workers_setting() -> None:
    assert workers_setting({}) is None
    assert workers_setting({"STATUSPRESS_WORKERS": "1"}) == 1
    assert workers_setting({"STATUSPRESS_WORKERS": " 4 "}) == 4
    for value in ("two", "0", ""):
        with pytest.raises(ValueError, match=r"^STATUSPRESS_WORKERS must be") as raised:
            workers_setting({"STATUSPRESS_WORKERS": value})
        assert str(raised.value) == (
            "STATUSPRESS_WORKERS must be a whole number of worker processes, 1 or more (1 renders every page "
            f"in the build's own process), got {value!r}; unset it to use every CPU"
        )


def test_a_bad_workers_setting_stops_the_build_with_one_line(tmp_path: Path) -> None:
    root = write_site(tmp_path, incidents={"2026-01-05-api": incident_text()})
    run = statuspress(root, "build", env={"STATUSPRESS_WORKERS": "-1"})
    assert (run.code, run.err_lines) == (1, [
        "STATUSPRESS_WORKERS must be a whole number of worker processes, 1 or more (1 renders every page "
        "in the build's own process), got '-1'; unset it to use every CPU",
        "Error: the public build failed",
    ])
    assert not (root / "site").exists()


def _load_in_a_process(root: Path, store: Path, workers: str) -> list[str]:
    """Load ``root`` in a fresh interpreter with the document store ``store``: what
    it found (the documents' digest, the problems, how many a worker parsed)."""
    done = _python(f"""
        import hashlib
        from pathlib import Path
        from statuspress.cli.common import open_project
        from statuspress.content import load_site
        from statuspress.load.cache import LoadCache
        project = open_project(Path({str(root / "mkdocs.yml")!r}))
        cache = LoadCache(Path({str(store)!r}))
        site = load_site(project.config, project.root, cache=cache)
        cache.save()
        shown = repr([(i.id, i.front, i.body, i.src.data, i.src.body_line) for i in site.incidents])
        shown += repr([(p.id, p.front, p.body, p.sections, p.src.data) for p in site.postmortems])
        print(hashlib.sha256(shown.encode()).hexdigest(), len(site.incidents), cache.parsed_ahead)
        for problem in site.problems:
            print(problem.format())
    """, STATUSPRESS_WORKERS=workers)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_files_parsed_by_workers_load_as_files_parsed_in_the_build(tmp_path: Path) -> None:
    site = _synth().generate_site(tmp_path / "site", 400)
    incidents = site.root / "incidents"
    (incidents / "2026-02-01-broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    (incidents / "2026-02-02-escape.md").write_text(
        incident_text(title='"Esc\\x01ape"', started="2026-02-02T10:00:00Z"), encoding="utf-8")
    (incidents / "2026-02-03-typo.md").write_text(
        incident_text(title="Typo", started="2026-02-03T10:00:00Z").replace("severity:", "serverity:"),
        encoding="utf-8")
    serial = _load_in_a_process(site.root, tmp_path / "serial.jsonl", "1")
    pool = _load_in_a_process(site.root, tmp_path / "pool.jsonl", "2")
    digest, count, ahead = pool[0].split()
    # 400 incidents, 80 postmortems, 3 files with errors: the one whose YAML does not
    # parse is parsed again by the build itself (for its problem), not by a worker.
    assert (int(count), int(ahead)) == (400, 482)
    assert serial[0].split() == [digest, "400", "0"]
    assert pool[1:] == serial[1:]
    assert sorted({line.split(":")[0] for line in pool[1:] if ": error" in line}) == [
        "incidents/2026-02-01-broken.md", "incidents/2026-02-02-escape.md", "incidents/2026-02-03-typo.md"]
    # The next process finds the same store, whoever parsed the files.
    assert (tmp_path / "pool.jsonl").read_bytes() == (tmp_path / "serial.jsonl").read_bytes()
