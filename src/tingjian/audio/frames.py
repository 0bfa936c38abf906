"""MPEG audio layer III frame headers and WAV payloads: how many samples a cue holds,
read without decoding it (pure)."""

from __future__ import annotations

import io
import wave

import numpy as np

from ..speech.engine import SAMPLE_WIDTH

# MPEG audio layer III: kbit/s by bitrate index, sample rates by version.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 and 2.5
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


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


def wav_frames(data: bytes) -> tuple[bytes, int] | None:
    """(PCM payload, sample rate) of a mono 16-bit WAV, or None for anything else."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            if w.getnchannels() != 1 or w.getsampwidth() != SAMPLE_WIDTH:
                return None
            return w.readframes(w.getnframes()), w.getframerate()
    except (wave.Error, EOFError):
        return None
