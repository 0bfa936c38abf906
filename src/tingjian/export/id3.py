"""ID3 tags with chapters (ID3v2 Chapter Frame Addendum: CHAP + CTOC) via mutagen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TPE1,
    TRCK,
    USLT,
    CTOCFlags,
)

from ..audio.timeline import TimedChapter


class _ChronologicalID3(ID3):
    """ID3 that writes CHAP frames in time order.

    mutagen orders frames by size, which scrambles chapters for readers that
    list CHAP frames in file order (ffmpeg among them).
    """

    def _write(self, config: object) -> bytearray:
        from mutagen.id3._tags import save_frame

        frames = sorted(self.values(), key=lambda f: (f.FrameID == "CHAP", getattr(f, "start_time", 0)))
        return bytearray().join(save_frame(f, config=config) for f in frames)


@dataclass(frozen=True)
class Tags:
    """Episode metadata written to the file."""

    title: str
    artist: str
    album: str
    date: str
    genre: str = "Podcast"
    comment: str = ""
    #: The transcript, as an unsynchronized lyrics (USLT) frame.
    lyrics: str = ""
    #: "3/7": track number and count, for per-chapter files.
    track: str = ""


def write_id3(path: Path, tags: Tags, chapters: tuple[TimedChapter, ...], v2_version: int = 3) -> None:
    """Write tags and a top-level ordered table of contents with one CHAP per chapter."""
    id3 = _ChronologicalID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TDRC(encoding=3, text=tags.date))
    id3.add(TCON(encoding=3, text=tags.genre))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="chi", desc="", text=tags.comment))
    if tags.lyrics:
        id3.add(USLT(encoding=3, lang="chi", desc="", text=tags.lyrics))
    if tags.track:
        id3.add(TRCK(encoding=3, text=tags.track))
    if not chapters:
        id3.save(str(path), v2_version=v2_version)
        return
    ids = [f"chp{i}" for i in range(len(chapters))]
    id3.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text="目录")],
        )
    )
    for cid, ch in zip(ids, chapters, strict=True):
        id3.add(
            CHAP(
                element_id=cid,
                start_time=round(ch.start_ms),
                end_time=round(ch.end_ms),
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=ch.title)],
            )
        )
    id3.save(str(path), v2_version=v2_version)
