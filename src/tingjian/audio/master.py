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

import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .cores import core_pair, run_all
from .ffmpeg import pcm_in, pcm_out, run_ffmpeg_fed, run_ffmpeg_log
from .loudness import (
    CORRECTION_TOLERANCE_LU,
    MAX_CORRECTIONS,
    Loudness,
    MasterSpec,
    frame_values,
    gain_filter,
    gain_for,
    gated_loudness,
    limiter_idle,
    parse_ebur128,
)
from .stream import EpisodeStream


def measure_pcm(
    pcm: bytes, rate: int, filters: tuple[str, ...] = (), peak: str = "true"
) -> tuple[Loudness, bytes | None]:
    """Measure (after optional filters); returns the filtered PCM too when filters were given.

    `peak="sample"` skips the 4x oversampling of true peak (twice as fast).
    """
    chain = ",".join([*filters, f"ebur128=peak={peak}:framelog=verbose"])
    out = pcm_out(rate) if filters else ["-f", "null", "-"]
    stdout, log = run_ffmpeg_log([*pcm_in(rate), "-af", chain, *out], pcm)
    return parse_ebur128(log), (stdout if filters else None)


def measure_file(path: Path) -> Loudness:
    """Measure any audio file ffmpeg can decode."""
    _, log = run_ffmpeg_log(["-i", str(path), "-vn", "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"])
    return parse_ebur128(log)


def apply_gain(pcm: bytes, rate: int, gain_db: float, spec: MasterSpec) -> bytes:
    """One gain for the whole episode, then a look-ahead limiter below the true-peak ceiling."""
    return _gain_pass(pcm, rate, gain_db, spec)[0]


def _gain_pass(pcm: bytes, rate: int, gain_db: float, spec: MasterSpec) -> tuple[bytes, float]:
    """Gain and limiter, measuring the integrated loudness of the result in the same pass."""
    chain = gain_filter(gain_db, spec) + ",ebur128=framelog=verbose"
    stdout, log = run_ffmpeg_log([*pcm_in(rate), "-af", chain, *pcm_out(rate)], pcm)
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
    if defer_gain and limiter_idle(measured, gain, spec):
        return Mastered(source, measured, source, gain, rate, gain_applied=False)
    # The limiter's latency compensation keeps every sample where it was: chapters do not move.
    passes: list[bytes] = []

    def gain_pass(g: float) -> float:
        out, now = _gain_pass(source, rate, g, spec)
        passes[:] = [out]
        return now

    gain = converge(gain, spec, gain_pass)
    return Mastered(passes[0], measured, source, gain, rate)


def converge(gain: float, spec: MasterSpec, loudness_after: Callable[[float], float]) -> float:
    """The gain whose limited result is within CORRECTION_TOLERANCE_LU of the target:
    `loudness_after(gain)` measures one pass; at most MAX_CORRECTIONS more passes."""
    now = loudness_after(gain)
    for _ in range(MAX_CORRECTIONS):
        if not math.isfinite(now) or abs(spec.target_lufs - now) <= CORRECTION_TOLERANCE_LU:
            break
        gain += spec.target_lufs - now
        now = loudness_after(gain)
    return gain


@dataclass(frozen=True)
class StreamMastering:
    """How a streamed episode is mastered: the filters its encoder applies (processing,
    gain, limiter when needed), the loudness before them and the gain."""

    before: Loudness
    gain_db: float
    limiter: bool
    pre_filters: tuple[str, ...]

    def filters(self, spec: MasterSpec, gain_db: float | None = None) -> str:
        """The encoder's filter chain (at this gain, or another)."""
        gain = self.gain_db if gain_db is None else gain_db
        return ",".join([*self.pre_filters, gain_filter(gain, spec, limiter=self.limiter)])


def master_stream(stream: EpisodeStream, spec: MasterSpec, measured: Loudness) -> StreamMastering:
    """master() for an episode played as a stream: `measured` (the cues' levels) decides the
    gain unless processing comes first, which is then measured in a pass of its own. When
    the limiter would work, the loudness it leaves is measured at several gains in one
    more pass (see limited_gain). Nothing is held in memory."""
    pre = spec.pre_filters()
    if pre:
        measured = _measure_stream(stream.chunks(), stream.rate, ",".join(pre), peak="sample")
    gain = gain_for(measured, spec)
    if limiter_idle(measured, gain, spec):
        return StreamMastering(measured, gain, False, pre)
    return StreamMastering(measured, limited_gain(stream, spec, gain, pre), True, pre)


#: Gains over the linear one (dB) measured at once through the limiter, which only ever
#: takes loudness away: the offline voice's seed needed 4.75 dB more than the linear gain.
LIMITER_STEPS_DB = (0.0, 2.5, 5.0)
_BRANCH_FRAME = re.compile(r"^\[ebur128@g(\d+) @[^\]]*\] (t:.*)$", re.M)


def limited_gain(stream: EpisodeStream, spec: MasterSpec, linear_db: float, pre: tuple[str, ...] = ()) -> float:
    """The gain whose limited result meets the target: one pass (over both halves of the
    episode at once when there are cores for it) measures the loudness after the limiter
    at each of LIMITER_STEPS_DB over `linear_db`, and the gain is interpolated between the
    two that bracket the target. Should none reach it, passes as master() makes them go on
    from the loudest (the encoded file's measurement has the last word either way)."""
    gains = [linear_db + step for step in LIMITER_STEPS_DB]
    split = "asplit=" + str(len(gains)) + "".join(f"[s{k}]" for k in range(len(gains)))
    branches = [f"[s{k}]{gain_filter(g, spec)},ebur128@g{k}=peak=none:framelog=info[o{k}]" for k, g in enumerate(gains)]
    graph = ";".join([f"[0:a]{','.join([*pre, split])}", *branches])
    maps = [arg for k in range(len(gains)) for arg in ("-map", f"[o{k}]", "-f", "null", "-")]
    groups = core_pair(stream.samples / stream.rate)
    spans = _halves(stream) if groups else [(0, None)]
    logs = [""] * len(spans)

    def work(i: int) -> None:
        logs[i] = run_ffmpeg_fed([*pcm_in(stream.rate), "-filter_complex", graph, *maps], stream.chunks(*spans[i]),
                                 cpus=groups[i] if groups else None)  # fmt: skip

    run_all(work, len(spans))
    frames: list[list[str]] = [[] for _ in gains]
    for log in logs:  # the halves in order, each branch's 100 ms frames in its own list
        for k, line in _BRANCH_FRAME.findall(log):
            frames[int(k)].append(line)
    now = [gated_loudness(frame_values("\n".join(f)), -math.inf).integrated_lufs for f in frames]
    target = spec.target_lufs
    for (g0, l0), (g1, l1) in itertools.pairwise(zip(gains, now, strict=True)):
        if l1 >= target - CORRECTION_TOLERANCE_LU and l1 > l0:
            return g0 + (target - l0) * (g1 - g0) / (l1 - l0) if l0 < target else g0 + target - l0

    def gain_pass(g: float) -> float:
        chain = ",".join([*pre, gain_filter(g, spec)])
        return _measure_stream(stream.chunks(), stream.rate, chain, peak="none").integrated_lufs

    return converge(gains[-1] + target - now[-1], spec, gain_pass)


def _halves(stream: EpisodeStream) -> list[tuple[int, int | None]]:
    """The episode in two spans, cut in the pause nearest its middle (or at the middle)."""
    middle = stream.samples // 2
    pauses = [(a + b) // 2 for a, b in stream.silences()]
    cut = min(pauses, key=lambda p: abs(p - middle), default=middle)
    return [(0, cut), (cut, None)]


def _measure_stream(chunks: Iterable[bytes | memoryview], rate: int, chain: str, peak: str) -> Loudness:
    log = run_ffmpeg_fed([*pcm_in(rate), "-af", f"{chain},ebur128=peak={peak}:framelog=verbose", "-f", "null", "-"],
                         chunks)  # fmt: skip
    return parse_ebur128(log)
