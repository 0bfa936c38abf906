"""Cutting an episode for two encoders: the cut lies in a pause, keeps every later sample where
one encode puts it, and the joined file's checksum is the checksum of its bytes."""

from __future__ import annotations

import random

import pytest

from tingjian.audio.gapless import DECODER_DELAY, FRAME, LAME_DELAY, MARGIN_S, crc16, crc16_combine, seam


@pytest.mark.parametrize("len_b", [0, 1, 7, 417, 4096, 100_003])
def test_crc_of_two_parts_combines_to_the_crc_of_the_whole(len_b: int) -> None:
    rng = random.Random(len_b)
    a = bytes(rng.getrandbits(8) for _ in range(1000))
    b = bytes(rng.getrandbits(8) for _ in range(len_b))
    assert crc16_combine(crc16(a), crc16(b), len(b)) == crc16(a + b)


def test_crc16_is_the_arc_variant_lame_tags_use() -> None:
    assert crc16(b"123456789") == 0xBB3D  # the catalogued check value of CRC-16/ARC


@pytest.mark.parametrize(("in_rate", "out_rate"), [(24000, 44100), (24000, 48000), (22050, 44100), (16000, 32000)])
def test_the_cut_lies_in_a_pause_and_the_second_half_resumes_on_the_sample_one_encode_puts_there(
    in_rate: int, out_rate: int
) -> None:
    total = 600 * in_rate
    # A pause of 0.4 s every 7.3 s, as sentences leave them.
    silences = [(k * 7.3 * in_rate, (k * 7.3 + 0.4) * in_rate) for k in range(1, 80)]
    silences = [(round(a), round(b)) for a, b in silences]
    cut = seam(silences, total, in_rate, out_rate)
    assert cut is not None
    margin = MARGIN_S * in_rate
    assert any(a + margin <= cut.cut and cut.resume + margin <= b for a, b in silences)
    assert abs(cut.cut - total / 2) < 0.1 * total
    # Whole output samples on both sides, and the join's gap is exactly what the encoders add.
    assert cut.cut * out_rate % in_rate == 0 and (cut.resume - cut.cut) * out_rate % in_rate == 0
    assert cut.first_out == cut.cut * out_rate // in_rate
    assert cut.frames == -(-(cut.first_out + LAME_DELAY + DECODER_DELAY) // FRAME)
    assert cut.first_out + (cut.resume - cut.cut) * out_rate // in_rate == cut.frames * FRAME


def test_no_cut_without_a_long_enough_pause_near_enough_the_middle_or_at_an_mpeg2_rate() -> None:
    rate = 24000
    assert seam([], 600 * rate, rate, 44100) is None
    assert seam([(300 * rate, 300 * rate + 400)], 600 * rate, rate, 44100) is None  # 17 ms: too short
    assert seam([(10 * rate, 11 * rate)], 600 * rate, rate, 44100) is None  # one half would be 2%
    assert seam([(300 * rate, 301 * rate)], 600 * rate, rate, 24000) is None  # MPEG-2 frames
