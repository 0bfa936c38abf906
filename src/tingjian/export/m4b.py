"""M4B/M4A audiobook files (AAC) with chapters and tags, written by ffmpeg."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..audio.ffmpeg import pcm_in, run_ffmpeg
from ..audio.timeline import TimedChapter
from .text import ffmetadata


def write_m4b(
    pcm: bytes,
    rate: int,
    path: Path,
    chapters: tuple[TimedChapter, ...],
    tags: dict[str, str],
    bitrate: str = "64k",
    out_rate: int | None = None,
) -> None:
    """Encode mono PCM to AAC in an MPEG-4 audiobook container with chapter marks.

    ffmpeg writes the chapters twice, as a QuickTime chapter track (Apple Books)
    and as a Nero `chpl` atom (most Android players, mutagen).
    """
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "meta.txt"
        meta.write_text(ffmetadata(chapters, tags), encoding="utf-8")
        run_ffmpeg(
            [
                "-y", *pcm_in(rate),
                "-i", str(meta), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1",
                "-ar", str(out_rate or rate), "-c:a", "aac", "-b:a", bitrate,
                "-movflags", "+faststart", "-f", "ipod", str(path),
            ],
            pcm,
        )  # fmt: skip
