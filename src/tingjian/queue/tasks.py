"""The queue's one task, for Dramatiq workers (`tingjian worker` runs them): make an episode
from an article's text into the shared output folder, through the shared cue cache and
the shared Edge connection budget. Importing this module binds Dramatiq to the broker in
$TINGJIAN_BROKER, as `dramatiq tingjian.queue.tasks` needs.

A job that fails on its input (an article that cannot be read, a bad option) fails once,
with its error stored as its result; a job that fails on the service is retried with
backoff; a job killed with its worker is redelivered to another worker after the broker's
heartbeat timeout (a few seconds, set below)."""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import CurrentMessage
from dramatiq.results import Results
from dramatiq.results.backends.redis import RedisBackend
from redis.exceptions import RedisError

BROKER_ENV = "TINGJIAN_BROKER"
QUEUE = "tingjian"
#: A worker silent this long is dead and its messages go back to the queue, when another
#: worker runs the broker's maintenance. Dramatiq's defaults (60 s, on 1,000 in a million
#: broker calls) leave a killed worker's job waiting for minutes; with these it is
#: redelivered within seconds (see the README).
HEARTBEAT_TIMEOUT_MS = 4_000
MAINTENANCE_CHANCE = 100_000
#: How long a job's progress and result stay in the server.
RESULT_TTL_MS = 24 * 3600 * 1000
RETRIES = 3


def job_time_limit_ms(text: str) -> int:
    """A job's time limit, scaled to its article: 2 minutes, plus 0.2 s per character
    (an hour of speech, about 15,000 characters, gets 52 minutes)."""
    return 120_000 + 200 * len(text)


def progress_key(message_id: str) -> str:
    return f"tingjian:progress:{message_id}"


def setup_broker(url: str) -> RedisBroker:
    """Dramatiq on the Redis-compatible server at `url`, results stored there too."""
    broker = RedisBroker(url=url, heartbeat_timeout=HEARTBEAT_TIMEOUT_MS, maintenance_chance=MAINTENANCE_CHANCE)
    broker.add_middleware(Results(backend=RedisBackend(url=url), store_results=True, result_ttl=RESULT_TTL_MS))
    broker.add_middleware(CurrentMessage())
    dramatiq.set_broker(broker)
    return broker


BROKER_URL = os.environ.get(BROKER_ENV, "redis://127.0.0.1:6379/0")
broker = setup_broker(BROKER_URL)


def _retry_when(retries: int, exc: BaseException) -> bool:
    """Retry what the service or the machine caused, never what the article or options did."""
    from redis.exceptions import ConnectionError as BrokerGone
    from redis.exceptions import TimeoutError as BrokerSlow

    from ..errors import AudioError, EngineUnavailable, SynthesisError

    transient = (SynthesisError, EngineUnavailable, AudioError, OSError, BrokerGone, BrokerSlow)
    return retries < RETRIES and isinstance(exc, transient)


class _Progress:
    """A run's progress into the server (a hash per job), for `submit --wait` and the studio."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.client = broker.client
        self.done = 0
        self.last = 0.0

    def write(self, force: bool = False, **values: Any) -> None:
        now = time.monotonic()
        if force or now - self.last > 0.3:
            self.last = now
            try:
                self.client.hset(self.key, mapping={"done": self.done, **values})
                self.client.pexpire(self.key, RESULT_TTL_MS)
            except RedisError:  # progress is for people watching: a restarting broker must not fail the job
                pass

    def engine_chosen(self, engine: str, voice: str, reason: str) -> None:
        self.write(True, stage=f"{engine} {voice}")

    def synthesis_started(self, total: int) -> None:
        self.done = 0
        self.write(True, total=total, stage="synthesizing")

    def cue_done(self, index: int, cached: bool) -> None:
        self.done += 1
        self.write()

    def stage(self, name: str) -> None:
        self.write(True, stage=name)


@dramatiq.actor(queue_name=QUEUE, store_results=True, max_retries=RETRIES, min_backoff=1_000, max_backoff=30_000,
                retry_when=_retry_when)  # fmt: skip
def make_episode(job: dict[str, Any]) -> dict[str, Any]:
    """Make one article into the worker's output folder; returns what was made."""
    import tingjian

    message = CurrentMessage.get_current_message()
    progress = _Progress(progress_key(message.message_id if message else "local"))
    with contextlib.suppress(RedisError):  # counted for people watching; never fails the job
        progress.client.hincrby(progress.key, "attempts", 1)
    options = dict(job.get("options", {}))
    output = job.get("show") or job.get("output") or os.environ.get("TINGJIAN_OUTPUT", "audio_out")
    settings = tingjian.make_settings(
        options.pop("preset", None),
        None,
        output_dir=output,
        cache_dir=os.environ.get("TINGJIAN_CACHE") or None,
        shared_limit_url=BROKER_URL,
        shared_limit=int(os.environ.get("TINGJIAN_EDGE_CONCURRENCY", "8")),
        **options,
    )
    try:
        episode = tingjian.make(text=job["text"], settings=settings, reporter=progress)
    except tingjian.TingjianError as e:
        progress.write(True, stage="failed", error=e.message)
        raise
    if job.get("show"):
        from ..show import build_show

        build_show(settings.output_dir)
    progress.write(True, stage="done")
    return {
        "title": episode.script.title,
        "folder": str(episode.folder),
        "duration_ms": episode.duration_ms,
        "files": {kind: str(path) for kind, path in episode.files.items()},
        "reused": episode.reused,
    }


def rebind(url: str) -> None:
    """Bind this process's task to another broker (a submitter that talks to several)."""
    global BROKER_URL, broker
    BROKER_URL = url
    broker = setup_broker(url)
    make_episode.broker = broker
    broker.declare_actor(make_episode)
