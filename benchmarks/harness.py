"""What every benchmark shares: fresh worker processes, medians, memory, the table,
the verdicts and the results file.

Every measurement runs in a fresh Python process (``python bench_X.py --worker KIND
...``), so that no run warms a cache for the next one (module imports, lru_caches,
MkDocs' plugin cache) and each has its own peak memory. A worker times its own work
with ``time.perf_counter`` after its imports, and prints one JSON line; the parent
also takes the process's wall time (interpreter start included) and its peak RSS
from ``os.wait4``. Runs of different kinds are interleaved (A B C, A B C, ...) so
that a noisy neighbour on a shared machine hurts every kind alike; the figures quoted
are medians.

Only the standard library here: a worker that imports this module pays nothing
noticeable for it.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: Synthetic sites and build outputs (gitignored).
WORK = HERE / "work"
#: Committed figures of full runs.
RESULTS = HERE / "results"

#: ``SOURCE_DATE_EPOCH`` of every run: synth.AS_OF, 2026-03-01T12:00:00Z.
SOURCE_DATE_EPOCH = "1772366400"


@dataclass
class Run:
    """One run of one kind: what the process reported, plus its wall time and CPU
    time as seen from outside (``os.wait4``)."""

    report: dict[str, Any]
    wall: float
    cpu: float
    #: ru_maxrss from wait4: an upper bound only, since Linux carries the parent's
    #: peak across fork and exec; workers report their own VmHWM instead.
    rusage_maxrss_mib: float

    @property
    def seconds(self) -> float:
        """The worker's own timing of its work (imports excluded), else the wall time."""
        return float(self.report.get("seconds", self.wall))

    @property
    def cpu_seconds(self) -> float:
        """The worker's own CPU time for its work, else the whole process's."""
        return float(self.report.get("cpu_seconds", self.cpu))

    @property
    def peak_rss_mib(self) -> float:
        return float(self.report.get("peak_rss_mib", self.rusage_maxrss_mib))


@dataclass
class Series:
    """Every run of one kind at one size."""

    name: str
    runs: list[Run] = field(default_factory=list)

    def median(self, what: str = "seconds") -> float:
        """The median of ``seconds``, ``wall``, ``peak_rss_mib`` or a numeric report key."""
        values = [_value(run, what) for run in self.runs]
        return statistics.median(values)

    def last_report_value(self, key: str) -> Any:
        """``key`` of the last run's report (None when absent)."""
        return self.runs[-1].report.get(key) if self.runs else None

    def values(self, what: str = "seconds") -> list[float]:
        return [_value(run, what) for run in self.runs]

    def as_json(self) -> dict[str, Any]:
        return {
            "runs": len(self.runs),
            "median_seconds": round(self.median(), 4),
            "seconds": [round(v, 4) for v in self.values()],
            "median_cpu_seconds": round(self.median("cpu_seconds"), 4),
            "cpu_seconds": [round(v, 4) for v in self.values("cpu_seconds")],
            "median_wall": round(self.median("wall"), 4),
            "wall": [round(v, 4) for v in self.values("wall")],
            "median_peak_rss_mib": round(self.median("peak_rss_mib"), 1),
            "last_report": self.runs[-1].report if self.runs else {},
        }


def _value(run: Run, what: str) -> float:
    if what in ("seconds", "cpu_seconds", "wall", "cpu", "peak_rss_mib"):
        return float(getattr(run, what))
    return float(run.report[what])


def run_process(argv: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``argv``; its wall time, peak RSS (``os.wait4``) and, when the last line of
    its output is a JSON object, that object as the report. A failure raises with
    the process's output, so that a broken run is never timed as a fast one."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})}
    # Output goes to temporary files, not pipes: the child is then reaped with
    # os.wait4, which returns its own resource usage (ru_maxrss, KiB on Linux).
    with tempfile.TemporaryFile("w+") as out_file, tempfile.TemporaryFile("w+") as err_file:
        started = time.perf_counter()
        process = subprocess.Popen(list(argv), cwd=cwd, env=full_env, stdout=out_file, stderr=err_file)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code  # reaped here; Popen must not wait for it again
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    report: dict[str, Any] = {}
    last = out.strip().rsplit("\n", 1)[-1] if out.strip() else ""
    if last.startswith("{"):
        report = json.loads(last)
    else:
        report["last_line"] = last
    report.setdefault("exit_code", code)
    if code != 0 or report.get("error"):
        raise RuntimeError(f"{' '.join(argv)} failed with exit code {code}:\n{err[-3000:]}\n{out[-2000:]}")
    return Run(report, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def worker(script: Path, kind: str, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run ``python SCRIPT --worker KIND ARGS`` in a fresh interpreter."""
    return run_process([sys.executable, str(script), "--worker", kind, *args], env=env)


def interleave(runs: int, kinds: dict[str, Callable[[], Run]], *, label: str = "") -> dict[str, Series]:
    """``runs`` rounds of every kind in turn; each kind's runs as a ``Series``."""
    series = {name: Series(name) for name in kinds}
    for round_index in range(runs):
        for name, call in kinds.items():
            run = call()
            series[name].runs.append(run)
            print(f"  {label} round {round_index + 1}/{runs} {name}: {run.seconds:.3f} s "
                  f"(CPU {run.cpu_seconds:.3f} s, process wall {run.wall:.3f} s / CPU {run.cpu:.3f} s, "
                  f"peak {run.peak_rss_mib:.0f} MiB, load {os.getloadavg()[0]:.1f})", flush=True)
    return series


def peak_rss_mib() -> float:
    """This process's peak resident memory: VmHWM, which belongs to the process's own
    address space (ru_maxrss would include the parent's, carried across fork/exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:  # not Linux
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Stopwatch:
    """Wall and CPU time of a block: ``with Stopwatch() as clock: ...; clock.as_dict()``.
    The CPU time includes the children the block started and reaped (the build's
    page-rendering workers), so a build on two cores is not counted as half a build;
    ``children_cpu_seconds`` is their share."""

    def __enter__(self) -> Stopwatch:
        self._wall, self._cpu, self._children = time.perf_counter(), time.process_time(), _children_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._wall
        self.children_cpu_seconds = _children_cpu() - self._children
        self.cpu_seconds = time.process_time() - self._cpu + self.children_cpu_seconds

    def as_dict(self) -> dict[str, float]:
        return {"seconds": self.seconds, "cpu_seconds": self.cpu_seconds,
                "children_cpu_seconds": self.children_cpu_seconds}


def report_line(**values: Any) -> None:
    """What a worker prints last: one JSON object, with its own peak memory."""
    values.setdefault("peak_rss_mib", peak_rss_mib())
    print(json.dumps(values), flush=True)


#: ``python -c PEAK_WRAPPER MODULE ARGS``: run ``python -m MODULE ARGS`` and print the
#: process's VmHWM as the last line, so that a command we do not own reports its peak.
PEAK_WRAPPER = """
import atexit, runpy, sys
def _peak():
    sys.stdout.flush()
    with open("/proc/self/status") as f:
        kib = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    print('{"peak_rss_mib": %.1f}' % (kib / 1024), flush=True)
atexit.register(_peak)
module = sys.argv[1]
sys.argv = [module] + sys.argv[2:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def module_command(module: str, *args: str) -> list[str]:
    """The argv that runs ``python -m MODULE ARGS`` under ``PEAK_WRAPPER``."""
    return [sys.executable, "-c", PEAK_WRAPPER, module, *args]


def fresh_dir(path: Path) -> Path:
    """An empty folder at ``path`` (whatever was there is removed)."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def settle(root: Path) -> None:
    """After generating a site: flush it to disk and read every file once, so that
    no timed run pays for write-back or a cold page cache and all runs read alike."""
    os.sync()
    for path in sorted(root.rglob("*.md")):
        path.read_bytes()


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


@dataclass
class Target:
    """A target from an issue, its measured value, the limit and the verdict."""

    name: str
    measured: float
    limit: float
    unit: str
    passed: bool
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "target": self.name, "measured": round(self.measured, 4), "limit": self.limit,
            "unit": self.unit, "verdict": verdict(self.passed), "note": self.note,
        }


def at_most(name: str, measured: float, limit: float, unit: str, note: str = "") -> Target:
    """A target met when ``measured <= limit``."""
    return Target(name, measured, limit, unit, measured <= limit, note)


def at_least(name: str, measured: float, limit: float, unit: str, note: str = "") -> Target:
    """A target met when ``measured >= limit``."""
    return Target(name, measured, limit, unit, measured >= limit, note)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A plain-text table, columns padded to their widest cell."""
    cells = [[str(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if index == 0:
            print("  ".join("-" * w for w in widths))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    return str(value)


def print_targets(targets: Sequence[Target]) -> None:
    print_table(
        ["target", "measured", "limit", "verdict"],
        [[t.name, f"{t.measured:.3g} {t.unit}", f"{t.limit:g} {t.unit}", verdict(t.passed)] for t in targets],
    )


def machine() -> dict[str, Any]:
    """Where and when the figures were taken."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "date": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in load] if load else None,
        "processor": platform.processor() or platform.machine(),
    }


def write_results(name: str, data: dict[str, Any], *, quick: bool) -> Path:
    """Write ``results/<name>.json`` (full runs, committed) or ``work/<name>-quick.json``."""
    folder = WORK if quick else RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (f"{name}-quick.json" if quick else f"{name}.json")
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
