"""What the public API hands back: the `Plan` of what will be spoken, the finished
`Episode`, and the `Reporter` protocol through which a run reports progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .audio.loudness import Loudness
from .audio.timeline import TimedChapter, Timeline
from .export.manifest import RunInfo
from .speech.select import EngineChoice
from .text.clean import dropped_lines
from .text.read import SourceText
from .text.script import Script

#: A chapter of a finished episode: title, start_ms, end_ms.
Chapter = TimedChapter


class Reporter(Protocol):
    """Receives a run's progress (the CLI draws a bar, the studio streams events).

    Every method is called on the thread that runs the event loop of the run,
    never from a worker thread, and should return quickly.
    """

    def engine_chosen(self, engine: str, voice: str, reason: str) -> None:
        """The engine and voice the run uses, and why."""

    def synthesis_started(self, total: int) -> None:
        """Synthesis of `total` cues begins."""

    def cue_done(self, index: int, cached: bool) -> None:
        """Cue `index` is synthesized (or came from the cache); a cue that failed is never done."""

    def stage(self, name: str) -> None:
        """A step begins ("mastering to -16 LUFS"), or a note ("waiting for another run")."""


class SilentReporter:
    """A reporter that reports nothing; subclass it to hear only some events."""

    def engine_chosen(self, engine: str, voice: str, reason: str) -> None:
        return None

    def synthesis_started(self, total: int) -> None:
        return None

    def cue_done(self, index: int, cached: bool) -> None:
        return None

    def stage(self, name: str) -> None:
        return None


@dataclass(frozen=True)
class PlanCue:
    """One request to the speech engine: the text as shown, the speech as sent, the pause after."""

    role: str
    text: str
    speech: str
    pause_ms: int


@dataclass(frozen=True)
class PlanChapter:
    """A chapter and its cues."""

    title: str
    cues: tuple[PlanCue, ...]


@dataclass(frozen=True)
class PlanInput:
    """Where the article came from."""

    name: str
    format: str
    encoding: str


@dataclass(frozen=True)
class DroppedLine:
    """A line of the page that will not be read, and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class Plan:
    """What an episode will say, chapter by chapter, before anything is synthesized
    (the same document as `tingjian plan --json`)."""

    title: str
    input: PlanInput
    engine: EngineChoice
    chapters: tuple[PlanChapter, ...]
    script: Script = field(repr=False, compare=False)
    #: Lines of the article left out as page chrome, with the reason (see `plan --show-dropped`).
    dropped: tuple[DroppedLine, ...] = ()

    @classmethod
    def of(cls, source: SourceText, script: Script, choice: EngineChoice, keep: tuple[str, ...] = ()) -> Plan:
        """The plan of a laid-out script (`keep`: lines the user keeps against the chrome rules)."""
        chapters = tuple(
            PlanChapter(
                ch.title,
                tuple(
                    PlanCue(c.role, c.text, c.speech, c.pause_ms) for c in script.cues[ch.first_cue : ch.last_cue + 1]
                ),
            )
            for ch in script.chapters
        )
        dropped = tuple(DroppedLine(text, reason) for text, reason in dropped_lines(source.text, keep))
        return cls(
            script.title, PlanInput(source.name, source.format, source.encoding), choice, chapters, script, dropped
        )

    @property
    def cue_count(self) -> int:
        """How many cues will be synthesized."""
        return sum(len(ch.cues) for ch in self.chapters)

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data: title, input, engine, chapters[].cues[]."""
        return {
            "title": self.title,
            "input": {"name": self.input.name, "format": self.input.format, "encoding": self.input.encoding},
            "engine": {"name": self.engine.name, "voice": self.engine.voice, "reason": self.engine.reason},
            "chapters": [
                {
                    "title": ch.title,
                    "cues": [
                        {"role": c.role, "text": c.text, "speech": c.speech, "pause_ms": c.pause_ms} for c in ch.cues
                    ],
                }
                for ch in self.chapters
            ],
            "dropped": [{"text": d.text, "reason": d.reason} for d in self.dropped],
        }


@dataclass(frozen=True)
class Episode:
    """A finished episode: its folder, its files by kind, chapters, duration and loudness."""

    folder: Path
    #: kind -> path: "mp3", "m4b", "wav", "chapters", "srt", "vtt", "transcript", "manifest", ...
    files: dict[str, Path]
    timeline: Timeline
    run: RunInfo
    script: Script = field(repr=False)
    #: Measured before mastering.
    loudness_before: Loudness | None = None
    #: Measured on the main audio file as written.
    loudness: Loudness | None = None

    @property
    def chapters(self) -> tuple[Chapter, ...]:
        """Chapters with their title and start/end in milliseconds."""
        return self.timeline.chapters

    @property
    def duration_ms(self) -> float:
        """Length of the episode in milliseconds."""
        return self.timeline.duration_ms

    @property
    def reused(self) -> bool:
        """True when the folder already held this exact episode and nothing was made."""
        return self.run.reused

    @property
    def engine(self) -> str:
        return self.run.engine

    @property
    def voice(self) -> str:
        return self.run.voice

    @property
    def cached_cues(self) -> int:
        return self.run.cached

    @property
    def requests(self) -> int:
        return self.run.requests
