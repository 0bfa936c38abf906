"""MPEG audio layer III frame headers and WAV payloads: how many samples a cue holds,
read without decoding it (pure)."""

from __future__ import annotations

import io
import wave

import numpy as np

from ..speech.engine import SAMPLE_WIDTH
from ..speech.mpeg import frame_header, layer3_layout


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
    head = frame_header(int.from_bytes(data[:4], "big")) if len(data) >= 4 else None
    if head is None or head.padded or len(data) % head.size:
        return None
    headers = np.frombuffer(data, dtype=np.uint8).reshape(-1, head.size)[:, :4]
    return (len(headers), head.samples, head.rate) if bool((headers == headers[0]).all()) else None


def _walk_frames(data: bytes) -> tuple[int, int, int] | None:
    """Frame by frame: (frames, samples per frame, rate)."""
    layout = layer3_layout(data)
    return (len(layout.offsets), layout.samples, layout.rate) if layout else None


def wav_frames(data: bytes) -> tuple[bytes, int] | None:
    """(PCM payload, sample rate) of a mono 16-bit WAV, or None for anything else."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            if w.getnchannels() != 1 or w.getsampwidth() != SAMPLE_WIDTH:
                return None
            return w.readframes(w.getnframes()), w.getframerate()
    except (wave.Error, EOFError):
        return None
