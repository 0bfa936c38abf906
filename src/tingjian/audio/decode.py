"""Decoding cues and files to PCM: all cues in one ffmpeg process (one per core for long
episodes), loudness measured on the way.

Starting ffmpeg once per cue costs about 25 ms each (14 s of CPU for an hour of
speech); one process for all cues costs one start. MP3 frames have a fixed
number of samples, so each cue's length is known from its frame headers and
the decoded stream can be cut back into cues exactly.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from ..speech.engine import SAMPLE_WIDTH
from .cores import core_pair, run_all
from .ffmpeg import pcm_in, pcm_out, run_ffmpeg, run_ffmpeg_log
from .frames import mp3_frames, wav_frames
from .loudness import Loudness, loudness_from_frames, parse_ebur128


@dataclass(frozen=True)
class DecodedCues:
    """Every cue as PCM (views into a few buffers when decoded together), and their loudness
    when it could be measured on the way (integrated, range and sample peak)."""

    parts: list[bytes | memoryview]
    loudness: Loudness | None = None


def decode(data: bytes, rate: int, container: str | None = None) -> bytes:
    """Decode encoded audio (mp3, wav, ...) to mono 16-bit PCM at `rate` Hz."""
    fmt = ["-f", container] if container else []
    return run_ffmpeg([*fmt, "-i", "pipe:0", *pcm_out(rate)], data)


def decode_file(path: Path, rate: int) -> bytes:
    """Decode an audio file to mono 16-bit PCM at `rate` Hz."""
    return run_ffmpeg(["-i", str(path), *pcm_out(rate)])


def native_rate(cues: Sequence[tuple[bytes, str]]) -> int | None:
    """The sample rate all cues share (Edge and Kokoro both speak at 24 kHz), or None."""
    rates = set()
    for data, container in cues:
        if container == "mp3":
            info = mp3_frames(data)
            rates.add(info[2] if info else None)
        elif container == "wav":
            frames = wav_frames(data)
            rates.add(frames[1] if frames else None)
        else:
            return None
    return rates.pop() if len(rates) == 1 and None not in rates else None


def decode_cues(cues: Sequence[tuple[bytes, str]], rate: int) -> DecodedCues:
    """Decode (data, container) cues to mono 16-bit PCM at `rate`, in as few processes as possible."""
    joined = _decode_mp3_run(cues, rate) or _decode_wav_run(cues, rate)
    if joined is not None:
        return joined
    return DecodedCues([decode(data, rate, container) for data, container in cues])


def _cut(pcm: bytes, lengths_src: list[int], src_rate: int, rate: int) -> list[bytes | memoryview] | None:
    total_out = len(pcm) // SAMPLE_WIDTH
    bounds = [0]
    acc = 0
    for n in lengths_src:
        acc += n
        bounds.append(round(acc * rate / src_rate))
    if abs(bounds[-1] - total_out) > 2:
        return None  # the decoder disagreed with the frame count: do it cue by cue
    bounds[-1] = total_out
    view = memoryview(pcm)
    return [view[a * SAMPLE_WIDTH : b * SAMPLE_WIDTH] for a, b in pairwise(bounds)]


def _decode_mp3_run(cues: Sequence[tuple[bytes, str]], rate: int) -> DecodedCues | None:
    if not cues or any(c != "mp3" for _, c in cues):
        return None
    infos = [mp3_frames(d) for d, _ in cues]
    if any(x is None for x in infos) or len({(x[1], x[2]) for x in infos if x}) != 1:
        return None
    src_rate = infos[0][2]  # type: ignore[index]
    lengths = [x[0] * x[1] for x in infos if x]
    # Long episodes are decoded in parts at once, one per core (see cores); the
    # loudness is then gated over the blocks of all parts together.
    groups = core_pair(sum(lengths) / src_rate) if len(cues) > 1 else None
    spans = _split(lengths, len(groups)) if groups else [(0, len(cues))]
    results: list[tuple[bytes, str]] = [(b"", "")] * len(spans)

    def work(i: int) -> None:
        a, b = spans[i]
        # Loudness is measured on the way: the pauses between cues are silence, which
        # BS.1770's absolute gate leaves out, so this is the episode's loudness too.
        with tempfile.TemporaryDirectory(prefix="tingjian-") as tmp:
            # PCM comes back through a file: reading an hour of it from a pipe took
            # 0.5 s longer (measured), most of it waiting on 64 KiB pipe refills.
            out = Path(tmp) / "cues.pcm"
            _, log = run_ffmpeg_log(
                ["-f", "mp3", "-i", "pipe:0", "-af", f"ebur128=peak=sample:framelog={'info' if groups else 'verbose'}",
                 "-y", *pcm_out(rate, str(out))],
                b"".join(d for d, _ in cues[a:b]),
                groups[i] if groups else None,
            )  # fmt: skip
            results[i] = (out.read_bytes(), log)

    run_all(work, len(spans))
    parts: list[bytes | memoryview] = []
    for (a, b), (pcm, _) in zip(spans, results, strict=True):
        cut = _cut(pcm, lengths[a:b], src_rate, rate)
        if cut is None:
            return None
        parts += cut
    logs = [log for _, log in results]
    loudness = loudness_from_frames(logs) if groups else parse_ebur128(logs[0])
    return DecodedCues(parts, loudness)


def _split(lengths: list[int], n: int) -> list[tuple[int, int]]:
    """`n` consecutive spans of cues with about equal audio in each."""
    total, acc, bounds = sum(lengths), 0, [0]
    for i, length in enumerate(lengths):
        acc += length
        if len(bounds) < n and acc >= total * len(bounds) / n and i + 1 < len(lengths):
            bounds.append(i + 1)
    bounds.append(len(lengths))
    return list(pairwise(bounds))


def _decode_wav_run(cues: Sequence[tuple[bytes, str]], rate: int) -> DecodedCues | None:
    if not cues or any(c != "wav" for _, c in cues):
        return None
    frames = [wav_frames(d) for d, _ in cues]
    if any(f is None for f in frames) or len({f[1] for f in frames if f}) != 1:
        return None
    src_rate = frames[0][1]  # type: ignore[index]
    raw = [f[0] for f in frames if f]
    if src_rate == rate:
        return DecodedCues(list(raw))
    pcm = run_ffmpeg([*pcm_in(src_rate), *pcm_out(rate)], b"".join(raw))
    parts = _cut(pcm, [len(r) // SAMPLE_WIDTH for r in raw], src_rate, rate)
    return DecodedCues(parts) if parts is not None else None
