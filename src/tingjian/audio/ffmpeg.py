"""ffmpeg (from imageio-ffmpeg): starting it, the raw-PCM arguments every call shares, and
the children of a run, which a cancelled run kills.

Every ffmpeg this package starts is registered with the run's `ChildProcesses`
(a context variable, so worker threads started with the context see it too):
cancelling a run kills them all and refuses new ones, so the thread doing the
work unwinds at once and removes its temporary files.
"""

from __future__ import annotations

import contextlib
import contextvars
import subprocess
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from ..errors import AudioError, Cancelled

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
from .cores import pin


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary shipped by imageio-ffmpeg (no system ffmpeg needed)."""
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as e:
        raise AudioError("ffmpeg is not available", "pip install imageio-ffmpeg") from e


def pcm_in(rate: int, source: str = "pipe:0") -> list[str]:
    """ffmpeg input arguments for mono 16-bit PCM at `rate`."""
    return ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", source]


def pcm_out(rate: int, target: str = "pipe:1") -> list[str]:
    """ffmpeg output arguments for mono 16-bit PCM at `rate`."""
    return ["-f", "s16le", "-ac", "1", "-ar", str(rate), target]


class ChildProcesses:
    """The ffmpeg processes of one run; `cancel()` kills them and refuses new ones."""

    def __init__(self) -> None:
        self._procs: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self.cancelled = False

    def add(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            if not self.cancelled:
                self._procs.add(proc)
                return
        proc.kill()
        raise Cancelled("the run was cancelled")

    def discard(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._procs.discard(proc)

    def cancel(self) -> None:
        """Kill every running child; any later start raises Cancelled."""
        with self._lock:
            self.cancelled = True
            procs = list(self._procs)
        for proc in procs:
            proc.kill()

    def check(self) -> None:
        """Raise Cancelled if the run was cancelled (a checkpoint between steps)."""
        if self.cancelled:
            raise Cancelled("the run was cancelled")


_children: contextvars.ContextVar[ChildProcesses | None] = contextvars.ContextVar("tingjian_children", default=None)


@contextmanager
def child_scope(children: ChildProcesses) -> Iterator[ChildProcesses]:
    """Register ffmpeg processes started in this context (and threads copying it) with `children`."""
    token = _children.set(children)
    try:
        yield children
    finally:
        _children.reset(token)


def checkpoint() -> None:
    """Raise Cancelled if the current run was cancelled."""
    children = _children.get()
    if children is not None:
        children.check()


@contextmanager
def spawn(args: list[str], **popen: Any) -> Iterator[subprocess.Popen[bytes]]:
    """Start ffmpeg with `args`; the process is killed if the block raises or the run is cancelled."""
    children = _children.get()
    if children is not None:
        children.check()
    proc = subprocess.Popen([ffmpeg_exe(), *args], **popen)
    _widen_pipes(proc)
    try:
        if children is not None:
            children.add(proc)
        yield proc
    except BaseException:  # Ctrl-C included: never leave ffmpeg blocked on a full pipe
        proc.kill()
        raise
    finally:
        if children is not None:
            children.discard(proc)
        proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


#: Pipe buffer for PCM to and from ffmpeg: the default 64 KiB made each process wait on
#: the other every few milliseconds.
PIPE_BYTES = 1 << 20


def _widen_pipes(proc: subprocess.Popen[bytes]) -> None:
    """Give the child's PCM pipes a larger buffer (Linux; best effort elsewhere)."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    if set_size is None:
        return
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                fcntl.fcntl(stream.fileno(), set_size, PIPE_BYTES)


def run_ffmpeg(args: list[str], stdin: bytes | None = None) -> bytes:
    """Run ffmpeg quietly; return stdout or raise AudioError with its message."""
    return _ffmpeg(args, stdin, "error")[0]


def run_ffmpeg_log(
    args: list[str], stdin: bytes | None = None, cpus: frozenset[int] | None = None
) -> tuple[bytes, str]:
    """Run ffmpeg with its informational log (filters such as ebur128 report there),
    optionally kept on some CPUs (see cores)."""
    return _ffmpeg(args, stdin, "info", cpus)


def quiet(level: str) -> list[str]:
    """The arguments every ffmpeg this package starts begins with: no banner, no stdin
    prompts, no progress, the log at `level`."""
    return ["-hide_banner", "-nostdin", "-nostats", "-loglevel", level]


def _ffmpeg(args: list[str], stdin: bytes | None, level: str, cpus: frozenset[int] | None = None) -> tuple[bytes, str]:
    cmd = [*quiet(level), *args]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    with spawn(cmd, **pipes) as proc:
        pin(proc.pid, cpus)
        out, err = proc.communicate(stdin)
    checkpoint()  # a child killed by cancel() fails: say "cancelled", not "ffmpeg failed"
    log = err.decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = log.strip().splitlines()[-3:]
        raise AudioError(f"ffmpeg failed: {' / '.join(tail) or proc.returncode}")
    return out, log


def feed(stdin: Any, chunks: Iterable[bytes | memoryview]) -> None:
    """Write PCM pieces into a child's stdin and close it; a child that stopped reading
    (failed, killed) ends the writing quietly: its own error is what gets reported.
    A generator of pieces is closed either way, so whatever it started stops too."""
    try:
        for chunk in chunks:
            stdin.write(chunk)
        stdin.close()
    except BrokenPipeError:
        pass
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def run_ffmpeg_fed(
    args: list[str],
    chunks: Iterable[bytes | memoryview],
    level: str = "info",
    failure: str = "ffmpeg failed",
    cpus: frozenset[int] | None = None,
) -> str:
    """Run ffmpeg on PCM pieces written to its stdin, its stdout discarded (a measurement, or
    an encoder writing its own file), optionally kept on some CPUs; returns its log at
    `level` or raises AudioError starting with `failure`."""
    cmd = [*quiet(level), *args]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    with spawn(cmd, **pipes) as proc:
        pin(proc.pid, cpus)
        logs: list[bytes] = []
        reader = threading.Thread(target=lambda: logs.append(proc.stderr.read() if proc.stderr else b""))
        reader.start()
        try:
            feed(proc.stdin, chunks)
            proc.wait()
        finally:
            reader.join()
    checkpoint()
    log = b"".join(logs).decode("utf-8", "replace")
    if proc.returncode != 0:
        raise AudioError(f"{failure}: {' / '.join(log.strip().splitlines()[-3:]) or proc.returncode}")
    return log
