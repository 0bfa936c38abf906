"""The offline voice reads characters with several readings (多音字) right in context, and
its word tables stay its own."""

from __future__ import annotations

import sys

import jieba
from pypinyin import Style, lazy_pinyin

from tingjian.speech.kokoro import hanzi_pinyin, phonemize

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from eval_polyphones import accuracy, cases, reference


def test_at_least_150_words_in_context_are_scored() -> None:
    assert len(cases()) >= 150


def test_the_offline_voice_reads_polyphones_better_than_pypinyin_on_whole_sentences() -> None:
    ours, theirs = accuracy(hanzi_pinyin), accuracy(reference)
    assert ours >= 0.94
    assert ours > theirs


def test_our_word_list_does_not_change_jiebas_or_pypinyins_shared_tables() -> None:
    jieba.initialize()
    before = {w: jieba.dt.FREQ.get(w) for w in ("长得", "数一数", "打谷场", "和匀")}
    phonemize("他在家里和面，孩子长得很快。")
    assert {w: jieba.dt.FREQ.get(w) for w in before} == before
    assert lazy_pinyin("很长", style=Style.TONE3) == ["hen3", "zhang3"]  # pypinyin's own (wrong) reading, untouched


def test_particles_take_their_neutral_reading() -> None:
    assert hanzi_pinyin("他慢慢地走过来")[3] == "de5"
    assert hanzi_pinyin("他笑着说")[2] == "zhe5"
    assert hanzi_pinyin("这条路很长")[-1] == "chang2"
