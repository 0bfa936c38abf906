"""Each cleaning rule on its own, with the damage real pasted text shows."""

from __future__ import annotations

import pytest

from tingjian.text import clean


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("工作人员 , 开展 演练", "工作人员，开展演练"),
        ("共 150 余人参加 .", "共150余人参加。"),
        ("他说 : 好 !", "他说：好！"),
        ('要做到"思想到位" ; 确保安全', "要做到“思想到位”；确保安全"),
        ("上午9:00开始，约3.5公里，共1,000人", "上午9:00开始，约3.5公里，共1,000人"),
        ("使用 iPhone 手机", "使用 iPhone 手机"),
        ("Hello, world. OK?", "Hello, world. OK?"),
        ("\u200b美亚色尔·木塔力甫\u3000来了", "美亚色尔·木塔力甫来了"),
    ],
)
def test_line_rules_fix_spacing_and_punctuation_in_chinese_only(raw: str, expected: str) -> None:
    line = raw
    for rule in clean.LINE_RULES:
        line = rule(line)
    assert line == expected


@pytest.mark.parametrize(
    "line",
    ["阅读 2969", "阅读 10万+ 在看 35", "点赞 3", "收藏TA", "阅读原文", "点击上方蓝字关注我们", "长按识别二维码关注",
     "扫码关注长安里社区", "加载中...", "推荐阅读", "本帖最后由 老街闲人 于 2023-6-18 21:05 编辑", "( 二 )", "- 3 -",
     "第 2 页", "版权所有 © 2023 滨河街道办事处", "京ICP备12345678号", "责任编辑：王小明", "O6 e# V* w6",
     "p# Y5 X: }: B", "回复 收藏TA 举报", "发布时间 : 2023-06-20 来源 : 滨河街道办事处",
     "2023-02-28 17:31:30阅读5605", "发布于2024-04-03 09:55・IP 属地重庆", "2点赞· 1评论", "161人赞同了该回答",
     "查看全部56个回答", "更多回答（2）", "2020年01月12日18:32", "2005.08.26"],
)  # fmt: skip
def test_junk_lines_are_recognized(line: str) -> None:
    assert clean.junk_reason(clean.normalize_line(line)) is not None


@pytest.mark.parametrize(
    "line",
    ["点赞！石景山区下沉干部抗“疫”凯旋", "阅读让生活更美好。", "美亚色尔·木塔力甫", "“小钱细心又能干", "2019年6月",
     "Good morning, everyone.", "The community center opens at 9 am.", "来源于群众，服务于群众。", "关注老人健康，从点滴做起。",
     "（一）活动时间", "2024年11月28日", "时间：14:00-17:30", "日期：2024年12月1日", "下午14:00", "2024年工作总结"],
)  # fmt: skip
def test_content_lines_are_kept(line: str) -> None:
    assert clean.junk_reason(line) is None


def test_anti_scraping_runs_glued_to_a_paragraph_are_removed() -> None:
    assert (
        clean.strip_glued_junk("老板还是那位大叔，味道一点没变。3 T) t% V7 `& a") == "老板还是那位大叔，味道一点没变。"
    )
    assert clean.strip_glued_junk("6 r. o- h+ F' @早上路过小区门口。") == "早上路过小区门口。"
    assert clean.strip_glued_junk("我们用 App 和 QQ 联系。") == "我们用 App 和 QQ 联系。"


def test_sentence_broken_across_blank_lines_is_rejoined() -> None:
    blocks = clean.to_blocks("他克服困难，与老街坊\n\n\n\n们一起把好关口。\n\n“小钱细心，反应还\n\n快”，大家说。")
    assert clean.rejoin_broken_sentences(blocks) == (
        ("他克服困难，与老街坊们一起把好关口。",),
        ("“小钱细心，反应还快”，大家说。",),
    )


def test_orphan_closing_quote_joins_its_sentence() -> None:
    blocks = clean.to_blocks("她说，“能帮一把是一把\n\n\n\n”。\n\n下一段。")
    assert clean.rejoin_broken_sentences(blocks) == (("她说，“能帮一把是一把”。",), ("下一段。",))


def test_headings_and_verse_lines_are_not_joined() -> None:
    blocks = clean.to_blocks("★关键时刻\n\n钱琛，是干部。\n\n今日归来\n离开一线\n\n注意事项\n\n请带身份证。")
    assert clean.rejoin_broken_sentences(blocks) == blocks


def test_indented_lines_start_new_paragraphs_without_blank_lines() -> None:
    blocks = clean.to_blocks("　　第一段写完了。\n　　第二段开始，\n接着写完。")
    assert blocks == (("第一段写完了。",), ("第二段开始，", "接着写完。"))


def test_hard_wrapped_lines_are_told_apart_from_verse() -> None:
    wrapped = (
        "我家楼下有一棵老槐树，听说已经有八十多年了，比",
        "整栋楼的年纪都大。每年五月，槐花开得满树雪白，整",
        "条胡同都是香味。",
    )
    verse = ("不是离别的离别", "不说再见的再见", "祝愿全体下沉干部")
    assert clean.is_hard_wrapped(wrapped)
    assert not clean.is_hard_wrapped(verse)


def test_a_run_of_tiny_one_line_blocks_is_a_menu_and_is_dropped_but_verse_and_a_heading_stay() -> None:
    menu = "\n\n".join(["欢迎", "投稿", "退出", "栏目", "搜索"])
    pager = "\n\n".join(str(i) for i in range(10))
    verse = "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡"
    text = f"{menu}\n\n注意事项\n\n请大家提前安排出行，注意安全。\n\n{pager}\n\n{verse}\n"
    blocks = clean.to_blocks(text)
    flat = [line for block in blocks for line in block]
    assert "投稿" not in flat and "3" not in flat
    assert "注意事项" in flat and "低头思故乡" in flat


def test_an_indented_numbered_line_after_a_colon_starts_a_new_block() -> None:
    text = "　　七、应加强和改进以下节能降碳工作：\n　　（一）工艺节能降碳。\n　　1.涂布干燥工艺：挤压涂布机采用全电机驱动，降低能耗。\n"
    blocks = clean.to_blocks(text)
    assert blocks[0] == ("七、应加强和改进以下节能降碳工作：",)
    assert blocks[1][0] == "（一）工艺节能降碳。"
