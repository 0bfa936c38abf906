"""Neighbouring cues in one request: which go together, what is sent, and the answer cut back
into one audio per cue at MP3 frame edges (real LAME MP3 from the local Edge server's voice)."""

from __future__ import annotations

import numpy as np
import pytest

from tingjian.audio.ffmpeg import pcm_out, run_ffmpeg
from tingjian.devtools.fake_edge import FakeEdgeServer
from tingjian.speech.engine import Boundary, CueAudio
from tingjian.speech.merge import joiner, plan_requests, request_text, split
from tingjian.speech.mpeg import cut_frames, layer3_layout

TEXTS = ["第一部分：导语", "一月二十八日起，市区两级机关干部下沉一线。", "“阿姨您好！我是下沉干部。”", "不同岗位"]


def _answer(text: str) -> CueAudio:
    """What the local Edge server answers for `text`: its audio and one boundary per sentence."""
    mp3, bounds = FakeEdgeServer()._speak_sentences(text, None, None)
    return CueAudio(mp3, "mp3", tuple(Boundary(at, seconds * 1000, said) for said, at, seconds in bounds))


def _pcm(data: bytes) -> np.ndarray:
    return np.frombuffer(run_ffmpeg(["-f", "mp3", "-i", "pipe:0", *pcm_out(24000)], data), dtype=np.int16)


def test_a_line_without_punctuation_gets_a_full_stop_and_a_clause_cut_at_a_comma_ends_a_request() -> None:
    assert joiner("第一部分：导语") == "。"
    assert joiner("我是下沉干部。”") == ""
    assert joiner("市区两级机关干部，") is None
    assert request_text(TEXTS[:2]) == "第一部分：导语。一月二十八日起，市区两级机关干部下沉一线。"


def test_neighbours_share_a_request_within_the_limit_in_one_voice_and_never_after_a_comma() -> None:
    texts = ["标题", "第一句话。", "第二句话没有完，", "接着说完。", "另一个声音。", "回来了。"]
    voices = [None, None, None, None, "zh-CN-YunxiNeural", None]
    assert plan_requests(texts, 80, voices) == [(0, 1, 2), (3,), (4,), (5,)]
    assert plan_requests(texts, 0) == [(i,) for i in range(len(texts))]
    groups = plan_requests(texts * 10, 20)
    assert all(len(request_text([(texts * 10)[i] for i in g])) <= 20 for g in groups if len(g) > 1)


def test_an_answer_is_cut_into_one_clean_mp3_per_cue_with_its_own_boundaries() -> None:
    whole = _answer(request_text(TEXTS))
    parts = split(whole, TEXTS)
    assert parts is not None and len(parts) == len(TEXTS)
    assert [len(p.boundaries) for p in parts] == [1, 1, 2, 1]  # the quoted cue holds two sentences
    total_ms = len(layer3_layout(whole.data).offsets) * 24  # type: ignore[union-attr]
    assert sum(len(layer3_layout(p.data).offsets) * 24 for p in parts) <= total_ms  # type: ignore[union-attr]
    for part in parts:
        pcm = _pcm(part.data)
        first = part.boundaries[0]
        assert first.offset_ms == pytest.approx(whole.boundaries[0].offset_ms, abs=24)  # the answer's own lead
        speech = pcm[int(first.offset_ms * 24) + 2400 : int((first.offset_ms + first.duration_ms) * 24)]
        assert np.abs(speech).max() > 1000  # the speech is in it
        assert np.abs(pcm[:1200]).max() < 50 and np.abs(pcm[-1200:]).max() < 50  # it starts and ends in silence


def test_an_answer_whose_boundaries_do_not_match_the_cues_is_not_cut() -> None:
    whole = _answer(request_text(TEXTS))
    assert split(whole, [*TEXTS[:-1], "别的字"]) is None
    assert split(whole, TEXTS[:2]) is None
    assert split(CueAudio(whole.data[:-7], "mp3", whole.boundaries), TEXTS) is None  # not whole frames
    assert split(whole, TEXTS[:1]) == (whole,)


def test_a_frame_whose_data_lies_before_the_cut_is_made_silent_so_no_other_cue_is_heard() -> None:
    whole = _answer(request_text(TEXTS))
    data, layout = whole.data, layer3_layout(whole.data)
    assert layout is not None
    # Cue audio before the cut: silent, but its frames hold another cue's bytes, as the end of
    # any cue does. A frame reading its data from before the cut would decode those as sound.
    before = bytearray(data[layout.offsets[20] : layout.offsets[40]])
    for k in range(20):
        before[k * 144 + 4 : k * 144 + 4 + layout.side_info] = bytes(layout.side_info)
    assert np.abs(_pcm(bytes(before))).max() == 0
    noisy = silenced = 0
    for bound in whole.boundaries[1:]:
        for j in range(int(bound.offset_ms / 24) - 4, int(bound.offset_ms / 24) + 3):  # cuts at each onset
            raw, cut = data[layout.offsets[j] : layout.offsets[j + 6]], cut_frames(data, layout, j, j + 6)
            assert cut is not None
            quiet = sum(1 for k in range(6) if cut[k * 144 : (k + 1) * 144] != raw[k * 144 : (k + 1) * 144])
            heard = slice(0, (20 + quiet) * 576)  # up to where the silenced frames end
            assert np.abs(_pcm(bytes(before) + cut)[heard]).max() == 0
            silenced += quiet > 0
            noisy += quiet > 0 and np.abs(_pcm(bytes(before) + raw)[heard]).max() > 300
    assert silenced >= 8 and noisy >= 4  # uncut, the same frames play the other cue's bytes as noise
