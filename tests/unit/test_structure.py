"""Article structure: title, lead, ★ sections, closing part; copy-paste breaks mended."""

from __future__ import annotations

from pathlib import Path

import pytest

from tingjian.errors import InputError
from tingjian.text.read import read_source
from tingjian.text.structure import LEAD_TITLE, parse_article

from conftest import FIXTURES

SEED_HEADINGS = [
    "舍小家、顾大家的老城管队员",
    "关键时刻要顶得上靠得住",
    "居民零感染就是最好的褒奖",
    "维族女孩的勇敢担当",
]


SEED_CLOSING = "6月6日零时起"
SEED_QUESTION = "这支队伍如何迅速地来到了我们身边？"


def test_seed_has_title_lead_four_headed_sections_a_closing_part_and_its_question(seed_path: Path) -> None:
    article = parse_article(read_source(seed_path).text)
    assert article.title == "点赞！石景山区下沉干部抗“疫”凯旋"
    titles = [s.title for s in article.sections]
    assert titles == [LEAD_TITLE, *SEED_HEADINGS, SEED_CLOSING, SEED_QUESTION]
    assert [s.kind for s in article.sections] == ["lead"] + ["headed"] * 4 + ["unheaded", "headed"]


def test_seed_sentences_broken_across_blank_lines_are_rejoined(seed_path: Path) -> None:
    article = parse_article(read_source(seed_path).text)
    paragraphs = [p.text for s in article.sections for p in s.paragraphs]
    assert any("老街坊们一起把好基层防疫关口" in p for p in paragraphs)
    assert any("手脚勤快反应还快，有时候" in p for p in paragraphs)
    assert not any(p.startswith(("们一起", "快，")) for p in paragraphs)


def test_seed_closing_verse_keeps_its_lines(seed_path: Path) -> None:
    closing, question = parse_article(read_source(seed_path).text).sections[-2:]
    assert closing.paragraphs[0].verse
    assert closing.paragraphs[0].text.split("\n") == ["6月6日零时起", "北京“应急响应”调整为三级"]
    assert closing.paragraphs[-1].text.split("\n")[-1] == "他们一直战斗在群众的身边"
    assert question.paragraphs[-1].verse
    assert question.paragraphs[-1].text.endswith("在本职岗位上拼搏前行、再立新功！")


def test_seed_names_and_quotes_survive_cleaning(seed_path: Path) -> None:
    text = "".join(p.text for s in parse_article(read_source(seed_path).text).sections for p in s.paragraphs)
    for kept in ["美亚色尔·木塔力甫", "“硬核”", "20000余人次", "2019年6月", "1550名", "428小区"]:
        assert kept in text


def test_title_option_overrides_the_first_line() -> None:
    article = parse_article("第一行\n\n正文第一句。\n", title="我的标题")
    assert article.title == "我的标题"


def test_verse_coda_after_prose_becomes_its_own_chapter() -> None:
    text = "标题\n\n导语。\n\n★第一部分\n\n正文一句话，说得很长很长。\n\n一盏灯\n一张卡\n"
    sections = parse_article(text).sections
    assert [s.title for s in sections] == [LEAD_TITLE, "第一部分", "一盏灯"]
    assert sections[-1].kind == "unheaded"


def test_article_of_punctuation_only_is_refused() -> None:
    with pytest.raises(InputError, match="no readable sentences"):
        parse_article(read_source(FIXTURES / "input" / "punctuation-only.txt").text)


def test_numbered_short_and_question_headings_are_found_but_list_items_are_not() -> None:
    text = (
        "社区通知\n\n各位居民：\n\n下周开展活动，欢迎大家踊跃参加，共同建设美好家园。\n\n"
        "一、活动时间\n\n每周六上午九点到十一点，在社区活动室举行。\n\n"
        "注意事项\n\n1.请带好身份证；\n\n2.请提前十分钟到场。\n\n"
        "为什么要参加这个活动？\n\n因为它能让邻里之间更加熟悉，大家互相帮助，一起把日子过好。\n"
    )
    sections = parse_article(text).sections
    assert [s.title for s in sections] == [LEAD_TITLE, "一、活动时间", "注意事项", "为什么要参加这个活动？"]
    items = [p.text for p in sections[2].paragraphs]
    assert items == ["1.请带好身份证；", "2.请提前十分钟到场。"]


def test_html_and_markdown_headings_start_chapters() -> None:
    sections = parse_article("# 标题\n\n导语。\n\n## 第一节\n\n内容一。\n\n### 小节\n\n内容二。\n").sections
    assert [s.title for s in sections] == [LEAD_TITLE, "第一节", "小节"]


def test_short_line_followed_by_another_short_line_is_not_a_heading() -> None:
    sections = parse_article("标题\n\n参与方式\n\n谢谢大家\n").sections
    assert len(sections) == 1


def test_article_without_headings_is_one_chapter_named_after_the_title() -> None:
    sections = parse_article("小区停水通知\n\n明天上午停水两个小时，请大家提前储水。\n").sections
    assert [s.title for s in sections] == ["小区停水通知"]


def test_a_two_clause_subheading_above_a_paragraph_is_a_heading_but_a_cut_sentence_is_rejoined() -> None:
    paragraph = "外贸规模13.81万亿元、同比增长5.7%，今年以来，我国外贸领域的积极因素不断增多，动能持续增强。"
    second = "前4个月，我国货物贸易进出口总值同比增长，出口和进口都保持了增长，外贸基本面继续改善。"
    article = parse_article(f"外贸向好\n\n{paragraph}\n\n态势向好，外贸基本面继续改善\n\n{second}\n")
    assert [s.title for s in article.sections][-1] == "态势向好，外贸基本面继续改善"
    # Cut mid-clause (it ends on 的, waiting for more): one sentence, joined again.
    cut = parse_article(f"外贸向好\n\n{paragraph}\n\n今年以来，外贸领域积极的\n\n{second}\n")
    assert len(cut.sections) == 1
    assert "今年以来，外贸领域积极的前4个月" in "".join(p.text for s in cut.sections for p in s.paragraphs)


def test_a_heading_that_repeats_the_title_further_down_is_not_a_second_chapter() -> None:
    paragraph = "今天社区召开了居民议事会，大家围绕加装电梯的事情讨论了整整一个下午。"
    article = parse_article(
        f"静夜思•夜\n\n欢迎来到诗歌网\n\n## 静夜思•夜\n\n{paragraph}\n\n## 作者简介\n\n{paragraph}\n"
    )
    assert article.title == "静夜思•夜"
    assert len(article.sections) == 2 and "静夜思•夜" not in [s.title for s in article.sections]
    assert paragraph in article.sections[0].paragraphs[-1].text


def test_the_document_a_notice_issues_is_a_chapter_and_the_date_above_it_heads_nothing() -> None:
    text = (
        "关于印发《幸福里社区垃圾分类实施方案》的通知\n\n各居民小组：\n\n"
        "现将《幸福里社区垃圾分类实施方案》印发给你们，请认真贯彻执行。\n\n"
        "幸福里社区居委会\n\n2025年9月29日\n\n幸福里社区垃圾分类实施方案\n\n"
        "为做好垃圾分类工作，改善社区环境，结合本社区实际，制定本方案。各楼栋要设立分类投放点，并安排志愿者值守。\n\n"
        "一、总体目标\n\n到年底，社区垃圾分类准确率达到百分之九十以上，居民参与率明显提高。\n"
    )
    article = parse_article(text)
    titles = [s.title for s in article.sections]
    assert titles == [LEAD_TITLE, "幸福里社区垃圾分类实施方案", "一、总体目标"]
    assert "2025年9月29日" in article.sections[0].paragraphs[-1].text


def test_numbered_headings_inside_a_form_set_line_by_line_start_chapters_but_a_numbered_list_stays() -> None:
    form = (
        "村级电脑采购项目中标公告\n\n一、项目编号：\nZC130800202101632\n二、项目名称：\n村级信息资源共享支中心电脑项目\n"
        "三、中标信息\n\n供应商名称：承德发金商贸有限公司，地址在围场镇河东村，中标金额为七十四万五千六百八十元。\n"
    )
    titles = [s.title for s in parse_article(form).sections]
    assert titles[-3:] == ["一、项目编号", "二、项目名称", "三、中标信息"]
    items = "社区服务日\n\n本周六上午在社区广场举行服务日活动，欢迎居民参加，活动内容如下：\n\n一、义诊\n二、理发\n三、磨刀\n"
    article = parse_article(items)
    assert len(article.sections) == 1 and "一、义诊" in article.sections[0].paragraphs[-1].text
