"""Judge every cue by what the listener heard; give a misheard cue one second take."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..speech.engine import CueAudio, Heard
from .listen import HEARD_BY, Listener

#: A cue heard with this many character errors or more (per character expected) is misheard.
#: Chosen from data (README, "Hearing it back"): every good Edge sentence measured sits below
#: it (at most 0.47), every silent, reversed, noisy or cut-off one at or above it.
THRESHOLD = 0.5
Verdict = Literal["ok", "retaken", "flagged"]


@dataclass(frozen=True)
class CueCheck:
    """One cue as heard: its index, the text it should say, what was heard, the character
    error rate and the verdict ("retaken": a second take passed; "flagged": still misheard)."""

    index: int
    expected: str
    heard: str
    cer: float
    verdict: Verdict


def passes(heard: Heard) -> bool:
    """Whether a cue was heard well enough."""
    return heard.cer < THRESHOLD


async def listen(listener: Listener, audio: Sequence[CueAudio], expected: Sequence[str]) -> list[CueAudio]:
    """Every cue with what the listener heard (cues heard before by this model kept as they are)."""
    todo = [i for i, a in enumerate(audio) if a.heard is None or a.heard.model != HEARD_BY]
    if not todo:
        return list(audio)
    heard = await asyncio.to_thread(listener.hear, [audio[i] for i in todo], [expected[i] for i in todo])
    out = list(audio)
    for i, h in zip(todo, heard, strict=True):
        out[i] = replace(audio[i], heard=h)
    return out


RetakeFn = Callable[[int], Awaitable[CueAudio | None]]
"""A second take of cue i (None when the engine gave none)."""


async def check_cues(
    listener: Listener,
    audio: Sequence[CueAudio],
    expected: Sequence[str],
    retake: RetakeFn | None = None,
    store: Callable[[int, CueAudio], None] | None = None,
) -> tuple[list[CueAudio], list[CueCheck]]:
    """Listen to every cue; a misheard one gets one second take (`retake`), kept when it is
    heard better. `store` keeps each cue whose transcript is new (with the cue cache).
    Returns the cues (second takes in place) and each cue's check."""
    before = [a.heard for a in audio]
    heard = await listen(listener, audio, expected)
    # A cue taken twice already (on an earlier run) is not asked for a third time.
    bad = [i for i, a in enumerate(heard) if a.heard is not None and not passes(a.heard) and not a.heard.retaken]
    retaken: set[int] = set()
    if retake is not None and bad:
        takes = await asyncio.gather(*(retake(i) for i in bad), return_exceptions=True)
        fresh = [(i, t) for i, t in zip(bad, takes, strict=True) if isinstance(t, CueAudio)]
        again = await listen(listener, [t for _, t in fresh], [expected[i] for i, _ in fresh])
        for (i, _), take in zip(fresh, again, strict=True):
            old, new = heard[i].heard, take.heard
            if new is None or old is None:
                continue
            if new.cer < old.cer:
                heard[i] = take
                retaken.add(i)
            heard[i] = replace(heard[i], heard=replace(min(old, new, key=lambda h: h.cer), retaken=True))
    if store is not None:
        for i, a in enumerate(heard):
            if a.heard is not before[i]:
                store(i, a)
    checks = []
    for i, a in enumerate(heard):
        h = a.heard
        assert h is not None
        verdict: Verdict = "flagged" if not passes(h) else "retaken" if i in retaken else "ok"
        checks.append(CueCheck(i, expected[i], h.text, h.cer, verdict))
    return heard, checks
