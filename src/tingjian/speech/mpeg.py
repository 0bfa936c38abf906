"""MPEG audio layer III frames: where each one starts, and a run of them cut out as a stream
of its own (pure)."""

from __future__ import annotations

from dataclasses import dataclass

# MPEG audio layer III: kbit/s by bitrate index, sample rates by version.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 and 2.5
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


@dataclass(frozen=True)
class FrameHeader:
    size: int
    samples: int
    rate: int
    padded: bool
    #: Bytes of side information after the header, or 0 when a CRC follows the header.
    side_info: int
    #: Bits of main_data_begin, the side information's first field.
    backstep_bits: int


def frame_header(h: int) -> FrameHeader | None:
    """A layer III frame header (4 bytes as an integer), or None."""
    if h >> 21 != 0x7FF:
        return None
    version, layer = (h >> 19) & 3, (h >> 17) & 3
    bitrate_i, rate_i, pad = (h >> 12) & 15, (h >> 10) & 3, (h >> 9) & 1
    if layer != 1 or version == 1 or rate_i == 3 or bitrate_i in (0, 15):
        return None
    r = _RATES[version][rate_i]
    kbps = _BITRATES[1 if version == 3 else 2][bitrate_i]
    mono = (h >> 6) & 3 == 3
    crc = not (h >> 16) & 1
    side = (17 if mono else 32) if version == 3 else (9 if mono else 17)
    return FrameHeader(
        size=(144 if version == 3 else 72) * kbps * 1000 // r + pad,
        samples=1152 if version == 3 else 576,
        rate=r,
        padded=bool(pad),
        side_info=0 if crc else side,
        backstep_bits=9 if version == 3 else 8,
    )


@dataclass(frozen=True)
class Layer3:
    """Where each frame of a plain layer III stream starts, and what the stream is."""

    offsets: tuple[int, ...]
    sizes: tuple[int, ...]
    samples: int
    rate: int
    side_info: int
    backstep_bits: int

    @property
    def frame_ms(self) -> float:
        return self.samples * 1000 / self.rate


def layer3_layout(data: bytes) -> Layer3 | None:
    """Every frame of a layer III stream, all at one rate and frame length, or None."""
    offsets: list[int] = []
    sizes: list[int] = []
    first: FrameHeader | None = None
    i, n = 0, len(data)
    while i + 4 <= n:
        head = frame_header(int.from_bytes(data[i : i + 4], "big"))
        if head is None:
            return None
        if first is None:
            first = head
        elif (head.rate, head.samples, head.side_info) != (first.rate, first.samples, first.side_info):
            return None
        offsets.append(i)
        sizes.append(head.size)
        i += head.size
    if first is None or i != n:
        return None
    return Layer3(tuple(offsets), tuple(sizes), first.samples, first.rate, first.side_info, first.backstep_bits)


def cut_frames(data: bytes, layout: Layer3, start: int, end: int) -> bytes | None:
    """Frames `start` to `end` (exclusive) as a stream of their own, or None when the
    stream carries CRCs (its side information cannot be rewritten here).

    A frame's main data may begin in the frames before it (the bit reservoir); a frame
    whose data begins before the cut is made silent (its side information zeroed: no
    bits, no backstep), as a decoder would otherwise read the previous cue's bytes.
    Cuts fall in the pauses between sentences, where such frames hold silence anyway.
    """
    if layout.side_info == 0:
        return None
    out = bytearray()
    available = 0  # main-data bytes a decoder holds from the frames already kept
    for j in range(start, end):
        off, size = layout.offsets[j], layout.sizes[j]
        frame = bytearray(data[off : off + size])
        side = int.from_bytes(frame[4:6], "big") >> (16 - layout.backstep_bits)
        main = size - 4 - layout.side_info
        if side > available:
            frame[4 : 4 + layout.side_info] = bytes(layout.side_info)
            available = main  # nothing read: the frame's own data is all a decoder keeps
        else:
            available += main
        out += frame
    return bytes(out)
