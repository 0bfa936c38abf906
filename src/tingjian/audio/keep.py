"""What a newly synthesized cue becomes before it is cached: a WAV (the offline voice's)
compressed to MP3 like the Edge voices send, then its loudness levels measured on the
audio that is kept."""

from __future__ import annotations

import struct
from dataclasses import replace

from ..errors import AudioError
from ..speech.engine import CueAudio
from .ffmpeg import run_ffmpeg
from .levels import with_levels_all

#: Mono speech at 24 kHz: 64 kbit/s MP3 is a quarter of the WAV's size and, like Edge's own
#: 48 kbit/s, encoded once more only when the episode is.
KEEP_BITRATE = "64k"


def compact(cue: CueAudio) -> CueAudio:
    """A WAV cue as MP3 (same rate, boundaries kept); any other cue as it is. Audio that
    cannot be encoded stays WAV."""
    if cue.container != "wav":
        return cue
    data = cue.data
    if len(data) < 44:
        return cue
    rate = struct.unpack("<I", data[24:28])[0]
    try:
        mp3 = run_ffmpeg(
            ["-f", "wav", "-i", "pipe:0", "-ac", "1", "-ar", str(rate), "-b:a", KEEP_BITRATE,
             "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", "pipe:1"],
            data,
        )  # fmt: skip
    except AudioError:
        return cue
    return replace(cue, payload=mp3, container="mp3", levels=None)


def finish_cues(cues: list[CueAudio]) -> list[CueAudio]:
    """The cues as they are cached: compacted, then measured (together)."""
    return with_levels_all([compact(cue) for cue in cues])


def finish_cue(cue: CueAudio) -> CueAudio:
    """One cue as it is cached."""
    return finish_cues([cue])[0]
