"""HTML, Word and Markdown become plain article text; chrome is left behind."""

from __future__ import annotations

import pytest

from tingjian.text.formats import html_to_text, markdown_to_text
from tingjian.text.read import read_source

from conftest import FIXTURES

ARTICLES = FIXTURES / "articles"


def test_wechat_page_gives_title_body_and_headings_only() -> None:
    src = read_source(ARTICLES / "wechat-page.html")
    assert src.format == "html"
    lines = [x for x in src.text.splitlines() if x]
    assert lines[0] == "# 夜市回来了：长安里便民夜市开市"  # the page's h1, marked as the page marks it
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


def test_a_blog_posts_front_matter_gives_its_title_and_is_not_read() -> None:
    yaml = '---\ntitle: "楼道里的图书角"\nauthor: 小林\ndate: 2024-05-01\ntags: [社区]\n---\n\n书架放在一楼。\n'
    assert markdown_to_text(yaml) == "# 楼道里的图书角\n\n\n书架放在一楼。\n"
    toml = "+++\ntitle = '图书角'\ndraft = false\n+++\n书架放在一楼。\n"
    assert markdown_to_text(toml) == "# 图书角\n\n书架放在一楼。\n"
    untitled = "---\nlayout: post\n---\n书架放在一楼。\n"
    assert markdown_to_text(untitled) == "书架放在一楼。\n"
    # A rule in the middle of a post is not front matter.
    assert "第一段" in markdown_to_text("第一段\n\n---\n\n第二段\n") and "第二段" in markdown_to_text(
        "第一段\n---\n第二段\n"
    )


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


def test_a_page_wrapped_whole_in_a_form_keeps_its_article_but_a_search_form_is_left_out() -> None:
    body = "".join(f"<p>第{i}段，社区今天组织志愿者清理楼道杂物，居民们纷纷出来帮忙。</p>" for i in range(8))
    html = (
        "<html><head><title>楼道清理</title></head><body><form id='aspnetForm'>"
        "<form class='search'><input name='q'><p>搜索本站</p></form>"
        f"<h1>楼道清理</h1>{body}</form></body></html>"
    )
    text = html_to_text(html)
    assert "第7段，社区今天组织志愿者" in text and "搜索本站" not in text


def test_preformatted_posts_keep_their_lines_so_a_bulletin_boards_header_is_dropped() -> None:
    from tingjian.text.clean import is_chrome_line, normalize_line

    post = (
        "发信人: someone (某人), 信区: TrafficInfo\n标  题: 校园交通指南更新\n"
        "发信站: 饮水思源 (2010年05月12日00:48:34 星期三), 站内信件\n\n"
        "为方便师生出行，现推出全新的交通示意图，欢迎大家批评指正。\n"
        "※ 修改:·someone 于 05月30日12:24:04 修改本文·[FROM: 10.0.0.1]\n"
    )
    text = html_to_text(f"<html><head><title>校园交通指南更新</title></head><body><pre>{post}</pre></body></html>")
    assert "为方便师生出行，现推出全新的交通示意图，欢迎大家批评指正。\n" in text
    lines = [normalize_line(x) for x in text.splitlines() if x.strip()][1:]
    assert [x for x in lines if not is_chrome_line(x)] == ["为方便师生出行，现推出全新的交通示意图，欢迎大家批评指正。"]


def test_a_thread_whose_posts_are_each_an_article_is_read_whole() -> None:
    posts = "".join(
        f"<article class='Post'><div class='Post-body'><p>{'第' + str(i) + '楼：这个插件可以实现强制登录，我试过了，效果不错。' * (4 if i == 0 else 2)}</p></div></article>"
        for i in range(4)
    )
    html = f"<html><head><title>有没有强制登录插件？</title></head><body><main><div class='stream'>{posts}</div></main></body></html>"
    text = html_to_text(html)
    assert all(f"第{i}楼" in text for i in range(4))


def test_a_story_set_paragraph_by_paragraph_in_blocks_of_one_kind_is_read_whole() -> None:
    story = "门店直播出现不雅画面，涉事账号已被封禁，平台发布公告。" * 6
    paras = "".join(f"<div class='qnt-p'>第{i}段：{story}</div>" for i in range(5))
    others = "".join(f"<div class='cell'>另一条新闻的摘要第{i}条，写得也不短，有三十来个字。</div>" for i in range(40))
    html = f"<html><head><title>直播整治</title></head><body><div class='body'>{paras}</div><div>{others}</div></body></html>"
    text = html_to_text(html)
    assert all(f"第{i}段" in text for i in range(5)) and "另一条新闻" not in text


def test_the_sites_logo_h1_linking_home_is_never_the_title() -> None:
    html = (
        "<html><head><title>山西品牌丝路行正式启动 - 山西省人民政府门户网站</title></head><body>"
        "<h1><a href='/'><span>山西省人民政府网站</span></a></h1>"
        "<div class='article'><h2>山西品牌丝路行正式启动</h2><p>"
        + "推介会在巴西圣保罗举行，双方签署多项合作协议。"
        * 4
        + "</p></div>"
        "</body></html>"
    )
    assert html_to_text(html).removeprefix("# ").startswith("山西品牌丝路行正式启动\n")


def _doc(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def _page(body: str, title: str = "共享充电宝集体涨价") -> str:
    return _doc(title, f"<div class='article'>{body}</div>")


STORY = "共享充电宝集体涨价，既有企业内部开拓市场的原因，也有外部融资困难的原因。"


def test_a_list_of_other_stories_told_as_cards_is_not_read_but_an_articles_own_list_is() -> None:
    cards = "".join(
        f"<li class='line'><a href='/a/{i}.htm'><img src='{i}.jpg'></a><div><a href='/a/{i}.htm'>"
        f"<font>另一条新闻的标题第{i}条很长</font></a><p>摘要写了一句话……<a href='/a/{i}.htm'>【详细】</a>"
        f"<em>2024-05-22 23:3{i}:12</em></p></div></li>"
        for i in range(4)
    )
    own = "".join(f"<li><a href='/law/{i}'>《社区服务条例》第{i}条</a>规定了居民的权利。</li>" for i in range(4))
    text = html_to_text(_page(f"<p>{STORY * 3}</p><ul>{own}</ul><ul class='list'>{cards}</ul>"))
    assert "《社区服务条例》第3条" in text
    assert "另一条新闻" not in text and "【详细】" not in text and "摘要" not in text


def test_a_bold_line_between_line_breaks_is_a_subheading() -> None:
    body = f"{STORY}<br><strong>市场竞争、资本寒冬下的自我救赎</strong><br>{STORY}<br>他说<b>这很重要</b>，大家都同意。<br>"
    text = html_to_text(_page(body))
    assert "\n### 市场竞争、资本寒冬下的自我救赎\n" in text
    assert "他说这很重要，大家都同意。" in text


def test_headings_named_by_class_or_asking_a_question_are_headings() -> None:
    body = (
        f"<p><span class='bjh-h3'>缘起《还珠格格》紫薇</span></p><p>{STORY}</p>"
        f"<p><strong>03减肥有多难？这样做是有害的</strong></p><p>{STORY}</p>"
        f"<p><strong>这一句加粗了。但它是两句话。</strong></p>"
    )
    text = html_to_text(_page(body))
    assert "### 缘起《还珠格格》紫薇" in text and "### 03减肥有多难？这样做是有害的" in text
    assert "### 谁欠保 谁失信；谁失信 重罚谁" in html_to_text(
        _page(f"<p><b>谁欠保 谁失信；谁失信 重罚谁</b></p><p>{STORY}</p>")
    )
    assert "### 这一句加粗了" not in text


def test_chrome_fields_glued_to_a_paragraph_by_inline_elements_are_cut_off_and_the_paragraph_stays() -> None:
    body = (
        "<p><span>2020-10-04 20:30</span><span>来源：长江网</span>长江网10月4日讯 国庆长假过半，外媒关注武汉的热情不减。</p>"
        f"<p>{STORY}<a href='/'>返回搜狐，查看更多</a></p>"
        "<p><span>来源：</span><span>人民日报</span></p>"
        "<p><span>他说</span><span>点赞</span><span>是一种鼓励。</span></p>"
    )
    text = html_to_text(_page(body))
    assert "长江网10月4日讯 国庆长假过半，外媒关注武汉的热情不减。\n" in text
    assert "2020-10-04" not in text and "来源：长江网" not in text
    assert f"{STORY}\n" in text and "返回搜狐" not in text
    assert "来源：人民日报" in text  # a chrome line as a whole: left for the cleaning rules to drop
    assert "他说点赞是一种鼓励。" in text
    assert "\u2063" not in text


def test_a_headline_set_in_the_page_wins_over_a_title_that_is_only_the_sites_name() -> None:
    story = "<div class='text'><p>" + "网传有人能徒手抓子弹，这真的存在吗？子弹出膛的速度很快。" * 8 + "</p></div>"
    rumor = _doc(
        "科普中国-辟谣文章",
        f"<div class='side-title'>热点科普推荐文章列表</div><div class='rumor-title'>徒手抓子弹真的存在吗？</div>{story}",
    )
    assert html_to_text(rumor).startswith("徒手抓子弹真的存在吗？\n")
    poem = _doc(
        "静夜思•夜-中国诗歌网", f"<a href='/'>中国诗歌网</a><h3>静夜思•夜</h3><h4>赞赏记录：0 （ 0次）</h4>{story}"
    )
    assert html_to_text(poem).startswith("静夜思•夜\n")


def test_comments_are_read_where_they_are_the_page_and_left_out_under_a_story() -> None:
    def page(lead: str, n: int) -> str:
        replies = "".join(
            f"<div class='comment-item'><p class='comment-content'>第{i}条短评：这部电影拍出了中年人的困境，值得一看。</p></div>"
            for i in range(n)
        )
        return _page(f"<p>{lead}</p><div id='comments'>{replies}</div>", "某部电影的短评")

    assert all(f"第{i}条短评" in html_to_text(page("导演：某人", 12)) for i in range(12))
    assert "条短评" not in html_to_text(page(STORY * 20, 3))


def test_a_markdown_heading_pasted_into_a_paragraph_is_a_heading_and_a_topic_tag_is_not() -> None:
    text = html_to_text(_page(f"<p>{STORY}</p><p>##DNS - F 的应用场景</p><p>{STORY}</p><p>#垃圾分类#</p>"))
    assert "\n## DNS - F 的应用场景\n" in text and "\n#垃圾分类#\n" in text


def test_a_headline_with_a_separator_in_it_is_kept_whole_when_the_page_shows_it_whole() -> None:
    html = _doc(
        "新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家 :: 痞客邦 ::",
        f"<h2>史蒂文的家</h2><h2>新竹尖石_美樹營地賞楓 (2)</h2><div class='article-content'><p>{STORY * 4}</p></div>",
    )
    assert html_to_text(html).removeprefix("# ").startswith("新竹尖石_美樹營地賞楓 (2)\n")
    whole = _doc(
        "两万字长文 | 月亮的100个故事 (多图)",
        f"<h1>两万字长文 | 月亮的100个故事 (多图)</h1><div class='note'><p>{STORY * 4}</p></div>",
    )
    assert html_to_text(whole).removeprefix("# ").startswith("两万字长文 | 月亮的100个故事 (多图)\n")


def test_a_block_that_is_one_short_link_is_not_read_but_an_unclosed_link_does_not_hide_the_page() -> None:
    related = "".join(f"<div class='q'><a href='/q/{i}'>如何评价第{i}次发生的五级地震？</a></div>" for i in range(3))
    text = html_to_text(_page(f"<p>{STORY * 3}</p>{related}"))
    assert STORY in text and "如何评价" not in text
    unclosed = f"<div class='wrap'><a href='/contact'>联系我们<div class='post'><p>{STORY * 8}</p></div></div>"
    assert STORY in html_to_text(_page(unclosed))


def test_a_paragraph_a_stylesheet_or_cms_sets_bold_is_a_subheading() -> None:
    body = (
        f"<p>{STORY}</p><p><font cms-style='font-L strong-Bold align-Center'>停工、停运或拆除</font></p>"
        f"<p>{STORY}</p><p><span class='text-bold'>社区的变化</span></p><p>{STORY}</p>"
    )
    text = html_to_text(_page(body))
    assert "### 停工、停运或拆除" in text and "### 社区的变化" in text


def _numbered(sentence: str, n: int) -> str:
    """n paragraphs of one sentence, each numbered ("第3段：…"), to find which were read."""
    return "".join(f"<p>第{i}段：{sentence}</p>" for i in range(n))


def test_an_article_element_of_cards_for_other_posts_gives_way_to_the_prose_outside_it() -> None:
    # (a blog theme sets the post in a <div> and the cards of the posts before and after it as
    # an <article>; a short h1 the <title> opens with is the headline, Latin letters and all)
    story = _numbered("频率单位即每秒钟次数，所以在同样的传输协议下速度大概是两倍。", 6)
    html = (
        "<html><head><title>5G VS 5GHz | BoyInTheSun</title></head><body>"
        "<h1 class='post-title'>5G VS 5GHz</h1><main><div id='articleContent'>"
        f"{story}</div><article class='prev-next'><div class='card'><a href='/a'>博主提供的帮助</a>"
        "<div class='summary'>博主可以提供以下帮助，只要不过分，帮忙宣传就免费！</div></div></article>"
        "</main></body></html>"
    )
    text = html_to_text(html)
    assert text.removeprefix("# ").startswith("5G VS 5GHz\n")
    assert "第5段" in text and "博主可以提供以下帮助" not in text


def test_a_posts_meta_element_under_its_headline_is_not_read() -> None:
    story = _numbered("虽然谢顿是一个数学家，但他对人情世故也观察得很仔细。", 4)
    html = (
        "<html><head><title>哈里·谢顿的一生 | 秦叶宁</title></head><body><article class='post'>"
        "<header><h1 class='post-title'>哈里·谢顿的一生</h1></header>"
        f"<date class='post-meta meta-date'>2016年4月25日</date><div class='post-content'>{story}</div>"
        "</article></body></html>"
    )
    text = html_to_text(html)
    assert "2016年4月25日" not in text and "第3段" in text


def test_a_posts_info_box_of_labels_and_values_is_not_read_nor_made_chapters() -> None:
    story = _numbered("时隔一周终于想起来写游记了，考试前心情还是非常放松的。", 4)
    html = (
        "<html><head><title>2023-CSP-S1-游记</title></head><body><article><div id='post-title'>"
        "<h1>2023-CSP-S1-游记</h1><div id='post-info'><span>文章发布时间: <div class='control'>"
        "<time>2023-09-22</time></div></span><br><span>文章总字数: <div class='control'>1.3k</div></span>"
        f"</div></div><div id='post-content'>{story}</div></article></body></html>"
    )
    text = html_to_text(html)
    assert "文章总字数" not in text and "1.3k" not in text and "第3段" in text


def test_a_site_name_run_onto_the_title_is_cut_where_an_h4_prints_the_headline_alone() -> None:
    story = _numbered("阿里巴巴发布了一款新的人工智能芯片，性能大幅领先同行。", 4)
    html = (
        "<html><head><title>阿里发布最强AI芯片：性能“吊打”同行，一块顶十块GPU-EDN 电子技术设计</title></head><body>"
        "<h4>杂志声明</h4><h4>阿里发布最强AI芯片：性能“吊打”同行，一块顶十块GPU</h4>"
        f"<div class='article-content'>{story}</div></body></html>"
    )
    assert html_to_text(html).removeprefix("# ").startswith("阿里发布最强AI芯片：性能“吊打”同行，一块顶十块GPU\n")


def test_a_bold_labels_value_after_its_colon_is_read_and_a_table_of_contents_is_not() -> None:
    items = "".join(f"<li><strong>{k}</strong>：{v}</li>" for k, v in [("课时", "32 课时"), ("开班人数", "50 人")])
    story = _numbered("本课程面向全校本科生，请同学们按时到课并完成练习。", 4)
    html = (
        "<html><head><title>暑期课程的通知</title></head><body><article><h1>暑期课程的通知</h1>"
        f"<ul>{items}</ul>{story}</article><div class='toc-content-container'><div class='post-toc'>"
        "<div class='toc-title'>此页目录</div><ol class='nav'><li>课程信息</li></ol></div></div></body></html>"
    )
    text = html_to_text(html)
    assert "开班人数：50 人" in text and "此页目录" not in text


def test_a_short_line_in_a_coloured_box_sized_to_it_is_a_subheading_and_a_coloured_reply_is_not() -> None:
    box = (
        "<section style='display: inline-block; background-color: rgb(241, 197, 129);'>"
        "<section>银行划扣</section></section>"
    )
    reply = "<div style='background-color: #f5f5f5; padding: 8px'>我就很佛系</div>"
    story = _numbered("学费可通过银行划扣、网上缴费或现场缴费三种方式缴纳。", 3)
    text = html_to_text(
        f"<html><body><article><h1>关于缴纳学费的通知</h1>{story}{box}{story}{reply}</article></body></html>"
    )
    assert "### 银行划扣" in text and "### 我就很佛系" not in text


def test_a_short_aside_after_a_number_stays_and_a_short_h1_the_title_tags_first_parts_make_is_the_headline() -> None:
    story = _numbered("报名期间，如遇问题，请及时联系教务处考务管理办公室。", 3)
    contact = "<p><span>咨询电话：<span>88661165</span>（肖老师）</span></p>"
    text = html_to_text(f"<html><body><article><h1>四六级报名通知</h1>{story}{contact}</article></body></html>")
    assert "咨询电话：88661165（肖老师）" in text
    html = (
        "<html><head><title>《城堡》-卡夫卡 读后感 | Messier’s blog</title></head><body>"
        f"<h1 class='post-title'>《城堡》-卡夫卡 读后感</h1><div class='post-body'>{story}</div></body></html>"
    )
    assert html_to_text(html).removeprefix("# ").startswith("《城堡》-卡夫卡 读后感\n")


def test_an_article_set_inside_the_storys_article_is_part_of_it_not_a_post_beside_it() -> None:
    story = _numbered("草间弥生的巡回展在高雄开幕，展出她自一九六零年代以来的代表作品。", 6)
    related = "".join(
        f"<article><h4>相关新闻</h4><p>{_numbered('另一则新闻的摘要写在这里，读者可以点进去看全文。', 2)}</p></article>"
        for _ in range(2)
    )
    html = (
        "<html><head><title>草间弥生 高雄筑梦 - 中时电子报</title></head><body>"
        "<div class='page_container newspapers_ad'><article><header><h1>草间弥生 高雄筑梦</h1></header>"
        f"<article class='clear-fix'>{story}</article></article>{related}</div></body></html>"
    )
    text = html_to_text(html)
    assert "第5段：草间弥生" in text


def test_a_story_set_as_divs_of_text_is_found_where_no_block_holds_text_of_its_own() -> None:
    paragraphs = "".join(
        f"<div><span>{n}受油价继续下跌拖累，纽约股市三大指数下跌，本周全部收跌。</span></div>" for n in range(8)
    )
    menu = "".join(f"<li><a href='/{n}'>栏目{n}</a></li>" for n in range(30))
    html = (
        "<html><head><title>油价跌跌不休</title></head><body>"
        f"<ul class='menu'>{menu}</ul><div class='top'>风传媒 设为首页 登入 RSS订阅 我要爆料</div>"
        f"<div class='newsDescBlk'>{paragraphs}</div><div>网站地图 关于我们 服务条款 隐私权声明</div></body></html>"
    )
    text = html_to_text(html)
    assert "7受油价继续下跌拖累" in text and "我要爆料" not in text


def test_a_title_boxes_headline_ending_in_a_full_stop_is_the_title_over_a_companys_name() -> None:
    headline = "鉴于美方撤销有关对华加征关税，中方相应调整有关反制措施。"
    story = _numbered("美方撤销加征关税后，美国采购商已迅速行动，开始抓紧囤货，订单纷至沓来。", 5)
    html = (
        "<html><head><title>深圳市佰斯特国际供应链有限公司</title></head><body>"
        f"<div class='newsDetail'><h2 class='newsDetailTitle'>{headline}</h2>"
        f"<div class='newsDetailContent'><p>{headline}</p>{story}</div></div></body></html>"
    )  # (the story's first paragraph says the headline again, as the page does)
    from tingjian.text.structure import parse_article

    assert parse_article(html_to_text(html)).title == headline


def test_a_share_box_left_open_around_the_story_does_not_hide_it() -> None:
    story = "內湖有家包子店，開業3年來，堅持使用新鮮原物料。由於賣得比較貴，一開始每月都虧損。" * 7
    teasers = "".join(f"<div class='news'><a href='/{n}'>其它新聞{n}</a></div>" for n in range(6))
    html = (
        "<html><head><title>「良心包子」重視食安</title></head><body><div class='newsdes'><div class='share'>"
        "<div class='shareicon'><ul><li><a href='#'>分享</a></li></ul></div>"
        f"<p><span id='newscontent'>{story}</span></p></div></div><div class='side'>{teasers}</div></body></html>"
    )
    assert "堅持使用新鮮原物料" in html_to_text(html)


def test_a_form_wrapping_a_page_set_in_divs_is_read_as_the_page() -> None:
    story = "".join(
        f"<div class='t'>受強烈大陸冷氣團影響，明天白天北部低溫約只有{n}度，南部約十五度。</div>" for n in range(20)
    )
    html = (
        "<html><head><title>中國廣播公司全球資訊網</title></head><body><form id='form1'>"
        f"<div class='m1'>首頁 新聞 節目</div><div class='m7'>{story}</div></form></body></html>"
    )
    assert "北部低溫約只有19度" in html_to_text(html)


_PTS_STORY = "".join(
    f"<p>台綜院創辦人劉泰英昨天參加活動時透露，家中14歲的孫子今年初腦中風送醫急救。第{n}段。</p>" for n in range(6)
)
_BCC_STORY = "".join(f"<div>受強烈大陸冷氣團影響，明天白天北部低溫約只有{n}度，南部約十七度。</div>" for n in range(8))


@pytest.mark.parametrize(
    ("html", "headline"),
    [
        (  # a news site's name over a headline set above the story, in a table's cell
            "<html><head><title>公共電視台 新聞網</title></head><body><table><tr>"
            "<td align='left'>中風年輕化 劉泰英14歲孫子腦溢血</td></tr><tr>"
            f"<td>{_PTS_STORY}</td></tr></table></body></html>",
            "中風年輕化劉泰英14歲孫子腦溢血",
        ),
        (  # a station's site name over a headline atop the story's own block
            "<html><head><title>中國廣播公司全球資訊網</title></head><body><div class='menu'><a href='/'>首頁</a></div>"
            f"<div class='nsa3'><div class='tt26'>強烈大陸冷氣團明發威  愈晚愈冷</div><div class='tk'>{_BCC_STORY}</div>"
            "</div></body></html>",
            "強烈大陸冷氣團明發威愈晚愈冷",
        ),
    ],
)
def test_a_site_or_stations_name_as_the_title_gives_way_to_the_headline_over_the_story(
    html: str, headline: str
) -> None:
    from tingjian.text.structure import parse_article

    assert parse_article(html_to_text(html)).title == headline  # (spaces between Chinese go)
