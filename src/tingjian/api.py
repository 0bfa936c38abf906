"""The public API: `make`/`make_async` an episode, `plan` what it will say.

Options are the command line's options in snake_case (`output_dir`, `engine`,
`voice`, `rate`, `preset`, `formats`, `cache_dir`, `edge_url`, `lexicon`,
`title`, ...) or any `Settings` field; `settings=` passes a whole `Settings`
(options given beside it override its fields).

The core is async. The sync functions run it on an event loop of their own:
in this thread when none is running, else in a worker thread, so they work
from scripts, Jupyter and inside a running server alike.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from . import pipeline
from .errors import ConfigError
from .results import Episode, Plan, Reporter
from .settings import Settings, make_settings, option_fields
from .speech.engine import CueAudio
from .text.read import SourceText, read_source, source_from_bytes, source_from_text

T = TypeVar("T")


async def make_async(
    source: str | Path | None = None,
    *,
    text: str | None = None,
    settings: Settings | None = None,
    reporter: Reporter | None = None,
    **options: Any,
) -> Episode:
    """Make an episode from an article file (`source`) or a string (`text=`).

    Returns the finished Episode; its folder is published whole or not at all.
    Cancelling the task stops the run, kills its ffmpeg processes and leaves the
    output folder as it was. Raises a TingjianError subclass on bad input,
    settings, engines or audio.
    """
    article = _source(source, text)
    return await pipeline.produce(article, _settings(settings, options), reporter)


def make(
    source: str | Path | None = None,
    *,
    text: str | None = None,
    settings: Settings | None = None,
    reporter: Reporter | None = None,
    **options: Any,
) -> Episode:
    """`make_async`, for code without an event loop of its own (or inside one: it runs in a thread)."""
    return run_sync(make_async(source, text=text, settings=settings, reporter=reporter, **options))


async def plan_async(
    source: str | Path | None = None, *, text: str | None = None, settings: Settings | None = None, **options: Any
) -> Plan:
    """What the episode will say, chapter by chapter, cue by cue; synthesizes nothing.

    With `engine="auto"` (the default) the Edge service is probed, as `make` would.
    """
    return await pipeline.make_plan(_source(source, text), _settings(settings, options))


def plan(
    source: str | Path | None = None, *, text: str | None = None, settings: Settings | None = None, **options: Any
) -> Plan:
    """`plan_async`, for code without an event loop of its own."""
    return run_sync(plan_async(source, text=text, settings=settings, **options))


async def preview_async(
    source: str | Path | None = None,
    *,
    index: int,
    text: str | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> CueAudio:
    """Cue `index` of the plan (counting every cue of every chapter, from 0), synthesized
    as a run would and through the same cache: `.data` is its audio, `.container` "mp3"
    or "wav"."""
    return await pipeline.preview(_source(source, text), _settings(settings, options), index)


def preview(
    source: str | Path | None = None,
    *,
    index: int,
    text: str | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> CueAudio:
    """`preview_async`, for code without an event loop of its own."""
    return run_sync(preview_async(source, index=index, text=text, settings=settings, **options))


def article_text(data: bytes, name: str) -> str:
    """The text tingjian reads from an article's bytes: an HTML page or a .docx reduced to
    its lines (page chrome still in; planning drops it), any encoding decoded. The format
    follows `name`'s suffix, or is sniffed."""
    return source_from_bytes(data, name).text


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end from sync code: on a new event loop in this thread, or in a
    worker thread when this thread already runs a loop (edge-tts' `*_sync` do the same)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="tingjian") as pool:
        return pool.submit(asyncio.run, coro).result()


def _source(source: str | Path | None, text: str | None) -> SourceText:
    if (source is None) == (text is None):
        raise ConfigError("give either an article file or text=, not both or neither")
    return read_source(source) if source is not None else source_from_text(text or "")


def _settings(settings: Settings | None, options: dict[str, Any]) -> Settings:
    if settings is None:
        return make_settings(options.pop("preset", None), options.pop("config", None), **options)
    if "preset" in options or "config" in options:
        raise ConfigError("preset and config build Settings: give them without settings=")
    return dataclasses.replace(settings, **option_fields(options))
