"""The run: an article and its settings through the four stages, text -> speech -> audio ->
export, into a published episode folder. Async throughout; blocking work (the offline
voice's model, ffmpeg) runs in threads, so a run shares an event loop with others."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from .audio.ffmpeg import ChildProcesses, checkpoint, child_scope
from .audio.keep import finish_cue, finish_cues
from .audio.timeline import TimedChapter, TimedCue, Timeline
from .errors import Cancelled, ConfigError, EngineUnavailable, OutputError
from .export.bundle import render
from .export.manifest import Manifest, RunInfo, build_key, finished_manifest
from .export.publish import EpisodeLock, new_stage, publish, remove_leftovers
from .results import Episode, Plan, Reporter, SilentReporter
from .settings import Settings
from .speech.cache import CueCache, cue_key, default_cache_dir
from .speech.engine import CueAudio, Engine
from .speech.select import (
    EngineChoice,
    build_engine,
    needs_spoken_form,
    offline_namesake,
    offline_stand_in,
    resolve_engine,
)
from .speech.synth import RetryPolicy, synthesize_script
from .text.lexicon import Lexicon, load_lexicon
from .text.normalize import spoken_form
from .text.read import SourceText
from .text.script import Cue, Navigation, Script, build_script, repeat_script
from .text.slug import slugify
from .text.structure import Article, parse_article
from .text.title import unspoken
from .verify.allocator import release_buffers
from .verify.check import Ahead, CueCheck

#: How often a run waiting for another run of the same episode looks again.
LOCK_POLL_S = 0.2

T = TypeVar("T")


@dataclass(frozen=True)
class Prepared:
    """An article read and checked, its lexicon loaded once, ready to be laid out for an engine."""

    source: SourceText
    settings: Settings
    article: Article
    lexicon: Lexicon

    def speech(self, engine_name: str) -> Callable[[str], str]:
        """Display text -> what the engine receives: lexicon first, then the spoken form if needed."""
        spell = self.settings.normalize or needs_spoken_form(engine_name)

        # Azure reads lexicon words as phonemes (its SSML), so it gets them as written.
        lexicon = self.lexicon if engine_name != "azure" else Lexicon()

        def speech(text: str) -> str:
            text = unspoken(lexicon.apply(text))
            return spoken_form(text) if spell else text

        return speech

    def script(self, engine_name: str) -> Script:
        """Title, navigation, chapters and cues as the engine will speak them."""
        s = self.settings
        navigation = Navigation(s.navigation, s.earcon, s.announcements, s.heading_voice)
        script = build_script(self.article, s.pauses, s.outro, self.speech(engine_name), s.max_chars, navigation)
        return repeat_script(script, s.repeat, s.repeat_words, s.pauses.chapter)


def prepare(source: SourceText, settings: Settings) -> Prepared:
    """Parse the article and read the lexicon: bad input fails here, before any network or audio work."""
    article = parse_article(source.text, settings.title, settings.keep)
    lexicon = load_lexicon(settings.lexicon_file) if settings.lexicon_file else Lexicon()
    return Prepared(source, settings, article, lexicon)


async def make_plan(source: SourceText, settings: Settings) -> Plan:
    """What the episode will say, for the engine a run would choose; synthesizes nothing."""
    prepared = prepare(source, settings)
    choice = await resolve_engine(settings)
    return Plan.of(source, prepared.script(choice.name), choice, settings.keep)


async def preview(source: SourceText, settings: Settings, index: int) -> CueAudio:
    """One cue of the plan (numbered as `Plan.cues` lists them), synthesized the way a run
    would, through the same cache: a cue previewed once is cached for the episode, and a
    cached one comes back at once."""
    prepared = prepare(source, settings)
    choice = await resolve_engine(settings)
    engine = await asyncio.to_thread(_engine_for_preview, choice, settings)
    settings, choice = _heading_voice(engine, settings, choice)
    script = replace(prepared, settings=settings).script(engine.name)
    if not 0 <= index < len(script.cues):
        raise ConfigError(f"there is no cue {index}: the plan has {len(script.cues)}")
    cache = CueCache(settings.cache_dir or default_cache_dir()) if settings.use_cache else None
    policy = RetryPolicy(retries=settings.retries, base_delay=settings.retry_base_delay, deadline=settings.deadline)
    result = await synthesize_script(
        replace(script, cues=(script.cues[index],)), engine, cache, policy, measure=finish_cues
    )
    (audio,) = result.audio
    assert audio is not None  # synthesize_script raised otherwise
    return audio


@functools.lru_cache(maxsize=4)
def _built_engine(choice: EngineChoice, rate: str, edge_url: str | None, timeout: float, kokoro: Path | None) -> Engine:
    return build_engine(choice, Settings(rate=rate, edge_url=edge_url, timeout=timeout, kokoro_voices_file=kokoro))


def _engine_for_preview(choice: EngineChoice, settings: Settings) -> Engine:
    """Previews come one at a time while a user listens: the offline model loads once, not per click."""
    return _built_engine(choice, settings.rate, settings.edge_url, settings.timeout, settings.kokoro_voices_file)


def _listening(settings: Settings, rep: Reporter) -> Settings:
    """Settings whose `verify` says yes or no: None (the broadcast preset) listens when the
    recogniser is installed and says so when it is not; True fails when it is not."""
    from .verify.model import INSTALL_HINT, available, model_dir

    try:  # before any synthesis, not after it
        if (missing := available()) is not None:
            raise EngineUnavailable(missing, INSTALL_HINT)
        model_dir()  # joined into the user's cache folder once
    except EngineUnavailable as e:
        if settings.verify:
            raise EngineUnavailable(f"--verify cannot listen: {e.message}", e.hint) from e
        rep.stage(f"not hearing it back: {e.message} ({e.hint})")
        return replace(settings, verify=False)
    return replace(settings, verify=True)


async def produce(source: SourceText, settings: Settings, reporter: Reporter | None = None) -> Episode:
    """Turn an article into a published episode folder under settings.output_dir.

    Cancelling the task kills every ffmpeg it started and removes its staging
    folder: the episode folder keeps what it held before.
    """
    rep = reporter or SilentReporter()
    prepared = prepare(source, settings)
    if settings.verify is not False:
        settings = _listening(settings, rep)
    choice = await resolve_engine(settings)
    engine = await asyncio.to_thread(build_engine, choice, settings)
    settings, choice = _heading_voice(engine, settings, choice)
    prepared = replace(prepared, settings=settings)
    rep.engine_chosen(engine.name, engine.voice, choice.reason)
    script = prepared.script(engine.name)
    slug = slugify(script.title)
    folder = settings.output_dir / slug
    _check_writable(settings.output_dir)  # before any synthesis: never fail after an hour of it
    key = build_key(script, engine, settings)
    async with _episode_lock(settings.output_dir, slug, rep):
        previous = None if settings.force else finished_manifest(folder, key)
        if previous is not None:
            return _reused(folder, previous, script)  # Episode.reused says so
        cues, run = await _synthesize(script, engine, choice, prepared, rep)
        loop = asyncio.get_running_loop()

        def note(name: str) -> None:  # the reporter hears the worker thread's steps on the loop's thread
            loop.call_soon_threadsafe(rep.stage, name)

        def build() -> Episode:
            stage = new_stage(settings.output_dir, slug)
            try:
                rendered = render(script, cues, settings, stage, slug, source, run, key, note)
                checkpoint()  # a cancel that came after the last ffmpeg: publish nothing
                publish(stage, folder)
            except OSError as e:
                raise OutputError(
                    f"could not write the episode into {settings.output_dir}: {e.strerror or e}",
                    "free some disk space or choose another -o folder; synthesized cues are cached",
                ) from e
            finally:
                shutil.rmtree(stage, ignore_errors=True)
            files = {kind: folder / name for kind, name in rendered.files.items()}
            return Episode(folder, files, rendered.timeline, run, script, rendered.loudness_before, rendered.loudness)

        return await run_blocking(build)


def _check_writable(folder: Path) -> None:
    """Refuse, in one line, an output folder that cannot be written (read-only, a file)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as e:
        raise ConfigError(
            f"cannot write episodes to {folder}: {e.strerror or e.__class__.__name__}",
            "choose a folder you can write to with -o/--output",
        ) from e


def _heading_voice(engine: Engine, settings: Settings, choice: EngineChoice) -> tuple[Settings, EngineChoice]:
    """The settings with a heading voice this engine can speak, or without one when auto fell back offline."""
    if not settings.heading_voice:
        return settings, choice
    try:
        engine.check_voice(settings.heading_voice)
    except ConfigError:
        if settings.engine != "auto":
            raise
        # auto fell back offline: an Edge heading voice is read by its offline namesake, if any.
        twin = offline_namesake(settings.heading_voice)
        if twin is None or twin == engine.voice:
            return replace(settings, heading_voice=None), replace(
                choice, reason=f"{choice.reason}; headings in the same voice"
            )
        return replace(settings, heading_voice=twin), replace(choice, reason=f"{choice.reason}; headings by {twin}")
    return settings, choice


async def _synthesize(
    script: Script, engine: Engine, choice: EngineChoice, prepared: Prepared, rep: Reporter
) -> tuple[list[CueAudio], RunInfo]:
    """Every cue's audio (cues the engine failed filled by the offline voice when asked,
    misheard ones taken again with --verify) and how it went."""
    settings = prepared.settings
    cache = CueCache(settings.cache_dir or default_cache_dir()) if settings.use_cache else None
    policy = RetryPolicy(retries=settings.retries, base_delay=settings.retry_base_delay, deadline=settings.deadline)
    rep.synthesis_started(len(script.cues))
    ahead = _ahead(script, settings)
    try:
        result = await synthesize_script(
            script, engine, cache, policy, rep.cue_done, allow_failures=bool(settings.fallback), measure=finish_cues,
            on_audio=ahead.offer if ahead else None,
        )  # fmt: skip
    except BaseException:
        if ahead:
            ahead.cancel()
        raise
    if result.cache_problem:
        rep.stage(f"warning: the cue cache could not be written ({result.cache_problem}); went on without it")
    cue_audio = list(result.audio)
    fallback_voice = None
    # Who made each cue, and from what text: the engine, or the offline voice filling a gap.
    makers: dict[int, tuple[Engine, Cue]] = {}
    if result.failed:
        rep.stage(f"filling {len(result.failed)} failed cue(s) with the offline voice")
        choice_offline = EngineChoice("kokoro", offline_stand_in(choice.voice), "fallback")
        fallback = await asyncio.to_thread(build_engine, choice_offline, settings)
        fallback_voice = fallback.voice
        speech = prepared.speech("kokoro")
        missing = tuple(
            replace(script.cues[f.index], speech=speech(script.cues[f.index].text), voice=None) for f in result.failed
        )
        filled = await synthesize_script(replace(script, cues=missing), fallback, cache, policy, measure=finish_cues)
        for f, cue, a in zip(result.failed, missing, filled.audio, strict=True):
            cue_audio[f.index] = a
            makers[f.index] = (fallback, cue)
    done = [a for a in cue_audio if a is not None]
    assert len(done) == len(cue_audio)  # synthesize_script raised otherwise
    checks: tuple[CueCheck, ...] = ()
    if ahead:
        makers = {i: makers.get(i, (engine, cue)) for i, cue in enumerate(script.cues)}
        done, found = await _hear_back(done, makers, cache, rep, ahead)
        release_buffers()
        checks = tuple(found)
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
        checks=checks,
    )
    return done, run


def _ahead(script: Script, settings: Settings) -> Ahead | None:
    """With --verify, a listener that hears cues while the others are still on the network
    (the model loads only when a cue needs hearing: a rebuild of heard cues loads nothing)."""
    if not settings.verify:
        return None
    from .verify.listen import Listener

    return Ahead(Listener(), [cue.speech for cue in script.cues])


async def _hear_back(
    audio: list[CueAudio], makers: dict[int, tuple[Engine, Cue]], cache: CueCache | None, rep: Reporter, ahead: Ahead
) -> tuple[list[CueAudio], list[CueCheck]]:
    """Listen to every cue not heard ahead; a misheard one is made once more by the engine
    that made it (a fresh request; the offline voice slower). Transcripts and better takes go
    to the cache."""
    from .verify.check import check_cues

    rep.stage("listening to every sentence")
    listener = ahead.listener
    before = [a.heard for a in audio]

    async def retake(i: int) -> CueAudio | None:
        maker, cue = makers[i]
        second = getattr(maker, "second_take", None)  # the offline voice: slower; else a fresh request
        take = await (second or maker.synthesize)(cue.speech, cue.voice)
        return await asyncio.to_thread(finish_cue, take)

    # Only the engine's own finished cues were offered: a cue the offline voice filled in
    # is not among them and is heard with the rest.
    for i, heard in (await ahead.finish(retake)).items():
        audio[i] = heard

    def store(i: int, cue_audio: CueAudio) -> None:
        maker, cue = makers[i]
        if cache is not None:
            with contextlib.suppress(OSError):  # a full or read-only cache was reported already
                cache.put(cue_key(maker.cache_identity(cue.voice), maker.version, cue.speech), cue_audio)

    expected = [makers[i][1].speech for i in range(len(audio))]
    return await check_cues(listener, audio, expected, retake, store, before, ahead.asked)


@contextlib.asynccontextmanager
async def _episode_lock(output_dir: Path, slug: str, rep: Reporter) -> AsyncIterator[None]:
    """Hold the episode's lock; a second run of the same episode waits here (cancellably)."""
    lock = EpisodeLock(output_dir, slug)
    if not lock.try_acquire():
        rep.stage("waiting for another run making this episode")
        while not lock.try_acquire():
            await asyncio.sleep(LOCK_POLL_S)
    try:
        remove_leftovers(output_dir, slug)
        yield
    finally:
        lock.release()


async def run_blocking(fn: Callable[[], T]) -> T:
    """Run blocking audio work in a thread; cancelling the caller kills its ffmpeg children
    and waits until the thread has cleaned up, so nothing half-made outlives the cancel."""
    children = ChildProcesses()
    with child_scope(children):
        # to_thread runs `fn` in a copy of this context: its ffmpeg processes register with `children`.
        future: Awaitable[T] = asyncio.ensure_future(asyncio.to_thread(fn))
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        children.cancel()
        with contextlib.suppress(Cancelled, Exception):
            await future
        raise


def _reused(folder: Path, manifest: Manifest, script: Script) -> Episode:
    """The Episode a previous run made, read back from its manifest."""
    cues = tuple(TimedCue(c.index, c.chapter, c.role, c.text, c.start_ms, c.end_ms) for c in manifest.cues)
    chapters = tuple(TimedChapter(c.title, c.start_ms, c.end_ms) for c in manifest.chapters)
    engine = manifest.engine
    run = RunInfo(
        engine=engine.name,
        engine_version=engine.version,
        voice=engine.voice,
        reason=engine.reason,
        cached=len(cues),
        requests=0,
        throttled=0,
        min_concurrency=manifest.synthesis.lowest_concurrency,
        reused=True,
    )
    return Episode(
        folder=folder,
        files={kind: folder / name for kind, name in manifest.files.items()},
        timeline=Timeline(cues, chapters, (), manifest.duration_ms),
        run=run,
        script=script,
        loudness=manifest.loudness.final,
    )
