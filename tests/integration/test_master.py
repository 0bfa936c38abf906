"""Mastering: every preset measures on target, file parameters are what the preset promises,
intro music shifts chapters consistently, notices repeat, and `inspect` reads any file."""

from __future__ import annotations

import json
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode
from typer.testing import CliRunner

from tingjian import Episode, make
from tingjian.audio.decode import decode_file
from tingjian.audio.ffmpeg import run_ffmpeg
from tingjian.cli import app
from tingjian.devtools.fake_edge import FakeEdgeServer
from tingjian.settings import make_settings

from conftest import FIXTURES, decoded_seconds, ebur128, ffmpeg_chapters

TINY = FIXTURES / "input" / "tiny.txt"
NOTICE = FIXTURES / "articles" / "community-notice.txt"
runner = CliRunner()

PRESETS = [
    ("podcast", {}, -16.0, 44100, ("mp3",)),
    ("broadcast", {}, -23.0, 48000, ("mp3", "wav")),
    ("broadcast", {"target_lufs": -24.0}, -24.0, 48000, ("mp3", "wav")),
]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeEdgeServer]:
    with FakeEdgeServer() as s:
        yield s


def _check(ep: Episode, target: float, rate: int, formats: tuple[str, ...]) -> None:
    for fmt in formats:
        path = ep.files[fmt]
        measured = ebur128(path)
        assert abs(measured.integrated_lufs - target) <= 1.0, (fmt, measured)
        assert measured.true_peak_dbtp <= -1.0, (fmt, measured)
    mp3 = MP3(ep.files["mp3"]).info
    # mutagen works a CBR file's bitrate out from its Info header's byte and frame counts, to
    # the bit per second (127999 for some lengths): 128 kbit/s is what is asked of it.
    assert (mp3.sample_rate, mp3.channels, round(mp3.bitrate / 1000), mp3.bitrate_mode) == (
        rate,
        1,
        128,
        BitrateMode.CBR,
    )
    if "wav" in formats:
        with wave.open(str(ep.files["wav"])) as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 1, 2)
    manifest = json.loads(ep.files["manifest"].read_text(encoding="utf-8"))
    final = manifest["loudness"]["final"]
    assert manifest["loudness"]["target_lufs"] == target
    independent = ebur128(ep.files[formats[0]])
    if final["basis"] == "levels":
        # Worked out from the sentences' levels and one linear gain (a lone MP3, limiter idle):
        # within a few tenths of what a meter finds on the file, and a sample peak the codec
        # may overshoot by less than the limiter's headroom.
        assert final["peak_kind"] == "sample"
        assert abs(final["integrated_lufs"] - independent.integrated_lufs) <= 0.3
        assert independent.true_peak_dbtp <= final["true_peak_dbtp"] + 1.0
        return
    # Measured on the encoded stream while it was written: the same frames, so the same loudness
    # (short files may differ by a gating block).
    assert abs(final["integrated_lufs"] - independent.integrated_lufs) <= 0.2
    # Our 4x meter and ebur128's 192 kHz one agree on the true peak of speech.
    assert abs(final["true_peak_dbtp"] - independent.true_peak_dbtp) <= 0.2


@pytest.mark.parametrize("preset, extra, target, rate, formats", PRESETS, ids=["podcast", "broadcast", "broadcast-24"])
def test_seed_meets_each_preset(
    preset: str, extra: dict[str, float], target: float, rate: int, formats: tuple[str, ...],
    seed_path: Path, server: FakeEdgeServer, tmp_path: Path,
) -> None:  # fmt: skip
    # The local server's pulsed tone is not speech: listening (the broadcast preset's) is not what this checks.
    settings = make_settings(preset, engine="edge", edge_url=server.url, output_dir=tmp_path, cache_dir=tmp_path / "c",
                             verify=False, **extra)  # fmt: skip
    _check(make(seed_path, settings=settings), target, rate, formats)


@pytest.mark.parametrize("preset, extra, target, rate, formats", PRESETS, ids=["podcast", "broadcast", "broadcast-24"])
def test_offline_voice_meets_each_preset(
    preset: str, extra: dict[str, float], target: float, rate: int, formats: tuple[str, ...], tmp_path: Path
) -> None:
    settings = make_settings(
        preset, engine="kokoro", output_dir=tmp_path, cache_dir=tmp_path / "c", verify=False, **extra
    )
    _check(make(TINY, settings=settings), target, rate, formats)


def test_broadcast_adds_lead_in_silence_highpass_and_compression(server: FakeEdgeServer, tmp_path: Path) -> None:
    ep = make(NOTICE, settings=make_settings("broadcast", engine="edge", edge_url=server.url, output_dir=tmp_path,
                                       cache_dir=tmp_path / "c", verify=False))  # fmt: skip
    pcm = np.frombuffer(decode_file(ep.files["wav"], 48000), dtype="<i2") / 32768.0
    assert np.max(np.abs(pcm[: int(1.4 * 48000)])) < 0.001  # lead-in silence for playout systems
    assert ep.timeline.cues[0].start_ms == pytest.approx(1500, abs=1)
    processing = json.loads(ep.files["manifest"].read_text(encoding="utf-8"))["loudness"]["processing"]
    assert processing[0].startswith("highpass=f=100") and processing[1].startswith("acompressor")
    assert all("rate='-5%'" in r.ssml for r in server.requests[-len(ep.script.cues) :])


def _music(path: Path, seconds: float) -> Path:
    run_ffmpeg(["-y", "-f", "lavfi", "-i", f"sine=frequency=523:duration={seconds}", "-f", "lavfi",
                "-i", f"sine=frequency=659:duration={seconds}", "-filter_complex", "amix=inputs=2", str(path)])  # fmt: skip
    return path


def test_intro_and_outro_shift_chapters_consistently(server: FakeEdgeServer, tmp_path: Path) -> None:
    intro, outro = _music(tmp_path / "intro.wav", 6.0), _music(tmp_path / "outro.wav", 4.0)
    plain = make(NOTICE, settings=make_settings(engine="edge", edge_url=server.url, output_dir=tmp_path / "a",
                                          cache_dir=tmp_path / "c"))  # fmt: skip
    ep = make(NOTICE, settings=make_settings(engine="edge", edge_url=server.url, output_dir=tmp_path / "b",
                                       cache_dir=tmp_path / "c", intro_music=intro, outro_music=outro))  # fmt: skip
    offset = ep.timeline.chapters[1].start_ms
    assert ep.timeline.chapters[0].title == "片头" and ep.timeline.chapters[0].start_ms == 0
    assert 3000 - 1 <= offset <= 6000  # the voice starts over the intro's tail
    assert [c.title for c in ep.timeline.chapters[1:]] == [c.title for c in plain.timeline.chapters]
    for a, b in zip(plain.timeline.chapters[1:], ep.timeline.chapters[2:], strict=True):
        assert b.start_ms - a.start_ms == pytest.approx(offset, abs=1)
    assert ep.timeline.cues[0].start_ms == pytest.approx(offset, abs=1)
    assert decoded_seconds(ep.files["mp3"]) > decoded_seconds(plain.files["mp3"]) + 6
    # Every chapter format agrees with the timeline.
    chaps = sorted(ID3(ep.files["mp3"]).getall("CHAP"), key=lambda c: c.start_time)
    doc = json.loads(ep.files["chapters"].read_text(encoding="utf-8"))["chapters"]
    for tl, id3, js in zip(ep.timeline.chapters, chaps, doc, strict=True):
        assert abs(id3.start_time - tl.start_ms) <= 10 and abs(js["startTime"] * 1000 - tl.start_ms) <= 10
    assert [c.title for c in ffmpeg_chapters(ep.files["mp3"])] == [c.title for c in ep.timeline.chapters]
    # The music is ducked under the voice and the outro is heard after it.
    pcm = np.frombuffer(decode_file(ep.files["mp3"], 44100), dtype="<i2") / 32768.0
    before_voice = pcm[int((offset - 2500) * 44.1) : int((offset - 1500) * 44.1)]
    assert np.sqrt(np.mean(before_voice**2)) > 0.05
    assert _check_level(ep, target=-16.0)


def _check_level(ep: Episode, target: float) -> bool:
    m = ebur128(ep.files["mp3"])
    return abs(m.integrated_lufs - target) <= 1.0 and m.true_peak_dbtp <= -1.0


def test_repeat_reads_the_notice_again_after_zai_bo_yi_bian(server: FakeEdgeServer, tmp_path: Path) -> None:
    before = len(server.requests)
    ep = make(TINY, settings=make_settings("broadcast", engine="edge", edge_url=server.url, output_dir=tmp_path,
                                     cache_dir=tmp_path / "c", repeat=3, verify=False))  # fmt: skip
    texts = [c.text for c in ep.script.cues]
    assert texts.count("再播一遍。") == 2
    assert texts.count("明天上午停水两个小时，请大家提前储水。") == 3
    assert [c.title for c in ep.timeline.chapters][-2:] == ["再播一遍（第二遍）", "再播一遍（第三遍）"]
    # Each distinct sentence was synthesized once.
    sent = [r.text for r in server.requests[before:]]
    assert len(sent) == len(set(sent))


def test_inspect_reports_format_tags_chapters_and_loudness(server: FakeEdgeServer, tmp_path: Path) -> None:
    ep = make(
        NOTICE,
        settings=make_settings(engine="edge", edge_url=server.url, output_dir=tmp_path, cache_dir=tmp_path / "c"),
    )
    result = runner.invoke(app, ["inspect", str(ep.files["mp3"]), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["sample_rate"] == 44100 and doc["bitrate_kbps"] == 128 and doc["codec"] == "mp3"
    assert [c["title"] for c in doc["chapters"]] == [c.title for c in ep.timeline.chapters]
    assert doc["tags"]["TIT2"] == "关于开展老年人免费体检的通知"
    assert abs(doc["loudness"]["integrated_lufs"] - ebur128(ep.files["mp3"]).integrated_lufs) <= 0.1
    assert abs(doc["duration_ms"] - decoded_seconds(ep.files["mp3"]) * 1000) < 60


def test_inspect_reads_a_file_tingjian_did_not_make(tmp_path: Path) -> None:
    wav = _music(tmp_path / "tone.wav", 3.0)
    result = runner.invoke(app, ["inspect", str(wav)])
    assert result.exit_code == 0, result.output
    assert "wav / pcm_s16le" in result.stdout and "chapters  0" in result.stdout and "LUFS" in result.stdout
    assert "00:03" in result.stdout


def test_make_summary_prints_the_measured_loudness(
    server: FakeEdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TINGJIAN_EDGE_URL", server.url)
    result = runner.invoke(app, ["make", str(TINY), "-o", str(tmp_path), "--cache-dir", str(tmp_path / "c"),
                                 "--engine", "edge", "--preset", "broadcast", "--lufs", "-24", "--no-verify"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "loudness:" in result.output and "LUFS integrated" in result.output
    manifest = json.loads(next(tmp_path.glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["loudness"]["target_lufs"] == -24.0 and manifest["settings"]["formats"] == ["mp3", "wav"]
