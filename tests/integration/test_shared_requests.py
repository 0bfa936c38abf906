"""Neighbouring sentences share one Edge request (the real edge-tts client, the local server),
and every cue still gets its own audio, cached on its own; when a shared request fails or its
answer cannot be cut, the cues are asked for one by one."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from tingjian import make
from tingjian.devtools.fake_edge import FakeEdgeServer, Fault, FaultPlan
from tingjian.settings import Pauses, Settings
from tingjian.speech.cache import CueCache
from tingjian.speech.edge import EdgeEngine
from tingjian.speech.synth import RetryPolicy, synthesize_script
from tingjian.text.script import build_script
from tingjian.text.structure import parse_article

from conftest import FIXTURES, decoded_seconds

NOTICE = FIXTURES / "articles" / "community-notice.txt"
SCRIPT = build_script(
    parse_article("停水通知\n\n明天停水。请提前储水。\n\n★安排\n\n上午九点开始，\n下午五点结束。谢谢配合！\n"),
    Pauses(),
    "再见。",
)


def _run(server: FakeEdgeServer, cache: Path | None = None, concurrency: int = 8) -> tuple[int, list[bytes]]:
    engine = EdgeEngine("zh-CN-XiaoxiaoNeural", url=server.url, timeout=3, concurrency=concurrency)
    store = CueCache(cache) if cache else None
    result = asyncio.run(synthesize_script(SCRIPT, engine, store, RetryPolicy(retries=2, base_delay=0.01)))
    return result.requests, [a.data for a in result.audio if a is not None]


def test_neighbouring_cues_share_requests_and_each_gets_its_own_audio_and_cache_entry(tmp_path: Path) -> None:
    with FakeEdgeServer() as server:
        requests, audio = _run(server, tmp_path / "cache")
    speeches = [c.speech for c in SCRIPT.cues]
    assert requests == len(server.texts) < len(speeches) / 2
    assert "".join(server.texts).count("明天停水。") == 1  # every cue sent once
    assert not any("上午九点开始，下午" in t for t in server.texts)  # never across a comma
    assert len(audio) == len(speeches) and len(set(audio)) == len(speeches)
    assert CueCache(tmp_path / "cache").stats()[0] == len(set(speeches))
    with FakeEdgeServer() as again:  # every cue now comes from the cache
        _run(again, tmp_path / "cache")
    assert again.texts == []


def test_an_episode_from_shared_requests_is_as_long_as_one_from_single_requests(tmp_path: Path) -> None:
    made = {}
    for merge in (0, 80):
        with FakeEdgeServer() as server:
            settings = Settings(engine="edge", edge_url=server.url, output_dir=tmp_path / f"o{merge}",
                                cache_dir=tmp_path / f"c{merge}", merge_chars=merge)  # fmt: skip
            made[merge] = (make(NOTICE, settings=settings), len(server.texts))
    (single, one_each), (shared, fewer) = made[0], made[80]
    assert fewer < one_each * 0.6
    assert [c.text for c in shared.timeline.cues] == [c.text for c in single.timeline.cues]
    for a, b in zip(shared.timeline.cues, single.timeline.cues, strict=True):  # within a frame or two
        assert abs((a.end_ms - a.start_ms) - (b.end_ms - b.start_ms)) <= 60
    assert abs(decoded_seconds(shared.files["mp3"]) - decoded_seconds(single.files["mp3"])) < 1.0


def test_a_shared_request_that_fails_is_asked_again_one_cue_at_a_time() -> None:
    with FakeEdgeServer(faults=FaultPlan(once={"请提前储水": "close"})) as server:
        _, audio = _run(server)
    assert len(audio) == len(SCRIPT.cues)
    assert "请提前储水。" in server.texts  # the failed request's cues, each on its own
    assert "明天停水。" in server.texts


@dataclass
class NoSentenceBoundaries(FakeEdgeServer):
    """A service that reports one boundary for the whole answer, whatever it holds."""

    def _speak_sentences(
        self, text: str, fault: Fault | None, trigger: str | None
    ) -> tuple[bytes, list[tuple[str, float, float]]]:
        mp3, bounds = super()._speak_sentences(text, fault, trigger)
        return mp3, [(text, bounds[0][1], bounds[-1][1] + bounds[-1][2] - bounds[0][1])]


def test_answers_that_cannot_be_cut_make_the_run_ask_one_cue_at_a_time() -> None:
    with NoSentenceBoundaries() as server:
        requests, audio = _run(server, concurrency=1)
    shared = [t for t in server.texts if t not in {c.speech for c in SCRIPT.cues}]
    assert len(shared) == 2  # two answers that could not be cut, then no more sharing
    assert len(audio) == len(SCRIPT.cues) and requests == len(server.texts)
