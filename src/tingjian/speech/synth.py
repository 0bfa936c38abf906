"""Run an engine over a Script: adaptive concurrency, retries with backoff, deadline, cache, progress."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import EngineUnavailable, FailedCue, SynthesisError
from ..text.script import Script
from .cache import CueCache, cue_key
from .engine import CueAudio, Engine, TransientEngineError
from .merge import plan_requests, request_text, split

ProgressFn = Callable[[int, bool], None]
"""Called once per cue that is done with (cue index, came from cache); never for a failed cue."""
AudioFn = Callable[[int, CueAudio], None]
"""Called once per cue that is done with (cue index, its audio), on the event loop's thread."""
MeasureFn = Callable[[list[CueAudio]], list[CueAudio]]
"""Adds what is known about cues' audio (their loudness levels) before they are cached,
several cues in one call; blocking."""

Fetched = tuple[CueAudio | None, str, bool]
"""A distinct cue's audio (None when it failed), the last failure and whether it came from the cache."""

THROTTLED = ("throttled",)
#: Shared answers that could not be cut apart, after which a run asks one cue at a time.
UNCUT_LIMIT = 2
#: Connection failures, with not one success, after which a run stops asking.
UNREACHABLE_AFTER = 8


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try each cue, and for how long the whole run may keep retrying."""

    retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    #: No retry starts after this many seconds of synthesis (None: no limit).
    deadline: float | None = 900.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Exponential backoff with full jitter."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


@dataclass(frozen=True)
class SynthResult:
    """Audio of every cue in script order (None where a cue failed) and what it took."""

    audio: tuple[CueAudio | None, ...]
    failed: tuple[FailedCue, ...]
    cached: int
    requests: int
    throttled: int
    min_concurrency: int
    #: Why the cue cache could not be written (full disk, read-only), when it could not.
    cache_problem: str | None = None
    #: Nothing ever connected: the run stopped asking after a few attempts.
    unreachable: bool = False


class MeasureBatcher:
    """Runs a MeasureFn in a thread over the cues that arrive together: a cue waits up to
    `linger` seconds for others (and for the batch before it), then they are measured in
    one call. Under load, batches grow by themselves."""

    def __init__(self, measure: MeasureFn, linger: float = 0.05) -> None:
        self.measure = measure
        self.linger = linger
        self.pending: list[tuple[CueAudio, asyncio.Future[CueAudio]]] = []
        self.worker: asyncio.Task[None] | None = None

    async def __call__(self, audio: CueAudio) -> CueAudio:
        done: asyncio.Future[CueAudio] = asyncio.get_running_loop().create_future()
        self.pending.append((audio, done))
        if self.worker is None or self.worker.done():
            self.worker = asyncio.ensure_future(self._drain())
        return await done

    async def _drain(self) -> None:
        while self.pending:
            await asyncio.sleep(self.linger)
            batch, self.pending = self.pending, []
            try:
                measured = await asyncio.to_thread(self.measure, [a for a, _ in batch])
            except Exception as e:  # the cues' own awaits raise it
                for _, done in batch:
                    if not done.done():
                        done.set_exception(e)
                continue
            for (_, done), audio in zip(batch, measured, strict=True):
                if not done.done():
                    done.set_result(audio)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.cancel()


class AdaptiveLimiter:
    """A concurrency limit that halves when the service throttles and creeps back up.

    Additive increase, multiplicative decrease: the usual way to find the rate a
    shared service tolerates without being told.
    """

    def __init__(self, limit: int) -> None:
        self.max = limit
        self.limit = limit
        self.active = 0
        self.lowest = limit
        self._successes = 0
        self._cond = asyncio.Condition()

    async def __aenter__(self) -> AdaptiveLimiter:
        async with self._cond:
            await self._cond.wait_for(lambda: self.active < self.limit)
            self.active += 1
        return self

    async def __aexit__(self, *exc: object) -> None:
        async with self._cond:
            self.active -= 1
            self._cond.notify_all()

    async def throttled(self) -> None:
        async with self._cond:
            self.limit = max(1, self.limit // 2)
            self.lowest = min(self.lowest, self.limit)
            self._successes = 0

    async def succeeded(self) -> None:
        async with self._cond:
            self._successes += 1
            if self.limit < self.max and self._successes >= 2 * self.limit:
                self.limit += 1
                self._successes = 0
                self._cond.notify_all()


async def synthesize_script(
    script: Script,
    engine: Engine,
    cache: CueCache | None,
    policy: RetryPolicy = RetryPolicy(),
    progress: ProgressFn | None = None,
    seed: int | None = None,
    allow_failures: bool = False,
    measure: MeasureFn | None = None,
    on_audio: AudioFn | None = None,
    longest_first: bool = True,
) -> SynthResult:
    """Synthesize every cue (the longest requests first, unless not `longest_first`: then in
    script order); `measure` (run in a thread, while other cues are still being
    synthesized, over the cues that arrived together) completes each new cue, and a cached
    one that lacks what it adds.

    Raises SynthesisError naming the cues that still failed, unless
    `allow_failures` (the caller fills the gaps, e.g. with the offline voice).
    Every finished cue is in the cache either way, so a rerun resumes.
    """
    result = await _run(
        script, engine, cache, policy, progress or (lambda i, c: None), seed, measure, on_audio, longest_first
    )
    if result.failed and not allow_failures:
        if result.unreachable:
            raise EngineUnavailable(
                f"the {engine.name} service cannot be reached ({result.failed[0].reason})",
                "check the network, or use --engine kokoro (offline), or --fallback kokoro",
            )
        done = len(script.cues) - len(result.failed)
        hint = (
            "finished cues are cached: run the same command again to resume"
            if cache is not None and done
            else "run the same command again when the service answers"
        )
        raise SynthesisError(result.failed, hint)
    return result


async def _run(
    script: Script,
    engine: Engine,
    cache: CueCache | None,
    policy: RetryPolicy,
    progress: ProgressFn,
    seed: int | None,
    measure: MeasureFn | None,
    on_audio: AudioFn | None = None,
    longest_first: bool = True,
) -> SynthResult:
    rng = random.Random(seed)
    limiter = AdaptiveLimiter(engine.max_concurrency)
    results: dict[int, CueAudio] = {}
    failed: list[FailedCue] = []
    counters = {"cached": 0, "requests": 0, "throttled": 0, "connected": 0, "refused": 0, "uncut": 0}
    problems: list[str] = []
    started = time.monotonic()

    def unreachable() -> bool:
        # Not one connection in the first attempts: stop asking (a dead network fails in
        # seconds, not after every cue's retries).
        return counters["connected"] == 0 and counters["refused"] >= UNREACHABLE_AFTER

    def out_of_time() -> bool:
        return policy.deadline is not None and time.monotonic() - started > policy.deadline

    def store(key: str, audio: CueAudio) -> CueAudio:
        """The cue kept in the cache (its audio then read from there when used), or as it is."""
        if cache and not problems:
            try:
                return cache.put(key, audio)
            except OSError as e:  # a full or read-only cache: carry on without it
                problems.append(f"{e.strerror or e.__class__.__name__}: {cache.root}")
        return audio

    batcher = MeasureBatcher(measure) if measure else None

    async def measured(audio: CueAudio) -> CueAudio:
        return await batcher(audio) if batcher else audio

    def uncuttable() -> bool:
        return counters["uncut"] >= UNCUT_LIMIT

    async def ask(
        text: str, voice: str | None, retries: int = policy.retries, shared: bool = False
    ) -> tuple[CueAudio | None, str]:
        """One text from the engine, retried: (audio or None, last failure). A `shared`
        request is not sent once the run has stopped sharing requests."""
        last = ""
        for attempt in range(retries + 1):
            if unreachable():
                return None, last or "connection: the service cannot be reached"
            audio: CueAudio | None = None
            async with limiter:
                if shared and uncuttable():
                    return None, ""
                counters["requests"] += 1
                try:
                    audio = await engine.synthesize(text, voice)
                except TransientEngineError as e:
                    last = f"{e.kind}: {e}"
                    counters["refused"] += e.kind == "connection"
                    if e.kind in THROTTLED:
                        counters["throttled"] += 1
                        await limiter.throttled()
            if audio is not None:
                counters["connected"] += 1
                await limiter.succeeded()
                return audio, ""
            if attempt == retries or out_of_time():
                break
            await asyncio.sleep(policy.delay(attempt, rng))
        return None, last + (" (run deadline reached)" if out_of_time() else "")

    async def keep(key: str, audio: CueAudio) -> Fetched:
        return store(key, await measured(audio)), "", False

    async def fetch(index: int, key: str) -> Fetched:
        """Audio for one distinct cue that is not cached: (audio or None, last failure, False)."""
        cue = script.cues[index]
        audio, last = await ask(cue.speech, cue.voice)
        return await keep(key, audio) if audio is not None else (None, last, False)

    async def fetch_shared(indices: tuple[int, ...]) -> list[Fetched]:
        """Neighbouring cues in one request, cut apart by its boundaries. A shared request is
        tried once: when it fails, or its answer cannot be cut, its cues are asked for one
        by one (a failure then names only the cue that fails); after two answers that could
        not be cut, the run stops sharing requests."""
        texts = [script.cues[i].speech for i in indices]
        if not uncuttable():
            audio, _ = await ask(request_text(texts), script.cues[indices[0]].voice, retries=0, shared=True)
            parts = split(audio, texts) if audio is not None else None
            if parts is not None:
                return list(await asyncio.gather(*(keep(keys[i], p) for i, p in zip(indices, parts, strict=True))))
            counters["uncut"] += audio is not None
        return list(await asyncio.gather(*(fetch(i, keys[i]) for i in indices)))

    async def cached(hit: CueAudio, key: str) -> Fetched:
        if measure and hit.levels is None:  # cached before levels were kept
            hit = await measured(hit)
            if hit.levels is not None:
                hit = store(key, hit)
        return hit, "", True

    async def member(shared: asyncio.Future[list[Fetched]], position: int) -> Fetched:
        return (await shared)[position]

    # Identical cues (a repeated notice, a recurring announcement) are synthesized once.
    keys = [cue_key(engine.cache_identity(c.voice), engine.version, c.speech) for c in script.cues]
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)
    distinct = list(first.values())
    hits = {keys[i]: hit for i in distinct if cache and (hit := cache.get(keys[i], lazy=True)) is not None}
    missing = [i for i in distinct if keys[i] not in hits]
    # Short neighbours share a request (with merge_chars 0, every cue is a request of its own).
    planned = plan_requests(
        [script.cues[i].speech for i in missing], engine.merge_chars, [script.cues[i].voice for i in missing]
    )
    groups = [tuple(missing[j] for j in g) for g in planned]
    tasks: dict[str, asyncio.Future[Fetched]] = {k: asyncio.ensure_future(cached(h, k)) for k, h in hits.items()}
    shared_tasks: list[asyncio.Future[list[Fetched]]] = []
    # Longest first: with a few parallel connections, a long request started last
    # would keep the run waiting alone at the end (longest-processing-time order).
    if longest_first:
        groups.sort(key=lambda g: -sum(len(script.cues[i].speech) for i in g))
    for group in groups:
        if len(group) == 1:
            tasks[keys[group[0]]] = asyncio.ensure_future(fetch(group[0], keys[group[0]]))
            continue
        shared = asyncio.ensure_future(fetch_shared(group))
        shared_tasks.append(shared)
        for position, i in enumerate(group):
            tasks[keys[i]] = asyncio.ensure_future(member(shared, position))

    async def settle(index: int) -> None:
        audio, reason, cached = await tasks[keys[index]]
        cue = script.cues[index]
        if audio is not None:
            results[index] = audio
            counters["cached"] += cached
            progress(index, cached)  # only cues that are done: a failed one never counts as done
            if on_audio is not None:
                on_audio(index, audio)
        else:
            chapter = script.chapters[cue.chapter].title if cue.chapter < len(script.chapters) else ""
            failed.append(FailedCue(index, chapter, cue.text, reason))

    try:
        await asyncio.gather(*(settle(i) for i in range(len(script.cues))))
    finally:
        # Cancelled (or failed): no request may outlive the run.
        for task in tasks.values():
            task.cancel()
        for request in shared_tasks:
            request.cancel()
        if batcher:
            batcher.close()
    return SynthResult(
        audio=tuple(results.get(i) for i in range(len(script.cues))),
        failed=tuple(sorted(failed, key=lambda f: f.index)),
        cached=counters["cached"],
        requests=counters["requests"],
        throttled=counters["throttled"],
        min_concurrency=limiter.lowest,
        cache_problem=problems[0] if problems else None,
        unreachable=unreachable(),
    )
