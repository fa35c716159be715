"""Instruction counts of a build and of its floor, which no neighbour can disturb.

On a shared machine a build's time varies by tens of percent from run to run;
``valgrind --tool=callgrind`` counts the instructions (Ir) a run executes, which
repeat to about 0.1 % whatever the load. This launcher runs a tree's benchmark
worker (``bench_build.py --worker statuspress``) or its floor (``floors.py build``)
and calls ``os.getpgrp()`` just before and after the timed part, so that with
``--dump-before=getpgrp`` callgrind writes the start-up, the timed part and the
shutdown to three files (``OUT.1``, ``OUT.2``, ``OUT``)::

    export SOURCE_DATE_EPOCH=1772366400 PYTHONHASHSEED=0 NO_MKDOCS_2_WARNING=1
    STATUSPRESS_AUDIENCE=public valgrind --tool=callgrind --dump-before=getpgrp \\
        --callgrind-out-file=/tmp/cg.build.out python benchmarks/instructions.py build \\
        benchmarks/bench_build.py --worker statuspress SITE/mkdocs.yml OUTDIR
    valgrind --tool=callgrind --dump-before=getpgrp --callgrind-out-file=/tmp/cg.floor.out \\
        python benchmarks/instructions.py floor benchmarks/floors.py build SITE OUTDIR

The ``summary:`` line of ``*.out.2`` is the timed part's count. Remove
``SITE/.cache`` before each build (the page cache). Used for issue 10's "no
slowdown" (benchmarks/README.md).

``parts`` instead of ``build`` also marks each step of ``build_outputs`` (the
snapshot or the views it replaced, then every renderer, whichever the tree has):
each is a file of its own (``OUT.3``, ``OUT.5``, ...; the order is printed to
stderr, with a small file for the code between two steps), so two trees compare
step by step. The timed part is then the sum of every numbered file but ``OUT.1``.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable
from typing import Any

#: The steps of ``build_outputs`` that ``parts`` marks, in the namespaces it calls
#: them from; a name a tree does not have is skipped.
_STEPS = {
    "statuspress.build": (
        "snapshot", "status_view", "uptime_by_component", "_incident_files", "history_feeds",
        "statuspage_api", "badges", "maintenance_calendar", "embed_outputs", "asset_files",
        "search_entries",
    ),
    "statuspress.render.pages": ("status_page", "history_pages", "component_pages"),
}


def _marked(fn: Callable[..., Any], order: list[str] | None = None) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if order is not None:
            order.append(fn.__name__)
        os.getpgrp()  # callgrind dumps here: what came before is start-up
        try:
            return fn(*args, **kwargs)
        finally:
            os.getpgrp()  # and here: what came between is the timed part

    return wrapper


def _mark_steps(order: list[str]) -> None:
    for module_name, names in _STEPS.items():
        module = importlib.import_module(module_name)
        for name in names:
            if hasattr(module, name):
                setattr(module, name, _marked(getattr(module, name), order))


def main() -> None:
    kind, script = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    if kind in ("build", "parts"):
        import bench_build

        sys.argv = [script, *sys.argv[3:]]
        order: list[str] = []
        if kind == "parts":
            _mark_steps(order)
        bench_build._mkdocs_build = _marked(bench_build._mkdocs_build)  # type: ignore[attr-defined]
        try:
            bench_build.main()
        finally:
            if order:
                print("instructions.py parts:", " ".join(order), file=sys.stderr)
    else:
        import floors

        floors.build_floor = _marked(floors.build_floor)  # type: ignore[attr-defined]
        floors.main(sys.argv[3:])


if __name__ == "__main__":
    main()
