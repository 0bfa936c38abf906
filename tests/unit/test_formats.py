"""HTML, Word and Markdown become plain article text; chrome is left behind."""

from __future__ import annotations

from tingjian.text.formats import html_to_text, markdown_to_text
from tingjian.text.read import read_source

from conftest import FIXTURES

ARTICLES = FIXTURES / "articles"


def test_wechat_page_gives_title_body_and_headings_only() -> None:
    src = read_source(ARTICLES / "wechat-page.html")
    assert src.format == "html"
    lines = [x for x in src.text.splitlines() if x]
    assert lines[0] == "夜市回来了：长安里便民夜市开市"
    assert "## 小吃摊前排长队" in lines and "## 夜市也讲规矩" in lines
    assert "卖凉皮的小两口是从陕西来的，一碗凉皮8元。" in lines
    for chrome in ("首页", "关于我们", "font-family", "msg_title", "推荐阅读", "垃圾分类新规", "ICP"):
        assert chrome not in src.text


def test_page_without_article_markup_uses_the_densest_block() -> None:
    html = (
        "<html><head><title>标题</title></head><body><div class='nav'>首页 新闻</div>"
        "<div class='main'><p>" + "正文第一段，内容很长。" * 10 + "</p><p>第二段。</p></div>"
        "<div class='footer'>版权所有</div></body></html>"
    )
    text = html_to_text(html)
    assert text.startswith("标题\n\n正文第一段") and "首页" not in text and "版权所有" not in text


def test_docx_headings_and_title_are_read() -> None:
    src = read_source(ARTICLES / "library-corner.docx")
    assert src.format == "docx"
    lines = [x for x in src.text.splitlines() if x]
    assert lines[0] == "楼道里的图书角"
    assert "# 一本书换一本书" in lines and "# 志愿者轮流管理" in lines


def test_markdown_emphasis_links_and_images_become_text() -> None:
    md = "# 标题\n\n**重要**通知：请看[这里](http://x.cn)。![图](a.png)\n\n> 引用的话\n"
    assert markdown_to_text(md) == "# 标题\n\n重要通知：请看这里。\n\n引用的话\n"


def test_paragraphs_styled_bold_by_css_are_headings_and_bold_sentences_are_not() -> None:
    body = "".join(f"<p>{'这是正文的一句话，讲的是月亮。' * 4}</p>" for _ in range(3))
    html = (
        "<html><head><title>月亮的故事</title></head><body><article>"
        f'<p><span style="font-weight: bold;">被掩埋的月 (The Buried Moon)</span></p>{body}'
        f"<p style='font-weight:700'>嫦娥奔月</p>{body}"
        f'<p><span style="font-weight: bold;">这一句加粗了，但它是一句话。</span></p>{body}'
        f'<p><span style="font-weight: normal;">不加粗的短行</span></p>{body}'
        "</article></body></html>"
    )
    lines = html_to_text(html).splitlines()
    assert "### 被掩埋的月 (The Buried Moon)" in lines and "### 嫦娥奔月" in lines
    assert "这一句加粗了，但它是一句话。" in lines and "不加粗的短行" in lines


def test_a_list_of_other_stories_with_their_dates_is_left_out() -> None:
    body = "".join(f"<p>{'本报讯，今年夏粮收购工作顺利开展，农民收入稳步增加。' * 3}</p>" for _ in range(3))
    teasers = "".join(
        f"<li><a href='/{i}.html'>{t}</a> <div class='time'><span>2024-05-2{i}</span></div></li>"
        for i, t in enumerate(["黄骅港首根钢管桩沉桩完成", "邢台南和：大蒜收获忙", "八极拳公开赛将在沧州举办"])
    )
    html = f"<html><head><title>夏粮收购</title></head><body><article>{body}<ul>{teasers}</ul></article></body></html>"
    text = html_to_text(html)
    assert "夏粮收购工作顺利开展" in text
    assert not any(t in text for t in ("钢管桩", "大蒜", "八极拳", "2024-05-2"))


def test_the_title_is_og_title_when_it_is_part_of_title_not_a_logo_h1_nor_an_unread_counter() -> None:
    body = "".join(f"<p>{'斯诺克球王丁俊晖的人生故事何其精彩，他凭借毅力与天赋成就非凡。' * 3}</p>" for _ in range(3))
    page = (
        "<html><head><title>37岁丁俊晖身价过亿_【快资讯】</title>"
        "<meta property='og:title' content='37岁丁俊晖身价过亿'></head>"
        f"<body><h1>快资讯</h1><article><h1>37岁丁俊晖身价过亿播报文章</h1>{body}</article></body></html>"
    )
    assert html_to_text(page).startswith("37岁丁俊晖身价过亿\n")
    counted = f"<html><head><title>(99+ 封私信 / 87 条消息) 台湾地震为何震感广？ - 知乎</title></head><body>{body}</body></html>"
    assert html_to_text(counted).startswith("台湾地震为何震感广？\n")


def test_a_short_story_in_a_block_named_as_content_wins_over_a_wordier_footer() -> None:
    story = "北京商报讯，5月20日，中国人民银行授权全国银行间同业拆借中心公布，本月贷款市场报价利率维持不变，两报价均与上月持平。"
    footer = "有意与本刊合作者，有关合作事宜请与财经网联系。未经财经网书面授权，请勿转载或建立镜像，否则即为侵权。" * 2
    page = (
        "<html><head><title>5月LPR按兵不动</title></head><body>"
        f"<div id='the_content' class='article-content'><p>{story}</p></div>"
        f"<div class='copybd'>{footer}</div></body></html>"
    )
    text = html_to_text(page)
    assert story in text and "有意与本刊合作者" not in text
