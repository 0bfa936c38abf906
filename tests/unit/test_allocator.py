"""The allocator settings: a large block a thread frees is reused, not faulted in again."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tingjian.verify.allocator import _glibc

pytestmark = pytest.mark.skipif(_glibc() is None, reason="the allocator settings are glibc's (Linux) only")

# A thread takes a 160 MB block from malloc (numpy's own arrays ask for huge pages) (over glibc's 64 MB limit for a thread's own heap), writes
# it, frees it, and does the same again: the second round's page faults tell whether the
# memory was kept or handed back to the kernel and faulted in afresh.
_CHILD = """
import ctypes, json, resource, threading
from tingjian.verify.allocator import keep_large_buffers
applied = keep_large_buffers()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
faults = []
def work():
    for _ in range(2):
        before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
        block = libc.malloc(160 << 20)
        ctypes.memset(block, 1, 160 << 20)
        libc.free(block)
        faults.append(resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before)
t = threading.Thread(target=work)
t.start()
t.join()
print(json.dumps({"applied": applied, "faults": faults}))
"""


def _run(env: dict[str, str]) -> tuple[bool, int, int]:
    """Whether the settings were applied, and the page faults of the first and second round."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True, env={**os.environ, **env}
    )
    result = json.loads(done.stdout)
    return result["applied"], *result["faults"]


def test_a_large_block_a_thread_frees_is_reused_without_faulting_in_new_pages() -> None:
    applied, first, second = _run({})
    pages = (160 << 20) // 4096
    assert applied
    assert first > pages // 2  # the first use maps the block in
    assert second < pages // 20, (first, second)


def test_with_tingjian_malloc_system_the_allocator_is_left_as_it_is() -> None:
    applied, first, second = _run({"TINGJIAN_MALLOC": "system"})
    pages = (160 << 20) // 4096
    assert not applied
    assert second > pages // 2, (first, second)  # glibc's default: unmapped on free, faulted in again
