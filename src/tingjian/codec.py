"""Fast paths around ffmpeg: all cues decoded in one process (one per core for long
episodes), and the episode encoded while a second process measures the encoded stream.

Starting ffmpeg once per cue costs about 25 ms each (14 s of CPU for an hour of
speech); one process for all cues costs one start. MP3 frames have a fixed
number of samples, so each cue's length is known from its frame headers and
the decoded stream can be cut back into cues exactly.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
import threading
import wave
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from .audio import SAMPLE_WIDTH, decode, ffmpeg_exe, run_ffmpeg, run_ffmpeg_log
from .cores import cpu_groups, pin
from .errors import AudioError
from .master import Loudness, loudness_from_frames, meter_filters, parse_ebur128, parse_meter

# MPEG audio layer III: kbit/s by bitrate index, sample rates by version.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 and 2.5
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
#: LAME quality 7 ("fast, ok quality"): measured 3.0 s against 7.1 s for the default
#: on 21.5 minutes of speech; at 128 kbit/s mono the difference is not audible on speech.
MP3_QUALITY = "7"
#: Below this much audio (seconds) one decoder is quicker than starting two.
PARALLEL_DECODE_S = 60


def mp3_frames(data: bytes) -> tuple[int, int, int] | None:
    """(frames, samples per frame, sample rate) of a plain layer III stream, or None.

    Streams with an ID3 tag or a Xing/Info header are refused (None): decoders
    treat those specially, so frame counting would not match decoded length.
    """
    if data[:3] == b"ID3" or b"Xing" in data[:200] or b"Info" in data[:200]:
        return None
    return _constant_frames(data) or _walk_frames(data)


def _constant_frames(data: bytes) -> tuple[int, int, int] | None:
    """The common case at array speed: every frame with the same header (CBR mono without
    padding, as Edge sends), so every header sits at a fixed stride. None otherwise."""
    first = _walk_frames(data[:4], partial=True)
    if first is None:
        return None
    size, per, rate = first
    if len(data) % size:
        return None
    headers = np.frombuffer(data, dtype=np.uint8).reshape(-1, size)[:, :4]
    return (len(headers), per, rate) if bool((headers == headers[0]).all()) else None


def _walk_frames(data: bytes, partial: bool = False) -> tuple[int, int, int] | None:
    """Frame by frame: (frames, samples per frame, rate), or with `partial` the first
    frame's (size, samples per frame, rate) even when the data ends before that frame does."""
    i, frames, per, rate = 0, 0, 0, 0
    n = len(data)
    while i + 4 <= n:
        h = int.from_bytes(data[i : i + 4], "big")
        if h >> 21 != 0x7FF:
            return None
        version, layer = (h >> 19) & 3, (h >> 17) & 3
        bitrate_i, rate_i, pad = (h >> 12) & 15, (h >> 10) & 3, (h >> 9) & 1
        if layer != 1 or version == 1 or rate_i == 3 or bitrate_i in (0, 15):
            return None
        r = _RATES[version][rate_i]
        kbps = _BITRATES[1 if version == 3 else 2][bitrate_i]
        size = (144 if version == 3 else 72) * kbps * 1000 // r + pad
        frame_samples = 1152 if version == 3 else 576
        if partial:
            return (size, frame_samples, r) if not pad else None
        if (rate and r != rate) or (per and frame_samples != per):
            return None
        rate, per = r, frame_samples
        frames += 1
        i += size
    return (frames, per, rate) if i == n and frames else None


def _wav_frames(data: bytes) -> tuple[bytes, int] | None:
    try:
        with wave.open(io.BytesIO(data)) as w:
            if w.getnchannels() != 1 or w.getsampwidth() != SAMPLE_WIDTH:
                return None
            return w.readframes(w.getnframes()), w.getframerate()
    except (wave.Error, EOFError):
        return None


@dataclass(frozen=True)
class DecodedCues:
    """Every cue as PCM (views into a few buffers when decoded together), and their loudness
    when it could be measured on the way (integrated, range and sample peak)."""

    parts: list[bytes | memoryview]
    loudness: Loudness | None = None


def native_rate(cues: Sequence[tuple[bytes, str]]) -> int | None:
    """The sample rate all cues share (Edge and Kokoro both speak at 24 kHz), or None."""
    rates = set()
    for data, container in cues:
        if container == "mp3":
            info = mp3_frames(data)
            rates.add(info[2] if info else None)
        elif container == "wav":
            frames = _wav_frames(data)
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
    groups = cpu_groups(2) if sum(lengths) >= PARALLEL_DECODE_S * src_rate and len(cues) > 1 else None
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
                 "-f", "s16le", "-ac", "1", "-ar", str(rate), "-y", str(out)],
                b"".join(d for d, _ in cues[a:b]),
                groups[i] if groups else None,
            )  # fmt: skip
            results[i] = (out.read_bytes(), log)

    _run_all(work, len(spans))
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


def _run_all(work: Callable[[int], None], n: int) -> None:
    """work(0) ... work(n - 1), at once; the first error is raised."""
    if n == 1:
        work(0)
        return
    with ThreadPoolExecutor(n) as pool:
        for future in [pool.submit(work, i) for i in range(n)]:
            future.result()


def _decode_wav_run(cues: Sequence[tuple[bytes, str]], rate: int) -> DecodedCues | None:
    if not cues or any(c != "wav" for _, c in cues):
        return None
    frames = [_wav_frames(d) for d, _ in cues]
    if any(f is None for f in frames) or len({f[1] for f in frames if f}) != 1:
        return None
    src_rate = frames[0][1]  # type: ignore[index]
    raw = [f[0] for f in frames if f]
    if src_rate == rate:
        return DecodedCues(list(raw))
    pcm = run_ffmpeg(
        ["-f", "s16le", "-ar", str(src_rate), "-ac", "1", "-i", "pipe:0",
         "-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"],
        b"".join(raw),
    )  # fmt: skip
    parts = _cut(pcm, [len(r) // SAMPLE_WIDTH for r in raw], src_rate, rate)
    return DecodedCues(parts) if parts is not None else None


def _tee_path(path: str) -> str:
    """A file name as the tee muxer's output list needs it: `file:` (so a colon in a
    folder name is not read as a protocol) with its list delimiters escaped."""
    escaped = "".join("\\" + c if c in "\\|[]" else c for c in os.path.abspath(path))
    return "file:" + escaped


def encode_mp3_measured(
    pcm: bytes, rate: int, path: str, bitrate: str, out_rate: int | None = None, filters: str | None = None
) -> Loudness:
    """Encode a CBR MP3 file and, at the same time, measure the encoded stream (ebur128).

    ffmpeg's tee muxer writes the file (seekable, so its LAME/Info header with
    the encoder delay is filled in for gapless playback) and a copy to a pipe,
    which a second ffmpeg decodes and measures on the other core (each process
    kept on its own core: see cores). Returns the measured loudness of the file.
    """
    ff = ffmpeg_exe()
    enc = subprocess.Popen(
        [ff, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y",
         "-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0", "-map", "0:a",
         *(["-af", filters] if filters else []),
         "-ar", str(out_rate or rate), "-c:a", "libmp3lame", "-b:a", bitrate, "-compression_level", MP3_QUALITY,
         "-f", "tee", f"[f=mp3]{_tee_path(path)}|[f=mp3]pipe:1"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    meas = subprocess.Popen(
        [ff, "-hide_banner", "-nostats", "-f", "mp3", "-i", "pipe:0",
         "-af", meter_filters(out_rate or rate), "-f", "null", "-"],
        stdin=enc.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert enc.stdout is not None and enc.stdin is not None
    groups = cpu_groups(2)
    if groups:
        pin(enc.pid, groups[0])
        pin(meas.pid, groups[1])
    enc.stdout.close()  # the measuring process owns the read end now
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(enc.stderr.read() if enc.stderr else b""))
    reader.start()
    try:
        try:
            enc.stdin.write(pcm)
            enc.stdin.close()
        except BrokenPipeError:
            pass  # the encoder stopped early: its error is reported below
        log = meas.communicate()[1].decode("utf-8", "replace")
        enc.wait()
    except BaseException:  # Ctrl-C or a signal: leave no encoder behind
        enc.kill()
        meas.kill()
        raise
    finally:
        reader.join()
    if enc.returncode != 0 or meas.returncode != 0:
        message = (b"".join(errors).decode("utf-8", "replace") or log).strip().splitlines()[-3:]
        raise AudioError(f"MP3 encoding failed: {' / '.join(message)}")
    return parse_meter(log)
