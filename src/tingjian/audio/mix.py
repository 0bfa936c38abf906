"""Intro and outro music around the voice: fades, and the music ducked under the voice."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FADE_IN_MS = 500
DUCK_MS = 600
DUCKED_GAIN = 0.25
MAX_OVERLAP_MS = 3000
OUTRO_FADE_OUT_MS = 2500


@dataclass(frozen=True)
class Mixed:
    """The mixed episode and where the voice sits in it (samples)."""

    pcm: bytes
    voice_offset: int


def _f(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def _ramp(n: int, start: float, end: float) -> np.ndarray:
    return np.linspace(start, end, max(n, 0), dtype=np.float32)


def with_music(voice: bytes, rate: int, intro: bytes | None = None, outro: bytes | None = None) -> Mixed:
    """Intro fades in, the voice starts over its tail while the music ducks and fades;
    the outro follows the voice and fades out."""
    v = _f(voice)
    ms = rate // 1000
    pieces: list[np.ndarray] = []
    offset = 0
    if intro:
        music = _f(intro).copy()
        fade = min(len(music) // 4, FADE_IN_MS * ms)
        music[:fade] *= _ramp(fade, 0.0, 1.0)
        overlap = min(MAX_OVERLAP_MS * ms, len(music) // 2)
        offset = len(music) - overlap
        gain = np.ones(len(music), dtype=np.float32)
        duck_start = max(0, offset - DUCK_MS * ms)
        gain[duck_start:offset] = _ramp(offset - duck_start, 1.0, DUCKED_GAIN)
        gain[offset:] = _ramp(len(music) - offset, DUCKED_GAIN, 0.0)  # fades out under the voice
        music *= gain
        total = max(len(music), offset + len(v))
        bed = np.zeros(total, dtype=np.float32)
        bed[: len(music)] += music
        bed[offset : offset + len(v)] += v
        pieces.append(bed)
    else:
        pieces.append(v)
    if outro:
        music = _f(outro).copy()
        fade_in = min(len(music) // 4, FADE_IN_MS * ms)
        fade_out = min(len(music) // 2, OUTRO_FADE_OUT_MS * ms)
        music[:fade_in] *= _ramp(fade_in, 0.0, 1.0)
        music[len(music) - fade_out :] *= _ramp(fade_out, 1.0, 0.0)
        pieces.append(music)
    mixed = np.clip(np.concatenate(pieces), -1.0, 32767 / 32768)
    return Mixed((mixed * 32768.0).astype("<i2").tobytes(), offset)
