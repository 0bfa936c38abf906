"""Every kind of service fault, through the real edge-tts client, is classified for retrying."""

from __future__ import annotations

import asyncio

import pytest

from tingjian.devtools.fake_edge import FakeEdgeServer, FaultPlan
from tingjian.speech.edge import EdgeEngine
from tingjian.speech.engine import TransientEngineError

TEXT = "社区通知：明天上午停水两个小时。"


@pytest.mark.parametrize(
    "fault, kind",
    [
        ("refuse", "connection"),
        ("close", "truncated"),
        ("stall", "timeout"),
        ("throttle429", "throttled"),
        ("throttle503", "throttled"),
        ("no_audio", "no-audio"),
    ],
)
def test_fault_is_classified(fault: str, kind: str) -> None:
    with FakeEdgeServer(faults=FaultPlan(rate=1.0, kinds=(fault,))) as server:  # type: ignore[arg-type]
        engine = EdgeEngine("zh-CN-XiaoxiaoNeural", url=server.url, timeout=1.5)
        with pytest.raises(TransientEngineError) as err:
            asyncio.run(engine.synthesize(TEXT))
        assert err.value.kind == kind
        assert fault in server.faults_injected


def test_one_403_is_absorbed_by_edge_tts_clock_skew_retry() -> None:
    with FakeEdgeServer(faults=FaultPlan(forbid_first=1)) as server:
        engine = EdgeEngine("zh-CN-XiaoxiaoNeural", url=server.url)
        cue = asyncio.run(engine.synthesize(TEXT))
        assert cue.data and server.handshakes == 2 and server.faults_injected == ["forbidden"]


def test_repeated_403_is_a_transient_forbidden_error() -> None:
    with FakeEdgeServer(faults=FaultPlan(forbid_first=10)) as server:
        engine = EdgeEngine("zh-CN-XiaoxiaoNeural", url=server.url)
        with pytest.raises(TransientEngineError) as err:
            asyncio.run(engine.synthesize(TEXT))
        assert err.value.kind == "forbidden"
