"""Which CPUs each of several ffmpeg processes running at once should use, and running
such work at once.

Measured on this project's 2-core machine: ffmpeg (7 and later) hands every
audio frame between a demuxer, decoder, filter, encoder and muxer thread, and
when those threads are spread over both cores each hand-off is a cross-core
wake-up. Decoding an hour of MP3 took 5.7 s of CPU spread over both cores and
2.9 s pinned to one. So when as many processes run at once as there are CPUs,
each gets its own share of them.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor


def available_cpus() -> list[int]:
    """The CPUs this process may run on."""
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:  # not Linux: no affinity API, and nothing to pin
        return list(range(os.cpu_count() or 1))


def cpu_groups(n: int, cpus: list[int] | None = None) -> list[frozenset[int]] | None:
    """The available CPUs (or `cpus`) split into `n` disjoint groups, or None when there are
    fewer than `n` (nothing to gain) or no way to pin."""
    cpus = available_cpus() if cpus is None else sorted(cpus)
    if n < 2 or len(cpus) < n or not hasattr(os, "sched_setaffinity"):
        return None
    size = len(cpus) // n
    groups = [cpus[i * size : (i + 1) * size] for i in range(n)]
    groups[-1] += cpus[n * size :]
    return [frozenset(g) for g in groups]


#: Below this much audio (seconds) one ffmpeg process is quicker than starting two.
PARALLEL_S = 60


def core_pair(seconds: float) -> list[frozenset[int]] | None:
    """A group of CPUs for each of two processes sharing work on `seconds` of audio, or None
    when one process is quicker (short audio) or there is nothing to gain (one CPU)."""
    return cpu_groups(2) if seconds >= PARALLEL_S else None


def pin(pid: int, cpus: frozenset[int] | None) -> None:
    """Keep a child process (and the threads it starts later) on `cpus`; best effort."""
    if not cpus:
        return
    # The process may already have exited; pinning is only an optimization.
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setaffinity(pid, cpus)


def run_all(work: Callable[[int], None], n: int) -> None:
    """work(0) ... work(n - 1), at once; the first error is raised."""
    if n == 1:
        work(0)
        return
    with ThreadPoolExecutor(n) as pool:
        # Each worker runs in a copy of this context, so its ffmpeg belongs to this run.
        for future in [pool.submit(contextvars.copy_context().run, work, i) for i in range(n)]:
            future.result()
