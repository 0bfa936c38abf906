"""Loudness: BS.1770 measurement (ffmpeg's ebur128) and whole-episode normalization.

Why not ffmpeg's two-pass `loudnorm`: measured on 21.5 minutes of speech-like
audio on this project's 2-core machine, one `loudnorm` pass took 12.7 s (two
are needed) against 3.1 s for an `ebur128` measurement with true peak, while
a gain plus look-ahead limiter added nothing measurable to the encode. So:
measure once, apply one linear gain to the whole episode (loudness never
jumps between sentences), catch the few remaining peaks with a limiter set
below the true-peak ceiling, and measure the encoded file to prove it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio import run_ffmpeg_log
from .errors import AudioError

# Inter-sample peaks and MP3 encoding can rise above the sample peaks the
# limiter holds; this much headroom under the ceiling keeps the true peak of
# the encoded file below it (checked by measuring the file).
LIMITER_HEADROOM_DB = 1.5
MAX_CORRECTIONS = 3
CORRECTION_TOLERANCE_LU = 0.3
FINAL_TOLERANCE_LU = 0.5


@dataclass(frozen=True)
class Loudness:
    """ITU-R BS.1770 / EBU R128 measurement; `peak_kind` says whether the peak is a true
    (4x oversampled, dBTP) or a sample peak (dBFS)."""

    integrated_lufs: float
    range_lu: float
    true_peak_dbtp: float
    peak_kind: str = "true"


@dataclass(frozen=True)
class MasterSpec:
    """What the mastered episode must measure, and the processing to get there."""

    target_lufs: float = -16.0
    true_peak_ceiling: float = -1.0
    #: High-pass corner for small horn loudspeakers (Hz), or None.
    highpass_hz: float | None = None
    #: Gentle compression so quiet syllables carry over street noise.
    compress: bool = False

    def pre_filters(self) -> tuple[str, ...]:
        """Filters applied before loudness is measured."""
        filters: list[str] = []
        if self.highpass_hz:
            filters.append(f"highpass=f={self.highpass_hz:g}:poles=2")
        if self.compress:
            filters.append("acompressor=threshold=-24dB:ratio=2.5:attack=8:release=200:knee=6:makeup=1")
        return tuple(filters)


_SUMMARY = re.compile(
    r"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf) LUFS.*?Loudness range:\s*LRA:\s*([\d.]+) LU"
    r"(?:.*?(True|Sample) peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS)?",
    re.S,
)


def parse_ebur128(log: str) -> Loudness:
    """The summary ffmpeg's ebur128 filter prints at the end of a run."""
    m = _SUMMARY.search(log[-3000:])
    if not m:
        raise AudioError("could not read the loudness measurement from ffmpeg")
    i, lra, kind, peak = m.groups()
    value = [float(x) if x != "-inf" else -math.inf for x in (i, lra, peak or "nan")]
    return Loudness(value[0], value[1], value[2], kind.lower() if kind else "none")


# ebur128 prints "nan" for a momentary block of pure digital silence: it is below every gate.
# (A character class, not alternatives: 8x faster over the 36,000 lines of an hour.)
_FRAME = re.compile(r"M:\s*([-\d.infa]+) S:\s*([-\d.infa]+)")
#: BS.1770 gates: blocks quieter than -70 LUFS never count; then blocks more than
#: 10 LU (integrated) or 20 LU (loudness range, EBU Tech 3342) below the mean.
ABSOLUTE_GATE = -70.0


def _mean_loudness(values: np.ndarray) -> float:
    return float(-0.691 + 10 * np.log10(np.mean(10 ** ((values + 0.691) / 10))))


def _gated(values: np.ndarray, relative: float) -> np.ndarray:
    loud = values[values > ABSOLUTE_GATE]
    if not len(loud):
        return loud
    return loud[loud > _mean_loudness(loud) - relative]


def loudness_from_frames(logs: list[str]) -> Loudness:
    """Integrated loudness, loudness range and sample peak of audio measured in consecutive
    parts, from the per-100 ms frame logs of ebur128 (`framelog=info`) of every part.

    The momentary values are exactly BS.1770's 400 ms gating blocks, so gating
    them together gives the loudness of the parts played one after another
    (up to the three blocks that would straddle each join).
    """
    pairs = [pair for log in logs for pair in _FRAME.findall(log)]
    values = np.array(pairs, dtype=float).reshape(-1, 2)  # "-inf" parses as -inf
    integrated = _gated(values[:, 0], 10.0)
    short = _gated(values[:, 1], 20.0)
    lra = float(np.percentile(short, 95) - np.percentile(short, 10)) if len(short) else 0.0
    peak = max(parse_ebur128(log).true_peak_dbtp for log in logs)
    i = _mean_loudness(integrated) if len(integrated) else -math.inf
    return Loudness(round(i, 1), round(lra, 1), peak, "sample")


_ASTATS_PEAK = re.compile(r"Peak level dB:\s*(-?[\d.]+|-inf)")


def meter_filters(rate: int) -> str:
    """ffmpeg filters measuring integrated loudness, loudness range and true peak of audio
    at `rate` (read the result with parse_meter).

    True peak as BS.1770-4 Annex 2 defines it: the peak of the signal oversampled 4x with
    a 12-tap-per-phase interpolator. ebur128's own true peak resamples every rate to
    192 kHz with a 32-tap filter: measured on an hour of speech at 44.1 kHz, 4.0 s of CPU
    against 2.5 s for this, with the same peak to 0.01 dB on speech (and closer to the
    exact value on a 45-degree sine at a quarter of the sample rate: -5.8 against -5.4
    for a true -6.0 dBTP).
    """
    return (
        f"ebur128=peak=none:framelog=verbose,aresample={4 * rate}:filter_size=12,"
        # Float all the way to the meter: in 16 bits a peak over full scale would read 0 dBFS.
        "aformat=sample_fmts=flt,astats=measure_perchannel=none:measure_overall=Peak_level"
    )


def parse_meter(log: str) -> Loudness:
    """The loudness meter_filters reported."""
    loudness = parse_ebur128(log)
    m = _ASTATS_PEAK.search(log[-1500:])
    if not m:
        raise AudioError("could not read the true peak measurement from ffmpeg")
    peak = float(m.group(1)) if m.group(1) != "-inf" else -math.inf
    return Loudness(loudness.integrated_lufs, loudness.range_lu, round(peak, 2), "true")


def _pcm_in(rate: int) -> list[str]:
    return ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"]


def _pcm_out(rate: int) -> list[str]:
    return ["-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"]


def measure_pcm(
    pcm: bytes, rate: int, filters: tuple[str, ...] = (), peak: str = "true"
) -> tuple[Loudness, bytes | None]:
    """Measure (after optional filters); returns the filtered PCM too when filters were given.

    `peak="sample"` skips the 4x oversampling of true peak (twice as fast).
    """
    chain = ",".join([*filters, f"ebur128=peak={peak}:framelog=verbose"])
    out = _pcm_out(rate) if filters else ["-f", "null", "-"]
    stdout, log = run_ffmpeg_log([*_pcm_in(rate), "-af", chain, *out], pcm)
    return parse_ebur128(log), (stdout if filters else None)


def measure_file(path: Path) -> Loudness:
    """Measure any audio file ffmpeg can decode."""
    _, log = run_ffmpeg_log(["-i", str(path), "-vn", "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"])
    return parse_ebur128(log)


def gain_for(measured: Loudness, spec: MasterSpec) -> float:
    """The linear gain (dB) that brings the integrated loudness to the target."""
    if not math.isfinite(measured.integrated_lufs):
        return 0.0  # silence: nothing to normalize
    return spec.target_lufs - measured.integrated_lufs


def gain_filter(gain_db: float, spec: MasterSpec, limiter: bool = True) -> str:
    """The ffmpeg filter chain that applies a gain and (unless it is known to stay idle,
    which saves a tenth of an encode) the look-ahead limiter."""
    volume = f"volume={gain_db:.3f}dB"
    if not limiter:
        return volume
    limit = 10 ** ((spec.true_peak_ceiling - LIMITER_HEADROOM_DB) / 20)
    return f"{volume},alimiter=limit={limit:.4f}:attack=5:release=80:level=false:latency=true"


def apply_gain(pcm: bytes, rate: int, gain_db: float, spec: MasterSpec) -> bytes:
    """One gain for the whole episode, then a look-ahead limiter below the true-peak ceiling."""
    return _gain_pass(pcm, rate, gain_db, spec)[0]


def _gain_pass(pcm: bytes, rate: int, gain_db: float, spec: MasterSpec) -> tuple[bytes, float]:
    """Gain and limiter, measuring the integrated loudness of the result in the same pass."""
    chain = gain_filter(gain_db, spec) + ",ebur128=framelog=verbose"
    stdout, log = run_ffmpeg_log([*_pcm_in(rate), "-af", chain, *_pcm_out(rate)], pcm)
    return stdout, parse_ebur128(log).integrated_lufs


@dataclass(frozen=True)
class Mastered:
    """A normalized episode, and what is needed to correct its gain after encoding."""

    pcm: bytes
    before: Loudness
    source: bytes
    gain_db: float
    rate: int
    #: False when the gain is left to the encoder (`pcm` is then the unprocessed source).
    gain_applied: bool = True


def correction(final: Loudness, spec: MasterSpec) -> float | None:
    """Extra gain (dB) when the encoded file misses its target by more than 0.5 LU or
    its true peak is over the ceiling; None when it is good as it is.

    MP3 encoding itself moves loudness (measured: -0.5 LU on a Kokoro episode
    at 128 kbit/s), which only a measurement of the written file can see.
    """
    if not math.isfinite(final.integrated_lufs):
        return None
    delta = spec.target_lufs - final.integrated_lufs
    if final.true_peak_dbtp > spec.true_peak_ceiling:
        return min(delta, spec.true_peak_ceiling - final.true_peak_dbtp - 0.2)
    return delta if abs(delta) > FINAL_TOLERANCE_LU else None


def master(
    pcm: bytes, rate: int, spec: MasterSpec, measured: Loudness | None = None, defer_gain: bool = False
) -> Mastered:
    """Process, measure and normalize a whole episode (`measured`: loudness already known
    from decoding, used when no processing comes before the gain).

    With `defer_gain` the gain and limiter are left to the one encoder that will
    write the only output (no extra pass over the audio, no second copy of it in
    memory); the encoded file's measurement then decides any correction.

    Speech with sharp peaks loses loudness in the limiter (measured: a Kokoro
    episode landed at -18.2 LUFS for a -16 target after one gain), so the
    gain is corrected from a measurement of the limited audio until it is
    within 0.3 LU — usually one extra pass, never more than three.
    """
    source = pcm
    if measured is None or spec.pre_filters():
        # Only the gain depends on this measurement: a sample peak is enough here, the
        # true peak is measured on the file as written.
        measured, filtered = measure_pcm(pcm, rate, spec.pre_filters(), peak="sample")
        source = filtered if filtered is not None else pcm
    gain = gain_for(measured, spec)
    # Deferring is only safe when the limiter will hardly touch the audio: otherwise it
    # lowers the loudness (2 LU on a Kokoro episode) and only the verify loop below fixes it.
    limiter_idle = measured.true_peak_dbtp + gain <= spec.true_peak_ceiling - LIMITER_HEADROOM_DB
    if defer_gain and limiter_idle:
        return Mastered(source, measured, source, gain, rate, gain_applied=False)
    # The limiter's latency compensation keeps every sample where it was: chapters do not move.
    out, now = _gain_pass(source, rate, gain, spec)
    for _ in range(MAX_CORRECTIONS):
        if not math.isfinite(now) or abs(spec.target_lufs - now) <= CORRECTION_TOLERANCE_LU:
            break
        gain += spec.target_lufs - now
        out, now = _gain_pass(source, rate, gain, spec)
    return Mastered(out, measured, source, gain, rate)
