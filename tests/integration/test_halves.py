"""An MP3 encoded in two halves at once and joined: it decodes to exactly the samples one
encoder makes, at the same places, its header describes the whole file, and a half that
does not come out as predicted falls back to one encoder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import tingjian.audio.encode as encode
import tingjian.audio.master as master
from tingjian.audio.cores import cpu_groups
from tingjian.audio.ffmpeg import run_ffmpeg
from tingjian.audio.gapless import Seam, crc16, info_tag, seam
from tingjian.audio.levels import with_levels_all
from tingjian.audio.loudness import CORRECTION_TOLERANCE_LU, MasterSpec, gain_filter, gain_for, limiter_idle
from tingjian.audio.stream import EpisodeStream, plan_stream
from tingjian.settings import Settings
from tingjian.speech.engine import CueAudio
from tingjian.text.script import ChapterPlan, Cue, Script

from conftest import edge_like_cue

OUT_RATE = 44100

pytestmark = pytest.mark.skipif(cpu_groups(2) is None, reason="two encoders at once need two CPUs")


@pytest.fixture(scope="module")
def stream() -> EpisodeStream:
    # 36 "sentences" of 2-3 s (tones high enough that a one-sample shift shows), 0.45 s pauses.
    n = 36
    cues = with_levels_all([CueAudio(edge_like_cue(2 + i % 3 * 0.5, 1200 + 97 * i, 0.4), "mp3") for i in range(n)])
    script = Script(
        "测试",
        tuple(Cue(i, i // 6, "body", f"第{i}句。", f"第{i}句。", 450) for i in range(n)),
        tuple(ChapterPlan(f"第{c + 1}部分", c * 6, c * 6 + 5) for c in range(n // 6)),
    )
    planned = plan_stream(script, cues, Settings())
    assert planned is not None
    return planned


def _decode(path: Path) -> np.ndarray:
    pcm = run_ffmpeg(["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(OUT_RATE), "pipe:1"])
    return np.frombuffer(pcm, dtype=np.int16).astype(np.float64)


def _snr_db(reference: np.ndarray, other: np.ndarray) -> float:
    # (an identical decode, which the halves often give, is infinitely clean)
    noise = np.sum((reference - other) ** 2)
    return float("inf") if noise == 0 else float(10 * np.log10(np.sum(reference**2) / noise))


def _encode_both(stream: EpisodeStream, folder: Path) -> tuple[Path, Path]:
    halves, one = folder / "halves.mp3", folder / "one.mp3"
    encode.encode_mp3_halves(stream, str(halves), "128k", OUT_RATE, "volume=2dB")
    encode.encode_mp3(stream.chunks(), stream.rate, str(one), "128k", OUT_RATE, "volume=2dB")
    return halves, one


def test_halves_decode_to_the_samples_of_one_encode_at_the_same_places(stream: EpisodeStream, tmp_path: Path) -> None:
    cut = seam(stream.silences(), stream.samples, stream.rate, OUT_RATE)
    assert cut is not None  # the episode really is cut
    halves, one = _encode_both(stream, tmp_path)
    joined, single = _decode(halves), _decode(one)
    assert len(joined) == len(single) == -(-stream.samples * OUT_RATE // stream.rate)
    # Both encoders lay the same frame grid over the audio: the same sound at the same samples.
    assert _snr_db(single, joined) > 35
    # ...where a join one sample off would show (the check can fail).
    assert _snr_db(single[1:], joined[:-1]) < 20
    seam_at = cut.first_out
    window = slice(seam_at - OUT_RATE, seam_at + OUT_RATE)
    assert _snr_db(single[window], joined[window]) > 30
    assert not list(tmp_path.glob(".*"))  # the halves' files are gone


def test_the_joined_header_describes_the_whole_file(stream: EpisodeStream, tmp_path: Path) -> None:
    from mutagen.mp3 import MP3

    halves, one = _encode_both(stream, tmp_path)
    data, reference = halves.read_bytes(), one.read_bytes()
    reference = reference[reference.index(b"\xff\xfb") :]  # ID3 aside
    tag, one_tag = info_tag(data), info_tag(reference)
    assert tag is not None and one_tag is not None
    # Checked the same way on the file one encoder wrote, so the checks are ffmpeg's own.
    for mp3, info in ((data, tag), (reference, one_tag)):
        at = info.at
        assert int.from_bytes(mp3[at + 12 : at + 16], "big") == len(mp3)  # bytes
        assert int.from_bytes(mp3[at + 148 : at + 152], "big") == len(mp3)  # music length
        assert info.music_crc == crc16(mp3[info.size :])
        field = bytearray(mp3[:190])
        field[at + 154 : at + 156] = b"\0\0"
        assert int.from_bytes(mp3[at + 154 : at + 156], "big") == crc16(bytes(field))
    # Frames, delay, padding and seek table as one encoder writes them for the same audio.
    tables = [mp3[t.at + 16 : t.at + 116] for mp3, t in ((data, tag), (reference, one_tag))]
    assert max(abs(x - y) for x, y in zip(*tables, strict=True)) <= 1
    assert (tag.frames, tag.delay, tag.padding) == (one_tag.frames, one_tag.delay, one_tag.padding)
    assert MP3(halves).info.length == MP3(one).info.length


def test_halves_that_do_not_come_out_as_predicted_are_encoded_again_in_one(
    stream: EpisodeStream, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = seam(stream.silences(), stream.samples, stream.rate, OUT_RATE)
    assert cut is not None
    monkeypatch.setattr(encode, "seam", lambda *a: Seam(cut.cut, cut.resume, cut.frames + 1, cut.first_out))
    halves, one = _encode_both(stream, tmp_path)
    assert halves.read_bytes()[-100_000:] == one.read_bytes()[-100_000:]
    assert not list(tmp_path.glob(".*"))


def test_halves_measured_while_encoded_report_the_loudness_one_meter_finds(
    stream: EpisodeStream, tmp_path: Path
) -> None:
    # A gain that makes the limiter work: its state starts afresh in the second half.
    chain = gain_filter(25.0, MasterSpec(-7.0, -1.0))
    halves, one = tmp_path / "halves.mp3", tmp_path / "one.mp3"
    measured = encode.encode_mp3_halves_measured(stream, str(halves), "128k", OUT_RATE, chain)
    whole = encode.encode_mp3_measured(stream.chunks(), stream.rate, str(one), "128k", OUT_RATE, chain)
    assert measured.peak_kind == whole.peak_kind == "true"
    assert abs(measured.integrated_lufs - whole.integrated_lufs) <= 0.1
    assert abs(measured.true_peak_dbtp - whole.true_peak_dbtp) <= 0.1
    joined, single = _decode(halves), _decode(one)
    assert len(joined) == len(single) and _snr_db(single, joined) > 30


def test_the_gain_the_limiter_needs_is_found_in_one_pass(
    stream: EpisodeStream, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = MasterSpec(-5.5, -1.0)
    linear = gain_for(stream.loudness, spec)
    assert not limiter_idle(stream.loudness, linear, spec)
    runs: list[str] = []
    real = master.run_ffmpeg_fed

    def counted(args: list[str], *rest: Any, **kw: Any) -> str:
        runs.append(" ".join(args))
        return real(args, *rest, **kw)

    monkeypatch.setattr(master, "run_ffmpeg_fed", counted)
    gain = master.limited_gain(stream, spec, linear)
    assert len(runs) == 2  # one pass, its halves on both cores
    monkeypatch.undo()
    # The limited result at that gain, measured over the whole episode at once, is on target.
    chain = gain_filter(gain, spec)
    after = master._measure_stream(stream.chunks(), stream.rate, chain, peak="none").integrated_lufs
    assert abs(after - spec.target_lufs) <= CORRECTION_TOLERANCE_LU
    # ...where the linear gain alone falls short of it.
    short = master._measure_stream(stream.chunks(), stream.rate, gain_filter(linear, spec), peak="none")
    assert spec.target_lufs - short.integrated_lufs > 2 * CORRECTION_TOLERANCE_LU
