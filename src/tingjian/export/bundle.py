"""Write every output of an episode into its folder, all-or-nothing per file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..codec import encode_mp3_measured
from ..master import Loudness, measure_file
from ..script import Script
from ..timeline import Timeline
from . import text
from .id3 import Tags, write_id3
from .m4b import write_m4b
from .tracks import m3u, write_chapter_tracks
from .wav import write_wav

STAGING = ".staging"
MAX_RERENDERS = 2


@dataclass(frozen=True)
class Outputs:
    """Which files to write and how: PCM arrives at `rate`, files are written at `out_rate`."""

    rate: int
    out_rate: int
    formats: tuple[str, ...] = ("mp3",)
    bitrate: str = "128k"
    id3_version: int = 3
    split_chapters: bool = False
    #: ffmpeg filters the MP3 encoder applies first (the gain, when mastering left it to it).
    mp3_filters: str | None = None


def write_episode(
    folder: Path,
    script: Script,
    timeline: Timeline,
    pcm: bytes,
    tags: Tags,
    outputs: Outputs,
    manifest: Callable[[dict[str, str], Loudness], str],
    correct: Callable[[Loudness], tuple[bytes, Outputs] | None] = lambda final: None,
) -> tuple[dict[str, Path], Loudness]:
    """Render audio and text outputs into a staging folder, then move each into place.

    Nothing is visible under its final name until it is complete, so an
    interrupted run never leaves a half-written MP3 or JSON behind; the
    manifest, written last, lists exactly the files of this run and the
    loudness measured on the main audio file as written.
    """
    slug = folder.name
    stage = folder / STAGING
    shutil.rmtree(stage, ignore_errors=True)  # left by a run that was killed outright
    stage.mkdir(parents=True)
    try:
        names, final = _render(pcm, stage, slug, script, timeline, tags, outputs)
        for _ in range(MAX_RERENDERS):
            corrected = correct(final)
            if corrected is None:
                break
            # Render again with the gain the written file showed it needs.
            names, final = _render(corrected[0], stage, slug, script, timeline, tags, corrected[1])
        (stage / "manifest.json").write_text(manifest(names, final), encoding="utf-8")
        names["manifest"] = "manifest.json"
        if outputs.split_chapters:
            shutil.rmtree(folder / "chapters", ignore_errors=True)
        for rel in _staged(stage):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rel, folder / rel)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return {kind: folder / name for kind, name in names.items()}, final


def _staged(stage: Path) -> list[Path]:
    # The manifest moves last: its presence means the episode is complete.
    files = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
    return sorted(files, key=lambda p: p.name == "manifest.json")


def _render(
    pcm: bytes,
    stage: Path,
    slug: str,
    script: Script,
    timeline: Timeline,
    tags: Tags,
    outputs: Outputs,
) -> tuple[dict[str, str], Loudness]:
    """Every output into `stage`; returns their names and the loudness of the main audio file."""
    o = outputs
    rate, out_rate, formats, bitrate = o.rate, o.out_rate, o.formats, o.bitrate
    chapters = timeline.chapters
    transcript = text.transcript(script, chapters)
    names: dict[str, str] = {}
    measured: Loudness | None = None
    if "mp3" in formats:
        names["mp3"] = f"{slug}.mp3"
        # Encoded and measured at the same time, on both cores.
        measured = encode_mp3_measured(pcm, rate, str(stage / names["mp3"]), bitrate, out_rate, o.mp3_filters)
        write_id3(stage / names["mp3"], replace(tags, lyrics=transcript), chapters, o.id3_version)
    if "wav" in formats:
        names["wav"] = f"{slug}.wav"
        write_wav(pcm, rate, stage / names["wav"], out_rate)
    if "m4b" in formats:
        names["m4b"] = f"{slug}.m4b"
        meta = {**_ff_tags(tags), "genre": "Audiobook", "comment": tags.comment}
        write_m4b(pcm, rate, stage / names["m4b"], chapters, meta, out_rate=out_rate)
    audio_name = names.get("mp3") or names.get("m4b") or names["wav"]
    documents = {
        "chapters": (f"{slug}.chapters.json", text.chapters_json(chapters)),
        "chapters_vtt": (f"{slug}.chapters.vtt", text.vtt_chapters(chapters)),
        "chapters_txt": (f"{slug}.chapters.txt", text.chapter_list(chapters)),
        "ffmetadata": (f"{slug}.ffmetadata.txt", text.ffmetadata(chapters, _ff_tags(tags))),
        "cue": (f"{slug}.cue", text.cue_sheet(chapters, audio_name, tags.title, tags.artist)),
        "srt": (f"{slug}.srt", text.srt(timeline.captions)),
        "vtt": (f"{slug}.vtt", text.vtt_captions(timeline.captions)),
        "lrc": (f"{slug}.lrc", text.lrc(timeline.captions, tags.title, tags.artist, timeline.duration_ms)),
        "transcript": (f"{slug}.txt", transcript),
    }
    for kind, (name, body) in documents.items():
        (stage / name).write_text(body, encoding="utf-8")
        names[kind] = name
    if o.split_chapters:
        tracks = write_chapter_tracks(pcm, rate, stage / "chapters", chapters, tags, bitrate, out_rate)
        names["playlist"] = f"{slug}.m3u"
        (stage / names["playlist"]).write_text(m3u(tracks, stage, tags.title), encoding="utf-8")
        for i, t in enumerate(tracks, 1):
            names[f"track{i:02d}"] = t.path.relative_to(stage).as_posix()
    if measured is None or formats[0] != "mp3":
        measured = measure_file(stage / names[formats[0]])
    return names, measured


def _ff_tags(tags: Tags) -> dict[str, str]:
    return {"title": tags.title, "artist": tags.artist, "album": tags.album, "date": tags.date}
