"""Pick the engine for a run: edge, kokoro, or auto (edge when it answers)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ..config import DEFAULT_EDGE_VOICE, DEFAULT_KOKORO_VOICE, Settings
from .base import Engine

PROBE_TIMEOUT = 4.0


@dataclass(frozen=True)
class EngineChoice:
    """The engine to use and one line saying why."""

    engine: Engine
    reason: str


def _is_edge_voice(voice: str | None) -> bool:
    return bool(voice and voice.endswith("Neural"))


def make_edge(settings: Settings, voice: str | None = None) -> Engine:
    """The online engine with the run's settings."""
    from .edge import EdgeEngine

    return EdgeEngine(
        voice or settings.voice or DEFAULT_EDGE_VOICE,
        settings.rate,
        settings.edge_url,
        settings.timeout,
        settings.concurrency,
    )


def make_kokoro(settings: Settings, voice: str | None = None) -> Engine:
    """The offline engine with the run's settings."""
    from .kokoro import KokoroEngine

    return KokoroEngine(voice or DEFAULT_KOKORO_VOICE, settings.rate, settings.kokoro_voices_file)


def choose_engine(settings: Settings) -> EngineChoice:
    """Build the requested engine; for auto, probe Edge quickly and fall back offline."""
    if settings.engine == "edge":
        return EngineChoice(make_edge(settings), "Edge neural voice (requested)")
    if settings.engine == "kokoro":
        return EngineChoice(make_kokoro(settings, settings.voice), "offline voice (requested)")
    if settings.voice and not _is_edge_voice(settings.voice):
        return EngineChoice(make_kokoro(settings, settings.voice), "offline voice (named by --voice)")
    from .edge import probe

    problem = asyncio.run(probe(settings.edge_url, PROBE_TIMEOUT))
    if problem is None:
        return EngineChoice(make_edge(settings), "Edge neural voice (the service answered)")
    note = f"; --voice {settings.voice} needs Edge" if settings.voice else ""
    return EngineChoice(
        make_kokoro(settings),
        f"offline voice Kokoro {DEFAULT_KOKORO_VOICE}: Edge TTS is unreachable ({problem}){note}",
    )
