"""Spoken forms a Mandarin listener expects for numbers, dates, times, phones and symbols."""

from __future__ import annotations

import pytest

from tingjian.text.normalize import cardinal, spoken_form


@pytest.mark.parametrize(
    "n, spoken",
    [(0, "零"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"), (110, "一百一十"), (1550, "一千五百五十"),
     (2000, "两千"), (10005, "一万零五"), (11000, "一万一千"), (20000, "两万"), (100000000, "一亿"), (-3, "负三")],
)  # fmt: skip
def test_cardinals(n: int, spoken: str) -> None:
    assert cardinal(n) == spoken


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("刘汉章快60岁了", "刘汉章快六十岁了"),
        ("2个公共厕所", "两个公共厕所"),
        ("家住2号楼", "家住二号楼"),
        ("第2名", "第二名"),
        ("2019年6月", "二零一九年六月"),
        ("20000余人次", "两万余人次"),
        ("90多岁", "九十多岁"),
        ("4月1日至4月5日", "四月一日至四月五日"),
        ("4月1日-5日", "四月一日至五日"),
        ("上午9:00-11:30", "上午九点到十一点三十分"),
        ("下午2:00开始", "下午两点开始"),
        ("14:05", "十四点零五分"),
        ("手机13912345678", "手机幺三九幺二三四五六七八"),
        ("010-68251234", "零幺零六八二五幺二三四"),
        ("拨打12345热线", "拨打幺二三四五热线"),
        ("合格率达98.5%", "合格率达百分之九十八点五"),
        ("一根油条1.5元", "一根油条一点五元"),
        ("10-15人", "十到十五人"),
        ("2020-03-01", "二零二零年三月一日"),
        ("气温-5℃", "气温零下五摄氏度"),
        ("¥100", "一百元"),
        ("5元/斤", "五元每斤"),
        ("120㎡", "一百二十平方米"),
        ("5km", "五公里"),
        ("1,000元", "一千元"),
        ("住在502的刘老师", "住在五零二的刘老师"),
        ("1.血压检测；", "一、血压检测；"),
        ("没有数字的句子。", "没有数字的句子。"),
    ],
)
def test_spoken_form(written: str, spoken: str) -> None:
    assert spoken_form(written) == spoken


def test_spoken_form_leaves_no_digits_in_seed_like_text() -> None:
    text = "1月28日起，2019年6月，20000余人次，1550名，428小区，2号楼，130余天，4个多月，5500余名。"
    assert not any(c.isdigit() for c in spoken_form(text))
