"""The Engine protocol, the audio it returns for one cue, and the WAV container."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import AudioError


@dataclass(frozen=True)
class Boundary:
    """A sentence or word boundary inside a cue's audio, in milliseconds."""

    offset_ms: float
    duration_ms: float
    text: str


@dataclass(frozen=True)
class CueLevels:
    """A cue's loudness as BS.1770 gates it, measured once when it is synthesized: the
    momentary (400 ms) and short-term (3 s) loudness every 100 ms in LUFS (-inf for
    silence) and the sample peak in dBFS. An episode's loudness follows from its cues'
    levels without decoding them again."""

    momentary: tuple[float, ...]
    short_term: tuple[float, ...]
    peak_db: float

    def __post_init__(self) -> None:
        # Ten values a second for every cue add up (a 3-hour episode holds 216,000): equal
        # values share one float object, so a value costs a pointer, not a float's 32 bytes.
        for name in ("momentary", "short_term"):
            object.__setattr__(self, name, tuple(_SHARED.setdefault(v, v) for v in getattr(self, name)))


#: One float object for each loudness value levels hold (they are rounded to 0.1 or 0.01 LU).
_SHARED: dict[float, float] = {}


@dataclass(frozen=True)
class Heard:
    """What a speech recogniser heard in a cue (normalised: simplified characters, numbers
    in characters, no punctuation) and its character error rate against what the cue
    should say: errors / characters expected."""

    text: str
    cer: float
    model: str
    #: This audio is the better of two takes already: a misheard cue is taken again once, not
    #: on every rebuild.
    retaken: bool = False


@dataclass(frozen=True)
class StoredAudio:
    """A cue's audio where the cue cache keeps it, read each time it is needed: an
    episode's sentences are never all in memory at once, however long it is."""

    path: Path
    size: int
    sha256: str

    def read(self) -> bytes:
        """The audio, exactly as it was when the cache handed it out."""
        try:
            data = self.path.read_bytes()
        except OSError as e:
            raise AudioError(f"a cached sentence went missing during the run: {self.path}", "run again") from e
        if len(data) != self.size or hashlib.sha256(data).hexdigest() != self.sha256:
            raise AudioError(f"a cached sentence changed during the run: {self.path}", "run again")
        return data


@dataclass(frozen=True)
class CueAudio:
    """Encoded audio for one cue (any container ffmpeg reads), its boundaries and, once
    measured, its loudness levels and, once listened to, what a recogniser heard. The
    audio is in memory (`bytes`) or in the cue cache (`StoredAudio`, read on each use)."""

    payload: bytes | StoredAudio
    container: str
    boundaries: tuple[Boundary, ...] = ()
    levels: CueLevels | None = None
    heard: Heard | None = None

    @property
    def data(self) -> bytes:
        """The encoded audio (read from the cache when it is kept there)."""
        return self.payload if isinstance(self.payload, bytes) else self.payload.read()


class TransientEngineError(Exception):
    """A failure worth retrying (network, throttling, empty answer)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class Engine(Protocol):
    """A speech engine: turns one short text into audio."""

    name: str
    version: str
    voice: str
    #: True when digits and symbols must be spelled out before synthesis.
    needs_spoken_form: bool
    #: How many cues may be synthesized at once.
    max_concurrency: int
    #: Neighbouring cues share one request up to this many characters, cut apart again by
    #: the sentence boundaries the engine reports (0: one request per cue).
    merge_chars: int

    def cache_identity(self, voice: str | None = None) -> dict[str, str]:
        """Everything besides the text that changes the audio (for the cache key)."""
        ...

    def check_voice(self, voice: str) -> None:
        """Raise ConfigError if this engine cannot speak with `voice`."""
        ...

    async def synthesize(self, text: str, voice: str | None = None) -> CueAudio:
        """Synthesize one cue (in `voice`, default the engine's); raise TransientEngineError to retry."""
        ...

    def close(self) -> None:
        """Release resources."""
        ...


SAMPLE_WIDTH = 2  # 16-bit PCM throughout


def wav_header(samples: int, rate: int) -> bytes:
    """The 44-byte header of a mono 16-bit PCM WAV file (as Python's `wave` writes it)."""
    size = samples * SAMPLE_WIDTH
    return (
        b"RIFF" + struct.pack("<I", 36 + size) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * SAMPLE_WIDTH, SAMPLE_WIDTH, 16)
        + b"data" + struct.pack("<I", size)
    )  # fmt: skip


def wav_bytes(pcm: bytes, rate: int) -> bytes:
    """Mono 16-bit PCM in a WAV container."""
    return wav_header(len(pcm) // SAMPLE_WIDTH, rate) + pcm
