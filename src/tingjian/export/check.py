"""`tingjian check`: listen to a finished episode again, cue by cue, from its manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..audio.decode import decode_file
from ..errors import InputError
from ..verify.allocator import release_buffers
from ..verify.check import THRESHOLD, CueCheck, passes
from ..verify.listen import HEARD_BY, RATE, Listener
from .manifest import read_manifest


@dataclass(frozen=True)
class EpisodeCheck:
    """Every cue of an episode as heard in its audio file now."""

    folder: Path
    audio: str
    heard_by: str
    threshold: float
    checks: tuple[CueCheck, ...]

    @property
    def flagged(self) -> tuple[CueCheck, ...]:
        return tuple(c for c in self.checks if c.verdict == "flagged")


def check_episode(folder: Path, listener: Listener | None = None) -> EpisodeCheck:
    """Cut the episode's audio at each cue's times (from manifest.json) and hear each piece
    against the text the cue should say. InputError when the folder holds no episode."""
    manifest = read_manifest(folder)
    if manifest is None:
        raise InputError(f"{folder} holds no tingjian episode (no readable manifest.json)", "give an episode folder")
    name = next((manifest.files[k] for k in ("mp3", "m4b", "wav") if k in manifest.files), None)
    if name is None or not (folder / name).is_file():
        raise InputError(f"the episode's audio file is missing from {folder}", "make the episode again")
    listener = listener or Listener()
    samples = np.frombuffer(decode_file(folder / name, RATE), "<i2").astype(np.float32) / 32768.0
    clips = [samples[int(c.start_ms * RATE / 1000) : int(c.end_ms * RATE / 1000)] for c in manifest.cues]
    heard = listener.hear_clips(clips, [c.speech for c in manifest.cues], THRESHOLD)
    release_buffers()
    checks = tuple(
        CueCheck(c.index, c.speech, h.text, h.cer, "ok" if passes(h) else "flagged")
        for c, h in zip(manifest.cues, heard, strict=True)
    )
    return EpisodeCheck(folder, name, HEARD_BY, THRESHOLD, checks)
