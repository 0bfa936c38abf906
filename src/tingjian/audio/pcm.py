"""Raw PCM (mono 16-bit) in memory: silence, the chapter chime, peaks and one linear join (pure)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from ..speech.engine import SAMPLE_WIDTH


def silence(ms: int, rate: int) -> bytes:
    """Digital silence of the given length."""
    return bytes(SAMPLE_WIDTH * samples_for_ms(ms, rate))


def samples_for_ms(ms: float, rate: int) -> int:
    """Whole samples in `ms` milliseconds at `rate`."""
    return round(ms * rate / 1000)


EARCON_MS = 420
#: The chime's loudest sample (dBFS) when nothing is known about the voice; with a voice,
#: EARCON_BELOW_VOICE_DB under the voice's loudest sample, so after normalization the
#: chime marks a chapter without standing out over the speech (measured: at a fixed
#: level it peaked 11 dB over Edge's speech and, with the episode's gain, clipped).
EARCON_PEAK_DB = -11.0
EARCON_BELOW_VOICE_DB = 6.0


@lru_cache(maxsize=8)
def earcon(rate: int, peak_db: float = EARCON_PEAK_DB) -> bytes:
    """A soft two-note chime (E5 then A5, sine with a gentle decay) marking a chapter change."""

    n = samples_for_ms(EARCON_MS, rate)
    t = np.arange(n) / rate
    half = n // 2
    freq = np.where(np.arange(n) < half, 659.26, 880.0)
    phase = 2 * np.pi * np.cumsum(freq) / rate
    local = np.where(np.arange(n) < half, t, t - half / rate)
    envelope = np.minimum(1.0, local / 0.01) * np.exp(-local * 9.0)  # 10 ms attack, soft decay
    tone = envelope * (np.sin(phase) + 0.25 * np.sin(2 * phase))
    tone *= 10 ** (peak_db / 20) / np.abs(tone).max()
    return (np.clip(tone, -1, 1) * 32767).astype("<i2").tobytes()


def earcon_peak_db(voice_peak_db: float) -> float:
    """How loud the chime may peak next to a voice whose loudest sample is `voice_peak_db`."""
    if not math.isfinite(voice_peak_db):
        return EARCON_PEAK_DB
    return min(EARCON_PEAK_DB, round(voice_peak_db - EARCON_BELOW_VOICE_DB, 1))


def peak_db(parts: Iterable[bytes | memoryview]) -> float:
    """The loudest sample of some PCM, in dBFS (-inf for silence)."""

    peak = max((int(np.abs(np.frombuffer(p, dtype="<i2").astype(np.int32)).max()) for p in parts if len(p)), default=0)
    return 20 * math.log10(peak / 32768) if peak else -math.inf


def gap(pause_ms: int, rate: int, with_earcon: bool, earcon_db: float = EARCON_PEAK_DB) -> bytes:
    """The audio between two cues: silence, or silence around a chime peaking at `earcon_db`."""
    if not with_earcon:
        return silence(pause_ms, rate)
    chime = earcon(rate, earcon_db)
    return silence(pause_ms // 2, rate) + chime + silence(pause_ms - pause_ms // 2, rate)


def join(parts: Iterable[bytes | memoryview]) -> bytes:
    """Join PCM pieces in one pass (linear: each byte is copied once)."""
    return b"".join(parts)
