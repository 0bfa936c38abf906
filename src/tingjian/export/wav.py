"""16-bit PCM WAV for broadcast playout systems."""

from __future__ import annotations

import wave
from pathlib import Path

from ..audio import run_ffmpeg


def write_wav(pcm: bytes, rate: int, path: Path, out_rate: int | None = None) -> None:
    """Write mono 16-bit PCM as a WAV file at `out_rate` (resampled by ffmpeg if it differs)."""
    if out_rate and out_rate != rate:
        run_ffmpeg(
            ["-y", "-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0", "-ar", str(out_rate),
             "-c:a", "pcm_s16le", "-f", "wav", "-bitexact", str(path)],
            pcm,
        )  # fmt: skip
        return
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
