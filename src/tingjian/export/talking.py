"""What talking books (DAISY 2.02, EPUB 3 media overlays) share: the episode cut into one
constant-bitrate MP3 per chapter, and each sentence's clip in its chapter's file. Clips are
contiguous and cover their file exactly: a sentence's clip runs to the start of the next
one (its pause belongs to it), the first starts at 0, the last ends with the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..audio.encode import export_mp3
from ..audio.pcm import samples_for_ms
from ..audio.timeline import Timeline
from ..speech.engine import SAMPLE_WIDTH


@dataclass(frozen=True)
class BookAudio:
    """What a talking book is made from: the episode's title and maker, its timeline and
    its mastered PCM, and how to encode the chapter files."""

    title: str
    creator: str
    timeline: Timeline
    pcm: bytes = field(repr=False)
    rate: int
    bitrate: str
    out_rate: int | None


@dataclass(frozen=True)
class Clip:
    """One sentence in its chapter's audio file (seconds from the file's start)."""

    index: int
    role: str
    text: str
    begin_s: float
    end_s: float


@dataclass(frozen=True)
class BookChapter:
    """A chapter of a talking book: its title, audio file name, length and clips."""

    number: int
    title: str
    audio: str
    duration_s: float
    #: Seconds of the book before this chapter.
    elapsed_s: float
    clips: tuple[Clip, ...]


def book_chapters(timeline: Timeline, rate: int, audio_name: str = "{n:04d}.mp3") -> tuple[BookChapter, ...]:
    """The chapters with sentence clips, times taken from the timeline's sample positions."""
    chapters = timeline.chapters
    bounds = [samples_for_ms(c.start_ms, rate) for c in chapters]
    total = samples_for_ms(timeline.duration_ms, rate)
    out = []
    for i, ch in enumerate(chapters):
        start, end = bounds[i], bounds[i + 1] if i + 1 < len(chapters) else total
        cues = [c for c in timeline.cues if c.chapter == i]
        starts = [0] + [samples_for_ms(c.start_ms, rate) - start for c in cues[1:]] + [end - start]
        clips = tuple(Clip(c.index, c.role, c.text, starts[k] / rate, starts[k + 1] / rate) for k, c in enumerate(cues))
        out.append(BookChapter(i + 1, ch.title, audio_name.format(n=i + 1), (end - start) / rate, start / rate, clips))
    return tuple(out)


def write_chapter_audio(
    pcm: bytes, rate: int, folder: Path, chapters: tuple[BookChapter, ...], bitrate: str, out_rate: int | None
) -> None:
    """One CBR MP3 per chapter (sample-exact cuts) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for ch in chapters:
        start = round(ch.elapsed_s * rate)
        end = start + round(ch.duration_s * rate)
        export_mp3(pcm[start * SAMPLE_WIDTH : end * SAMPLE_WIDTH], rate, folder / ch.audio, bitrate, out_rate)


def npt(seconds: float) -> str:
    """A SMIL 1.0 clip time: npt=12.345s."""
    return f"npt={seconds:.3f}s"


def hms(seconds: float) -> str:
    """hh:mm:ss (DAISY's ncc:totalTime, media:duration in EPUB with .mmm)."""
    s = round(seconds)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
