"""Encoding the finished episode: MP3 measured while it is written, per-chapter MP3s
(pydub), and WAV for playout systems."""

from __future__ import annotations

import os
import subprocess
import threading
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ..errors import AudioError
from ..speech.engine import SAMPLE_WIDTH, wav_header
from .cores import core_pair, cpu_groups, pin, run_all
from .ffmpeg import checkpoint, feed, ffmpeg_exe, pcm_in, quiet, run_ffmpeg, run_ffmpeg_fed, spawn
from .gapless import JoinMismatch, join, seam
from .loudness import Loudness, meter_filters, meter_parts, parse_meter

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
    groups = cpu_groups(2)
    chunks = [pcm] if isinstance(pcm, bytes | bytearray | memoryview) else pcm
    return parse_meter(_encode_measured(chunks, rate, path, bitrate, out_rate, filters, groups or (None, None)))


def _encode_measured(
    chunks: Iterable[bytes | memoryview],
    rate: int,
    path: str,
    bitrate: str,
    out_rate: int | None,
    filters: str | None,
    cpus: Sequence[frozenset[int] | None],
    muxer: str = "",
    framelog: str = "verbose",
) -> str:
    """encode_mp3_measured's work: the encoder on `cpus[0]`, the meter on `cpus[1]`, extra
    `muxer` options for the file; returns the meter's log (see meter_filters)."""
    pipes: dict[str, Any] = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    encoder = [*quiet("error"), *_encoder(rate, bitrate, out_rate, filters),
               "-f", "tee", f"[f=mp3{muxer}]{_tee_path(path)}|[f=mp3]pipe:1"]  # fmt: skip
    meter = ["-hide_banner", "-nostats", "-f", "mp3", "-i", "pipe:0",
             "-af", meter_filters(out_rate or rate, framelog), "-f", "null", "-"]  # fmt: skip
    with (
        spawn(encoder, **pipes) as enc,
        spawn(meter, stdin=enc.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as meas,
    ):
        assert enc.stdout is not None and enc.stdin is not None
        pin(enc.pid, cpus[0])
        pin(meas.pid, cpus[1])
        enc.stdout.close()  # the measuring process owns the read end now
        errors: list[bytes] = []
        logs: list[bytes] = []
        # Both logs are read while the audio flows: a meter logging every 100 ms would
        # otherwise fill its pipe and stop reading, and the encoder and this feed with it.
        readers = [
            threading.Thread(target=_read_into, args=(c.stderr, out)) for c, out in ((enc, errors), (meas, logs))
        ]
        for reader in readers:
            reader.start()
        try:
            feed(enc.stdin, chunks)
            meas.wait()
            enc.wait()
        except BaseException:  # Ctrl-C or a signal: stop both before waiting on the readers
            enc.kill()
            meas.kill()
            raise
        finally:
            for reader in readers:
                reader.join()
    checkpoint()
    log = b"".join(logs).decode("utf-8", "replace")
    if enc.returncode != 0 or meas.returncode != 0:
        message = (b"".join(errors).decode("utf-8", "replace") or log).strip().splitlines()[-3:]
        raise AudioError(f"MP3 encoding failed: {' / '.join(message)}")
    return log


def _read_into(stream: Any, out: list[bytes]) -> None:
    out.append(stream.read() if stream is not None else b"")


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


class Playable(Protocol):
    """PCM that plays any span of itself again (an EpisodeStream): `samples` at `rate`,
    pauses at `silences()`."""

    @property
    def rate(self) -> int: ...

    @property
    def samples(self) -> int: ...

    def silences(self) -> Iterable[tuple[int, int]]: ...

    def chunks(self, start: int = 0, stop: int | None = None) -> Iterable[bytes | memoryview]: ...


def encode_mp3_halves(
    pcm: Playable, path: str, bitrate: str, out_rate: int | None = None, filters: str | None = None
) -> None:
    """encode_mp3 for PCM that plays any span of itself: when it is long enough and there is a
    core for each, its halves are encoded at once, each on its own core, and joined without
    a gap (see gapless); otherwise, or should the halves not come out as predicted, in one
    encoder. Filters with memory (the limiter) start afresh in the second half, inside a
    pause, where they have nothing to act on."""
    _in_halves(pcm, path, bitrate, out_rate, filters, measure=False)


def encode_mp3_halves_measured(
    pcm: Playable, path: str, bitrate: str, out_rate: int | None = None, filters: str | None = None
) -> Loudness:
    """encode_mp3_measured, in halves as encode_mp3_halves makes them (each half measured on
    its own core, the loudness gated over both)."""
    loudness = _in_halves(pcm, path, bitrate, out_rate, filters, measure=True)
    assert loudness is not None
    return loudness


def _in_halves(
    pcm: Playable, path: str, bitrate: str, out_rate: int | None, filters: str | None, measure: bool
) -> Loudness | None:
    rate = pcm.rate
    groups = core_pair(pcm.samples / rate)
    cut = seam(pcm.silences(), pcm.samples, rate, out_rate or rate) if groups else None

    def whole() -> Loudness | None:
        if measure:
            return encode_mp3_measured(pcm.chunks(), rate, path, bitrate, out_rate, filters)
        encode_mp3(pcm.chunks(), rate, path, bitrate, out_rate, filters)
        return None

    if cut is None or groups is None:
        return whole()
    out = Path(path)
    parts = [out.with_name(f".{out.name}.{i}") for i in (1, 2)]
    spans = [(0, cut.cut), (cut.resume, None)]
    logs = ["", ""]

    def work(i: int) -> None:
        # Each half's Info header is kept for the join, its ID3 tag left out.
        if measure:
            logs[i] = _encode_measured(pcm.chunks(*spans[i]), rate, str(parts[i]), bitrate, out_rate, filters,
                                       (groups[i], groups[i]), ":id3v2_version=0:write_xing=1", "info")  # fmt: skip
            return
        output = ["-f", "mp3", "-id3v2_version", "0", "-write_xing", "1", f"file:{parts[i].absolute()}"]
        run_ffmpeg_fed([*_encoder(rate, bitrate, out_rate, filters), *output], pcm.chunks(*spans[i]), "error",
                       "MP3 encoding failed", groups[i])  # fmt: skip

    try:
        run_all(work, 2)
        join(parts[0], parts[1], out, cut)
    except JoinMismatch:
        return whole()
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    return meter_parts(logs) if measure else None


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
