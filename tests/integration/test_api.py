"""The public API as other programs use it: from a running event loop, two runs at once
against different endpoints, cancellation mid-encode, two processes making the same
episode, and the test server started as its own program."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import tingjian
from tingjian.devtools.fake_edge import FakeEdgeServer, LatencyModel
from tingjian.export.manifest import finished_manifest, read_manifest

from conftest import EXAMPLE, ROOT, ffmpeg_chapters

NOTICE_A = "停水通知\n\n明天上午停水，请大家提前储水。\n\n给您带来不便，敬请谅解。\n"
NOTICE_B = "体检通知\n\n社区医院下周为老人免费体检。\n\n请带好身份证和医保卡。\n"


def _spoken(server: FakeEdgeServer) -> str:
    return "".join(server.texts)


def test_make_returns_an_episode_with_files_chapters_duration_and_loudness(
    edge_server: FakeEdgeServer, tmp_path: Path
) -> None:
    ep = tingjian.make(EXAMPLE, output_dir=tmp_path / "out", engine="edge", cache_dir=tmp_path / "c")
    assert ep.files["mp3"].is_file() and ep.files["mp3"].parent == ep.folder
    assert [c.title for c in ep.chapters] == [c.title for c in ffmpeg_chapters(ep.files["mp3"])]
    assert ep.chapters[-1].end_ms == pytest.approx(ep.duration_ms)
    assert ep.loudness is not None and abs(ep.loudness.integrated_lufs + 16) <= 1.0


def test_make_called_inside_a_running_event_loop_works(edge_server: FakeEdgeServer, tmp_path: Path) -> None:
    async def inside_a_loop() -> tingjian.Episode:
        return tingjian.make(text=NOTICE_A, output_dir=tmp_path, engine="edge", cache_dir=tmp_path / "c")

    ep = asyncio.run(inside_a_loop())
    assert ep.files["mp3"].is_file()
    assert "明天上午停水" in _spoken(edge_server)


def test_two_runs_at_once_with_different_endpoints_each_reach_only_their_own_server(tmp_path: Path) -> None:
    async def both(a: FakeEdgeServer, b: FakeEdgeServer) -> list[tingjian.Episode]:
        options = {"engine": "edge", "output_dir": tmp_path, "cache_dir": tmp_path / "c", "concurrency": 2}
        return await asyncio.gather(
            tingjian.make_async(text=NOTICE_A, edge_url=a.url, **options),
            tingjian.make_async(text=NOTICE_B, edge_url=b.url, **options),
        )

    slow = LatencyModel(ttfb_ms=30)  # so the two runs' requests interleave
    with FakeEdgeServer(latency=slow) as a, FakeEdgeServer(latency=slow) as b:
        first, second = asyncio.run(both(a, b))
    assert "停水" in _spoken(a) and "体检" not in _spoken(a)
    assert "体检" in _spoken(b) and "停水" not in _spoken(b)
    assert first.folder != second.folder and first.files["mp3"].is_file() and second.files["mp3"].is_file()


def _ffmpeg_children() -> list[int]:
    """PIDs of this process's ffmpeg children (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            name = stat.read_text().split("(", 1)[1].rsplit(")", 1)[0]
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid() and "ffmpeg" in name:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads child processes from /proc (Linux)")
def test_cancelling_a_run_mid_encode_kills_ffmpeg_and_keeps_the_previous_episode(
    edge_server: FakeEdgeServer, tmp_path: Path
) -> None:
    options = {"output_dir": tmp_path / "out", "engine": "edge", "cache_dir": tmp_path / "c"}
    before = tingjian.make(EXAMPLE, **options)
    manifest = read_manifest(before.folder)
    assert manifest is not None

    encoding = threading.Event()

    class Watch(tingjian.SilentReporter):
        def stage(self, name: str) -> None:
            if name.startswith("encoding"):
                encoding.set()

    async def cancel_mid_encode() -> list[int]:
        # Ten repeats make a long episode, so the encoder is still running when the cancel comes.
        task = asyncio.ensure_future(tingjian.make_async(EXAMPLE, repeat=10, reporter=Watch(), **options))
        await asyncio.get_running_loop().run_in_executor(None, encoding.wait, 60)
        for _ in range(200):
            running = _ffmpeg_children()
            if running:
                break
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return running

    running = asyncio.run(cancel_mid_encode())
    assert running, "no ffmpeg was running at the cancel: the test did not exercise it"
    assert _ffmpeg_children() == []
    assert not any(Path(f"/proc/{pid}").exists() for pid in running)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [before.folder.name]  # no staging folder, no lock file
    assert finished_manifest(before.folder, manifest.build_key) == manifest  # the old episode, intact


def test_two_processes_making_the_same_episode_into_one_folder_both_succeed(tmp_path: Path) -> None:
    with FakeEdgeServer(latency=LatencyModel(ttfb_ms=40)) as server:
        env = {**os.environ, "TINGJIAN_EDGE_URL": server.url}
        cmd = [sys.executable, "-m", "tingjian", "make", str(EXAMPLE), "-o", str(tmp_path / "out"),
               "--engine", "edge", "--cache-dir", str(tmp_path / "c")]  # fmt: skip
        procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        results = [(p.wait(120), p.stdout.read().decode(), p.stderr.read().decode()) for p in procs]  # type: ignore[union-attr]
    for code, _, err in results:
        assert code == 0, err
    waited = [err for _, _, err in results if "waiting for another run" in err]
    assert len(waited) <= 1
    (folder,) = (tmp_path / "out").iterdir()  # one episode folder, nothing else left behind
    manifest = read_manifest(folder)
    assert manifest is not None and finished_manifest(folder, manifest.build_key) == manifest
    assert sum("up to date" in err for _, _, err in results) == len(waited)


def test_plan_takes_text_and_cli_option_names(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('"储水" = "存水"\n', encoding="utf-8")
    plan = tingjian.plan(text=NOTICE_A, engine="kokoro", lexicon=str(lexicon), navigation=False)
    assert plan.title == "停水通知"
    assert plan.input.name == "text" and plan.engine.name == "kokoro"
    cues = [c for ch in plan.chapters for c in ch.cues]
    stored = next(c for c in cues if "储水" in c.text)
    assert stored.speech == "明天上午停水，请大家提前存水。" and stored.role == "body"
    assert plan.to_dict()["chapters"][0]["cues"][0]["text"] == "停水通知"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": EXAMPLE, "text": "x"}, "either an article file or text="),
        ({"text": NOTICE_A, "loudness": -16}, "unknown option 'loudness'"),
        ({"text": NOTICE_A, "rate": "fast"}, "is not like +0%"),
    ],
)
def test_bad_api_calls_raise_config_errors_naming_the_problem(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(tingjian.ConfigError, match=re.escape(message)):
        tingjian.plan(engine="kokoro", **kwargs)  # type: ignore[arg-type]


def test_the_test_server_runs_as_its_own_program(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tingjian.devtools.fake_edge", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("ws://127.0.0.1:")
        ep = tingjian.make(text=NOTICE_B, engine="edge", edge_url=url, output_dir=tmp_path, cache_dir=tmp_path / "c")
        assert ep.requests > 0 and ep.files["mp3"].is_file()
    finally:
        proc.terminate()
        proc.wait(10)


def test_auto_that_resolves_to_the_same_offline_voice_finds_the_episode_up_to_date(tmp_path: Path) -> None:
    options = {"output_dir": tmp_path / "out", "cache_dir": tmp_path / "c"}
    first = tingjian.make(text="停水通知\n\n明天停水。\n", engine="kokoro", **options)
    again = tingjian.make(
        text="停水通知\n\n明天停水。\n", engine="auto", edge_url="ws://127.0.0.1:9/x?TrustedClientToken=t", **options
    )
    assert not first.reused and again.reused and again.voice == first.voice
