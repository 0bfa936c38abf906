"""Decoding and measuring: cues decoded in parallel parts come back sample for sample as one
decoder gives them, with the same loudness; the file meter's true peak agrees with ebur128's
and sees peaks between samples; CPU groups never overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

from tingjian.audio import decode as codec
from tingjian.audio import frames as mp3
from tingjian.audio.cores import available_cpus, cpu_groups
from tingjian.audio.ffmpeg import run_ffmpeg, run_ffmpeg_log
from tingjian.audio.loudness import meter_filters, parse_ebur128, parse_meter

from conftest import ebur128, edge_like_cue

RATE = 24000


@pytest.fixture(scope="module")
def cues() -> list[tuple[bytes, str]]:
    # Loud, soft and nearly silent cues, so both BS.1770 gates have work to do.
    amplitudes = [0.5, 0.3, 0.08, 0.001, 0.4, 0.2, 0.6, 0.05, 0.35, 0.25] * 2
    return [(edge_like_cue(4.0 + (i % 3), 200 + 37 * i, a), "mp3") for i, a in enumerate(amplitudes)]


def _decode(cues: list[tuple[bytes, str]], monkeypatch: pytest.MonkeyPatch, parts: int) -> codec.DecodedCues:
    with monkeypatch.context() as m:
        groups = [frozenset(available_cpus())] * parts if parts > 1 else None
        m.setattr(codec, "core_pair", lambda seconds: groups)
        return codec.decode_cues(cues, RATE)


def test_parallel_parts_decode_to_the_same_samples_as_one_decoder(
    cues: list[tuple[bytes, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _decode(cues, monkeypatch, 1)
    two = _decode(cues, monkeypatch, 2)
    assert len(one.parts) == len(two.parts) == len(cues)
    assert [bytes(p) for p in one.parts] == [bytes(p) for p in two.parts]


def test_loudness_gated_over_both_parts_matches_ebur128_over_the_whole(
    cues: list[tuple[bytes, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    two = _decode(cues, monkeypatch, 2)
    assert two.loudness is not None
    whole = tmp_path / "whole.wav"
    pcm = b"".join(bytes(p) for p in two.parts)
    run_ffmpeg(["-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0", "-y", str(whole)], pcm)
    reference = ebur128(whole)
    assert abs(two.loudness.integrated_lufs - reference.integrated_lufs) <= 0.1
    assert abs(two.loudness.range_lu - reference.range_lu) <= 0.5
    one = _decode(cues, monkeypatch, 1)
    assert one.loudness is not None
    assert two.loudness.true_peak_dbtp == one.loudness.true_peak_dbtp  # the sample peak: max of the parts


def _meter(path: Path, rate: int) -> tuple[float, float]:
    _, log = run_ffmpeg_log(["-i", str(path), "-af", meter_filters(rate), "-f", "null", "-"])
    measured = parse_meter(log)
    return measured.integrated_lufs, measured.true_peak_dbtp


def test_file_meter_agrees_with_ebur128_on_speech_like_audio(cues: list[tuple[bytes, str]], tmp_path: Path) -> None:
    mp3 = tmp_path / "episode.mp3"
    run_ffmpeg(["-f", "mp3", "-i", "pipe:0", "-af", "volume=6dB", "-ar", "44100", "-b:a", "128k", "-y", str(mp3)],
               b"".join(d for d, _ in cues))  # fmt: skip
    integrated, peak = _meter(mp3, 44100)
    reference = ebur128(mp3)
    assert abs(integrated - reference.integrated_lufs) <= 0.05
    assert abs(peak - reference.true_peak_dbtp) <= 0.2


def test_file_meter_sees_the_peak_between_samples(tmp_path: Path) -> None:
    # A sine at a quarter of the sample rate, sampled 45 degrees off its crests: every
    # sample sits at 0.707 of the true amplitude 0.5 (-6.02 dBTP, sample peak -9.03 dBFS).
    wav = tmp_path / "isp.wav"
    run_ffmpeg(
        ["-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*11025*t+PI/4):s=44100:d=3", "-c:a", "pcm_s16le", "-y", str(wav)]
    )
    _, log = run_ffmpeg_log(["-i", str(wav), "-af", "ebur128=peak=sample:framelog=verbose", "-f", "null", "-"])
    sample_peak = parse_ebur128(log).true_peak_dbtp
    _, true_peak = _meter(wav, 44100)
    assert abs(sample_peak - -9.03) <= 0.05
    assert abs(true_peak - -6.02) <= 0.5


def test_cpu_groups_are_disjoint_and_cover_every_cpu() -> None:
    assert cpu_groups(2, [0, 1]) == [frozenset({0}), frozenset({1})]
    groups = cpu_groups(2, [0, 1, 2, 3, 4])
    assert groups == [frozenset({0, 1}), frozenset({2, 3, 4})]
    assert cpu_groups(2, [3]) is None  # one CPU: nothing to split
    assert cpu_groups(1, [0, 1]) is None


def test_frame_count_at_array_speed_matches_walking_every_frame(cues: list[tuple[bytes, str]]) -> None:
    data = cues[0][0]
    constant = mp3._constant_frames(data)
    assert constant is not None and constant == mp3._walk_frames(data)
    frames, per, rate = constant
    assert (per, rate) == (576, RATE) and frames * per == len(_decoded(data)) // 2


def test_frame_count_walks_streams_with_padded_frames_and_refuses_cut_ones() -> None:
    # MPEG-1 at 44.1 kHz pads some frames by a byte: no fixed stride, so frames are walked.
    data = run_ffmpeg(
        ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", "-ac", "1", "-b:a", "128k",
         "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", "pipe:1"]
    )  # fmt: skip
    assert mp3._constant_frames(data) is None
    frames = mp3.mp3_frames(data)
    assert frames is not None and frames[0] * frames[1] == len(_decoded(data)) // 2
    assert mp3.mp3_frames(data[:-10]) is None  # the last frame cut short


def _decoded(mp3: bytes) -> bytes:
    return run_ffmpeg(["-f", "mp3", "-i", "pipe:0", "-f", "s16le", "-ac", "1", "pipe:1"], mp3)


def test_file_meter_reads_peaks_over_full_scale(tmp_path: Path) -> None:
    # A float file may hold samples over full scale; a 16-bit stage in the meter would read 0.
    wav = tmp_path / "hot.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "aevalsrc=1.5*sin(2*PI*440*t):s=44100:d=2", "-c:a", "pcm_f32le", "-y", str(wav)])
    _, true_peak = _meter(wav, 44100)
    assert abs(true_peak - 3.52) <= 0.1
