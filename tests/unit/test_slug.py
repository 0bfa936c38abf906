"""Output names are safe for any title."""

from __future__ import annotations

import pytest

from tingjian.text.slug import slugify


@pytest.mark.parametrize(
    "title, expected",
    [
        ("点赞！石景山区下沉干部抗“疫”凯旋", "点赞-石景山区下沉干部抗-疫-凯旋"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("..", "episode"),
        ("\x00\x1f控制字符\x7f", "控制字符"),
        ("", "episode"),
    ],
)
def test_slug_keeps_chinese_and_drops_path_tricks(title: str, expected: str) -> None:
    assert slugify(title) == expected


def test_slug_is_bounded_and_never_hidden() -> None:
    s = slugify("." + "很长的标题" * 40)
    assert len(s) <= 60 and not s.startswith(".")
