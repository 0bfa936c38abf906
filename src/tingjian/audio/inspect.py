"""Inspect any audio file: format, duration, tags, chapters and measured loudness."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudioError, InputError
from .ffmpeg import run_ffmpeg_log
from .loudness import Loudness
from .master import measure_file


@dataclass(frozen=True)
class ChapterMark:
    """A chapter as ffmpeg's reader reports it."""

    start_ms: float
    end_ms: float
    title: str


@dataclass(frozen=True)
class Inspection:
    """What a file is and how it measures."""

    path: Path
    container: str
    codec: str
    sample_rate: int
    channels: str
    bitrate_kbps: int | None
    duration_ms: float
    tags: dict[str, str]
    chapters: tuple[ChapterMark, ...]
    loudness: Loudness


_STREAM = re.compile(r"Audio: (\w+)[^,]*, (\d+) Hz, ([\w.() ]+?), \w+(?:, (\d+) kb/s)?")
_DURATION = re.compile(r"Duration: (\d+):(\d+):([\d.]+)")


def inspect_file(path: Path) -> Inspection:
    """Read a file's format and tags, its chapters (ffmpeg's reader) and its loudness (ebur128)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        meta, log = run_ffmpeg_log(["-i", str(path), "-f", "ffmetadata", "-"])
    except AudioError as e:
        raise InputError(f"{path}: not an audio file ffmpeg can read", "give an MP3, M4B/M4A or WAV file") from e
    container = re.search(r"Input #0, ([\w,]+), from", log)
    stream = _STREAM.search(log)
    duration = _DURATION.search(log)
    if not (container and stream and duration):
        raise InputError(f"{path}: not an audio file ffmpeg can read")
    h, m, s = duration.groups()
    return Inspection(
        path=path,
        container=container.group(1),
        codec=stream.group(1),
        sample_rate=int(stream.group(2)),
        channels=stream.group(3),
        bitrate_kbps=int(stream.group(4)) if stream.group(4) else None,
        duration_ms=(int(h) * 3600 + int(m) * 60 + float(s)) * 1000,
        tags=_tags(path),
        chapters=_chapters(meta.decode("utf-8", "replace")),
        loudness=measure_file(path),
    )


def _chapters(ffmeta: str) -> tuple[ChapterMark, ...]:
    """Chapters from ffmpeg's FFMETADATA: sections that start on a line of their own
    ("[CHAPTER]" inside a tag's value is text, not a section)."""
    marks = []
    for block in re.split(r"^\[CHAPTER\]$", ffmeta, flags=re.M)[1:]:
        fields = dict(re.findall(r"^(\w+)=(.*)$", block, re.M))
        try:
            num, den = (int(x) for x in fields.get("TIMEBASE", "1/1000").split("/"))
            start, end = int(fields["START"]), int(fields["END"])
        except (KeyError, ValueError):
            continue
        scale = 1000 * num / den
        marks.append(ChapterMark(start * scale, end * scale, fields.get("title", "")))
    return tuple(marks)


def _tags(path: Path) -> dict[str, str]:
    import mutagen

    try:
        f = mutagen.File(str(path))
    except mutagen.MutagenError:
        return {}
    if f is None or f.tags is None:
        return {}
    out: dict[str, str] = {}
    for key, value in f.tags.items():
        if str(key).startswith(("CHAP", "CTOC", "APIC")):
            continue
        text = getattr(value, "text", value)
        shown = " / ".join(str(v) for v in text) if isinstance(text, list) else str(text)
        shown = " ".join(shown.split())
        out[str(key)] = shown if len(shown) <= 80 else shown[:77] + "…"
    return out
