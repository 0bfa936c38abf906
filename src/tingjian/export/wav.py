"""16-bit PCM WAV for broadcast playout systems."""

from __future__ import annotations

import wave
from pathlib import Path


def write_wav(pcm: bytes, rate: int, path: Path) -> None:
    """Write mono 16-bit little-endian PCM as a WAV file."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
