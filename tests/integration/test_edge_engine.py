"""The edge engine runs the real edge-tts client against the local Edge-protocol server."""

from __future__ import annotations

import asyncio

import pytest

from tingjian.audio.decode import decode
from tingjian.devtools.fake_edge import FakeEdgeServer
from tingjian.errors import ConfigError
from tingjian.speech.edge import EdgeEngine
from tingjian.speech.edge_wire import probe
from tingjian.speech.engine import TransientEngineError


def test_edge_engine_returns_mp3_and_sentence_boundaries(edge_server: FakeEdgeServer) -> None:
    engine = EdgeEngine("zh-CN-YunxiNeural", "+10%", edge_server.url)
    cue = asyncio.run(engine.synthesize("社区通知：明天停水 & 停电。"))
    assert cue.container == "mp3"
    pcm = decode(cue.data, 24000, "mp3")
    seconds = len(pcm) / 2 / 24000
    assert 2.0 < seconds < 5.0
    assert len(cue.boundaries) == 1
    b = cue.boundaries[0]
    assert b.text == "社区通知：明天停水 & 停电。"
    assert 0 < b.offset_ms < b.offset_ms + b.duration_ms <= seconds * 1000
    # The server saw the real client's SSML: voice, rate and the escaped text.
    req = edge_server.requests[-1]
    assert req.voice == "zh-CN-YunxiNeural" and "rate='+10%'" in req.ssml and "&amp;" in req.ssml
    assert req.text == "社区通知：明天停水 & 停电。"


def test_unreachable_endpoint_is_a_transient_connection_error() -> None:
    engine = EdgeEngine("zh-CN-XiaoxiaoNeural", url="ws://127.0.0.1:9/edge/v1?x=1", timeout=5)
    with pytest.raises(TransientEngineError) as err:
        asyncio.run(engine.synthesize("你好。"))
    assert err.value.kind == "connection"


def test_probe_says_why_the_service_is_unreachable(edge_server: FakeEdgeServer) -> None:
    assert asyncio.run(probe(edge_server.url)) is None
    assert "cannot connect" in (asyncio.run(probe("ws://127.0.0.1:9/edge/v1?x=1")) or "")


def test_voice_names_are_validated_before_any_request() -> None:
    with pytest.raises(ConfigError, match="not an Edge voice"):
        EdgeEngine("xiaoxiao")
