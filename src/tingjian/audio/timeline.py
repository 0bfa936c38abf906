"""Cue durations -> start/end of every cue, chapter and caption (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..speech.engine import Boundary
from ..text.script import Script


@dataclass(frozen=True)
class TimedCue:
    """Where a cue's speech sits in the episode (ms); its pause follows `end_ms`."""

    index: int
    chapter: int
    role: str
    text: str
    start_ms: float
    end_ms: float


@dataclass(frozen=True)
class TimedChapter:
    """A chapter's title and span (ms)."""

    title: str
    start_ms: float
    end_ms: float


@dataclass(frozen=True)
class Caption:
    """One caption line and when it is on screen (ms)."""

    start_ms: float
    end_ms: float
    text: str


@dataclass(frozen=True)
class Timeline:
    """Every time in the episode, derived from decoded sample counts."""

    cues: tuple[TimedCue, ...]
    chapters: tuple[TimedChapter, ...]
    captions: tuple[Caption, ...]
    duration_ms: float


def layout(cue_samples: Sequence[int], pause_samples: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) sample of each cue when cues are followed by their pauses."""
    spans = []
    pos = 0
    for n, p in zip(cue_samples, pause_samples, strict=True):
        spans.append((pos, pos + n))
        pos += n + p
    return spans


def build_timeline(
    script: Script,
    cue_samples: Sequence[int],
    pause_samples: Sequence[int],
    rate: int,
    boundaries: Sequence[Sequence[Boundary]] = (),
) -> Timeline:
    """Times of cues, chapters and captions from the decoded length of every cue."""
    spans = layout(cue_samples, pause_samples)
    total = (spans[-1][1] + pause_samples[-1]) if spans else 0

    def ms(samples: int) -> float:
        return samples * 1000.0 / rate

    cues = tuple(
        TimedCue(c.index, c.chapter, c.role, c.text, ms(s), ms(e)) for c, (s, e) in zip(script.cues, spans, strict=True)
    )
    chapters = []
    for i, ch in enumerate(script.chapters):
        start = 0.0 if i == 0 else cues[ch.first_cue].start_ms
        end = cues[script.chapters[i + 1].first_cue].start_ms if i + 1 < len(script.chapters) else ms(total)
        chapters.append(TimedChapter(ch.title, start, end))
    captions = tuple(_caption(c, boundaries[c.index] if c.index < len(boundaries) else ()) for c in cues)
    return Timeline(cues, tuple(chapters), captions, ms(total))


def _caption(cue: TimedCue, bounds: Sequence[Boundary]) -> Caption:
    """A cue's caption: from the first word (the engine's sentence boundary, when it
    reported one) until its audio ends, so it is on screen for the whole sentence."""
    start = cue.start_ms + bounds[0].offset_ms if bounds else cue.start_ms
    return Caption(min(start, cue.end_ms), cue.end_ms, cue.text)


def place(timeline: Timeline, offset_ms: float, total_ms: float, intro_title: str | None = None) -> Timeline:
    """The timeline moved `offset_ms` into an episode of `total_ms` (lead-in silence, intro music).

    With an intro, a chapter of its own covers it, so the first spoken chapter
    starts where the voice does; otherwise the first chapter still starts at 0.
    """
    if offset_ms == 0 and total_ms == timeline.duration_ms:
        return timeline
    cues = tuple(replace(c, start_ms=c.start_ms + offset_ms, end_ms=c.end_ms + offset_ms) for c in timeline.cues)
    captions = tuple(
        replace(c, start_ms=c.start_ms + offset_ms, end_ms=c.end_ms + offset_ms) for c in timeline.captions
    )
    chapters = [replace(c, start_ms=c.start_ms + offset_ms, end_ms=c.end_ms + offset_ms) for c in timeline.chapters]
    if chapters:
        chapters[-1] = replace(chapters[-1], end_ms=total_ms)
        if intro_title:
            chapters.insert(0, TimedChapter(intro_title, 0.0, chapters[0].start_ms))
        else:
            chapters[0] = replace(chapters[0], start_ms=0.0)
    return Timeline(cues, tuple(chapters), captions, total_ms)
