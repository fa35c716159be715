"""Validation speed (issue 2): ``statuspress validate`` against the libyaml floor.

    python benchmarks/bench_validate.py [--quick] [--runs R]

For N = 1,000 and 10,000 incidents (with N/5 postmortems) of the synthetic site
(``synth.py``), each in fresh processes, interleaved, R runs (default 5):

* ``floor``: list, read, decode and split every file, ``yaml.load(..., CSafeLoader)``
  (``floors.validate_floor``): the same I/O as our side, in-process timing.
* ``floor (parse only)``: the same texts already in memory; YAML parsing only.
* ``core``: ``load_site_config`` + ``load_site`` (read, split, parse with line marks,
  pydantic validation, cross-file checks, normalisation), in-process timing; the
  process checks (``process_checks``) are timed after it, separately.
* ``cli``: ``python -m statuspress validate`` end to end (interpreter start, imports,
  process checks, printing), wall time; next to ``floor e2e``, the floor's own
  process timed the same way (interpreter start and ``import yaml`` included).

Targets at 10,000: core <= 2x floor and cli <= 2x floor e2e; linear growth: the
core's time per file at 10,000 within 20 % of that at 1,000.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402
from harness import Series, at_most, interleave, machine, print_table, print_targets, worker  # noqa: E402

FULL_SIZES = (1000, 10000)
QUICK_SIZES = (200, 1000)


def _core_worker(root: Path, trace: bool) -> None:
    """Time ``load_site`` (and then ``process_checks``) in this fresh process."""
    if trace:
        import tracemalloc

        tracemalloc.start()
    from statuspress.checks.process import process_checks
    from statuspress.clock import as_of
    from statuspress.content import load_site
    from statuspress.load import load_site_config

    with harness.Stopwatch() as load_clock:
        config = load_site_config(root / "mkdocs.yml")
        site = load_site(config, root)
    with harness.Stopwatch() as check_clock:
        warnings = process_checks(site, as_of())
    report = {
        **load_clock.as_dict(),
        "process_checks_seconds": check_clock.seconds,
        "files": len(site.incidents) + len(site.postmortems),
        "errors": sum(1 for p in site.problems if p.level == "error"),
        "warnings": sum(1 for p in site.problems if p.level == "warning") + len(warnings),
    }
    if trace:
        import tracemalloc

        report["tracemalloc_peak_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    if report["errors"]:
        report["error"] = f"{report['errors']} validation errors: the synthetic site is broken"
    harness.report_line(**report)


def _generate(n: int) -> Path:
    from synth import generate_site

    root = harness.fresh_dir(harness.WORK / f"validate-{n}")
    site = generate_site(root, n)
    harness.settle(root)
    print(f"generated {len(site.incident_ids)} incidents + {len(site.postmortem_ids)} postmortems "
          f"({site.content_bytes / 1e6:.1f} MB) in {root}", flush=True)
    return root


def measure(n: int, runs: int) -> dict[str, Series]:
    """Every kind at size ``n``, interleaved."""
    root = _generate(n)
    script = Path(__file__).resolve()
    floors = str(HERE / "floors.py")
    kinds = {
        "floor": lambda: harness.run_process([sys.executable, floors, "validate", str(root)]),
        "floor (parse only)": lambda: harness.run_process([sys.executable, floors, "validate-memory", str(root)]),
        "core": lambda: worker(script, "core", str(root)),
        "cli": lambda: harness.run_process(
            harness.module_command("statuspress", "validate", "-f", "mkdocs.yml"), cwd=root),
    }
    series = interleave(runs, kinds, label=f"N={n}")
    # One more core run under tracemalloc for the Python heap's peak (it slows the
    # run down, so it is not timed with the others).
    traced = worker(script, "core-traced", str(root))
    series["core"].runs[-1].report["tracemalloc_peak_mib"] = traced.report["tracemalloc_peak_mib"]
    return series


def main() -> None:
    parser = argparse.ArgumentParser(description="Time statuspress validate against the libyaml floor.")
    parser.add_argument("--quick", action="store_true", help="small sizes and 2 runs: a smoke run")
    parser.add_argument("--runs", type=int, default=None, help="runs per kind (default 5, quick 2)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        _core_worker(Path(options.args[0]), trace=options.worker == "core-traced")
        return

    sizes = QUICK_SIZES if options.quick else FULL_SIZES
    runs = options.runs or (2 if options.quick else 5)
    info = machine()
    results: dict[str, dict[str, Series]] = {}
    for n in sizes:
        results[str(n)] = measure(n, runs)

    rows = []
    for n, series in results.items():
        files = series["core"].runs[-1].report["files"]
        for name, s in series.items():
            inside = name != "cli"  # the CLI is only timed from outside
            rows.append([
                f"N={n}", name,
                s.median() if inside else "-", s.median("cpu_seconds") if inside else "-",
                1e3 * (s.median() if inside else s.median("wall")) / files,
                s.median("wall"), s.median("cpu"), s.median("peak_rss_mib"),
            ])
    print(f"\nmedians of {runs} runs; {info['cpus']} CPUs, load at start {info['load_average_at_start']}")
    print("in-process: the work timed inside the process, after imports; process: the whole "
          "process from outside (interpreter start, imports, exit)")
    print_table(["size", "kind", "in-process s", "in-process CPU s", "ms/file", "process s", "process CPU s",
                 "peak MiB"], rows)

    big, small = results[str(sizes[-1])], results[str(sizes[0])]
    files_big = big["core"].runs[-1].report["files"]
    files_small = small["core"].runs[-1].report["files"]

    def ratio(a: Series, b: Series, what: str) -> float:
        return a.median(what) / b.median(what)

    per_file = (big["core"].median() / files_big) / (small["core"].median() / files_small)
    cpu_per_file = (big["core"].median("cpu_seconds") / files_big) / (small["core"].median("cpu_seconds") / files_small)
    targets = [
        at_most(f"core / floor at N={sizes[-1]}", ratio(big["core"], big["floor"], "seconds"), 2.0, "x",
                f"load_site vs read+split+CSafeLoader, in-process, both reading the files; "
                f"CPU-time ratio {ratio(big['core'], big['floor'], 'cpu_seconds'):.2f}"),
        at_most(f"cli / floor e2e at N={sizes[-1]}", ratio(big["cli"], big["floor"], "wall"), 2.0, "x",
                f"statuspress validate vs the floor's own process, both with interpreter start; "
                f"CPU-time ratio {ratio(big['cli'], big['floor'], 'cpu'):.2f}"),
        at_most(f"core time per file N={sizes[-1]} / N={sizes[0]}", per_file, 1.2, "x",
                f"linear growth; CPU-time ratio {cpu_per_file:.2f}"),
    ]
    print()
    print_targets(targets)
    for target in targets:
        print(f"  {target.name}: {target.note}")
    checks_s = big["core"].median("process_checks_seconds")
    print(f"\ncore at N={sizes[-1]}: process checks took a further {checks_s:.3f} s; "
          f"Python heap peak (tracemalloc) {big['core'].runs[-1].report['tracemalloc_peak_mib']} MiB")
    data = {
        "benchmark": "validate",
        "machine": info,
        "runs": runs,
        "sizes": {n: {name: s.as_json() for name, s in series.items()} for n, series in results.items()},
        "targets": [t.as_json() for t in targets],
    }
    path = harness.write_results("validate", data, quick=options.quick)
    print(f"\nresults written to {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
