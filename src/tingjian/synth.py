"""Run an engine over a Script: bounded concurrency, retries with backoff, cache, progress."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass

from .cache import CueCache, cue_key
from .engines.base import CueAudio, Engine, TransientEngineError
from .errors import FailedCue, SynthesisError
from .script import Script

ProgressFn = Callable[[int, bool], None]
"""Called once per finished cue with (cue index, came from cache)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one cue before giving up on it."""

    retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Exponential backoff with full jitter."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


@dataclass(frozen=True)
class SynthResult:
    """Audio of every cue, in script order, and how many came from the cache."""

    audio: tuple[CueAudio, ...]
    cached: int
    requests: int


def synthesize_script(
    script: Script,
    engine: Engine,
    cache: CueCache | None,
    policy: RetryPolicy = RetryPolicy(),
    progress: ProgressFn | None = None,
    seed: int | None = None,
) -> SynthResult:
    """Synthesize every cue; raise SynthesisError naming the cues that still failed."""
    return asyncio.run(_run(script, engine, cache, policy, progress or (lambda i, c: None), seed))


async def _run(
    script: Script,
    engine: Engine,
    cache: CueCache | None,
    policy: RetryPolicy,
    progress: ProgressFn,
    seed: int | None,
) -> SynthResult:
    rng = random.Random(seed)
    identity = engine.cache_identity()
    sem = asyncio.Semaphore(engine.max_concurrency)
    results: dict[int, CueAudio] = {}
    failed: list[FailedCue] = []
    counters = {"cached": 0, "requests": 0}

    async def one(index: int) -> None:
        cue = script.cues[index]
        key = cue_key(identity, engine.version, cue.speech)
        hit = cache.get(key) if cache else None
        if hit is not None:
            results[index] = hit
            counters["cached"] += 1
            progress(index, True)
            return
        last = ""
        for attempt in range(policy.retries + 1):
            async with sem:
                counters["requests"] += 1
                try:
                    audio = await engine.synthesize(cue.speech)
                except TransientEngineError as e:
                    last = f"{e.kind}: {e}"
                    audio = None
            if audio is not None:
                if cache:
                    cache.put(key, audio)
                results[index] = audio
                progress(index, False)
                return
            if attempt < policy.retries:
                await asyncio.sleep(policy.delay(attempt, rng))
        chapter = script.chapters[cue.chapter].title if cue.chapter < len(script.chapters) else ""
        failed.append(FailedCue(index, chapter, cue.text, last))
        progress(index, False)

    await asyncio.gather(*(one(i) for i in range(len(script.cues))))
    if failed:
        raise SynthesisError(
            tuple(sorted(failed, key=lambda f: f.index)),
            "finished cues are cached: run the same command again to resume",
        )
    return SynthResult(tuple(results[i] for i in range(len(script.cues))), counters["cached"], counters["requests"])
