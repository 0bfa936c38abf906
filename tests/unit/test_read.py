"""Reading article files: encodings detected, bad files refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tingjian.errors import InputError
from tingjian.text.read import decode_bytes, read_source

from conftest import FIXTURES

INPUT = FIXTURES / "input"


@pytest.mark.parametrize(
    "name",
    ["notice-gbk.txt", "notice-gb18030.txt", "notice-utf16le-bom.txt", "notice-utf16be-bom.txt", "notice-utf8-bom.txt"],
)
def test_every_common_chinese_encoding_decodes_to_the_same_text(name: str) -> None:
    src = read_source(INPUT / name)
    assert src.text.startswith("社区通知\n")
    assert "本周六上午9点，社区将在活动室举办健康讲座" in src.text
    assert "\ufeff" not in src.text


def test_gb18030_keeps_characters_outside_gbk() -> None:
    assert "𠀀字也能读" in read_source(INPUT / "notice-gb18030.txt").text


def test_bomless_utf16_is_detected() -> None:
    text, enc = decode_bytes("通知：明天9:00停水。\nOK\n".encode("utf-16-le"))
    assert enc == "utf-16-le" and text.startswith("通知")


@pytest.mark.parametrize(
    "name, words", [("empty.txt", "empty"), ("blank-lines.txt", "empty"), ("picture.png.txt", "not a text file")]
)
def test_empty_and_binary_files_are_refused_with_a_clear_message(name: str, words: str) -> None:
    with pytest.raises(InputError) as err:
        read_source(INPUT / name)
    assert words in err.value.message
    assert err.value.hint


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")


def test_source_hash_is_of_the_raw_bytes() -> None:
    import hashlib

    path = INPUT / "notice-gbk.txt"
    assert read_source(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_gbk_pages_indenting_with_a3a0_read_it_as_the_space_browsers_show() -> None:
    # A3 A0 is undefined in GBK; Python's GB18030 reads it as a private character (U+E5E5),
    # browsers as an ideographic space, and 2000s pages indent their headings with it.
    data = "正文\n".encode("gbk") + b"\xa3\xa0\xa3\xa0" + "二、被抢钱包应当感谢神\n".encode("gbk")
    text, enc = decode_bytes(data, declared="gb2312")
    assert enc == "gb18030"
    assert "\u3000\u3000二、被抢钱包应当感谢神" in text and "\ue5e5" not in text


def test_a_page_labelled_big5_is_read_as_browsers_do_with_hong_kongs_characters() -> None:
    text = "香港政府宣布，屯門、深水埗和啓德的居民可以申請資助。" * 20
    data = text.encode("big5hkscs")
    decoded, enc = decode_bytes(data, declared="big5")
    assert decoded == text and enc == "big5hkscs"


def test_a_big5_page_with_a_footer_saved_in_utf8_is_still_read_as_big5() -> None:
    body = "<p>國光客運新開三條新路線，今天開放免費試乘第二天，人潮較昨天銳減。</p>" * 30
    page = f"<html><head><meta charset='big5'><title>國光免費去宜蘭</title></head><body>{body}".encode("big5hkscs")
    data = page + "<p>討論</p></body></html>".encode()  # (a footer's word in UTF-8)
    text, enc = decode_bytes(data, declared="big5")
    assert enc == "big5hkscs" and "國光免費去宜蘭" in text
