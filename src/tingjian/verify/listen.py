"""Transcribe cues with Whisper and compare each with what it should say.

Whisper hears 30-second windows; a cue is a sentence of a few seconds. Cues are laid end to
end (with a short pause between) into full windows, the windows transcribed in batches, and
each window's transcript split back into its cues by aligning it with their texts: a
window's encoder pass then serves several cues, and the decoder steps of a batch run together.
Whisper sometimes skips a sentence of a full window, so a cue that sounds wrong there is
heard again on its own, and judged by the better of the two hearings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..audio.decode import decode_cues
from ..speech.engine import CueAudio, Heard
from .compare import VERSION, error_rate, normalize, split_heard
from .model import MODEL_NAME, load_whisper

RATE = 16000
#: Who heard a cue, and compared how: the model and the comparison's version.
HEARD_BY = f"{MODEL_NAME}/cmp{VERSION}"
#: A cue heard this badly in a shared window is heard again alone before it is judged.
RECHECK_CER = 0.3
WINDOW_S = 30.0
#: Room left in a window, so a cue never straddles its end.
FILL_S = 29.5
GAP_S = 0.6
#: Windows one recogniser worker hears at a time (its memory grows with them).
BATCH = 4
#: Whisper's decoder context.
MAX_TOKENS = 448


@dataclass(frozen=True)
class _Group:
    """Cues heard together: several short ones in one window, or one long one over several."""

    cues: tuple[int, ...]
    windows: tuple[np.ndarray, ...]


class Listener:
    """The recogniser: Whisper base, 8-bit, on every core (loaded once per process)."""

    model = HEARD_BY

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads

    @cached_property
    def whisper(self) -> Any:
        """The model, loaded on first use: a rebuild whose cues were all heard before loads nothing."""
        return load_whisper(self.threads)

    @cached_property
    def whisper_alone(self) -> Any:
        """The model as one worker on every core, for a window heard by itself."""
        workers = self.whisper.model.num_workers
        return self.whisper if workers == 1 else load_whisper(self.threads, side_by_side=False)

    @cached_property
    def tokenizer(self) -> Any:
        from faster_whisper.tokenizer import Tokenizer

        return Tokenizer(self.whisper.hf_tokenizer, True, task="transcribe", language="zh")

    @property
    def prompt(self) -> list[int]:
        t = self.tokenizer
        return [t.sot, t.language, t.transcribe, t.no_timestamps]

    def hear_clips(
        self,
        clips: Sequence[np.ndarray],
        expected: Sequence[str],
        misheard_at: float | None = None,
        alone: bool = False,
    ) -> list[Heard]:
        """What the recogniser hears in each clip (float32 mono at 16 kHz), against `expected`.

        A clip heard worse than RECHECK_CER in a shared window is heard again alone; with
        `misheard_at` (a verdict's line), only a clip heard at or past that line is: a second
        hearing can only lower the error rate, so below the line it changes no verdict, and a
        window heard for one short clip costs as much as a full one. `alone`: every clip is
        heard in a window of its own, once."""
        if alone:
            return self._hear_packed(clips, expected, alone=True)
        heard = self._hear_packed(clips, expected)
        again = [
            i for i, h in enumerate(heard) if (h.cer >= misheard_at if misheard_at is not None else h.cer > RECHECK_CER)
        ]
        if len(clips) > 1 and again:
            by_itself = self._hear_packed([clips[i] for i in again], [expected[i] for i in again], alone=True)
            for i, h in zip(again, by_itself, strict=True):
                # Alone, a skipped sentence is heard; a very short one loses its context and
                # can be heard worse: either hearing that understood the words counts.
                heard[i] = min(heard[i], h, key=lambda x: x.cer)
        return heard

    def _hear_packed(self, clips: Sequence[np.ndarray], expected: Sequence[str], alone: bool = False) -> list[Heard]:
        groups = _groups(clips, alone)
        # What a window may say: a few tokens per character it should hold (a misheard clip can
        # make Whisper repeat itself to the decoder's limit; past this it is misheard anyway).
        budgets = [
            _token_budget(sum(len(expected[i]) for i in g.cues) / len(g.windows)) for g in groups for _ in g.windows
        ]
        texts = self._transcribe([w for g in groups for w in g.windows], budgets)
        heard: list[Heard | None] = [None] * len(clips)
        at = 0
        for g in groups:
            said = normalize("".join(texts[at : at + len(g.windows)]))
            at += len(g.windows)
            wanted = [normalize(expected[i]) for i in g.cues]
            for i, want, (part, edits) in zip(g.cues, wanted, split_heard(wanted, said), strict=True):
                heard[i] = Heard(part, round(error_rate(edits, want), 3), self.model)
        return [h for h in heard if h is not None]

    def hear(
        self, audio: Sequence[CueAudio], expected: Sequence[str], misheard_at: float | None = None, alone: bool = False
    ) -> list[Heard]:
        """What the recogniser hears in each cue's audio, against the text it should say
        (`hear_clips`)."""
        if not audio:
            return []
        pcm = decode_cues([(a.data, a.container) for a in audio], RATE).parts
        clips = [np.frombuffer(p, "<i2").astype(np.float32) / 32768.0 for p in pcm]
        return self.hear_clips(clips, expected, misheard_at, alone)

    def _transcribe(self, windows: Sequence[np.ndarray], budgets: Sequence[int]) -> list[str]:
        """Each window's text, decoding at most its budget of tokens (windows of like budgets
        are decoded together, as a batch decodes as long as its longest budget). The batches
        are shared out so that every worker has one at once."""
        if len(windows) == 1:
            return self._decode(windows, budgets[0], self.whisper_alone)
        order = sorted(range(len(windows)), key=lambda i: budgets[i])
        workers = self.whisper.model.num_workers
        size = max(1, min(BATCH, math.ceil(len(order) / workers)))
        batches = [order[start : start + size] for start in range(0, len(order), size)]
        texts = [""] * len(windows)

        def hear(batch: list[int]) -> None:
            heard = self._decode([windows[i] for i in batch], max(budgets[i] for i in batch), self.whisper)
            for i, text in zip(batch, heard, strict=True):
                texts[i] = text

        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(hear, batches))  # list(): a worker's error is raised here
        return texts

    def _decode(self, windows: Sequence[np.ndarray], budget: int, whisper: Any) -> list[str]:
        """The text of each window, heard by `whisper` in one batch of at most `budget` tokens each."""
        import ctranslate2

        features = np.stack([self._features(w) for w in windows])
        encoded = whisper.model.encode(ctranslate2.StorageView.from_array(features), to_cpu=False)
        longest = min(MAX_TOKENS - len(self.prompt), budget)
        results: Any = whisper.model.generate(encoded, [self.prompt] * len(windows), beam_size=1, max_length=longest)
        return [self.tokenizer.decode([t for t in r.sequences_ids[0] if t < self.tokenizer.eot]) for r in results]

    def _features(self, window: np.ndarray) -> np.ndarray:
        full = int(WINDOW_S * RATE)
        padded = np.zeros(full, np.float32)
        padded[: min(full, len(window))] = window[:full]
        mel = self.whisper.feature_extractor(padded)
        frames = self.whisper.feature_extractor.nb_max_frames
        return np.ascontiguousarray(mel[:, :frames], dtype=np.float32)


def _token_budget(chars: float) -> int:
    """Tokens a window may take for `chars` expected characters: a Chinese character is one
    to three tokens, punctuation one more now and then."""
    return int(3 * chars) + 16


def _groups(clips: Sequence[np.ndarray], alone: bool = False) -> list[_Group]:
    """Pack clips, in order, into windows of at most FILL_S seconds with GAP_S between them
    (or one clip per window, `alone`)."""
    fill, gap = int(FILL_S * RATE), np.zeros(int(GAP_S * RATE), np.float32)
    groups: list[_Group] = []
    pending: list[int] = []
    used = 0

    def close() -> None:
        nonlocal pending, used
        if pending:
            window = np.concatenate([x for i in pending for x in (clips[i], gap)])
            groups.append(_Group(tuple(pending), (window,)))
        pending, used = [], 0

    for i, clip in enumerate(clips):
        if len(clip) > fill:  # a long cue: its own windows, cut every FILL_S seconds
            close()
            pieces = math.ceil(len(clip) / fill)
            groups.append(_Group((i,), tuple(clip[k * fill : (k + 1) * fill] for k in range(pieces))))
            continue
        if pending and (alone or used + len(clip) > fill):
            close()
        pending.append(i)
        used += len(clip) + len(gap)
    close()
    return groups
