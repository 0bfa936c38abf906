"""Which cues the listener hears a second time, alone: the rule, without the model."""

from __future__ import annotations

import numpy as np
import pytest

from tingjian.speech.engine import Heard
from tingjian.verify.listen import Listener


@pytest.fixture()
def packed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Hearings as (clips, alone): in a shared window the clips score 0.2, 0.4 and 0.6; alone, 0.1."""
    calls: list[tuple[int, bool]] = []

    def hear_packed(self: Listener, clips: list[np.ndarray], expected: list[str], alone: bool = False) -> list[Heard]:
        calls.append((len(clips), alone))
        return [Heard("听到", 0.1 if alone else (0.2, 0.4, 0.6)[i], "test") for i in range(len(clips))]

    monkeypatch.setattr(Listener, "_hear_packed", hear_packed)
    return calls


CLIPS = [np.zeros(16000, np.float32)] * 3


def test_to_measure_every_clip_heard_badly_in_a_shared_window_is_heard_again_alone(packed: list) -> None:
    heard = Listener().hear_clips(CLIPS, ["一", "二", "三"])
    assert packed == [(3, False), (2, True)] and [h.cer for h in heard] == [0.2, 0.1, 0.1]


def test_for_a_verdict_only_clips_at_or_past_its_line_are_heard_again(packed: list) -> None:
    heard = Listener().hear_clips(CLIPS, ["一", "二", "三"], misheard_at=0.5)
    assert packed == [(3, False), (1, True)] and [h.cer for h in heard] == [0.2, 0.4, 0.1]
