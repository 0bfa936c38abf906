"""ffmpeg (from imageio-ffmpeg), decoding, silence, linear-time joins and encoding."""

from __future__ import annotations

import math
import subprocess
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .cores import pin
from .errors import AudioError

SAMPLE_WIDTH = 2  # 16-bit PCM throughout


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary shipped by imageio-ffmpeg (no system ffmpeg needed)."""
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as e:
        raise AudioError("ffmpeg is not available", "pip install imageio-ffmpeg") from e


@lru_cache(maxsize=1)
def _pydub() -> object:
    # pydub warns at import when ffprobe is missing; we never let it probe.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        import pydub

    pydub.AudioSegment.converter = ffmpeg_exe()
    return pydub


def run_ffmpeg(args: list[str], stdin: bytes | None = None) -> bytes:
    """Run ffmpeg quietly; return stdout or raise AudioError with its message."""
    return _ffmpeg(args, stdin, "error")[0]


def run_ffmpeg_log(
    args: list[str], stdin: bytes | None = None, cpus: frozenset[int] | None = None
) -> tuple[bytes, str]:
    """Run ffmpeg with its informational log (filters such as ebur128 report there),
    optionally kept on some CPUs (see cores)."""
    return _ffmpeg(args, stdin, "info", cpus)


def _ffmpeg(args: list[str], stdin: bytes | None, level: str, cpus: frozenset[int] | None = None) -> tuple[bytes, str]:
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", level, *args]
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        pin(proc.pid, cpus)
        try:
            out, err = proc.communicate(stdin)
        except BaseException:  # Ctrl-C included: never leave ffmpeg blocked on a full pipe
            proc.kill()
            raise
    log = err.decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = log.strip().splitlines()[-3:]
        raise AudioError(f"ffmpeg failed: {' / '.join(tail) or proc.returncode}")
    return out, log


def decode(data: bytes, rate: int, container: str | None = None) -> bytes:
    """Decode encoded audio (mp3, wav, ...) to mono 16-bit PCM at `rate` Hz."""
    fmt = ["-f", container] if container else []
    return run_ffmpeg([*fmt, "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"], data)


def decode_file(path: Path, rate: int) -> bytes:
    """Decode an audio file to mono 16-bit PCM at `rate` Hz."""
    return run_ffmpeg(["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"])


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
    import numpy as np

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
    import numpy as np

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


def export_mp3(pcm: bytes, rate: int, path: Path, bitrate: str, out_rate: int | None = None) -> None:
    """Encode mono PCM to a CBR MP3 file with pydub (ffmpeg/libmp3lame)."""
    pydub = _pydub()
    segment = pydub.AudioSegment(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=rate, channels=1)  # type: ignore[attr-defined]
    try:
        params = ["-ar", str(out_rate or rate), "-ac", "1", "-compression_level", "7"]  # LAME q7: see codec.MP3_QUALITY
        out = segment.export(str(path), format="mp3", bitrate=bitrate, parameters=params)
        out.close()
    except Exception as e:  # pydub raises CouldntEncodeError and OSError variants
        raise AudioError(f"MP3 encoding failed: {e}") from e
