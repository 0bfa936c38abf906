"""Synthesis that survives the network: faults, failures, resume, kill, throttling, cache."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tingjian import make, plan
from tingjian.audio.decode import decode_file
from tingjian.cli import app
from tingjian.devtools.fake_edge import FakeEdgeServer, FaultPlan, LatencyModel
from tingjian.errors import SynthesisError
from tingjian.settings import Settings
from tingjian.speech.cache import CueCache

from conftest import FIXTURES, decoded_seconds

NOTICE = FIXTURES / "articles" / "community-notice.txt"
STORY = FIXTURES / "articles" / "wechat-story.txt"
runner = CliRunner()


def _settings(tmp: Path, server: FakeEdgeServer, name: str, **kw: object) -> Settings:
    base: dict[str, object] = {
        "engine": "edge",
        "output_dir": tmp / name / "out",
        "cache_dir": tmp / name / "cache",
        "edge_url": server.url,
        "retry_base_delay": 0.01,
        "timeout": 2.0,
    }
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


def test_thirty_percent_mixed_faults_give_the_same_audio_as_a_clean_run(seed_path: Path, tmp_path: Path) -> None:
    # One request per cue: a shared request that fails is asked for again one cue at a time,
    # which cuts the audio a frame differently (test_merge covers that path).
    with FakeEdgeServer() as clean:
        good = make(seed_path, settings=_settings(tmp_path, clean, "clean", merge_chars=0))
    with FakeEdgeServer(faults=FaultPlan(rate=0.3, seed=7)) as flaky:
        bad = make(seed_path, settings=_settings(tmp_path, flaky, "flaky", retries=12, merge_chars=0))
    assert len(flaky.faults_injected) > 15
    assert {"refuse", "close", "stall", "throttle429", "no_audio"} <= set(flaky.faults_injected)
    assert [c.start_ms for c in bad.timeline.cues] == [c.start_ms for c in good.timeline.cues]
    assert decode_file(bad.files["mp3"], 16000) == decode_file(good.files["mp3"], 16000)
    assert bad.run.throttled > 0


def test_cue_that_always_fails_is_named_nothing_is_written_and_rerun_resumes(tmp_path: Path) -> None:
    with FakeEdgeServer(faults=FaultPlan(always={"体检当天请空腹": "close"})) as server:
        settings = _settings(tmp_path, server, "run", retries=2)
        with pytest.raises(SynthesisError) as err:
            make(NOTICE, settings=settings)
        (failed,) = err.value.failed
        assert failed.chapter == "注意事项" and failed.text.startswith("体检当天请空腹")
        assert "truncated" in failed.reason
        assert not settings.output_dir.exists() or not any(settings.output_dir.rglob("*.*"))
        total = len({c.speech for c in plan(NOTICE, settings=settings).script.cues})
        assert CueCache(settings.cache_dir).stats()[0] == total - 1  # every other cue is kept

        server.faults.always.clear()  # the service recovers
        before = len(server.requests)
        episode = make(NOTICE, settings=settings)
        assert [r.text for r in server.requests[before:]] == [failed.text]
        assert episode.run.cached == total - 1 and episode.files["mp3"].exists()


def test_cli_exits_nonzero_and_names_the_failed_cue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeEdgeServer(faults=FaultPlan(always={"体检当天请空腹": "no_audio"})) as server:
        monkeypatch.setenv("TINGJIAN_EDGE_URL", server.url)
        args = ["make", str(NOTICE), "-o", str(tmp_path / "o"), "--cache-dir", str(tmp_path / "c")]
        result = runner.invoke(app, [*args, "--engine", "edge", "--retries", "1"])
        assert result.exit_code == 5
        assert "[注意事项] 体检当天请空腹" in result.output and "no-audio" in result.output
        assert "run the same command again to resume" in result.output


def test_fallback_fills_failed_cues_with_the_offline_voice_and_says_so(tmp_path: Path) -> None:
    with FakeEdgeServer(faults=FaultPlan(always={"体检当天请空腹": "stall"})) as server:
        episode = make(NOTICE, settings=_settings(tmp_path, server, "fb", retries=1, timeout=1.0, fallback="kokoro"))
    manifest = json.loads(episode.files["manifest"].read_text(encoding="utf-8"))
    (index,) = manifest["fallback"]["cues"]
    cue = manifest["cues"][index]
    assert cue["text"].startswith("体检当天请空腹") and cue["engine"] == "kokoro"
    assert manifest["fallback"]["voice"] == "zf_xiaoxiao"  # the offline namesake of the run's Edge voice
    assert all(c["engine"] == "edge" for i, c in enumerate(manifest["cues"]) if i != index)
    assert cue["end_ms"] - cue["start_ms"] > 1500  # real speech filled the gap
    assert abs(decoded_seconds(episode.files["mp3"]) * 1000 - episode.timeline.duration_ms) < 100


def test_concurrent_connections_never_exceed_the_limit(tmp_path: Path) -> None:
    with FakeEdgeServer(latency=LatencyModel(ttfb_ms=80)) as server:
        make(STORY, settings=_settings(tmp_path, server, "c3", concurrency=3))
    assert server.peak_connections == 3


def test_throttling_service_lowers_concurrency_and_still_finishes(tmp_path: Path) -> None:
    with FakeEdgeServer(latency=LatencyModel(ttfb_ms=80, max_connections=2)) as server:
        episode = make(STORY, settings=_settings(tmp_path, server, "thr", concurrency=6, retries=10))
    assert "over-capacity" in server.faults_injected
    assert episode.run.throttled > 0 and episode.run.min_concurrency <= 3
    assert server.peak_connections <= 2


def test_corrupt_cache_entry_is_detected_and_redone(tmp_path: Path) -> None:
    with FakeEdgeServer() as server:
        settings = _settings(tmp_path, server, "corrupt")
        make(NOTICE, settings=settings)
        victim = sorted(settings.cache_dir.glob("*/*.audio"))[0]
        victim.write_bytes(victim.read_bytes()[:100])  # truncated by a crash or a full disk
        before = len(server.requests)
        episode = make(NOTICE, settings=replace(settings, force=True))
    assert len(server.requests) - before == 1
    assert episode.run.cached == len(episode.script.cues) - 1


def test_editing_one_paragraph_resynthesizes_only_its_cues(tmp_path: Path) -> None:
    article = tmp_path / "notice.txt"
    article.write_text(NOTICE.read_text(encoding="utf-8"), encoding="utf-8")
    with FakeEdgeServer() as server:
        settings = _settings(tmp_path, server, "edit")
        make(article, settings=settings)
        article.write_text(
            article.read_text(encoding="utf-8").replace("体检当天请空腹", "体检当天请务必空腹"), encoding="utf-8"
        )
        before = len(server.requests)
        make(article, settings=settings)
    assert [r.text for r in server.requests[before:]] == ["体检当天请务必空腹，带好身份证和医保卡。"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_killed_run_leaves_no_partial_output_and_rerun_reuses_finished_cues(sig: int, tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    with FakeEdgeServer(latency=LatencyModel(ttfb_ms=300, stream_factor=0.3)) as server:
        env = {**os.environ, "TINGJIAN_EDGE_URL": server.url}
        cmd = [sys.executable, "-m", "tingjian", "make", str(NOTICE), "-o", str(out), "--cache-dir", str(cache)]
        # A shell without job control starts background jobs with SIGINT ignored, and children
        # inherit that: the run is started as from a terminal, where Ctrl-C reaches it.
        proc = subprocess.Popen(
            [*cmd, "--engine", "edge", "--concurrency", "2"], env=env, stderr=subprocess.PIPE,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while CueCache(cache).stats()[0] < 5 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the run finished before it could be interrupted"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err.decode()
        assert "interrupted" in err.decode()
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]
        done = CueCache(cache).stats()[0]
        assert done >= 5

        server.latency = LatencyModel()
        before = len(server.requests)
        episode = make(NOTICE, settings=Settings(engine="edge", output_dir=out, cache_dir=cache, edge_url=server.url))
    assert episode.run.cached >= done
    # Only what was missing is asked for (neighbours may share a request).
    assert 0 < len(server.requests) - before <= len(episode.script.cues) - episode.run.cached


def test_cache_info_and_clear(tmp_path: Path) -> None:
    with FakeEdgeServer() as server:
        episode = make(NOTICE, settings=_settings(tmp_path, server, "info"))
    cache = tmp_path / "info" / "cache"
    entries = len({c.speech for c in episode.script.cues})
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache)])
    assert info.exit_code == 0 and f"entries: {entries}" in info.stdout
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache), "--yes"])
    assert cleared.exit_code == 0 and f"removed {entries}" in cleared.stdout
    assert CueCache(cache).stats() == (0, 0)
