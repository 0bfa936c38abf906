"""One MP3 from two encoders: where to cut an episode so that its halves, encoded at once
(one per core) and joined frame after frame, decode to exactly the episode, and the join
itself with its LAME/Info header rewritten for the whole.

An encoder starts its output with LAME_DELAY + DECODER_DELAY samples of its own and
pads its end to a whole frame; a decoder drops both, as the first frame's Info header
tells it. Frames joined as they are would hold, at the join, the first half's padding
and the second half's start-up: `gap` samples in all. So the cut lies in a pause, and
the second half starts `gap` samples (at the output rate) further on: every sample
after the join is heard exactly where it would be in one encode. The cut is chosen so
that this also holds through the resampler (a whole number of input samples).
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudioError
from ..speech.mpeg import frame_header

#: The encoder delay LAME writes into its tag, and the decoder's own delay on top of it.
LAME_DELAY = 576
DECODER_DELAY = 529
#: Samples of a layer III frame at the MPEG-1 rates, the only ones cut here.
FRAME = 1152
MPEG1_RATES = (32000, 44100, 48000)
#: Silence kept on both sides of the cut (s): the encoder's transforms overlap this far.
MARGIN_S = 0.02
#: Neither half is shorter than this share of the episode.
MIN_SHARE = 0.1


class JoinMismatch(AudioError):
    """The halves' headers do not say what the cut predicted: they are not joined."""


@dataclass(frozen=True)
class Seam:
    """Where an episode (input samples) is cut: the first half is [0, cut), the second
    [resume, end); the first half's encoder writes `frames` frames."""

    cut: int
    resume: int
    frames: int
    #: Samples the first half holds at the output rate.
    first_out: int


def seam(silences: Iterable[tuple[int, int]], total: int, in_rate: int, out_rate: int) -> Seam | None:
    """The cut nearest the middle of the episode (`total` input samples) that lies in one of
    the `silences` ((start, end) in input samples) with its margins, or None."""
    if out_rate not in MPEG1_RATES:
        return None
    step = in_rate // math.gcd(in_rate, out_rate)  # cuts on whole output samples
    margin = round(MARGIN_S * in_rate)
    middle = total / 2
    best: Seam | None = None
    for lo, hi in sorted(silences, key=lambda s: max(s[0] - middle, middle - s[1], 0)):
        if best is not None and max(lo - middle, middle - hi, 0) > abs(best.cut - middle):
            break  # every later pause lies further from the middle than the best cut
        for cut in range(-(-(lo + margin) // step) * step, hi - margin, step):
            first_out = cut * out_rate // in_rate
            frames = -(-(first_out + LAME_DELAY + DECODER_DELAY) // FRAME)
            gap = frames * FRAME - first_out
            if gap * in_rate % out_rate:
                continue
            resume = cut + gap * in_rate // out_rate
            if resume + margin <= hi and (best is None or abs(cut - middle) < abs(best.cut - middle)):
                best = Seam(cut, resume, frames, first_out)
    if best is None or min(best.cut, total - best.resume) < MIN_SHARE * total:
        return None
    return best


@dataclass(frozen=True)
class InfoTag:
    """The Xing/Info header and LAME extension an MP3 file starts with (no ID3 before it)."""

    #: Bytes of the frame holding the header.
    size: int
    #: Where "Info"/"Xing" starts in that frame.
    at: int
    frames: int
    delay: int
    padding: int
    music_crc: int


def info_tag(head: bytes) -> InfoTag | None:
    """The Info header of a file starting with `head` (at least its first frame), or None."""
    frame = frame_header(int.from_bytes(head[:4], "big")) if len(head) >= 4 else None
    if frame is None or frame.side_info == 0:
        return None
    at = 4 + frame.side_info
    if len(head) < min(frame.size, at + 156) or head[at : at + 4] not in (b"Info", b"Xing"):
        return None
    flags = int.from_bytes(head[at + 4 : at + 8], "big")
    if flags & 7 != 7:  # frames, bytes and TOC, as ffmpeg writes them
        return None
    delays = int.from_bytes(head[at + 141 : at + 144], "big")
    return InfoTag(
        size=frame.size,
        at=at,
        frames=int.from_bytes(head[at + 8 : at + 12], "big"),
        delay=delays >> 12,
        padding=delays & 0xFFF,
        music_crc=int.from_bytes(head[at + 152 : at + 154], "big"),
    )


def join(first: Path, second: Path, out: Path, cut: Seam) -> None:
    """The halves' frames as one file at `out` (`first` is moved there), its header
    rewritten: frames, bytes, seek table, end padding, music length and both CRCs."""
    heads = [_head(p) for p in (first, second)]
    a, b = (info_tag(h) for h in heads)
    if a is None or b is None:
        raise JoinMismatch("an encoded half has no Info header")
    if a.frames != cut.frames or a.padding != cut.frames * FRAME - a.delay - cut.first_out or b.delay != a.delay:
        raise JoinMismatch("an encoded half is not as long as its cut predicted")
    audio_a = first.stat().st_size - a.size
    audio_b = second.stat().st_size - b.size
    frames, total = a.frames + b.frames, a.size + audio_a + audio_b
    header = bytearray(heads[0][: a.size])
    at = a.at
    header[at + 8 : at + 16] = frames.to_bytes(4, "big") + total.to_bytes(4, "big")
    # Seek table: where each hundredth of the playing time starts, in 256ths of the file.
    for i in range(1, 100):
        position = a.size + (i * frames // 100) * (audio_a + audio_b) // frames
        header[at + 16 + i] = min(255, 256 * position // total)
    header[at + 141 : at + 144] = ((a.delay << 12) | b.padding).to_bytes(3, "big")
    header[at + 148 : at + 152] = total.to_bytes(4, "big")
    header[at + 152 : at + 154] = crc16_combine(a.music_crc, b.music_crc, audio_b).to_bytes(2, "big")
    # The tag's own CRC covers the frame's first 190 bytes, its own field zeroed (as ffmpeg does).
    header[at + 154 : at + 156] = b"\0\0"
    header[at + 154 : at + 156] = crc16(bytes(header[:190])).to_bytes(2, "big")
    shutil.move(first, out)
    with out.open("r+b") as dst, second.open("rb") as src:
        dst.write(header)
        dst.seek(0, 2)
        src.seek(b.size)
        shutil.copyfileobj(src, dst, 1 << 20)


def _head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file (never the whole of it: an hour is 57 MB)."""
    with path.open("rb") as f:
        return f.read(size)


#: CRC-16/ARC (reflected polynomial 0x8005), the checksum of the LAME tag.
_POLY = 0xA001


def crc16(data: bytes, crc: int = 0) -> int:
    """CRC-16/ARC of `data` (for short data: the header's own checksum)."""
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ _POLY if crc & 1 else crc >> 1
    return crc


def crc16_combine(crc_a: int, crc_b: int, len_b: int) -> int:
    """The CRC-16/ARC of A followed by B, from the CRCs of A and of B and B's length (the
    CRC is linear: A's is carried through len_b zero bytes, then B's is added)."""
    # Columns of the GF(2) matrix that feeds one zero bit through the register.
    op = [_POLY] + [1 << (i - 1) for i in range(1, 16)]
    for _ in range(3):  # one zero bit -> one zero byte
        op = _square(op)
    while len_b:
        if len_b & 1:
            crc_a = _times(op, crc_a)
        op = _square(op)
        len_b >>= 1
    return crc_a ^ crc_b


def _times(matrix: list[int], vector: int) -> int:
    out, i = 0, 0
    while vector:
        if vector & 1:
            out ^= matrix[i]
        vector >>= 1
        i += 1
    return out


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, column) for column in matrix]
