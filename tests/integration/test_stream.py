"""The episode as a stream: each cue's levels add up to the loudness of the joined episode; the
streamed episode is, sample for sample, the one made whole in memory, with the same timeline;
what cannot be streamed is made whole; a lone MP3 lands on its target in one encode."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tingjian.audio.assemble import assemble
from tingjian.audio.ffmpeg import run_ffmpeg
from tingjian.audio.levels import cue_levels, cues_levels, episode_loudness, with_levels, with_levels_all
from tingjian.audio.stream import plan_stream
from tingjian.settings import Settings
from tingjian.speech.engine import CueAudio, wav_bytes
from tingjian.text.script import ChapterPlan, Cue, Script

from conftest import ebur128, edge_like_cue

RATE = 24000


@pytest.fixture(scope="module")
def cues() -> list[CueAudio]:
    # Loud, soft and nearly silent cues, so both BS.1770 gates have work to do.
    amplitudes = [0.5, 0.3, 0.08, 0.001, 0.4, 0.2, 0.6, 0.05, 0.35, 0.25]
    return [with_levels(CueAudio(edge_like_cue(1.5 + i % 3, 200 + 37 * i, a), "mp3")) for i, a in enumerate(amplitudes)]


def _script(n: int, earcon: bool = False) -> Script:
    cues = tuple(
        Cue(i, i // 4, "body", f"第{i}句。", f"第{i}句。", 900 if i % 4 == 3 else 350, earcon=earcon and i % 4 == 3)
        for i in range(n)
    )
    chapters = tuple(ChapterPlan(f"第{c + 1}部分", c * 4, min(n, c * 4 + 4) - 1) for c in range(-(-n // 4)))
    return Script("测试", cues, chapters)


def test_cue_levels_add_up_to_the_loudness_of_the_joined_episode(cues: list[CueAudio], tmp_path: Path) -> None:
    settings = Settings(lead_in_ms=500)
    whole = assemble(_script(len(cues)), cues, settings)
    wav = tmp_path / "whole.wav"
    run_ffmpeg(["-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0", "-y", str(wav)], whole.pcm)
    reference = ebur128(wav)
    from_levels = episode_loudness([c.levels for c in cues if c.levels])
    # Short cues with a 50 dB spread of levels are the hard case (blocks straddle each join).
    assert abs(from_levels.integrated_lufs - reference.integrated_lufs) <= 0.3
    assert from_levels.true_peak_dbtp <= reference.true_peak_dbtp + 0.1  # a sample peak, under the true one


@pytest.mark.parametrize("earcon", [False, True], ids=["pauses", "chimes"])
def test_the_streamed_episode_is_sample_for_sample_the_one_made_whole(cues: list[CueAudio], earcon: bool) -> None:
    script = _script(len(cues), earcon)
    settings = Settings(lead_in_ms=700)
    stream = plan_stream(script, cues, settings)
    assert stream is not None
    whole = assemble(script, cues, settings)
    assert b"".join(bytes(c) for c in stream.chunks()) == whole.pcm
    assert stream.timeline == whole.timeline
    # Playable again from the start (a second pass, as a corrected encode needs).
    assert b"".join(bytes(c) for c in stream.chunks()) == whole.pcm


def test_offline_voice_cues_stream_from_their_wav_payloads() -> None:
    tones = [run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency={300 + 50 * i}:sample_rate={RATE}:duration=1",
                         "-f", "s16le", "-ac", "1", "pipe:1"]) for i in range(4)]  # fmt: skip
    cues = [with_levels(CueAudio(wav_bytes(t, RATE), "wav")) for t in tones]
    stream = plan_stream(_script(4), cues, Settings())
    assert stream is not None
    assert b"".join(bytes(c) for c in stream.chunks()) == assemble(_script(4), cues, Settings()).pcm


def test_music_mixed_kinds_and_unmeasured_cues_are_made_whole(cues: list[CueAudio], tmp_path: Path) -> None:
    script = _script(4)
    four = cues[:4]
    assert plan_stream(script, four, Settings()) is not None
    music = tmp_path / "intro.mp3"
    music.write_bytes(four[0].data)
    assert plan_stream(script, four, Settings(intro_music=music)) is None
    assert plan_stream(script, [replace(four[0], levels=None), *four[1:]], Settings()) is None
    wav = with_levels(CueAudio(wav_bytes(bytes(4800), RATE), "wav"))
    assert plan_stream(script, [*four[:3], wav], Settings()) is None


def test_cues_measured_together_in_one_process_have_the_levels_each_has_alone(cues: list[CueAudio]) -> None:
    together = cues_levels([(c.data, c.container) for c in cues])
    assert together == [c.levels for c in cues]
    # One unreadable cue in a batch: the others are still measured, it stays unknown.
    broken = CueAudio(b"\xff\xfb" + bytes(400), "mp3")
    mixed = with_levels_all([replace(c, levels=None) for c in cues[:3]] + [broken])
    assert [c.levels for c in mixed] == [c.levels for c in cues[:3]] + [None]


def test_cue_levels_of_audio_ffmpeg_cannot_read_stay_unknown() -> None:
    assert with_levels(CueAudio(b"\xff\xfb" + bytes(400), "mp3")).levels is None
    # One block every 100 ms, and three reaching into the pause that follows.
    assert len(cue_levels(edge_like_cue(1.0, 440, 0.3), "mp3").momentary) == 10 + 3


def test_a_lone_mp3_is_gained_by_its_cues_levels_and_lands_on_target(
    edge_server: object, cache_dir: Path, tmp_path: Path, seed_path: Path
) -> None:
    from tingjian import api

    episode = api.make(seed_path, output_dir=tmp_path / "out", cache_dir=cache_dir, engine="edge")
    manifest = json.loads(episode.files["manifest"].read_text(encoding="utf-8"))
    final = manifest["loudness"]["final"]
    assert final["basis"] == "levels" and final["peak_kind"] == "sample"
    measured = ebur128(episode.files["mp3"])
    assert abs(measured.integrated_lufs - -16.0) <= 0.5
    assert measured.true_peak_dbtp <= -1.0
    # Every cue in the cache carries its levels: a rebuild needs no measuring decode.
    metas = [json.loads(p.read_text(encoding="utf-8")) for p in cache_dir.rglob("*.json")]
    assert metas and all("levels" in m for m in metas)
