"""Content-addressed store of synthesized cues; atomic writes, corrupt entries ignored."""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from dataclasses import asdict, replace
from pathlib import Path

from .engine import Boundary, CueAudio, CueLevels, Heard, StoredAudio


def default_cache_dir() -> Path:
    """The user's cache folder for tingjian."""
    from platformdirs import user_cache_dir

    return Path(os.environ.get("TINGJIAN_CACHE_DIR") or user_cache_dir("tingjian")) / "cues"


def cue_key(identity: dict[str, str], engine_version: str, speech: str) -> str:
    """Cache key of a cue: engine, engine version, voice settings and spoken text."""
    payload = json.dumps({**identity, "version": engine_version, "speech": speech}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write bytes so that readers see either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates 0600; outputs are ordinary files for the user's umask.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def playable(data: bytes, container: object) -> bool:
    """Whether stored audio is what its entry says: an MP3 stream or a WAV file (never
    random bytes a broken server once sent, which would fail every later run)."""
    if container == "mp3":
        return data[:3] == b"ID3" or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
    if container == "wav":
        return data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    return isinstance(container, str)  # a container tingjian does not check (an engine's own)


class CueCache:
    """Cue audio stored by key; the metadata file, written last, commits an entry."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _paths(self, key: str) -> tuple[Path, Path]:
        d = self.root / key[:2]
        return d / f"{key}.audio", d / f"{key}.json"

    def get(self, key: str, lazy: bool = False) -> CueAudio | None:
        """The stored cue, or None if absent or damaged; `lazy`: its audio stays on disk,
        read when it is used (checked then too)."""
        audio_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = audio_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or len(data) != meta.get("size"):
            return None
        if hashlib.sha256(data).hexdigest() != meta.get("sha256") or not playable(data, meta.get("container")):
            return None
        try:
            boundaries = tuple(
                Boundary(float(b["offset_ms"]), float(b["duration_ms"]), str(b["text"]))
                for b in meta.get("boundaries", [])
            )
        except (TypeError, KeyError, ValueError):  # a hand-edited entry: a miss, synthesized again
            return None
        levels, heard = levels_from_json(meta.get("levels")), heard_from_json(meta.get("heard"))
        payload = StoredAudio(audio_path, len(data), meta["sha256"]) if lazy else data
        return CueAudio(payload, meta["container"], boundaries, levels, heard)

    def stats(self) -> tuple[int, int]:
        """(committed entries, bytes on disk)."""
        if not self.root.exists():
            return 0, 0
        entries = sum(1 for _ in self.root.glob("*/*.json"))
        size = sum(p.stat().st_size for p in self.root.glob("*/*") if p.is_file())
        return entries, size

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        import shutil

        entries, _ = self.stats()
        if self.root.exists():
            shutil.rmtree(self.root)
        return entries

    def put(self, key: str, cue: CueAudio) -> CueAudio:
        """Store a cue atomically; returns it with its audio left in the cache (read on use)."""
        audio_path, meta_path = self._paths(key)
        data = cue.data
        atomic_write(audio_path, data)
        sha256 = hashlib.sha256(data).hexdigest()
        meta = {
            "container": cue.container,
            "size": len(data),
            "sha256": sha256,
            "boundaries": [asdict(b) for b in cue.boundaries],
        }
        if cue.levels is not None:
            meta["levels"] = levels_to_json(cue.levels)
        if cue.heard is not None:
            meta["heard"] = asdict(cue.heard)
        atomic_write(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        return replace(cue, payload=StoredAudio(audio_path, len(data), sha256))


def _dumped(values: tuple[float, ...]) -> list[float | None]:
    """Loudness values for JSON, which has no infinity: silence (-inf) is null."""
    return [round(v, 2) if math.isfinite(v) else None for v in values]


def levels_to_json(levels: CueLevels) -> dict[str, object]:
    """Levels as the cache stores them."""
    return {
        "momentary": _dumped(levels.momentary),
        "short_term": _dumped(levels.short_term),
        "peak_db": _dumped((levels.peak_db,))[0],
    }


def levels_from_json(stored: object) -> CueLevels | None:
    """Levels as `levels_to_json` stored them; None when absent or not in that shape (they are then
    measured again: levels are never trusted half-read)."""
    if not isinstance(stored, dict):
        return None
    try:
        series = [
            tuple(-math.inf if v is None else float(v) for v in stored[name]) for name in ("momentary", "short_term")
        ]
        peak = stored["peak_db"]
        peak_db = -math.inf if peak is None else float(peak)
    except (TypeError, KeyError, ValueError):
        return None
    if len(series[0]) != len(series[1]) or any(math.isnan(v) for v in (*series[0], *series[1], peak_db)):
        return None
    return CueLevels(series[0], series[1], peak_db)


def heard_from_json(stored: object) -> Heard | None:
    """A stored transcript; None when absent or not in that shape (the cue is listened to again)."""
    if not isinstance(stored, dict):
        return None
    text, cer, model = stored.get("text"), stored.get("cer"), stored.get("model")
    if not isinstance(text, str) or not isinstance(model, str) or isinstance(cer, bool):
        return None
    if not isinstance(cer, (int, float)) or not 0 <= cer < math.inf:
        return None
    return Heard(text, float(cer), model, stored.get("retaken") is True)
