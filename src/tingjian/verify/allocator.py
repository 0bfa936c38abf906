"""The C allocator's settings for a tingjian process (glibc on Linux only).

The recogniser (CTranslate2) asks for blocks of tens to hundreds of megabytes many times a
second. By default glibc maps each such block fresh from the kernel and unmaps it when it is
freed, so every use faults in new zeroed pages; from a thread other than the main one it does
so for any block over 64 MB whatever the settings. `keep_large_buffers` makes every thread use
the main heap and keeps freed blocks there for the next use; `release_buffers` hands what is
free back to the kernel once the listening is over.
"""

from __future__ import annotations

import ctypes
import os
import sys
from functools import lru_cache
from typing import Any

#: Set to "system" to leave the allocator as it is.
ENV = "TINGJIAN_MALLOC"
# mallopt's parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
_M_ARENA_MAX = -8
#: Freed memory at the top of the heap is kept up to this size (C int), then trimmed.
_KEEP = 1 << 30


@lru_cache(maxsize=1)
def _glibc() -> Any | None:
    """The process's C library when it is glibc (mallopt's meaning is glibc's), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    return libc if hasattr(libc, "gnu_get_libc_version") and hasattr(libc, "malloc_trim") else None


def keep_large_buffers() -> bool:
    """One heap for all threads, large blocks taken from it rather than mapped one by one, and
    freed memory kept for reuse. Call before any thread starts (a thread keeps the heap it
    first used). True when applied; False elsewhere than glibc or with TINGJIAN_MALLOC=system."""
    libc = _glibc()
    if libc is None or os.environ.get(ENV, "").strip().lower() == "system":
        return False
    settings = ((_M_ARENA_MAX, 1), (_M_MMAP_MAX, 0), (_M_TRIM_THRESHOLD, _KEEP))
    return all(libc.mallopt(option, value) == 1 for option, value in settings)


def release_buffers() -> None:
    """Return the heap's free memory to the kernel (a long-lived process after listening)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
