"""Pick the engine for a run: edge, kokoro, or auto (edge when the service answers)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import EngineUnavailable
from ..settings import DEFAULT_EDGE_VOICE, DEFAULT_KOKORO_VOICE, Settings
from .engine import Engine

PROBE_TIMEOUT = 4.0


@dataclass(frozen=True)
class EngineChoice:
    """Which engine and voice a run uses, and one line saying why."""

    name: str
    voice: str
    reason: str


def _is_edge_voice(voice: str | None) -> bool:
    return bool(voice and voice.endswith("Neural"))


async def resolve_engine(settings: Settings, probe_timeout: float = PROBE_TIMEOUT) -> EngineChoice:
    """Decide the engine; for auto, probe Edge quickly and fall back to the offline voice."""
    voice = settings.voice
    if settings.engine == "edge":
        return EngineChoice("edge", voice or DEFAULT_EDGE_VOICE, "Edge neural voice (requested)")
    if settings.engine == "kokoro":
        return EngineChoice("kokoro", voice or DEFAULT_KOKORO_VOICE, "offline voice (requested)")
    if settings.engine == "azure":
        return EngineChoice("azure", voice or DEFAULT_EDGE_VOICE, "Azure Speech neural voice (requested)")
    if voice and not _is_edge_voice(voice):
        return EngineChoice("kokoro", voice, "offline voice (named by --voice)")
    from .edge_wire import probe

    problem = await probe(settings.edge_url, probe_timeout)
    if problem is None:
        return EngineChoice("edge", voice or DEFAULT_EDGE_VOICE, "Edge neural voice (the service answered)")
    if voice and not settings.fallback:
        # A voice asked for by name is not swapped for another one behind the user's back.
        raise EngineUnavailable(
            f"--voice {voice} needs Edge TTS, which is unreachable ({problem})",
            f"choose an offline voice such as {offline_stand_in(voice)} (tingjian voices), "
            "or add --fallback kokoro to accept it",
        )
    offline = offline_stand_in(voice)
    note = f"; --voice {voice} needs Edge" if voice else ""
    return EngineChoice("kokoro", offline, f"offline voice Kokoro {offline}: Edge TTS is unreachable ({problem}){note}")


def offline_namesake(edge_voice: str | None) -> str | None:
    """The offline voice that bears an Edge voice's name (zh-CN-YunxiNeural -> zm_yunxi; Kokoro's
    Mandarin voices are named after Microsoft's), or None."""
    from .kokoro import mandarin_voices

    if _is_edge_voice(edge_voice):
        name = str(edge_voice).removesuffix("Neural").rsplit("-", 1)[-1].lower()
        for voice in mandarin_voices():
            if voice[3:] == name:
                return voice
    return None


def offline_stand_in(edge_voice: str | None) -> str:
    """The offline voice that speaks for an Edge voice: its namesake, else the default."""
    return offline_namesake(edge_voice) or DEFAULT_KOKORO_VOICE


def needs_spoken_form(name: str) -> bool:
    """Whether the named engine needs digits and symbols spelled out."""
    return name == "kokoro"


def build_engine(choice: EngineChoice, settings: Settings) -> Engine:
    """Construct the chosen engine with the run's settings (the offline voice loads its
    model here: seconds, so async callers run this in a thread)."""
    if choice.name == "azure":
        from ..text.lexicon import Lexicon, load_lexicon
        from .azure import AzureEngine

        lexicon = load_lexicon(settings.lexicon_file) if settings.lexicon_file else Lexicon()
        return AzureEngine(choice.voice, settings.rate, lexicon, settings.timeout, settings.concurrency)
    if choice.name == "edge":
        from .edge import EdgeEngine

        gate = None
        if settings.shared_limit_url:
            from .gate import SharedGate

            gate = SharedGate(settings.shared_limit_url, settings.shared_limit, lease_s=settings.timeout * 2)
        return EdgeEngine(
            choice.voice,
            settings.rate,
            settings.edge_url,
            settings.timeout,
            settings.concurrency,
            gate,
            settings.merge_chars,
        )
    from .kokoro import KokoroEngine

    return KokoroEngine(choice.voice, settings.rate, settings.kokoro_voices_file)
