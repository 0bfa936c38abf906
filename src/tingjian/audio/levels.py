"""Each cue's loudness levels, measured once when it is synthesized (and kept with it in
the cue cache), and an episode's loudness from its cues' levels: the gain is then known
before any audio of the episode is decoded, so it can be joined, gained and encoded in
one streaming pass."""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..errors import AudioError
from ..speech.engine import CueAudio, CueLevels
from .ffmpeg import run_ffmpeg_log
from .loudness import Loudness, frame_values, gated_loudness, parse_ebur128

#: Silence measured after each cue (s): in an episode a pause follows every cue, and the
#: 400 ms blocks reaching into it count in the gating; without them, an episode of short
#: cues measured 0.4 LU louder from its cues' levels than as a whole.
TAIL_S = 0.3


#: One ffmpeg process measures at most this many cues (each its own input and filter chain).
BATCH = 16
_MEASURE = f"apad=pad_dur={TAIL_S},ebur128=peak=sample:framelog=info"
# Each chain's ebur128 logs under its own instance name: chain k's is Parsed_ebur128_{2k+1}
# (apad is 2k); its summary lines follow the tagged "Summary:" line untagged.
_INSTANCE = re.compile(r"^\[Parsed_ebur128_(\d+) @ [^\]]*\] ?", re.M)


def cue_levels(data: bytes, container: str) -> CueLevels:
    """Measure one cue's encoded audio (any container ffmpeg reads)."""
    _, log = run_ffmpeg_log(["-f", container, "-i", "pipe:0", "-af", _MEASURE, "-f", "null", "-"], data)
    return _levels(log)


def cues_levels(cues: Sequence[tuple[bytes, str]]) -> list[CueLevels]:
    """Measure several cues' encoded audio, (data, container) each, in one ffmpeg process:
    a process's start costs about as much as measuring a short cue. Every value is what
    `cue_levels` gives for that cue alone (each chain has its own filter)."""
    if len(cues) == 1:
        return [cue_levels(*cues[0])]
    with tempfile.TemporaryDirectory(prefix="tingjian-levels-") as tmp:
        args: list[str] = []
        for k, (data, container) in enumerate(cues):
            path = Path(tmp) / f"{k}.{container}"
            path.write_bytes(data)
            args += ["-f", container, "-i", str(path)]
        graph = ";".join(f"[{k}:a]{_MEASURE}[m{k}]" for k in range(len(cues)))
        args += ["-filter_complex", graph]
        for k in range(len(cues)):
            args += ["-map", f"[m{k}]", "-f", "null", "-"]
        _, log = run_ffmpeg_log(args)
    parts: dict[int, list[str]] = {}
    pieces = _INSTANCE.split(log)  # text, instance, text, instance, text...
    for instance, text in zip(pieces[1::2], pieces[2::2], strict=True):
        parts.setdefault((int(instance) - 1) // 2, []).append(text)
    if sorted(parts) != list(range(len(cues))):
        raise AudioError("could not read the loudness measurement from ffmpeg")
    return [_levels("".join(parts[k])) for k in range(len(cues))]


def _levels(log: str) -> CueLevels:
    values = frame_values(log)
    return CueLevels(
        tuple(float(v) for v in values[:, 0]), tuple(float(v) for v in values[:, 1]), parse_ebur128(log).true_peak_dbtp
    )


def with_levels(cue: CueAudio) -> CueAudio:
    """The cue with its levels measured (as it is, when they are known or cannot be measured:
    audio ffmpeg cannot read fails later, where the episode is decoded, with its own message)."""
    return with_levels_all([cue])[0]


def with_levels_all(cues: Sequence[CueAudio]) -> list[CueAudio]:
    """`with_levels` for each cue, the ones to measure measured BATCH at a time; when a batch
    fails (a cue ffmpeg cannot read), its cues are measured one by one."""
    out = list(cues)
    todo = [i for i, cue in enumerate(cues) if cue.levels is None]
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        levels: list[CueLevels | None]
        try:
            levels = list(cues_levels([(cues[i].data, cues[i].container) for i in batch]))
        except AudioError:
            levels = [None] if len(batch) == 1 else [_alone(cues[i]) for i in batch]
        for i, lv in zip(batch, levels, strict=True):
            out[i] = replace(cues[i], levels=lv)
    return out


def _alone(cue: CueAudio) -> CueLevels | None:
    """One cue's levels, or None when ffmpeg cannot read it."""
    try:
        return cue_levels(cue.data, cue.container)
    except AudioError:
        return None


def episode_loudness(levels: Sequence[CueLevels]) -> Loudness:
    """The loudness of cues played one after another with silence between them (BS.1770's
    absolute gate leaves the silence out): integrated, range and sample peak."""
    if not levels:
        return Loudness(-math.inf, 0.0, -math.inf, "sample")
    pairs = [np.column_stack([lv.momentary, lv.short_term]) for lv in levels if lv.momentary]
    values = np.concatenate(pairs) if pairs else np.empty((0, 2))
    return gated_loudness(values, max(lv.peak_db for lv in levels))
