"""manifest.json: one schema (dataclasses) that writes the manifest and reads it back, the
build key that recognizes an episode an unchanged rerun would make again, and the check
that a folder still holds that episode intact."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import json
import types
import typing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..audio.loudness import Loudness
from ..audio.timeline import Timeline
from ..settings import Settings
from ..speech.cache import cue_key
from ..speech.engine import Engine
from ..text.read import SourceText
from ..text.script import Script
from ..verify.check import THRESHOLD, CueCheck
from ..verify.listen import HEARD_BY
from ..version import __version__

MANIFEST = "manifest.json"

# Settings that change where or how hard tingjian works, not what it makes.
_NOT_IN_KEY = {
    "output_dir", "cache_dir", "use_cache", "concurrency", "retries", "timeout", "retry_base_delay",
    "deadline", "edge_url", "force", "intro_music", "outro_music", "lexicon_file", "kokoro_voices_file",
    # How the engine and voice were asked for: what they resolved to is in every cue's key.
    "engine", "voice",
}  # fmt: skip


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
    #: Each cue as a speech recogniser heard it (with --verify).
    checks: tuple[CueCheck, ...] = ()


@dataclass(frozen=True)
class InputInfo:
    name: str
    sha256: str
    encoding: str


@dataclass(frozen=True)
class SettingsInfo:
    engine: str
    voice: str | None
    rate: str
    sample_rate: int
    bitrate: str
    concurrency: int
    retries: int
    pauses_ms: dict[str, int]
    formats: tuple[str, ...]
    navigation: bool
    heading_voice: str | None
    repeat: int
    lead_in_ms: int
    intro_music: str | None
    outro_music: str | None


@dataclass(frozen=True)
class EngineInfo:
    name: str
    version: str
    voice: str
    reason: str


@dataclass(frozen=True)
class SynthesisInfo:
    requests: int
    cached_cues: int
    throttled: int
    lowest_concurrency: int


@dataclass(frozen=True)
class FallbackInfo:
    engine: str
    voice: str | None
    cues: tuple[int, ...]


@dataclass(frozen=True)
class LoudnessInfo:
    target_lufs: float
    true_peak_ceiling_dbtp: float
    sample_rate: int
    processing: tuple[str, ...]
    before: Loudness
    final: Loudness


@dataclass(frozen=True)
class ChapterInfo:
    title: str
    start_ms: float
    end_ms: float


@dataclass(frozen=True)
class CueInfo:
    index: int
    chapter: int
    role: str
    engine: str
    text: str
    speech: str
    start_ms: float
    end_ms: float
    #: With --verify: what the recogniser heard (normalised), its character error rate and
    #: the verdict (ok, retaken: a second take passed, flagged: still misheard).
    heard: str | None = None
    cer: float | None = None
    verdict: str | None = None


@dataclass(frozen=True)
class VerifyInfo:
    """How the cues were heard back: the recogniser, the threshold, and the outcome."""

    model: str
    threshold: float
    retaken: tuple[int, ...]
    flagged: tuple[int, ...]


@dataclass(frozen=True)
class Manifest:
    """Everything a run did and made; written last, so its presence means the episode is complete."""

    tingjian: str
    build_key: str
    created: str
    input: InputInfo
    title: str
    settings: SettingsInfo
    engine: EngineInfo
    synthesis: SynthesisInfo
    fallback: FallbackInfo | None
    duration_ms: float
    loudness: LoudnessInfo
    #: kind -> file name, relative to the episode folder (the manifest itself included).
    files: dict[str, str]
    file_sizes: dict[str, int]
    chapters: tuple[ChapterInfo, ...] = field(default=())
    cues: tuple[CueInfo, ...] = field(default=())
    verify: VerifyInfo | None = None

    def to_json(self) -> str:
        """The manifest as written to manifest.json."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Read a manifest back; ValueError if it does not match the schema."""
        return _load(cls, json.loads(text), "manifest")


def make_manifest(
    source: SourceText,
    settings: Settings,
    script: Script,
    timeline: Timeline,
    run: RunInfo,
    files: dict[str, str],
    file_sizes: dict[str, int],
    loudness: LoudnessInfo,
    key: str,
) -> Manifest:
    """The manifest of a finished run."""
    fallback = set(run.fallback_cues)
    checks = {c.index: c for c in run.checks}
    return Manifest(
        tingjian=__version__,
        build_key=key,
        created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        input=InputInfo(source.name, source.sha256, source.encoding),
        title=script.title,
        settings=SettingsInfo(
            engine=settings.engine,
            voice=settings.voice,
            rate=settings.rate,
            sample_rate=settings.sample_rate,
            bitrate=settings.bitrate,
            concurrency=settings.concurrency,
            retries=settings.retries,
            pauses_ms=asdict(settings.pauses),
            formats=settings.formats,
            navigation=settings.navigation,
            heading_voice=settings.heading_voice,
            repeat=settings.repeat,
            lead_in_ms=settings.lead_in_ms,
            intro_music=settings.intro_music.name if settings.intro_music else None,
            outro_music=settings.outro_music.name if settings.outro_music else None,
        ),
        engine=EngineInfo(run.engine, run.engine_version, run.voice, run.reason),
        synthesis=SynthesisInfo(run.requests, run.cached, run.throttled, run.min_concurrency),
        fallback=FallbackInfo("kokoro", run.fallback_voice, run.fallback_cues) if run.fallback_cues else None,
        duration_ms=round(timeline.duration_ms, 1),
        loudness=loudness,
        files={**files, "manifest": MANIFEST},
        file_sizes=file_sizes,
        chapters=tuple(ChapterInfo(c.title, round(c.start_ms, 1), round(c.end_ms, 1)) for c in timeline.chapters),
        cues=tuple(
            CueInfo(
                c.index,
                c.chapter,
                c.role,
                "kokoro" if c.index in fallback else run.engine,
                c.text,
                sc.speech,
                round(c.start_ms, 1),
                round(c.end_ms, 1),
                *((checks[c.index].heard, checks[c.index].cer, checks[c.index].verdict) if c.index in checks else ()),
            )
            for c, sc in zip(timeline.cues, script.cues, strict=True)
        ),
        verify=verify_info(run.checks) if run.checks else None,
    )


def verify_info(checks: tuple[CueCheck, ...]) -> VerifyInfo:
    """The manifest's summary of a run's checks."""
    return VerifyInfo(
        HEARD_BY,
        THRESHOLD,
        tuple(c.index for c in checks if c.verdict == "retaken"),
        tuple(c.index for c in checks if c.verdict == "flagged"),
    )


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest, or None when there is none or it is damaged."""
    try:
        return Manifest.from_json((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def finished_manifest(folder: Path, key: str) -> Manifest | None:
    """The folder's manifest if it was made with this build key and every file it lists is there intact."""
    manifest = read_manifest(folder)
    if manifest is None or manifest.build_key != key:
        return None
    for name in manifest.files.values():
        path = folder / name
        if name != MANIFEST and (not path.is_file() or path.stat().st_size != manifest.file_sizes.get(name)):
            return None
    return manifest


def _file_digest(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path else None


def build_key(script: Script, engine: Engine, settings: Settings) -> str:
    """A digest of everything that decides the output files: the script, every cue's
    synthesis key, output settings, music files and the tingjian version."""
    relevant: dict[str, Any] = {
        k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(settings).items() if k not in _NOT_IN_KEY
    }
    doc = {
        "tingjian": __version__,
        "script": repr(script),
        "cues": [cue_key(engine.cache_identity(c.voice), engine.version, c.speech) for c in script.cues],
        "settings": relevant,
        "music": [_file_digest(settings.intro_music), _file_digest(settings.outro_music)],
        "voices_file": _file_digest(settings.kokoro_voices_file),
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _load(kind: Any, value: Any, where: str) -> Any:
    """`value` (parsed JSON) as `kind` (a dataclass, tuple[X, ...], dict, X | None or a scalar),
    or ValueError naming the place that does not fit."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        (inner,) = [o for o in options if o is not type(None)]
        return _load(inner, value, where)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected an object")
        hints = typing.get_type_hints(kind)
        fields = {f.name: f for f in dataclasses.fields(kind)}
        args = {}
        for name, f in fields.items():
            if name in value:
                args[name] = _load(hints[name], value[name], f"{where}.{name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ValueError(f"{where}: {name} is missing")
        return kind(**args)
    if origin is tuple:
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list")
        item = typing.get_args(kind)[0]
        return tuple(_load(item, v, f"{where}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected an object")
        _, item = typing.get_args(kind)
        return {str(k): _load(item, v, f"{where}.{k}") for k, v in value.items()}
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{where}: expected a number")
        return float(value)
    if kind in (int, str, bool):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ValueError(f"{where}: expected {kind.__name__}")
        return value
    raise ValueError(f"{where}: cannot read {kind!r}")
