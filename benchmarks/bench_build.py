"""Build speed: the public site (issue 3) and the internal build (issue 4).

    python benchmarks/bench_build.py [--quick] [--runs R] [--skip-peer] [--skip-internal] [--lean]

For N = 1,000 and 10,000 incidents (with N/5 postmortems) of the synthetic site
(``synth.py``), each in a fresh process, interleaved, R runs (default 3):

* ``statuspress``: the public build through the MkDocs API, in-process:
  ``mkdocs.config.load_config`` + ``mkdocs.commands.build.build`` (Material theme,
  search plugin, statuspress plugin). Imports are done before the clock starts. Its
  CPU time includes the page pool's workers (``RUSAGE_CHILDREN``);
  ``statuspress (serial)`` is the same build with the pool off (``STATUSPRESS_WORKERS=1``).
* ``floor``: ``floors.build_floor``: read, split, CSafeLoader, cmark-gfm for each
  body and update (same extensions), a small Jinja page, one file per incident;
  ``floor (memo)``: the same, converting each distinct text once (for reference:
  statuspress caches conversions too).
* ``hugo``: Debian's ``hugo`` on a bare site (``write_hugo_site``: minimal layouts,
  no theme) with the same incidents as Markdown files, one page each, built by
  ``hugo --quiet``: a process, timed from outside, against statuspress's whole
  process (interpreter start and imports included), in wall time (both use every
  core), with both CPU times beside it.
* ``peer`` (at the smaller size only, it is slow): the same incidents as plain
  MkDocs + Material pages, one Markdown page per incident (``write_peer_site``),
  built the same way as ours.
* ``internal``: the internal build (``STATUSPRESS_AUDIENCE=internal``), cold: time,
  the size of ``search/search_index.json``, and the first page of the postmortem
  archive (``archive_index``); in the same rounds as the public build it is
  compared with.

Then, once per size:

* ``serve``: ``mkdocs serve``'s build loop in-process (``on_startup(command="serve")``,
  build, edit one incident, reload the config as serve does, build again) and the
  plugin's count of incident pages rendered on the rebuild.

Targets (issues 3, 4 and 13): at 10,000 the build <= 1.5x the floor and no slower
than Hugo; time per incident at 10,000 within 20 % of that at 1,000; at 1,000 at
least 5x faster than the MkDocs peer; the serve rebuild re-renders only the edited
incident (and the pages that depend on the as-of time) in under 2 s; a rebuild with
nothing changed <= 10 % of a cold build; the internal build <= 2x the public one,
under 500 MiB; no HTML page grows with the history; the archive index stays the
same size. ``--lean`` (a busy machine) runs only the cold builds, the floor and Hugo,
and writes ``results/build-lean.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402
from harness import (  # noqa: E402
    Target,
    at_least,
    at_most,
    interleave,
    machine,
    print_table,
    print_targets,
    worker,
)

FULL_SIZES = (1000, 10000)
QUICK_SIZES = (200, 1000)
#: MkDocs 1.6.1 prints a banner about MkDocs 2.0 on every build; it is not ours to time.
QUIET = {"NO_MKDOCS_2_WARNING": "1"}


# --- the peer: plain MkDocs + Material pages --------------------------------------


def peer_pages(synth_root: Path) -> Iterator[tuple[str, str, str]]:
    """(id, title, Markdown) of each synthetic incident as a plain page: the impact
    and components, the public description, every update newest first, and the
    published public postmortem."""
    import yaml

    from floors import content_files, read_front

    incidents, postmortems = content_files(synth_root)
    shown: dict[str, list[tuple[str, str]]] = {}
    for path in postmortems:
        front, body = read_front(path)
        data = yaml.load(front, Loader=yaml.CSafeLoader)
        if data.get("status") == "published" and data.get("visibility") == "public":
            for incident_id in data["incidents"]:
                shown.setdefault(incident_id, []).append((data["title"], body))
    for path in incidents:
        front, body = read_front(path)
        data = yaml.load(front, Loader=yaml.CSafeLoader)
        components = data.get("components") or []
        facts = (f"**{data.get('severity') or 'Maintenance'}** · impact {data.get('impact') or 'default'} · "
                 f"components: {', '.join(components) or 'none'}")
        lines = [facts, "", body, "", "## Updates", ""]
        for update in reversed(data.get("updates") or []):
            lines += [f"### {(update.get('status') or 'update').capitalize()} · {update['at']}", "",
                      update["message"], ""]
        for title, text in shown.get(path.stem, []):
            lines += [f"## {title}", "", text.replace("\n## ", "\n### "), ""]
        yield path.stem, data["title"], "\n".join(lines)


def write_peer_site(synth_root: Path, peer_root: Path) -> int:
    """The synthetic incidents as plain MkDocs pages (``docs/incidents/<id>.md``).
    Returns the number of pages."""
    import yaml

    docs = harness.fresh_dir(peer_root) / "docs"
    (docs / "incidents").mkdir(parents=True)
    (peer_root / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Acme Status", "site_url": "https://status.acme.example/",
        "theme": {"name": "material"}, "plugins": ["search"],
    }, sort_keys=False), encoding="utf-8")
    (docs / "index.md").write_text("# Acme Status\n\nIncident history.\n", encoding="utf-8")
    written = 0
    for incident_id, title, markdown in peer_pages(synth_root):
        (docs / "incidents" / f"{incident_id}.md").write_text(f"# {title}\n\n{markdown}", encoding="utf-8")
        written += 1
    return written


#: A bare Hugo site: no theme, the least layout that renders every page.
_HUGO_CONFIG = """baseURL = "https://status.acme.example/"
title = "Acme Status"
languageCode = "en"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = true
"""
_HUGO_LAYOUTS = {
    "_default/single.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title>'
        "</head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n"
    ),
    "_default/list.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><ul>'
        '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n'
    ),
}


def write_hugo_site(synth_root: Path, hugo_root: Path) -> int:
    """The same incident pages as a bare Hugo site (``content/incidents/<id>.md``)."""
    import json

    root = harness.fresh_dir(hugo_root)
    (root / "hugo.toml").write_text(_HUGO_CONFIG, encoding="utf-8")
    for name, layout in _HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(layout, encoding="utf-8")
    content = root / "content" / "incidents"
    content.mkdir(parents=True)
    (root / "content" / "_index.md").write_text("---\ntitle: Acme Status\n---\nIncident history.\n", encoding="utf-8")
    written = 0
    for incident_id, title, markdown in peer_pages(synth_root):
        front = f"---\ntitle: {json.dumps(title)}\n---\n"
        (content / f"{incident_id}.md").write_text(front + markdown, encoding="utf-8")
        written += 1
    return written


# --- workers (each in a fresh process) ----------------------------------------------


def _preimport() -> None:
    """What MkDocs would import while loading the config, imported before the clock
    starts (the floor imports yaml, markdown and jinja2 before its clock, too)."""
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build
    import mkdocs.config  # noqa: F401

    with contextlib.suppress(ImportError):  # the peer site does not need it
        import statuspress.plugin  # noqa: F401


def _mkdocs_build(config_file: Path, site_dir: Path) -> tuple[dict[str, float], Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with harness.Stopwatch() as clock:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        # As `mkdocs build` runs it: the plugins hear of the start and the end (the end
        # is where a build's caches are stored; until 2026-12-02 this benchmark left it
        # out, and did not see that it emptied the cached search entries).
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return clock.as_dict(), config


def page_sizes(site_dir: Path) -> dict[str, Any]:
    """Sizes of the HTML pages that must not grow with the history."""
    def size(path: str) -> int | None:
        file = site_dir / path
        return file.stat().st_size if file.is_file() else None

    pages = list(site_dir.rglob("*.html"))
    sizes = {p: p.stat().st_size for p in pages}
    incident_sizes = [s for p, s in sizes.items() if p.parent.parent == site_dir / "incidents"]
    largest = max(sizes, key=sizes.__getitem__) if sizes else None
    top = sorted(sizes, key=sizes.__getitem__, reverse=True)[:3]
    return {
        "largest_pages": [[p.relative_to(site_dir).as_posix(), sizes[p]] for p in top],
        "html_pages": len(pages),
        "status_page": size("index.html"),
        "history_first_page": size("history/index.html"),
        "incident_page_median": int(statistics.median(incident_sizes)) if incident_sizes else None,
        "largest_page": sizes[largest] if largest else None,
        "largest_page_path": largest.relative_to(site_dir).as_posix() if largest else None,
        "search_index_bytes": size("search/search_index.json"),
    }


def archive_index(site_dir: Path) -> dict[str, Any]:
    """Issue 4: the first page of the postmortem archive in the internal build, its
    size and how many postmortems it lists (it must stay the same size however many
    postmortems exist). ``built: false`` when the build has no archive."""
    from statuspress.render import urls

    path = site_dir / urls.file_of(urls.archive())
    if not path.is_file():
        return {"built": False}
    text = path.read_text(encoding="utf-8")
    listed = set(re.findall(r'href="[^"]*postmortems/(\d{4}-\d{2}-\d{2}-[^"/]+)/"', text))
    pages = sorted(site_dir.glob("postmortems/page/*/index.html"))
    return {"built": True, "path": path.relative_to(site_dir).as_posix(), "bytes": path.stat().st_size,
            "postmortems_listed": len(listed), "archive_pages": 1 + len(pages)}


def _build_worker(kind: str, args: list[str]) -> None:
    _preimport()
    if kind in ("statuspress", "internal", "peer"):
        config_file, site_dir = Path(args[0]), Path(args[1])
        timing, config = _mkdocs_build(config_file, site_dir)
        report: dict[str, Any] = {**timing, **page_sizes(site_dir)}
        if kind != "peer":
            plugin = config.plugins["statuspress"]
            report["incident_pages_rendered"] = plugin.render_stats.rendered
            report["pages_rendered"] = plugin.render_stats.pages_rendered
            report["search_entries_made"] = plugin.render_stats.search_made
            report["documents_parsed"] = plugin.load_cache.misses - plugin.load_cache.revived
            report["generated_files"] = len(plugin.generated)
        if kind == "internal":
            report["archive"] = archive_index(site_dir)
        harness.report_line(**report)
    elif kind == "serve":
        _serve_worker(Path(args[0]), Path(args[1]), args[2], args[3].split(",") if args[3] else [])
    else:
        raise SystemExit(f"unknown worker {kind!r}")


def _serve_worker(config_file: Path, site_dir: Path, changed: str, time_dependent: list[str]) -> None:
    """``mkdocs serve``'s loop without the server: build, edit one incident, rebuild."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    serve_url = "http://127.0.0.1:8000/"

    def get_config() -> Any:  # as mkdocs.commands.serve does on every rebuild
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        config.site_url = serve_url
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["statuspress"]
    started = time.perf_counter()
    build(config, serve_url=serve_url)
    first = time.perf_counter() - started
    first_rendered = plugin.render_stats.rendered
    misses_before = plugin.load_cache.misses

    path = config_file.parent / "incidents" / f"{changed}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    # A minute later, as under a real `mkdocs serve`: what depends on the time moves.
    if os.environ.get("SOURCE_DATE_EPOCH"):
        os.environ["SOURCE_DATE_EPOCH"] = str(int(os.environ["SOURCE_DATE_EPOCH"]) + 60)
    started = time.perf_counter()
    cpu_started = time.process_time()
    config = get_config()
    same_plugin = config.plugins["statuspress"] is plugin
    build(config, serve_url=serve_url)
    rebuild = time.perf_counter() - started
    rebuild_cpu = time.process_time() - cpu_started
    config.plugins.on_shutdown()
    stats = plugin.render_stats
    page = (site_dir / "incidents" / changed / "index.html").read_text(encoding="utf-8")
    harness.report_line(
        seconds=rebuild, cpu_seconds=rebuild_cpu, first_build_seconds=first, first_build_rendered=first_rendered,
        pages_rendered=stats.pages_rendered, pages_reused=stats.pages_reused,
        plugin_kept=same_plugin, rendered=stats.rendered, reused=stats.reused,
        rendered_ids=sorted(stats.rendered_ids), expected_ids=sorted({changed, *time_dependent}), changed_id=changed,
        files_reparsed=plugin.load_cache.misses - misses_before, edit_visible="Edited while serving." in page,
    )


# --- the benchmark --------------------------------------------------------------------


def measure(n: int, runs: int, *, peer: bool, internal: bool, lean: bool = False) -> dict[str, Any]:
    """Every kind at size ``n``."""
    from synth import generate_site

    root = harness.fresh_dir(harness.WORK / f"build-{n}")
    site = generate_site(root, n)
    harness.settle(root)
    print(f"generated {len(site.incident_ids)} incidents + {len(site.postmortem_ids)} postmortems "
          f"({site.content_bytes / 1e6:.1f} MB) in {root}", flush=True)
    script = Path(__file__).resolve()
    out = harness.WORK / f"build-{n}-out"
    public = {**QUIET, "STATUSPRESS_AUDIENCE": "public"}
    cache = root / ".cache"

    def cold(extra: dict[str, str] | None = None) -> harness.Run:
        shutil.rmtree(cache, ignore_errors=True)  # statuspress's page cache, filled by the last build
        return worker(script, "statuspress", str(site.config_file), str(harness.fresh_dir(out)),
                      env={**public, **(extra or {})})

    kinds = {
        "statuspress": cold,
        # The same cold build with the page pool off (pool.py), in the same run.
        "statuspress (serial)": lambda: cold({"STATUSPRESS_WORKERS": "1"}),
        # Right after a cold build, in a new process, with nothing changed: CI's
        # hourly rebuild with the page cache restored.
        "statuspress (cached)": lambda: worker(script, "statuspress", str(site.config_file),
                                               str(harness.fresh_dir(out)), env=public),
        "floor": lambda: harness.run_process(
            [sys.executable, str(HERE / "floors.py"), "build", str(root), str(harness.fresh_dir(out))]),
        "floor (memo)": lambda: harness.run_process(
            [sys.executable, str(HERE / "floors.py"), "build-memo", str(root), str(harness.fresh_dir(out))]),
    }
    if lean:
        for kind in ("statuspress (cached)", "floor (memo)"):
            del kinds[kind]
    elif internal:
        def internal_cold() -> harness.Run:
            # Cold every round, as the public build is (until 2026-12-01 only the first
            # round was: the others reused its page cache).
            shutil.rmtree(cache, ignore_errors=True)
            return worker(script, "internal", str(site.config_file), str(harness.fresh_dir(out)),
                          env={**QUIET, "STATUSPRESS_AUDIENCE": "internal"})

        # In the same rounds as the public build it is compared with (until
        # 2026-12-02 a series of its own after the serve run, so that a machine
        # that slowed down or sped up between the two moved the ratio).
        kinds["internal"] = internal_cold
    hugo = shutil.which("hugo")
    if hugo:
        hugo_root = harness.WORK / f"hugo-{n}"
        write_hugo_site(root, hugo_root)
        harness.settle(hugo_root)
        kinds["hugo"] = lambda: harness.run_process(
            [hugo, "--quiet", "--source", str(hugo_root), "--destination", str(harness.fresh_dir(out))])
    if peer:
        peer_root = harness.WORK / f"peer-{n}"
        write_peer_site(root, peer_root)
        harness.settle(peer_root)
        kinds["peer"] = lambda: worker(script, "peer", str(peer_root / "mkdocs.yml"),
                                       str(harness.fresh_dir(out)), env=QUIET)
    series = interleave(runs, kinds, label=f"N={n}")
    result: dict[str, Any] = {"series": series, "incidents": len(site.incident_ids),
                              "postmortems": len(site.postmortem_ids)}
    if "internal" in series:
        result["internal"] = series.pop("internal")

    if lean:
        return result
    changed = site.incident_ids[len(site.incident_ids) // 2]
    shutil.rmtree(cache, ignore_errors=True)
    serve = worker(script, "serve", str(site.config_file), str(harness.fresh_dir(out)), changed,
                   ",".join(site.time_dependent_ids), env=public)
    print(f"  N={n} serve: rebuild {serve.seconds:.3f} s, rendered {serve.report['rendered']} "
          f"({', '.join(serve.report['rendered_ids'])})", flush=True)
    result["serve"] = serve
    return result


def targets_for(results: dict[int, dict[str, Any]], sizes: tuple[int, int], peer: bool) -> list[Target]:
    small_n, big_n = sizes
    small, big = results[small_n], results[big_n]
    ours_big, ours_small = big["series"]["statuspress"], small["series"]["statuspress"]
    floor_big, memo_big = big["series"]["floor"], big["series"].get("floor (memo)")
    memo_note = ("; against the floor that converts each distinct text once: "
                 f"{ours_big.median() / memo_big.median():.2f}" if memo_big is not None else "")
    targets = [
        at_most(f"build / floor at N={big_n}", ours_big.median() / floor_big.median(), 1.5, "x",
                f"CPU-time ratio (children included) "
                f"{ours_big.median('cpu_seconds') / floor_big.median('cpu_seconds'):.2f}{memo_note}"),
        at_most(f"build time per incident N={big_n} / N={small_n}",
                (ours_big.median() / big_n) / (ours_small.median() / small_n), 1.2, "x",
                "CPU-time ratio "
                f"{(ours_big.median('cpu_seconds') / big_n) / (ours_small.median('cpu_seconds') / small_n):.2f}"),
    ]
    if "hugo" in big["series"]:
        # Wall time: Hugo renders on every core, and so does statuspress's page pool.
        # Both processes' CPU times (children included) are in the note.
        hugo_big = big["series"]["hugo"]
        targets.append(at_most(
            f"build (whole process) / Hugo at N={big_n}, wall", ours_big.median("wall") / hugo_big.median("wall"),
            1.0, "x",
            f"statuspress process {ours_big.median('wall'):.2f} s (build alone {ours_big.median():.2f} s), "
            f"hugo {hugo_big.median('wall'):.2f} s; CPU {ours_big.median('cpu'):.2f} s vs "
            f"{hugo_big.median('cpu_seconds'):.2f} s: {ours_big.median('cpu') / hugo_big.median('cpu_seconds'):.2f}x"))
    serial_big = big["series"].get("statuspress (serial)")
    if serial_big is not None:
        targets.append(Target(
            f"page pool / serial build at N={big_n}, wall", ours_big.median() / serial_big.median(), 1.0,
            "x", ours_big.median() < serial_big.median(),
            f"CPU (children included) {ours_big.median('cpu_seconds'):.2f} s vs "
            f"{serial_big.median('cpu_seconds'):.2f} s; "
            f"at N={small_n}: wall {small['series']['statuspress'].median():.2f} s vs "
            f"{small['series']['statuspress (serial)'].median():.2f} s"))
    if peer:
        peer_series = small["series"]["peer"]
        cpu_ratio = peer_series.median("cpu_seconds") / ours_small.median("cpu_seconds")
        targets.append(at_least(f"peer / build at N={small_n}", peer_series.median() / ours_small.median(), 5.0, "x",
                                f"CPU-time ratio {cpu_ratio:.2f}"))
    for n in sizes if "serve" in big else ():  # not measured in a --lean run
        serve = results[n]["serve"].report
        # The edited incident, and at most the pages that depend on the as-of time (the
        # open incident; the upcoming maintenance only when what it shows moved).
        rendered, expected = serve["rendered_ids"], serve["expected_ids"]
        ok = (serve["changed_id"] in rendered and set(rendered) <= set(expected) and serve["edit_visible"]
              and serve["plugin_kept"])
        targets.append(Target(
            f"incident pages re-rendered after one edit, N={n}", serve["rendered"], len(expected),
            "pages", ok, "the edited incident plus at most the pages that depend on the as-of time "
            f"(rendered: {', '.join(rendered)})",
        ))
    if "serve" in big:
        serve_big = results[big_n]["serve"].report
        targets.append(at_most(f"serve rebuild after one edit at N={big_n}", serve_big["seconds"], 2.0, "s",
                               f"CPU {serve_big['cpu_seconds']:.2f} s; "
                               f"first build {serve_big['first_build_seconds']:.1f} s; "
                               f"{serve_big['pages_rendered']} pages rendered, {serve_big['pages_reused']} reused"))
    cached_big = big["series"].get("statuspress (cached)")
    if cached_big is not None:
        targets.append(at_most(
            f"rebuild with nothing changed / cold build at N={big_n}", cached_big.median() / ours_big.median(), 0.1,
            "x", f"CPU-time ratio {cached_big.median('cpu_seconds') / ours_big.median('cpu_seconds'):.2f}; "
            f"{cached_big.last_report_value('pages_rendered')} pages rendered again, "
            f"{cached_big.last_report_value('documents_parsed')} documents parsed"))
    largest = [results[n]["series"]["statuspress"].runs[-1].report["largest_page"] for n in sizes]
    targets.append(at_most(f"largest HTML page N={big_n} / N={small_n}", largest[1] / largest[0], 1.2, "x",
                           "no page grows with the size of the history"))
    if all("internal" in results[n] for n in sizes):
        inside = [results[n]["internal"].runs[-1].report["largest_pages"][0] for n in sizes]
        targets.append(at_most(f"largest internal HTML page N={big_n} / N={small_n}", inside[1][1] / inside[0][1],
                               1.2, "x", f"{inside[0][0]} at N={small_n}, {inside[1][0]} at N={big_n}"))
        internal_big = results[big_n]["internal"]
        targets.append(at_most(f"internal build / public build at N={big_n}",
                               internal_big.median() / ours_big.median(), 2.0, "x"))
        targets.append(at_most(f"internal build peak memory at N={big_n}",
                               internal_big.median("peak_rss_mib"), 500, "MiB"))
        archives = [results[n]["internal"].runs[-1].report["archive"] for n in sizes]
        if all(a["built"] for a in archives):
            targets.append(at_most(f"archive index page N={big_n} / N={small_n}",
                                   archives[1]["bytes"] / archives[0]["bytes"], 1.2, "x", "paginated"))
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the statuspress build against its references.")
    parser.add_argument("--quick", action="store_true", help="small sizes and 1 run: a smoke run")
    parser.add_argument("--runs", type=int, default=None, help="runs per kind (default 3, quick 1)")
    parser.add_argument("--skip-peer", action="store_true", help="do not build the plain MkDocs peer")
    parser.add_argument("--skip-internal", action="store_true", help="do not measure the internal build")
    parser.add_argument("--lean", action="store_true",
                        help="only the cold builds (page pool and serial), the floor and Hugo: no cached "
                             "rebuild, memo floor or serve loop (a shorter run on a busy machine)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        _build_worker(options.worker, options.args)
        return

    sizes = QUICK_SIZES if options.quick else FULL_SIZES
    runs = options.runs or (1 if options.quick else 3)
    info = machine()
    results = {
        n: measure(n, runs, peer=not options.skip_peer and n == sizes[0], internal=not options.skip_internal,
                   lean=options.lean)
        for n in sizes
    }

    rows = []
    for n, result in results.items():
        internal = [("internal", result["internal"])] if "internal" in result else []
        for name, s in [*result["series"].items(), *internal]:
            rows.append([f"N={n}", name, s.median(), s.median("cpu_seconds"), 1e3 * s.median() / n,
                         s.median("wall"), s.median("peak_rss_mib")])
    print(f"\nmedians of {runs} runs; {info['cpus']} CPUs, load at start {info['load_average_at_start']}")
    print("seconds: the build timed inside its process after imports; process s: the whole process")
    print_table(["size", "kind", "seconds", "CPU s", "ms/incident", "process s", "peak MiB"], rows)

    print("\npage sizes (bytes) of the public build, and the internal build's search index")
    size_rows = []
    for n, result in results.items():
        report = result["series"]["statuspress"].runs[-1].report
        internal = result["internal"].runs[-1].report if "internal" in result else {}
        size_rows.append([
            f"N={n}", report["html_pages"], report["status_page"], report["history_first_page"],
            report["incident_page_median"], f"{report['largest_page']} ({report['largest_page_path']})",
            report["search_index_bytes"], internal.get("search_index_bytes", "-"),
            (internal.get("archive") or {}).get("bytes", "not built yet") if internal else "-",
        ])
    print_table(["size", "pages", "status", "history p1", "incident (median)", "largest",
                 "search index (public)", "search index (internal)", "archive index"], size_rows)

    if not options.lean:
        print("\nmkdocs serve: a rebuild after one edit, and the largest pages of the internal build")
        print_table(["size", "first build s", "rebuild s", "incident pages re-rendered", "files re-parsed",
                     "internal: largest pages (bytes)"], [
            [f"N={n}", r["serve"].report["first_build_seconds"], r["serve"].report["seconds"],
             r["serve"].report["rendered"], r["serve"].report["files_reparsed"],
             ", ".join(f"{p} {b}" for p, b in r["internal"].runs[-1].report["largest_pages"])
             if "internal" in r else "-"]
            for n, r in results.items()
        ])

    targets = targets_for(results, sizes, peer=not options.skip_peer)
    print()
    print_targets(targets)
    for target in targets:
        if target.note:
            print(f"  {target.name}: {target.note}")
    data = {
        "benchmark": "build",
        "machine": info,
        "runs": runs,
        "sizes": {
            str(n): {
                "incidents": r["incidents"], "postmortems": r["postmortems"],
                **{name: s.as_json() for name, s in r["series"].items()},
                **({"serve": r["serve"].report} if "serve" in r else {}),
                **({"internal": r["internal"].as_json()} if "internal" in r else {}),
            }
            for n, r in results.items()
        },
        "targets": [t.as_json() for t in targets],
    }
    # A lean run must not replace the full run's figures.
    path = harness.write_results("build-lean" if options.lean else "build", data, quick=options.quick)
    print(f"\nresults written to {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    main()
