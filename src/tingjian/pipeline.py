"""produce(): article file -> finished episode folder, reporting progress through callbacks."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from . import __version__, audio
from .article import Article, parse_article
from .cache import CueCache, default_cache_dir
from .codec import decode_cues, native_rate
from .config import DEFAULT_KOKORO_VOICE, Settings
from .engines.base import CueAudio
from .engines.select import EngineChoice, build_engine, needs_spoken_form, resolve_engine
from .errors import ConfigError
from .export.bundle import Outputs, write_episode
from .export.id3 import Tags
from .lexicon import Lexicon, load_lexicon
from .master import Loudness, Mastered, MasterSpec, apply_gain, correction, gain_filter, master
from .mix import with_music
from .reuse import build_key, finished_manifest
from .script import Navigation, Script, build_script, repeat_script
from .slug import slugify
from .synth import RetryPolicy, synthesize_script
from .textio import SourceText, read_source
from .textnorm import spoken_form
from .timeline import TimedChapter, TimedCue, Timeline, build_timeline, place

INTRO_CHAPTER = "片头"


class Reporter(Protocol):
    """Receives progress; the CLI renders it, tests may ignore it."""

    def engine_chosen(self, engine: str, voice: str, reason: str) -> None: ...
    def synthesis_started(self, total: int) -> None: ...
    def cue_done(self, index: int, cached: bool) -> None: ...
    def stage(self, name: str) -> None: ...


class SilentReporter:
    """A reporter that reports nothing."""

    def engine_chosen(self, engine: str, voice: str, reason: str) -> None:
        return None

    def synthesis_started(self, total: int) -> None:
        return None

    def cue_done(self, index: int, cached: bool) -> None:
        return None

    def stage(self, name: str) -> None:
        return None


@dataclass(frozen=True)
class RunInfo:
    """How the audio was made: engine, voice, why, and what synthesis took."""

    engine: str
    engine_version: str
    voice: str
    reason: str
    cached: int
    requests: int
    throttled: int
    min_concurrency: int
    fallback_voice: str | None = None
    fallback_cues: tuple[int, ...] = ()
    #: The folder already held this exact episode; nothing was made.
    reused: bool = False


@dataclass(frozen=True)
class Episode:
    """What a run produced."""

    folder: Path
    files: dict[str, Path]
    timeline: Timeline
    run: RunInfo
    script: Script = field(repr=False)
    loudness_before: Loudness | None = None
    #: Measured on the main audio file as written.
    loudness: Loudness | None = None

    # Short names the CLI and tests read often.
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


def speech_function(settings: Settings, engine_name: str) -> Callable[[str], str]:
    """Display text -> what the engine receives: lexicon first, then spoken form if needed."""
    lexicon = load_lexicon(settings.lexicon_file) if settings.lexicon_file else Lexicon()
    spell = settings.normalize or needs_spoken_form(engine_name)

    def speech(text: str) -> str:
        text = lexicon.apply(text)
        return spoken_form(text) if spell else text

    return speech


def plan(source: SourceText, settings: Settings, engine_name: str) -> tuple[Article, Script]:
    """Parse and lay out the script for an engine without synthesizing anything."""
    article = parse_article(source.text, settings.title)
    navigation = Navigation(
        enabled=settings.navigation,
        earcon=settings.earcon,
        words=settings.announcements,
        heading_voice=settings.heading_voice,
    )
    script = build_script(
        article, settings.pauses, settings.outro, speech_function(settings, engine_name), settings.max_chars, navigation
    )
    script = repeat_script(script, settings.repeat, settings.repeat_words, settings.pauses.chapter)
    return article, script


def produce(article_path: str | Path, settings: Settings, reporter: Reporter | None = None) -> Episode:
    """Turn an article file into an episode folder under settings.output_dir."""
    rep = reporter or SilentReporter()
    source = read_source(article_path)
    parse_article(source.text, settings.title)  # fail on bad input before probing the network
    if settings.lexicon_file:
        load_lexicon(settings.lexicon_file)  # and on a bad lexicon
    choice = resolve_engine(settings)
    engine = build_engine(choice, settings)
    if settings.heading_voice:
        try:
            engine.check_voice(settings.heading_voice)
        except ConfigError:
            if settings.engine != "auto":
                raise
            # auto fell back offline: an Edge heading voice cannot be used there.
            choice = replace(choice, reason=f"{choice.reason}; headings in the same voice")
            settings = replace(settings, heading_voice=None)
    rep.engine_chosen(engine.name, engine.voice, choice.reason)
    _, script = plan(source, settings, engine.name)
    folder = settings.output_dir / slugify(script.title)
    key = build_key(script, engine, settings)
    previous = None if settings.force else finished_manifest(folder, key)
    if previous is not None:
        rep.stage("up to date: the folder already holds this episode (--force rebuilds it)")
        return _reused(folder, previous, script)

    cache = CueCache(settings.cache_dir or default_cache_dir()) if settings.use_cache else None
    policy = RetryPolicy(retries=settings.retries, base_delay=settings.retry_base_delay, deadline=settings.deadline)
    rep.synthesis_started(len(script.cues))
    result = synthesize_script(script, engine, cache, policy, rep.cue_done, allow_failures=bool(settings.fallback))
    cue_audio = list(result.audio)
    fallback_voice = None
    if result.failed:
        rep.stage(f"filling {len(result.failed)} failed cue(s) with the offline voice")
        fallback = build_engine(EngineChoice("kokoro", DEFAULT_KOKORO_VOICE, "fallback"), settings)
        fallback_voice = fallback.voice
        speech = speech_function(settings, "kokoro")
        missing = tuple(
            replace(script.cues[f.index], speech=speech(script.cues[f.index].text), voice=None) for f in result.failed
        )
        filled = synthesize_script(replace(script, cues=missing), fallback, cache, policy)
        for f, a in zip(result.failed, filled.audio, strict=True):
            cue_audio[f.index] = a
    run = RunInfo(
        engine=engine.name,
        engine_version=engine.version,
        voice=engine.voice,
        reason=choice.reason,
        cached=result.cached,
        requests=result.requests,
        throttled=result.throttled,
        min_concurrency=result.min_concurrency,
        fallback_voice=fallback_voice,
        fallback_cues=tuple(f.index for f in result.failed),
    )
    done = [a for a in cue_audio if a is not None]
    assert len(done) == len(cue_audio)  # synthesize_script raised otherwise

    return finish(script, done, settings, folder, source, run, key, rep)


def finish(
    script: Script,
    cues: list[CueAudio],
    settings: Settings,
    folder: Path,
    source: SourceText,
    run: RunInfo,
    key: str,
    reporter: Reporter | None = None,
) -> Episode:
    """Everything after synthesis: decode, join, master, encode, tag and write every output."""
    rep = reporter or SilentReporter()
    rep.stage("decoding and joining audio")
    assembled = assemble(script, cues, settings)
    timeline = assembled.timeline
    rep.stage(f"mastering to {settings.target_lufs:g} LUFS")
    # A lone MP3 takes the gain in its encoder: one pass and one copy of the audio fewer.
    single = settings.formats == ("mp3",) and not settings.split_chapters
    mastered = master(assembled.pcm, assembled.rate, master_spec(settings), assembled.loudness, defer_gain=single)
    del assembled  # keep one copy of the episode in memory, not two

    rep.stage("encoding and writing files")
    folder.mkdir(parents=True, exist_ok=True)
    files, final = _write_outputs(folder, source, settings, script, timeline, mastered, run, key)
    return Episode(folder, files, timeline, run, script, mastered.before, final)


def _reused(folder: Path, manifest: dict[str, Any], script: Script) -> Episode:
    """The Episode a previous run made, read back from its manifest."""
    cues = tuple(
        TimedCue(c["index"], c["chapter"], c["role"], c["text"], c["start_ms"], c["end_ms"]) for c in manifest["cues"]
    )
    chapters = tuple(TimedChapter(c["title"], c["start_ms"], c["end_ms"]) for c in manifest["chapters"])
    engine = manifest["engine"]
    run = RunInfo(
        engine=engine["name"],
        engine_version=engine["version"],
        voice=engine["voice"],
        reason=engine["reason"],
        cached=len(cues),
        requests=0,
        throttled=0,
        min_concurrency=manifest["synthesis"]["lowest_concurrency"],
        reused=True,
    )
    final = manifest["loudness"]["final"]
    return Episode(
        folder=folder,
        files={kind: folder / name for kind, name in manifest["files"].items()},
        timeline=Timeline(cues, chapters, (), manifest["duration_ms"]),
        run=run,
        script=script,
        loudness=Loudness(**final),
    )


def master_spec(settings: Settings) -> MasterSpec:
    """The mastering targets and processing a run's settings ask for."""
    return MasterSpec(settings.target_lufs, settings.true_peak, settings.highpass_hz, settings.compress)


@dataclass(frozen=True)
class Assembled:
    """The episode's audio before mastering, at its working sample rate, and its timeline."""

    pcm: bytes
    rate: int
    timeline: Timeline
    #: Loudness measured while decoding, when it could be.
    loudness: Loudness | None


def assemble(script: Script, cues: list[CueAudio], settings: Settings) -> Assembled:
    """Decode every cue once, lay cues, pauses and chimes end to end (one linear join),
    add lead-in silence and intro/outro music.

    Speech is worked on at the voices' own rate (24 kHz for Edge and Kokoro) and only
    resampled when encoded: half the data to move than at 48 kHz, nothing lost. With
    music, the output rate is kept so the music keeps its highs.
    """
    pairs = [(c.data, c.container) for c in cues]
    music = settings.intro_music or settings.outro_music
    rate = settings.sample_rate if music else (native_rate(pairs) or settings.sample_rate)
    decoded = decode_cues(pairs, rate)
    pcm_cues = decoded.parts
    chime_db = audio.EARCON_PEAK_DB
    if any(c.earcon for c in script.cues):
        # The chime follows the voice's level, so it never sets the episode's peak.
        voice_peak = decoded.loudness.true_peak_dbtp if decoded.loudness else audio.peak_db(pcm_cues)
        chime_db = audio.earcon_peak_db(voice_peak)
    gaps = [audio.gap(c.pause_ms, rate, c.earcon, chime_db) for c in script.cues]
    timeline = build_timeline(
        script,
        [len(p) // audio.SAMPLE_WIDTH for p in pcm_cues],
        [len(g) // audio.SAMPLE_WIDTH for g in gaps],
        rate,
        [a.boundaries for a in cues],
    )
    lead_in = audio.silence(settings.lead_in_ms, rate)
    pcm = audio.join([lead_in, *_interleave(pcm_cues, gaps)])
    del pcm_cues  # the joined copy is all that is needed now (memory stays ~1x the episode)
    offset = len(lead_in) // audio.SAMPLE_WIDTH
    intro_title = None
    if music:
        intro = audio.decode_file(settings.intro_music, rate) if settings.intro_music else None
        outro = audio.decode_file(settings.outro_music, rate) if settings.outro_music else None
        mixed = with_music(pcm, rate, intro, outro)
        pcm, offset = mixed.pcm, offset + mixed.voice_offset
        intro_title = INTRO_CHAPTER if intro else None
    total_ms = len(pcm) / audio.SAMPLE_WIDTH * 1000 / rate
    measured = decoded.loudness if not music else None
    return Assembled(pcm, rate, place(timeline, offset * 1000 / rate, total_ms, intro_title), measured)


def _interleave(pcm_cues: list[bytes | memoryview], gaps: list[bytes]) -> list[bytes | memoryview]:
    return [part for pair in zip(pcm_cues, gaps, strict=True) for part in pair]


def _write_outputs(
    folder: Path,
    source: SourceText,
    settings: Settings,
    script: Script,
    timeline: Timeline,
    mastered: Mastered,
    run: RunInfo,
    key: str,
) -> tuple[dict[str, Path], Loudness]:
    spec = master_spec(settings)
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

    tags = Tags(
        title=script.title,
        artist=settings.author,
        album=settings.album,
        date=_dt.date.today().isoformat(),
        comment=f"tingjian {__version__} · {run.engine} {run.voice}",
    )
    return write_episode(
        folder,
        script,
        timeline,
        mastered.pcm,
        tags,
        outputs,
        manifest=lambda names, final: _manifest(
            source, settings, script, timeline, run, names, mastered.before, final, key, folder / ".staging"
        ),
        correct=correct,
    )


def _manifest(
    source: SourceText,
    settings: Settings,
    script: Script,
    timeline: Timeline,
    run: RunInfo,
    files: dict[str, str],
    before: Loudness,
    final: Loudness,
    key: str,
    stage: Path,
) -> str:
    fallback = set(run.fallback_cues)
    doc = {
        "tingjian": __version__,
        "build_key": key,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "input": {"name": source.name, "sha256": source.sha256, "encoding": source.encoding},
        "title": script.title,
        "settings": {
            "engine": settings.engine,
            "voice": settings.voice,
            "rate": settings.rate,
            "sample_rate": settings.sample_rate,
            "bitrate": settings.bitrate,
            "concurrency": settings.concurrency,
            "retries": settings.retries,
            "pauses_ms": asdict(settings.pauses),
            "formats": list(settings.formats),
            "navigation": settings.navigation,
            "heading_voice": settings.heading_voice,
            "repeat": settings.repeat,
            "lead_in_ms": settings.lead_in_ms,
            "intro_music": settings.intro_music.name if settings.intro_music else None,
            "outro_music": settings.outro_music.name if settings.outro_music else None,
        },
        "engine": {"name": run.engine, "version": run.engine_version, "voice": run.voice, "reason": run.reason},
        "synthesis": {
            "requests": run.requests,
            "cached_cues": run.cached,
            "throttled": run.throttled,
            "lowest_concurrency": run.min_concurrency,
        },
        "fallback": (
            {"engine": "kokoro", "voice": run.fallback_voice, "cues": list(run.fallback_cues)}
            if run.fallback_cues
            else None
        ),
        "duration_ms": round(timeline.duration_ms, 1),
        "loudness": {
            "target_lufs": settings.target_lufs,
            "true_peak_ceiling_dbtp": settings.true_peak,
            "sample_rate": settings.sample_rate,
            "processing": list(master_spec(settings).pre_filters()),
            "before": asdict(before),
            "final": asdict(final),
        },
        "files": {**files, "manifest": "manifest.json"},
        "file_sizes": {name: (stage / name).stat().st_size for name in files.values()},
        "chapters": [
            {"title": c.title, "start_ms": round(c.start_ms, 1), "end_ms": round(c.end_ms, 1)}
            for c in timeline.chapters
        ],
        "cues": [
            {
                "index": c.index,
                "chapter": c.chapter,
                "role": c.role,
                "engine": "kokoro" if c.index in fallback else run.engine,
                "text": c.text,
                "speech": sc.speech,
                "start_ms": round(c.start_ms, 1),
                "end_ms": round(c.end_ms, 1),
            }
            for c, sc in zip(timeline.cues, script.cues, strict=True)
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
