"""Render every output of an episode into a folder: mastering, encoding, tags, every
text format and the manifest, which is written last."""

from __future__ import annotations

import datetime as _dt
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..audio.assemble import assemble, master_spec
from ..audio.encode import MP3_LEVEL_DB, encode_mp3_halves, encode_mp3_halves_measured, encode_mp3_measured, write_wav
from ..audio.ffmpeg import checkpoint
from ..audio.loudness import Loudness, MasterSpec, correction, expected_loudness, gain_filter
from ..audio.master import Mastered, apply_gain, master, master_stream, measure_file
from ..audio.stream import EpisodeStream, StreamMismatch, plan_stream
from ..audio.timeline import Timeline
from ..settings import AUDIO_FORMATS, Settings
from ..speech.engine import CueAudio
from ..text.read import SourceText
from ..text.script import Script
from ..version import __version__
from . import text
from .daisy import write_daisy, zip_folder
from .epub import write_epub
from .id3 import Tags, write_id3
from .m4b import write_m4b
from .manifest import MANIFEST, LoudnessInfo, RunInfo, make_manifest
from .talking import BookAudio
from .tracks import m3u, write_chapter_tracks

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


@dataclass(frozen=True)
class Rendered:
    """What `render` wrote: file names by kind (relative to the folder), the timeline and loudness."""

    files: dict[str, str]
    timeline: Timeline
    loudness_before: Loudness
    loudness: Loudness


def render(
    script: Script,
    cues: Sequence[CueAudio],
    settings: Settings,
    folder: Path,
    slug: str,
    source: SourceText,
    run: RunInfo,
    key: str,
    note: Callable[[str], None] = lambda stage: None,
) -> Rendered:
    """Everything after synthesis: decode, join, master, encode, tag and write every output
    into `folder` (an empty staging folder) as `slug.*`, the manifest last. `note` hears each step."""
    tags = Tags(
        title=script.title,
        artist=settings.author,
        album=settings.album,
        date=_dt.date.today().isoformat(),
        comment=f"tingjian {__version__} · {run.engine} {run.voice}",
    )
    spec = master_spec(settings)
    # A lone MP3 is made in one streaming pass when it can be (memory flat in length).
    single = settings.formats == ("mp3",) and not settings.split_chapters
    stream = plan_stream(script, cues, settings) if single else None
    if stream is not None:
        note(f"mastering to {settings.target_lufs:g} LUFS")
        try:
            names, before, final = _render_stream(stream, folder, slug, script, tags, settings, spec, note)
        except StreamMismatch:
            stream = None  # made whole in memory below, as a cue's frames could not be trusted
        else:
            timeline = stream.timeline
    if stream is None:
        note("decoding and joining audio")
        timeline, names, before, final = _render_whole(script, cues, settings, spec, single, folder, slug, tags, note)
    loudness = LoudnessInfo(
        settings.target_lufs, settings.true_peak, settings.sample_rate, spec.pre_filters(), before, final
    )
    sizes = {name: (folder / name).stat().st_size for name in names.values()}
    manifest = make_manifest(source, settings, script, timeline, run, names, sizes, loudness, key)
    (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
    return Rendered({**names, "manifest": MANIFEST}, timeline, before, final)


def _render_stream(
    stream: EpisodeStream,
    folder: Path,
    slug: str,
    script: Script,
    tags: Tags,
    settings: Settings,
    spec: MasterSpec,
    note: Callable[[str], None],
) -> tuple[dict[str, str], Loudness, Loudness]:
    """The MP3 in one pass (decode, join, gain, encode and measure at once), again with a
    corrected gain while it misses its target; then the text outputs. Returns the files'
    names, the loudness before mastering and the MP3's as written."""
    # The gain is aimed past the target by what the MP3 encoder takes away, so the file
    # as written lands on it (not one encode and then a second, corrected one).
    aimed = replace(spec, target_lufs=spec.target_lufs - MP3_LEVEL_DB)
    mastering = master_stream(stream, aimed, stream.loudness)
    checkpoint()
    note("encoding and writing files")
    name = f"{slug}.mp3"
    path = str(folder / name)
    transcript = text.transcript(script, stream.timeline.chapters)
    if not mastering.limiter and not mastering.pre_filters:
        # A linear gain on audio whose levels are known: the result is known too, and the
        # one pass is decode, gain and encode (no meter decoding the file again).
        encode_mp3_halves(stream, path, settings.bitrate, settings.sample_rate, mastering.filters(spec))
        final = expected_loudness(mastering.before, mastering.gain_db + MP3_LEVEL_DB)
    else:
        # A limiter or compressor changes the audio in ways only a meter can tell.
        gain = mastering.gain_db
        for attempt in range(MAX_RERENDERS + 1):
            chain = (
                mastering.filters(spec, gain)
                if attempt == 0
                else ",".join([*mastering.pre_filters, gain_filter(gain, spec)])
            )
            final = encode_mp3_halves_measured(stream, path, settings.bitrate, settings.sample_rate, chain)
            extra = correction(final, spec)
            if extra is None or attempt == MAX_RERENDERS:
                break
            checkpoint()
            gain += extra
    write_id3(folder / name, replace(tags, lyrics=transcript), stream.timeline.chapters, settings.id3_version)
    names = {"mp3": name, **_documents(folder, slug, stream.timeline, tags, name, transcript)}
    return names, mastering.before, final


def _render_whole(
    script: Script,
    cues: Sequence[CueAudio],
    settings: Settings,
    spec: MasterSpec,
    single: bool,
    folder: Path,
    slug: str,
    tags: Tags,
    note: Callable[[str], None],
) -> tuple[Timeline, dict[str, str], Loudness, Loudness]:
    """Every output from the episode decoded and joined in memory (music mixed in, cues of
    several kinds, formats made from the mastered audio)."""
    assembled = assemble(script, cues, settings)
    timeline = assembled.timeline
    note(f"mastering to {settings.target_lufs:g} LUFS")
    # A lone MP3 takes the gain in its encoder: one pass and one copy of the audio fewer.
    mastered = master(assembled.pcm, assembled.rate, spec, assembled.loudness, defer_gain=single)
    del assembled  # keep one copy of the episode in memory, not two
    checkpoint()
    note("encoding and writing files")
    outputs = Outputs(
        mastered.rate,
        settings.sample_rate,
        settings.formats,
        settings.bitrate,
        settings.id3_version,
        settings.split_chapters,
        # Deferred only when the limiter would stay idle: the gain alone, then.
        None if mastered.gain_applied else gain_filter(mastered.gain_db, spec, limiter=False),
    )
    correct = _corrector(mastered, outputs, spec)
    names, final = write_episode(folder, slug, script, timeline, mastered.pcm, tags, outputs, correct)
    return timeline, names, mastered.before, final


def _corrector(
    mastered: Mastered, outputs: Outputs, spec: MasterSpec
) -> Callable[[Loudness], tuple[bytes, Outputs] | None]:
    """What to render again when the written file missed its target: the audio and outputs
    with the accumulated gain correction, or None when the file is good."""
    gains = [mastered.gain_db]  # the gain behind the latest render

    def correct(final: Loudness) -> tuple[bytes, Outputs] | None:
        extra = correction(final, spec)
        if extra is None:
            return None
        gain = gains[-1] + extra
        gains.append(gain)
        if not mastered.gain_applied:
            return mastered.source, replace(outputs, mp3_filters=gain_filter(gain, spec))
        return apply_gain(mastered.source, mastered.rate, gain, spec), outputs

    return correct


def write_episode(
    folder: Path,
    slug: str,
    script: Script,
    timeline: Timeline,
    pcm: bytes,
    tags: Tags,
    outputs: Outputs,
    correct: Callable[[Loudness], tuple[bytes, Outputs] | None] = lambda final: None,
) -> tuple[dict[str, str], Loudness]:
    """Render audio and text outputs into `folder`, again with a corrected gain while the
    main audio file misses its loudness target; returns the files' names and the loudness
    measured on the main audio file as written."""
    names, final = _render(pcm, folder, slug, script, timeline, tags, outputs)
    for _ in range(MAX_RERENDERS):
        corrected = correct(final)
        if corrected is None:
            break
        checkpoint()
        names, final = _render(corrected[0], folder, slug, script, timeline, tags, corrected[1])
    return names, final


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
    checkpoint()
    if "wav" in formats:
        names["wav"] = f"{slug}.wav"
        write_wav(pcm, rate, stage / names["wav"], out_rate)
    if "m4b" in formats:
        names["m4b"] = f"{slug}.m4b"
        meta = {**_ff_tags(tags), "genre": "Audiobook", "comment": tags.comment}
        write_m4b(pcm, rate, stage / names["m4b"], chapters, meta, out_rate=out_rate)
    audio_name = names.get("mp3") or names.get("m4b") or names["wav"]
    names.update(_documents(stage, slug, timeline, tags, audio_name, transcript))
    if o.split_chapters:
        tracks = write_chapter_tracks(pcm, rate, stage / "chapters", chapters, tags, bitrate, out_rate)
        names["playlist"] = f"{slug}.m3u"
        (stage / names["playlist"]).write_text(m3u(tracks, stage, tags.title), encoding="utf-8")
        for i, t in enumerate(tracks, 1):
            names[f"track{i:02d}"] = t.path.relative_to(stage).as_posix()
    book = BookAudio(tags.title, tags.artist, timeline, pcm, rate, bitrate, out_rate)
    if "daisy" in formats:
        folder = stage / f"{slug}.daisy"
        write_daisy(folder, book)
        names["daisy"] = f"{slug}.daisy.zip"
        zip_folder(folder, stage / names["daisy"])
        names["daisy_ncc"] = f"{slug}.daisy/ncc.html"
        checkpoint()
    if "epub3" in formats:
        names["epub3"] = f"{slug}.epub"
        work = stage / ".epub-audio"
        write_epub(stage / names["epub3"], book, work)
        shutil.rmtree(work, ignore_errors=True)
        checkpoint()
    main = next(f for f in formats if f in AUDIO_FORMATS)
    if measured is None or main != "mp3":
        measured = measure_file(stage / names[main])
    return names, measured


def _documents(
    folder: Path, slug: str, timeline: Timeline, tags: Tags, audio_name: str, transcript: str
) -> dict[str, str]:
    """Chapters, captions, cue sheet and transcript as text files; returns their names by kind."""
    chapters = timeline.chapters
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
    for name, body in documents.values():
        (folder / name).write_text(body, encoding="utf-8")
    return {kind: name for kind, (name, _) in documents.items()}


def _ff_tags(tags: Tags) -> dict[str, str]:
    return {"title": tags.title, "artist": tags.artist, "album": tags.album, "date": tags.date}
