"""When second takes are asked for and how they are heard: the order of the work, with a
listener that hears what it is told to (the model itself is tested in test_verify)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

import pytest

from tingjian.speech.engine import CueAudio, Heard
from tingjian.verify import check
from tingjian.verify.check import Ahead, check_cues
from tingjian.verify.listen import HEARD_BY, Listener

BAD, GOOD = "那句念坏了的话", "这句念得清楚"


class Scripted(Listener):
    """Hears a first take of BAD as misheard and everything else as said; notes each hearing
    and whether a second take had been asked for by then."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = threading.Event()
        self.log: list[tuple[tuple[str, ...], bool, bool]] = []

    def hear(
        self, audio: Sequence[CueAudio], expected: Sequence[str], misheard_at: float | None = None, alone: bool = False
    ) -> list[Heard]:
        # A first hearing waits a little for a second take to be asked for, as the model's
        # hearing takes seconds: was it asked while this went on?
        asked = alone or self.asked.wait(2)
        self.log.append((tuple(expected), alone, asked))
        return [
            Heard(text, 0.9 if text == BAD and a.payload == b"first" else 0.0, HEARD_BY)
            for a, text in zip(audio, expected, strict=True)
        ]


def _retake(listener: Scripted, asked: list[int]) -> check.RetakeFn:
    async def retake(i: int) -> CueAudio:
        asked.append(i)
        listener.asked.set()
        return CueAudio(b"second", "mp3")

    return retake


def test_a_cue_heard_misheard_before_is_asked_for_again_while_the_rest_is_heard_and_its_take_heard_alone() -> None:
    listener, asked = Scripted(), list[int]()
    audio = [CueAudio(b"first", "mp3", heard=Heard("那句", 0.9, HEARD_BY)), CueAudio(b"first", "mp3")]
    _, checks = asyncio.run(check_cues(listener, audio, [BAD, GOOD], _retake(listener, asked)))
    assert asked == [0]
    assert listener.log == [((GOOD,), False, True), ((BAD,), True, True)]
    assert [c.verdict for c in checks] == ["retaken", "ok"]


def test_ahead_asks_once_synthesis_is_over_for_each_cue_it_heard_misheard_and_only_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(check, "AHEAD_S", 1.0)  # each cue makes a batch
    listener, asked = Scripted(), list[int]()
    listener.asked.set()  # nothing to wait for ahead
    expected = [BAD, GOOD]
    audio = [CueAudio(b"first", "mp3"), CueAudio(b"first", "mp3")]

    async def run() -> list[str]:
        ahead = Ahead(listener, expected)
        ahead.offer(0, audio[0])
        await asyncio.sleep(0.2)
        assert ahead.asked == {}  # synthesis is still going on: its connections are busy
        ahead.offer(1, audio[1])
        heard = await ahead.finish(_retake(listener, asked))
        assert list(ahead.asked) == [0]
        done = [heard.get(i, a) for i, a in enumerate(audio)]
        _, checks = await check_cues(listener, done, expected, _retake(listener, asked), asked=ahead.asked)
        return [c.verdict for c in checks]

    assert asyncio.run(run()) == ["retaken", "ok"]
    assert asked == [0]


def test_a_failed_hearing_cancels_the_second_takes_ahead_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "AHEAD_S", 1.0)
    monkeypatch.setattr(check, "AHEAD_NEXT_S", 1.0)

    class Failing(Scripted):
        def hear(
            self,
            audio: Sequence[CueAudio],
            expected: Sequence[str],
            misheard_at: float | None = None,
            alone: bool = False,
        ) -> list[Heard]:
            if GOOD in expected:
                self.asked.wait(2)  # still hearing when synthesis ends
                raise RuntimeError("the recogniser failed")
            return super().hear(audio, expected, misheard_at, alone)

    listener = Failing()
    listener.asked.set()

    async def run() -> None:
        ahead = Ahead(listener, [BAD, GOOD])
        ahead.offer(0, CueAudio(b"first", "mp3"))
        await asyncio.sleep(0.2)
        listener.asked.clear()
        ahead.offer(1, CueAudio(b"first", "mp3"))

        async def never(i: int) -> CueAudio:
            await asyncio.sleep(60)
            raise AssertionError("a second take was awaited")

        asking = asyncio.ensure_future(ahead.finish(never))
        await asyncio.sleep(0.1)
        listener.asked.set()
        with pytest.raises(RuntimeError):
            await asking
        await asyncio.sleep(0)
        # Asked while this run goes on (asyncio.run would cancel what is left when it ends).
        assert list(ahead.asked) == [0] and ahead.asked[0].cancelled()

    asyncio.run(run())
