"""Judge every cue by what the listener heard; give a misheard cue one second take."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
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


async def listen(
    listener: Listener, audio: Sequence[CueAudio], expected: Sequence[str], alone: bool = False
) -> list[CueAudio]:
    """Every cue with what the listener heard (cues heard before by this model kept as they
    are); `alone`: each in a window of its own."""
    todo = [i for i, a in enumerate(audio) if a.heard is None or a.heard.model != HEARD_BY]
    if not todo:
        return list(audio)
    heard = await asyncio.to_thread(
        listener.hear, [audio[i] for i in todo], [expected[i] for i in todo], THRESHOLD, alone
    )
    out = list(audio)
    for i, h in zip(todo, heard, strict=True):
        out[i] = replace(audio[i], heard=h)
    return out


#: Cues heard ahead wait until this much speech has arrived: a batch of full windows.
AHEAD_S = 2 * 29.5
#: Once hearing has begun, the next batch starts as soon as the last one ends with at least
#: one full window's worth of speech waiting.
AHEAD_NEXT_S = 29.5


class Ahead:
    """Hears cues while the others are still being synthesized: the cues that arrive are
    heard a batch of windows at a time, in a thread, while the run waits on the service.
    What is left when synthesis ends is heard with the rest by `check_cues`."""

    def __init__(self, listener: Listener, expected: Sequence[str]) -> None:
        self.listener = listener
        self.expected = expected
        self.pending: list[tuple[int, CueAudio]] = []
        self.heard: dict[int, CueAudio] = {}
        self.task: asyncio.Task[None] | None = None
        self.retake: RetakeFn | None = None
        #: Second takes asked for, by cue (once synthesis is over).
        self.asked: dict[int, asyncio.Future[CueAudio | None]] = {}

    def offer(self, index: int, audio: CueAudio) -> None:
        """A cue that is ready (called on the event loop's thread)."""
        if audio.heard is not None and audio.heard.model == HEARD_BY:
            return
        self.pending.append((index, audio))
        if self.task is None or self.task.done():
            self._start(AHEAD_S if self.task is None else AHEAD_NEXT_S)

    def _start(self, enough_s: float) -> None:
        """Hear what is waiting, if it is at least `enough_s` seconds of speech."""
        if sum(_seconds(a) for _, a in self.pending) >= enough_s:
            batch, self.pending = self.pending, []
            self.task = asyncio.ensure_future(self._hear(batch))

    async def _hear(self, batch: list[tuple[int, CueAudio]]) -> None:
        out = await listen(self.listener, [a for _, a in batch], [self.expected[i] for i, _ in batch])
        self.heard.update({i: a for (i, _), a in zip(batch, out, strict=True)})
        self._ask()
        self._start(AHEAD_NEXT_S)  # no pause between batches while cues keep arriving

    def _ask(self) -> None:
        """Ask for a second take of every cue heard misheard (once synthesis is over and
        its connections are free: `finish`)."""
        _ask_again(self.heard.items(), self.asked, self.retake)

    async def finish(self, retake: RetakeFn | None = None) -> dict[int, CueAudio]:
        """The cues heard so far (the batches under way finished; nothing new started).
        With `retake`, the misheard ones are asked for again at once, and those of the
        batches under way as each ends: their requests wait on the network while the rest
        is heard (`asked`)."""
        self.retake = retake
        self._ask()
        try:
            while self.task is not None and not self.task.done():  # a batch may start the next
                await self.task
        except BaseException:
            self.cancel()  # the second takes asked for are not awaited by anyone now
            raise
        self.pending = []
        return self.heard

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        for task in self.asked.values():
            task.cancel()


def _seconds(audio: CueAudio) -> float:
    """About how long a cue speaks: its loudness blocks come every 100 ms (3 s when unknown)."""
    return len(audio.levels.momentary) / 10 if audio.levels else 3.0


def _wants_retake(audio: CueAudio) -> bool:
    """Heard by this listener, misheard, and not taken twice already (on an earlier run: a
    cue is not asked for a third time)."""
    h = audio.heard
    return h is not None and h.model == HEARD_BY and not passes(h) and not h.retaken


RetakeFn = Callable[[int], Awaitable[CueAudio | None]]
"""A second take of cue i (None when the engine gave none)."""


def _ask_again(
    cues: Iterable[tuple[int, CueAudio]], asked: dict[int, asyncio.Future[CueAudio | None]], retake: RetakeFn | None
) -> None:
    """Ask `retake` for each cue that wants a second take and has not been asked for one."""
    if retake is not None:
        for i, audio in cues:
            if i not in asked and _wants_retake(audio):
                asked[i] = asyncio.ensure_future(retake(i))


async def check_cues(
    listener: Listener,
    audio: Sequence[CueAudio],
    expected: Sequence[str],
    retake: RetakeFn | None = None,
    store: Callable[[int, CueAudio], None] | None = None,
    before: Sequence[Heard | None] | None = None,
    asked: dict[int, asyncio.Future[CueAudio | None]] | None = None,
) -> tuple[list[CueAudio], list[CueCheck]]:
    """Listen to every cue; a misheard one gets one second take (`retake`), kept when it is
    heard better. `store` keeps each cue whose transcript is new (with the cue cache).
    Returns the cues (second takes in place) and each cue's check. `before` (each cue's
    transcript as it came from the cache; default: as given) decides what is new. `asked`:
    second takes already asked for (`Ahead.finish`)."""
    before = list(before) if before is not None else [a.heard for a in audio]
    asked = dict(asked or {})
    # A cue heard misheard before (ahead, or on an earlier run) is asked for again at once:
    # the request waits on the network while the rest is heard.
    _ask_again(enumerate(audio), asked, retake)
    try:
        heard = await listen(listener, audio, expected)
        _ask_again(enumerate(heard), asked, retake)
        bad = sorted(asked)
        takes = await asyncio.gather(*(asked[i] for i in bad), return_exceptions=True)
    finally:
        for task in asked.values():
            task.cancel()
    retaken: set[int] = set()
    if bad:
        fresh = [(i, t) for i, t in zip(bad, takes, strict=True) if isinstance(t, CueAudio)]
        # A second take is of a sentence heard misheard already, most often in a window of its
        # own too: it is heard alone straight away.
        again = await listen(listener, [t for _, t in fresh], [expected[i] for i, _ in fresh], alone=True)
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
