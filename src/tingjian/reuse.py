"""Recognize a finished episode that an unchanged rerun would make again, byte for byte."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import __version__
from .cache import cue_key
from .config import Settings
from .engines.base import Engine
from .script import Script

# Settings that change where or how hard tingjian works, not what it makes.
_NOT_IN_KEY = {
    "output_dir", "cache_dir", "use_cache", "concurrency", "retries", "timeout", "retry_base_delay",
    "deadline", "edge_url", "force", "intro_music", "outro_music", "lexicon_file", "kokoro_voices_file",
}  # fmt: skip


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


def finished_manifest(folder: Path, key: str) -> dict[str, Any] | None:
    """The folder's manifest if it was made with this build key and every file it lists is there intact."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("build_key") != key:
        return None
    sizes = manifest.get("file_sizes", {})
    for name in manifest.get("files", {}).values():
        path = folder / name
        if name != "manifest.json" and (not path.is_file() or path.stat().st_size != sizes.get(name)):
            return None
    return manifest
