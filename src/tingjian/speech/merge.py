"""Short neighbouring cues in one request, and the answer cut back into one audio per cue
(pure).

Every request to an online voice waits for its first byte; a six-character heading
waits as long as an 80-character sentence. Neighbouring cues that end a sentence
share a request, and the service's sentence boundaries say where each one's speech
lies in the answer: the audio is cut at MP3 frame edges in the pauses between them,
each cue keeping as much lead and tail silence as the answer starts and ends with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from ..text.clean import CLOSERS
from .engine import Boundary, CueAudio
from .mpeg import cut_frames, layer3_layout

#: Where the service always ends a sentence (it is not trusted to split at ；or …).
SENTENCE_STOP = "。！？!?"


def joiner(text: str) -> str | None:
    """What follows `text` in a shared request so the service ends a sentence there: ""
    when it does already, "。" after a line without punctuation (a heading, a list item),
    None when it cannot (a clause cut at a comma goes on in the next cue)."""
    core = text.rstrip(CLOSERS + " ")
    if not core:
        return None
    if core[-1] in SENTENCE_STOP:
        return ""
    return "。" if core[-1].isalnum() else None


def plan_requests(texts: Sequence[str], limit: int, voices: Sequence[str | None] = ()) -> list[tuple[int, ...]]:
    """Positions of `texts` (in speaking order) grouped into requests: a text joins the
    one before it while together they stay within `limit` characters, in the same voice
    (`voices`, when given), and the one before ends a sentence; with `limit` 0, every text
    is a request of its own."""
    groups: list[list[int]] = []
    size = 0
    for i, text in enumerate(texts):
        before = groups[-1][-1] if groups else -1
        same_voice = not voices or voices[i] == voices[before]
        if before >= 0 and limit and same_voice and size + len(text) <= limit and joiner(texts[before]) is not None:
            groups[-1].append(i)
            size += len(text) + 1
        else:
            groups.append([i])
            size = len(text)
    return [tuple(g) for g in groups]


def request_text(texts: Sequence[str]) -> str:
    """The text one request sends for `texts` (planned together by `plan_requests`)."""
    return "".join(t + (joiner(t) or "") for t in texts[:-1]) + texts[-1]


def _spoken(text: str) -> int:
    """Characters the service speaks (punctuation and spaces are not counted)."""
    return sum(1 for c in text if c.isalnum())


def _assign(bounds: Sequence[Boundary], texts: Sequence[str]) -> list[list[Boundary]] | None:
    """The boundaries of each text, or None when they do not end where the texts do."""
    per: list[list[Boundary]] = [[] for _ in texts]
    ends, total = [], 0
    for t in texts:
        total += _spoken(t)
        ends.append(total)
    k, count = 0, 0
    for b in sorted(bounds, key=lambda b: b.offset_ms):
        if k == len(texts):
            return None
        per[k].append(b)
        count += _spoken(b.text)
        if count > ends[k]:
            return None
        if count == ends[k]:
            k += 1
    return per if k == len(texts) and all(per) else None


def split(audio: CueAudio, texts: Sequence[str]) -> tuple[CueAudio, ...] | None:
    """The answer to a shared request as one audio per text, boundaries moved to each
    part's start; None when it cannot be cut (not plain MP3, or the boundaries do not
    match the texts): the cues are then asked for one by one."""
    if len(texts) == 1:
        return (audio,)
    layout = layer3_layout(audio.data) if audio.container == "mp3" else None
    per = _assign(audio.boundaries, texts) if layout else None
    if layout is None or per is None:
        return None
    frame = layout.frame_ms
    total = len(layout.offsets) * frame
    starts = [b[0].offset_ms for b in per]
    ends = [b[-1].offset_ms + b[-1].duration_ms for b in per]
    lead, tail = max(0.0, starts[0]), max(0.0, total - ends[-1])
    edges = [0]
    for end, start in zip(ends, starts[1:], strict=False):
        if start < end:
            return None
        middle = (end + start) / 2
        first, last = math.floor(max(start - lead, middle) / frame), math.ceil(min(end + tail, middle) / frame)
        edges += [last, first] if last <= first else [round(middle / frame)] * 2
    edges.append(len(layout.offsets))
    parts = []
    for i, bounds in enumerate(per):
        a, b = edges[2 * i], edges[2 * i + 1]
        data = cut_frames(audio.data, layout, a, b) if b > a else None
        if data is None:
            return None
        shift = a * frame
        moved = tuple(replace(x, offset_ms=x.offset_ms - shift) for x in bounds)
        parts.append(CueAudio(data, "mp3", moved))
    return tuple(parts)
