"""One MP3 per chapter plus an M3U playlist, for players that only know "next track"."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..audio.encode import export_mp3
from ..audio.pcm import samples_for_ms
from ..audio.timeline import TimedChapter
from ..speech.engine import SAMPLE_WIDTH
from ..text.slug import slugify
from .id3 import Tags, write_id3


@dataclass(frozen=True)
class Track:
    """A chapter file: where it is, its title and its exact length."""

    path: Path
    title: str
    duration_ms: float


def write_chapter_tracks(
    pcm: bytes,
    rate: int,
    folder: Path,
    chapters: tuple[TimedChapter, ...],
    album: Tags,
    bitrate: str,
    out_rate: int | None = None,
) -> tuple[Track, ...]:
    """Cut the episode at chapter boundaries (sample-exact) and encode each chapter."""
    folder.mkdir(parents=True, exist_ok=True)
    tracks = []
    width = len(str(len(chapters)))
    bounds = [samples_for_ms(c.start_ms, rate) for c in chapters] + [len(pcm) // SAMPLE_WIDTH]
    for i, ch in enumerate(chapters):
        start, end = bounds[i], bounds[i + 1]
        path = folder / f"{i + 1:0{max(2, width)}d}-{slugify(ch.title, 'chapter')}.mp3"
        export_mp3(pcm[start * SAMPLE_WIDTH : end * SAMPLE_WIDTH], rate, path, bitrate, out_rate)
        # The episode is the album; each chapter a numbered track of it.
        tags = replace(album, title=ch.title, album=album.title, track=f"{i + 1}/{len(chapters)}", lyrics="")
        write_id3(path, tags, ())
        tracks.append(Track(path, ch.title, (end - start) * 1000 / rate))
    return tuple(tracks)


def m3u(tracks: tuple[Track, ...], relative_to: Path, title: str) -> str:
    """An extended M3U playlist of the chapter files, in order."""
    lines = ["#EXTM3U", f"#PLAYLIST:{title}"]
    for t in tracks:
        lines += [f"#EXTINF:{round(t.duration_ms / 1000)},{t.title}", t.path.relative_to(relative_to).as_posix()]
    return "\n".join(lines) + "\n"
