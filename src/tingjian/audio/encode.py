"""Encoding the finished episode: MP3 measured while it is written, per-chapter MP3s
(pydub), and WAV for playout systems."""

from __future__ import annotations

import os
import subprocess
import threading
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import AudioError
from ..speech.engine import SAMPLE_WIDTH, wav_header
from .cores import cpu_groups, pin
from .ffmpeg import checkpoint, feed, ffmpeg_exe, pcm_in, quiet, run_ffmpeg, run_ffmpeg_fed, spawn
from .loudness import Loudness, meter_filters, parse_meter

#: LAME quality 7 ("fast, ok quality"): measured 3.0 s against 7.1 s for the default
#: on 21.5 minutes of speech; at 128 kbit/s mono the difference is not audible on speech.
MP3_QUALITY = "7"
#: How much quieter LAME's output measures than its input (LU): measured with this
#: package's ffmpeg at 48-192 kbit/s, 44.1 and 48 kHz, on a 1 kHz sine (-0.45), pink
#: noise (-0.6) and an Edge-like episode (-0.5), at every quality setting alike.
MP3_LEVEL_DB = -0.5


def mp3_args(bitrate: str) -> list[str]:
    """ffmpeg encoder arguments for every MP3 tingjian writes: CBR LAME at MP3_QUALITY."""
    return ["-c:a", "libmp3lame", "-b:a", bitrate, "-compression_level", MP3_QUALITY]


def _tee_path(path: str) -> str:
    """A file name as the tee muxer's output list needs it: `file:` (so a colon in a
    folder name is not read as a protocol) with its list delimiters escaped."""
    escaped = "".join("\\" + c if c in "\\|[]" else c for c in os.path.abspath(path))
    return "file:" + escaped


def encode_mp3_measured(
    pcm: bytes | Iterable[bytes | memoryview],
    rate: int,
    path: str,
    bitrate: str,
    out_rate: int | None = None,
    filters: str | None = None,
) -> Loudness:
    """Encode a CBR MP3 file from PCM (whole or in pieces) and, at the same time, measure the
    encoded stream (ebur128).

    ffmpeg's tee muxer writes the file (seekable, so its LAME/Info header with
    the encoder delay is filled in for gapless playback) and a copy to a pipe,
    which a second ffmpeg decodes and measures on the other core (each process
    kept on its own core: see cores). Returns the measured loudness of the file.
    """
    pipes: dict[str, Any] = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    encoder = [*quiet("error"), *_encoder(rate, bitrate, out_rate, filters),
               "-f", "tee", f"[f=mp3]{_tee_path(path)}|[f=mp3]pipe:1"]  # fmt: skip
    meter = ["-hide_banner", "-nostats", "-f", "mp3", "-i", "pipe:0",
             "-af", meter_filters(out_rate or rate), "-f", "null", "-"]  # fmt: skip
    with (
        spawn(encoder, **pipes) as enc,
        spawn(meter, stdin=enc.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as meas,
    ):
        assert enc.stdout is not None and enc.stdin is not None
        groups = cpu_groups(2)
        if groups:
            pin(enc.pid, groups[0])
            pin(meas.pid, groups[1])
        enc.stdout.close()  # the measuring process owns the read end now
        errors: list[bytes] = []
        reader = threading.Thread(target=lambda: errors.append(enc.stderr.read() if enc.stderr else b""))
        reader.start()
        try:
            feed(enc.stdin, [pcm] if isinstance(pcm, bytes | bytearray | memoryview) else pcm)
            log = meas.communicate()[1].decode("utf-8", "replace")
            enc.wait()
        except BaseException:  # Ctrl-C or a signal: stop both before waiting on the reader
            enc.kill()
            meas.kill()
            raise
        finally:
            reader.join()
    checkpoint()
    if enc.returncode != 0 or meas.returncode != 0:
        message = (b"".join(errors).decode("utf-8", "replace") or log).strip().splitlines()[-3:]
        raise AudioError(f"MP3 encoding failed: {' / '.join(message)}")
    return parse_meter(log)


def encode_mp3(
    chunks: Iterable[bytes | memoryview],
    rate: int,
    path: str,
    bitrate: str,
    out_rate: int | None = None,
    filters: str | None = None,
) -> None:
    """Encode a CBR MP3 file from PCM pieces, nothing else (no meter)."""
    output = ["-f", "mp3", f"file:{os.path.abspath(path)}"]
    run_ffmpeg_fed([*_encoder(rate, bitrate, out_rate, filters), *output], chunks, "error", "MP3 encoding failed")


def _encoder(rate: int, bitrate: str, out_rate: int | None, filters: str | None) -> list[str]:
    """ffmpeg arguments after the common ones, up to the output: PCM on stdin, the filters,
    resampling, LAME."""
    return ["-y", *pcm_in(rate), "-map", "0:a", *(["-af", filters] if filters else []),
            "-ar", str(out_rate or rate), *mp3_args(bitrate)]  # fmt: skip


@lru_cache(maxsize=1)
def _pydub() -> Any:
    # pydub warns at import when ffprobe is missing; we never let it probe.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        import pydub

    pydub.AudioSegment.converter = ffmpeg_exe()
    return pydub


def export_mp3(pcm: bytes, rate: int, path: Path, bitrate: str, out_rate: int | None = None) -> None:
    """Encode a short piece of mono PCM (a chapter, a preview) to a CBR MP3 file with pydub."""
    checkpoint()
    segment = _pydub().AudioSegment(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=rate, channels=1)
    # pydub adds -b:a itself; the rest of mp3_args follows it.
    params = ["-ar", str(out_rate or rate), "-ac", "1", *mp3_args(bitrate)[4:]]
    try:
        out = segment.export(str(path), format="mp3", bitrate=bitrate, parameters=params)
        out.close()
    except Exception as e:  # pydub raises CouldntEncodeError and OSError variants
        raise AudioError(f"MP3 encoding failed: {e}") from e


def write_wav(pcm: bytes, rate: int, path: Path, out_rate: int | None = None) -> None:
    """Write mono 16-bit PCM as a WAV file at `out_rate` (resampled by ffmpeg if it differs)."""
    if out_rate and out_rate != rate:
        run_ffmpeg(
            ["-y", *pcm_in(rate), "-ar", str(out_rate), "-c:a", "pcm_s16le", "-f", "wav", "-bitexact", str(path)], pcm
        )
        return
    with path.open("wb") as f:
        f.write(wav_header(len(pcm) // SAMPLE_WIDTH, rate))
        f.write(pcm)
