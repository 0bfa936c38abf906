"""Segmentation into speakable pieces: nothing lost, nothing unspeakable, sizes bounded."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tingjian.text.segment import is_speakable, split_paragraph, split_sentences

_ALPHABET = st.sampled_from(list("我们社区志愿者老人灯卡一二三四五六七八九十123ABC，。！？；、：“”……—·（） "))


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert split_sentences("他说：“我们安心放心！”社区点头。") == ["他说：“我们安心放心！”", "社区点头。"]


def test_long_sentences_split_at_clauses_before_words() -> None:
    sentence = "，".join(["社区志愿者每天入户排查登记信息"] * 8) + "。"
    pieces = split_paragraph(sentence, max_chars=40)
    assert "".join(pieces) == sentence
    assert all(len(p) <= 40 for p in pieces)
    assert all(p.endswith(("，", "。")) for p in pieces)


def test_clause_longer_than_limit_splits_at_word_boundaries_not_inside_numbers() -> None:
    clause = "石景山区城市管理综合行政执法局监察员20000余人次参与社区疫情防控值守工作" * 2
    pieces = split_paragraph(clause, max_chars=20)
    assert "".join(pieces) == clause
    assert sum("20000" in p for p in pieces) == 2
    assert all(len(p) <= 20 for p in pieces)


def test_punctuation_only_pieces_are_attached_not_sent() -> None:
    assert split_paragraph("好的。……") == ("好的。……",)
    assert split_paragraph("……") == ()


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, min_size=0, max_size=300), st.integers(min_value=10, max_value=80))
def test_joining_pieces_gives_back_the_text(text: str, max_chars: int) -> None:
    pieces = split_paragraph(text, max_chars)
    if any(is_speakable(c) for c in text):
        assert "".join(pieces) == text
    assert all(is_speakable(p) for p in pieces)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("灯卡人"), st.text(_ALPHABET, max_size=20)), min_size=1, max_size=6))
def test_verse_lines_never_merge(parts: list[tuple[str, str]]) -> None:
    lines = [a + b for a, b in parts]
    pieces = split_paragraph("\n".join(lines))
    assert "".join(pieces) == "".join(lines)
    assert all(any(p in line for line in lines) for p in pieces)


def test_words_never_split_names_with_dots_numbers_or_latin_words() -> None:
    from tingjian.text.segment import words

    ws = words("美亚色尔·木塔力甫和阿依古丽·买买提用WeChat登记了20000余人次和3.5公里")
    for whole in ("美亚色尔·木塔力甫", "阿依古丽·买买提", "WeChat", "20000", "3.5"):
        assert any(whole in w for w in ws), whole
    assert "".join(ws) == "美亚色尔·木塔力甫和阿依古丽·买买提用WeChat登记了20000余人次和3.5公里"


def test_a_long_sentence_is_not_cut_at_a_comma_or_a_colon_between_digits() -> None:
    pieces = split_paragraph(
        "本公司上半年实现主营业务收入78，843，977元，比去年同期增长了百分之二十三，净利润达到了一千二百万元。", 30
    )
    assert any("78，843，977元" in p for p in pieces)
    assert any(
        "22：00到22：30" in p
        for p in split_paragraph("首播时间为每周一至周五的晚上22：00到22：30之间，由三位资深评论员轮流主持。", 25)
    )
