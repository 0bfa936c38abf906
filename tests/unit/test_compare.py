"""What a cue should say against what was heard: normalisation, alignment, error rates."""

from __future__ import annotations

import pytest

from tingjian.speech.cache import CueCache, heard_from_json
from tingjian.speech.engine import CueAudio, Heard, wav_bytes
from tingjian.verify.compare import error_rate, split_heard


def test_split_heard_gives_each_cue_its_part_and_its_errors() -> None:
    parts = split_heard(["今天开会", "请准时到"], "今天开会请准十到")
    assert parts == [("今天开会", 0), ("请准十到", 1)]


def test_split_heard_charges_a_skipped_cue_with_most_of_the_errors() -> None:
    # Whisper skipped the middle cue of a shared window. Alignments that cut the gap one
    # character off the cue's edge cost the same; the skipped cue still carries most of it
    # (and a cue heard badly in a shared window is heard again alone).
    edits = [e for _, e in split_heard(["第一句话", "第二句话", "第三句话"], "第一句话第三句话")]
    assert sum(edits) == 4 and edits[1] >= 3 and edits[0] == 0


def test_split_heard_charges_insertions_to_the_cue_before_them() -> None:
    parts = split_heard(["你好", "再见"], "你好啊啊再见")
    assert parts == [("你好啊啊", 2), ("再见", 0)]


def test_error_rate_of_an_empty_cue_is_zero_only_when_nothing_was_heard() -> None:
    assert error_rate(0, "") == 0.0
    assert error_rate(2, "") == 1.0
    assert error_rate(1, "四个字啊") == 0.25


def test_normalize_folds_traditional_numbers_and_punctuation() -> None:
    pytest.importorskip("opencc", reason="normalisation needs the listening extra: pip install 'tingjian[verify]'")
    from tingjian.verify.compare import normalize

    assert normalize("社區開會，請準時！") == normalize("社区开会请准时")
    assert normalize("一月二十八日") == normalize("1月28日")
    assert normalize("联系电话：零幺零，") == normalize("联系电话010")
    assert normalize("百分之三十") == normalize("30%")


def test_cached_transcript_round_trips_and_a_malformed_one_is_heard_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = CueCache(tmp_path)
    audio = CueAudio(wav_bytes(b"\0\0" * 100, 24000), "wav", heard=Heard("今天开会", 0.25, "whisper-base-int8/cmp2"))
    cache.put("ab" * 32, audio)
    back = cache.get("ab" * 32)
    assert back is not None and back.heard == audio.heard
    for bad in (None, "text", {"text": 1, "cer": 0.1, "model": "m"}, {"text": "x", "cer": -1, "model": "m"},
                {"text": "x", "cer": True, "model": "m"}, {"text": "x", "cer": float("nan"), "model": "m"}):  # fmt: skip
        assert heard_from_json(bad) is None
