"""Each cue's loudness levels, measured once when it is synthesized (and kept with it in
the cue cache), and an episode's loudness from its cues' levels: the gain is then known
before any audio of the episode is decoded, so it can be joined, gained and encoded in
one streaming pass."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..errors import AudioError
from ..speech.engine import CueAudio, CueLevels
from .ffmpeg import run_ffmpeg_log
from .loudness import Loudness, frame_values, gated_loudness, parse_ebur128

#: Silence measured after each cue (s): in an episode a pause follows every cue, and the
#: 400 ms blocks reaching into it count in the gating; without them, an episode of short
#: cues measured 0.4 LU louder from its cues' levels than as a whole.
TAIL_S = 0.3


def cue_levels(data: bytes, container: str) -> CueLevels:
    """Measure one cue's encoded audio (any container ffmpeg reads)."""
    measure = f"apad=pad_dur={TAIL_S},ebur128=peak=sample:framelog=info"
    _, log = run_ffmpeg_log(["-f", container, "-i", "pipe:0", "-af", measure, "-f", "null", "-"], data)
    values = frame_values(log)
    return CueLevels(
        tuple(float(v) for v in values[:, 0]), tuple(float(v) for v in values[:, 1]), parse_ebur128(log).true_peak_dbtp
    )


def with_levels(cue: CueAudio) -> CueAudio:
    """The cue with its levels measured (as it is, when they are known or cannot be measured:
    audio ffmpeg cannot read fails later, where the episode is decoded, with its own message)."""
    if cue.levels is not None:
        return cue
    try:
        return replace(cue, levels=cue_levels(cue.data, cue.container))
    except AudioError:
        return cue


def episode_loudness(levels: Sequence[CueLevels]) -> Loudness:
    """The loudness of cues played one after another with silence between them (BS.1770's
    absolute gate leaves the silence out): integrated, range and sample peak."""
    if not levels:
        return Loudness(-math.inf, 0.0, -math.inf, "sample")
    pairs = [np.column_stack([lv.momentary, lv.short_term]) for lv in levels if lv.momentary]
    values = np.concatenate(pairs) if pairs else np.empty((0, 2))
    return gated_loudness(values, max(lv.peak_db for lv in levels))
