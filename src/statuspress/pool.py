"""Run many independent jobs on every core: a pool of forked worker processes.

A cold build of a long history parses some 12,000 files and renders thousands of
incident pages; each file's parse and each page is a pure function of what the
build holds. ``run_jobs`` takes such jobs as zero-argument callables that return
bytes (a page, a parsed file's store line) and runs them in worker processes forked
from the build: the workers inherit the build's state as it is (the snapshot, the
Jinja environment and its compiled templates), nothing is pickled on the way in,
and the results come back in chunks, as lists of bytes, handed on one at a time as
their chunk arrives (the build writes each page to disk and keeps none); only a
few chunks are in flight at a time, so pages rendered ahead do not pile up.

What comes back is what a serial loop returns, in the same order, byte for byte. A
job that raises in a worker is run again in the build's own process, after every job
before it, so the build fails with the exception (type, message, traceback) a serial
build raises, at the same job. A worker that dies (killed, out of memory) never
hangs the build: what it had not returned is run serially.

The pool is used only where it pays: on Linux (the fork start method), with more
than one CPU available to the process, in a process with no other thread (fork may
deadlock beside running threads, as ``mkdocs serve``'s rebuilds run), and for at
least ``MIN_JOBS`` jobs, below which forking costs more than it saves.
``STATUSPRESS_WORKERS`` sets the number of workers (unset: one per available CPU);
``1`` turns the pool off.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

__all__ = ["ENV", "MIN_JOBS", "Job", "available_cpus", "pays", "run_jobs", "workers_setting"]

#: The environment variable that sets the number of worker processes.
ENV = "STATUSPRESS_WORKERS"

#: Fewer jobs than this are run serially. Measured (benchmarks/README.md): a
#: pool of two forked workers costs about 0.04 s of CPU to start and 0.1 ms a page
#: to hand back, and an incident page takes about 1.6 ms: on two free cores the pool
#: pays from about 55 pages.
MIN_JOBS = 100

#: At most this many pages per chunk: enough to keep the hand-back cheap, few enough
#: that both workers stay busy to the end.
CHUNK = 200
#: Chunks in flight per worker: one being rendered, the next ready for it.
AHEAD = 2

#: One job: a callable with no arguments that returns bytes (a page, say).
Job = Callable[[], bytes]

log = logging.getLogger(__name__)

# The jobs of the running pool. Forked workers inherit them: a worker is told only
# which indexes to render.
_jobs: Sequence[Job] = ()
_in_worker = False


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:  # Python 3.13
        return int(count() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_setting(environ: Mapping[str, str] | None = None) -> int | None:
    """``STATUSPRESS_WORKERS`` as a number of workers, or None when unset (one worker
    per available CPU). A value that is not a whole number from 1 raises
    ``ValueError`` with a one-line message naming the variable."""
    env = os.environ if environ is None else environ
    raw = env.get(ENV)
    if raw is None:
        return None
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ValueError(
            f"{ENV} must be a whole number of worker processes, 1 or more (1 renders every "
            f"page in the build's own process), got {raw!r}; unset it to use every CPU"
        )
    return int(text)


def _workers_for(count: int) -> int:
    """How many workers to fork for ``count`` jobs; 1 means run them serially."""
    if _in_worker or count < MIN_JOBS or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    setting = workers_setting()
    # A setting is taken as it is, above the CPU count too (tests fork two workers
    # on one CPU).
    return setting if setting is not None else available_cpus()


def pays(count: int) -> bool:
    """Whether ``run_jobs`` would fork workers for ``count`` jobs (see the module
    docstring): a caller that has a cheaper serial way can take it otherwise."""
    return _workers_for(count) > 1


def run_jobs(jobs: Sequence[Job]) -> Iterator[bytes]:
    """Every job's bytes, one at a time in the order of ``jobs``: from a pool of
    forked workers when it pays (see the module docstring), else run one after
    the other in this process as they are asked for."""
    workers = _workers_for(len(jobs))
    if workers == 1:
        return (job() for job in jobs)
    return _run_in_pool(jobs, workers)


def _run_chunk(start: int, stop: int) -> tuple[list[bytes], int | None]:
    """In a worker: the results of ``jobs[start:stop]`` up to the first that raises,
    and that job's index (None when all ran)."""
    pages: list[bytes] = []
    for index in range(start, stop):
        try:
            pages.append(_jobs[index]())
        except Exception:
            # Not sent back: an exception need not survive pickling, and the build's
            # own process raises the same one when it renders this job again.
            return pages, index
    return pages, None


def _mark_worker() -> None:
    global _in_worker
    _in_worker = True


def _run_in_pool(jobs: Sequence[Job], workers: int) -> Iterator[bytes]:
    global _jobs
    # The first job runs here: for pages it compiles the templates before the fork,
    # so that no worker compiles them again, and a broken template fails right away.
    yield jobs[0]()
    size = max(1, min(CHUNK, -(-(len(jobs) - 1) // (workers * 4))))
    bounds = [(start, min(start + size, len(jobs))) for start in range(1, len(jobs), size)]
    _jobs = jobs
    # Where this process takes over: after a failed job or a dead worker.
    serial_from = len(jobs)
    # Objects frozen before the fork are left alone by the workers' garbage
    # collector, which would otherwise touch (and so copy) every page of the heap.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_mark_worker) as executor:
            # A few chunks ahead of the one handed on, not all of them: the workers
            # render faster than the build writes, and the chunks they finished
            # early waited in this process (120 MiB more than a serial build at
            # 10,000 incidents, the internal build over its 500 MiB).
            ahead = iter(bounds)
            # Where the chunks that could not be submitted start (a worker died).
            unsubmitted = len(jobs)

            def submit_next() -> None:
                nonlocal unsubmitted
                chunk = next(ahead, None)
                if chunk is None or unsubmitted < len(jobs):
                    return
                try:
                    pending.append((executor.submit(_run_chunk, *chunk), chunk[0]))
                except BrokenProcessPool:
                    unsubmitted = chunk[0]

            # Taken off the queue as they are handed on: a future keeps its chunk's
            # pages for as long as it is referenced.
            pending: deque[tuple[Future[tuple[list[bytes], int | None]], int]] = deque()
            for _ in range(workers * AHEAD):
                submit_next()
            gc.unfreeze()
            try:
                while pending:
                    future, start = pending.popleft()
                    try:
                        pages, failed = future.result()
                    except BrokenProcessPool:
                        log.warning("statuspress: a worker process died; doing the rest in this process")
                        serial_from = start
                        break
                    del future
                    submit_next()  # before handing on, so that no worker waits for it
                    yield from pages
                    if failed is not None:
                        # Rendered again here, it raises what a serial build raises,
                        # at the same page; should it render this time, so do the rest.
                        serial_from = failed
                        break
                else:
                    serial_from = unsubmitted
            finally:
                for future, _ in pending:
                    future.cancel()
    finally:
        gc.unfreeze()
        _jobs = ()
    for index in range(serial_from, len(jobs)):
        yield jobs[index]()
