"""Synthesis over a script: bounded concurrency, retries with backoff, failures named, cache kept."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tingjian.errors import AudioError, SynthesisError
from tingjian.settings import Pauses
from tingjian.speech.cache import CueCache
from tingjian.speech.engine import CueAudio, CueLevels, StoredAudio, TransientEngineError
from tingjian.speech.synth import RetryPolicy, synthesize_script
from tingjian.text.script import build_script
from tingjian.text.structure import parse_article

SCRIPT = build_script(
    parse_article("标题\n\n第一句。第二句。第三句。\n\n★部分\n\n第四句。第五句。\n"), Pauses(), "再见。"
)


class FlakyEngine:
    """Fails chosen texts a number of times, tracking concurrency (a stand-in for a network engine)."""

    name = "flaky"
    version = "1"
    voice = "v"
    needs_spoken_form = False
    merge_chars = 0

    def __init__(self, failures: dict[str, int], concurrency: int = 2) -> None:
        self.failures = dict(failures)
        self.max_concurrency = concurrency
        self.calls: list[str] = []
        self.active = 0
        self.peak = 0

    def cache_identity(self, voice: str | None = None) -> dict[str, str]:
        return {"engine": self.name}

    def check_voice(self, voice: str) -> None:
        return None

    async def synthesize(self, text: str, voice: str | None = None) -> CueAudio:
        self.calls.append(text)
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            await asyncio.sleep(0.01)
            if self.failures.get(text, 0) > 0:
                self.failures[text] -= 1
                raise TransientEngineError("connection", "reset by peer")
            return CueAudio(text.encode(), "raw")
        finally:
            self.active -= 1

    def close(self) -> None:
        return None


FAST = RetryPolicy(retries=3, base_delay=0.001, max_delay=0.01)


def test_transient_failures_are_retried_until_success(tmp_path: Path) -> None:
    engine = FlakyEngine({"第二句。": 2, "第五句。": 3})
    result = asyncio.run(synthesize_script(SCRIPT, engine, CueCache(tmp_path), FAST, seed=1))
    assert [a.data.decode() for a in result.audio] == [c.speech for c in SCRIPT.cues]
    assert engine.calls.count("第二句。") == 3 and engine.calls.count("第五句。") == 4


def test_concurrency_never_exceeds_the_engine_limit(tmp_path: Path) -> None:
    engine = FlakyEngine({}, concurrency=2)
    asyncio.run(synthesize_script(SCRIPT, engine, None, FAST))
    assert engine.peak == 2


def test_cue_that_keeps_failing_is_named_and_the_rest_stay_cached(tmp_path: Path) -> None:
    engine = FlakyEngine({"第四句。": 100})
    with pytest.raises(SynthesisError) as err:
        asyncio.run(synthesize_script(SCRIPT, engine, CueCache(tmp_path), FAST))
    (failed,) = err.value.failed
    assert failed.text == "第四句。" and failed.chapter == "部分" and "connection" in failed.reason
    assert "第四句。" in err.value.message and "resume" in (err.value.hint or "")
    # The rerun after recovery asks only for the missing cue.
    healthy = FlakyEngine({})
    result = asyncio.run(synthesize_script(SCRIPT, healthy, CueCache(tmp_path), FAST))
    assert healthy.calls == ["第四句。"]
    assert result.cached == len(SCRIPT.cues) - 1


def test_backoff_grows_exponentially_and_is_capped() -> None:
    import random

    policy = RetryPolicy(retries=5, base_delay=0.5, max_delay=4.0)
    rng = random.Random(0)
    ceilings = [min(4.0, 0.5 * 2**a) for a in range(6)]
    for attempt, ceiling in enumerate(ceilings):
        delays = [policy.delay(attempt, rng) for _ in range(200)]
        assert max(delays) <= ceiling and max(delays) > ceiling * 0.8


def test_no_retry_starts_after_the_run_deadline(tmp_path: Path) -> None:
    engine = FlakyEngine({"第二句。": 100})
    policy = RetryPolicy(retries=50, base_delay=0.001, max_delay=0.01, deadline=0.0)
    with pytest.raises(SynthesisError) as err:
        asyncio.run(synthesize_script(SCRIPT, engine, None, policy))
    assert engine.calls.count("第二句。") == 1
    assert "deadline" in err.value.failed[0].reason


def test_throttling_halves_the_concurrency_limit(tmp_path: Path) -> None:
    class Throttling(FlakyEngine):
        async def synthesize(self, text: str, voice: str | None = None) -> CueAudio:
            if self.failures.get(text, 0) > 0:
                self.failures[text] -= 1
                raise TransientEngineError("throttled", "429")
            return await super().synthesize(text)

    engine = Throttling({"第一句。": 1, "第二句。": 1}, concurrency=4)
    result = asyncio.run(synthesize_script(SCRIPT, engine, None, FAST))
    assert result.throttled == 2 and result.min_concurrency == 1


def test_a_cache_entry_that_is_not_audio_or_was_hand_edited_is_a_miss(tmp_path: Path) -> None:
    import json

    from tingjian.speech.engine import Boundary, CueAudio

    cache = CueCache(tmp_path)
    cache.put("a" * 64, CueAudio(b"\x00garbage-bytes", "mp3"))
    assert cache.get("a" * 64) is None
    cache.put("b" * 64, CueAudio(b"\xff\xf3" + bytes(100), "mp3", (Boundary(80.0, 900.0, "好"),)))
    meta = tmp_path / "bb" / f"{'b' * 64}.json"
    doc = json.loads(meta.read_text(encoding="utf-8"))
    assert cache.get("b" * 64) is not None
    doc["boundaries"] = [{"offset": 1}]
    meta.write_text(json.dumps(doc), encoding="utf-8")
    assert cache.get("b" * 64) is None


def test_progress_counts_only_cues_that_are_done(tmp_path: Path) -> None:
    engine = FlakyEngine({"第二句。": 99})
    done: list[int] = []
    policy = RetryPolicy(retries=1, base_delay=0.0)
    result = asyncio.run(
        synthesize_script(SCRIPT, engine, None, policy, lambda i, c: done.append(i), allow_failures=True)
    )
    assert len(result.failed) == 1 and len(done) == len(SCRIPT.cues) - 1
    assert result.failed[0].index not in done


def test_the_cache_keeps_a_cues_levels_and_drops_malformed_ones_without_losing_the_audio(tmp_path: Path) -> None:
    cache = CueCache(tmp_path)
    levels = CueLevels((-20.5, float("-inf")), (-21.0, -22.0), -3.25)
    cache.put("ab" * 32, CueAudio(b"RIFF\0\0\0\0WAVEdata", "wav", (), levels))
    assert cache.get("ab" * 32) == CueAudio(b"RIFF\0\0\0\0WAVEdata", "wav", (), levels)
    meta = tmp_path / "ab" / f"{'ab' * 32}.json"
    doc = json.loads(meta.read_text(encoding="utf-8"))
    doc["levels"]["momentary"] = ["loud", 1]
    meta.write_text(json.dumps(doc), encoding="utf-8")
    hit = cache.get("ab" * 32)
    assert hit is not None and hit.levels is None and hit.data == b"RIFF\0\0\0\0WAVEdata"


def test_new_cues_are_measured_before_caching_and_old_entries_are_measured_once(tmp_path: Path) -> None:
    measured: list[bytes] = []

    def measure(cues: list[CueAudio]) -> list[CueAudio]:
        measured.extend(cue.data for cue in cues)
        return [replace(cue, levels=CueLevels((-20.0,), (-20.0,), -1.0)) for cue in cues]

    cache = CueCache(tmp_path)
    first = asyncio.run(synthesize_script(SCRIPT, FlakyEngine({}), cache, measure=measure))
    assert all(a is not None and a.levels is not None for a in first.audio)
    assert len(measured) == len({c.speech for c in SCRIPT.cues})
    # An entry cached before levels were kept: measured on its next hit, and stored with them.
    key = next(p.stem for p in tmp_path.glob("*/*.json"))
    meta = next(tmp_path.glob(f"*/{key}.json"))
    doc = json.loads(meta.read_text(encoding="utf-8"))
    del doc["levels"]
    meta.write_text(json.dumps(doc), encoding="utf-8")
    measured.clear()
    again = asyncio.run(synthesize_script(SCRIPT, FlakyEngine({}), cache, measure=measure))
    assert again.requests == 0 and len(measured) == 1
    assert "levels" in json.loads(meta.read_text(encoding="utf-8"))


def test_cues_that_arrive_together_are_measured_in_one_call() -> None:
    calls: list[int] = []

    def measure(cues: list[CueAudio]) -> list[CueAudio]:
        calls.append(len(cues))
        return [replace(cue, levels=CueLevels((-20.0,), (-20.0,), -1.0)) for cue in cues]

    result = asyncio.run(synthesize_script(SCRIPT, FlakyEngine({}), None, measure=measure))
    distinct = len({c.speech for c in SCRIPT.cues})
    assert all(a is not None and a.levels is not None for a in result.audio)
    assert sum(calls) == distinct and len(calls) < distinct


def test_cached_cues_leave_their_audio_in_the_cache_and_read_it_checked_when_used(tmp_path: Path) -> None:
    first = asyncio.run(synthesize_script(SCRIPT, FlakyEngine({}), CueCache(tmp_path), FAST))
    again = asyncio.run(synthesize_script(SCRIPT, FlakyEngine({}), CueCache(tmp_path), FAST))
    for made in (first, again):  # new cues once stored, and cache hits: none held in memory
        assert all(isinstance(a.payload, StoredAudio) for a in made.audio if a is not None)
        assert [a.data.decode() for a in made.audio if a is not None] == [c.speech for c in SCRIPT.cues]
    without_cache = asyncio.run(synthesize_script(SCRIPT, FlakyEngine({}), None, FAST))
    assert all(isinstance(a.payload, bytes) for a in without_cache.audio if a is not None)
    # A cue whose file changes under the run is never used as it is now.
    cue = again.audio[1]
    assert cue is not None and isinstance(cue.payload, StoredAudio)
    cue.payload.path.write_bytes(b"other")
    with pytest.raises(AudioError, match="changed during the run"):
        _ = cue.data
