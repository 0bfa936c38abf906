"""The episode title: cleaned of site names and document numbers, reconciled between what a
page says about itself (<title>, og:title, h1) and the lines a listener would see (pure)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

#: How a notice's title ends: the line that names the document is the title.
NOTICE_ENDINGS = (
    "通知", "通告", "公告", "倡议书", "倡议", "告知书", "提示", "公示", "启事", "决定", "意见", "办法", "方案",
    "规定", "细则", "规则", "复函", "函", "通报", "报告", "公报", "须知", "指南", "声明", "讣告", "简章", "预案",
)  # fmt: skip
# Separators between a headline and the site or section names a page's <title> appends.
_SEGMENT_SEPARATOR = re.compile(
    r"\s+[-|｜_—]\s+|\s*(?:--|_|\||｜|│|::)\s*|\s+@\s+|(?<=[\u4e00-\u9fff）)》」】？！”’])-(?=[\u4e00-\u9fffA-Za-z])"
    r"|\s+[-—](?=[\u4e00-\u9fffA-Za-z])|(?<=[？！?!])\s*-\s+(?=[A-Za-z])"
)
# A document number after the title: (发改办体改〔2026〕275号)
_DOC_NUMBER = re.compile(r"\s*[（(][^（）()]*[〔\[［]\d{4}[〕\]］][^（）()]*号[）)]\s*$")
# Which page of a thread or story: "(页1)", "（第2页）"; or the day it was posted: "(2023-10-16)",
# "(2005-12-23 21:05:10)".
# ... or printed after it in figures: "…的政策解读 2025-10-09".
_PAGE_NUMBER = re.compile(
    # (and what kind of page it is, in brackets before it: "[试听]尚雯婕 - 《Part Of My Dream》", "【视频】…")
    r"^\s*[\[【]\s*(?:试听|视频|组图|多图|图文|音频|图)\s*[\]】]\s*(?=\S)|"
    r"\s*[(（]\s*(?:第\s*\d+\s*页|页\s*\d+|\d{4}[-./]\d{1,2}[-./]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*[)）]\s*$"
    r"|(?<=[\u4e00-\u9fff》」”）)])\s*\d{4}([-.])\d{1,2}\1\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
    # ... or which page of which issue of a paper: "…进口量第A2版：财经新闻20140318期国际日报"
    r"|(?<=[\u4e00-\u9fff》」”）)])\s*第\s*[A-Z]?\d{1,3}\s*版\s*[:：].{0,20}?\d{6,8}期.{0,10}$"
)
# Issuers listed before 关于: "重庆市经济和信息化委员会 重庆市财政局 …关于印发…"
_ISSUERS = re.compile(r"^(?:\S+\s+)+\S*?(?=关于)")
MAX_TITLE = 80
_NUMBERED_PART = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
# The document a notice issues: "关于印发《四川省…实施方案》的通知" issues 《四川省…实施方案》.
# ... or names it without the brackets: "关于印发深圳市实施《…》细则的通知" issues "深圳市实施《…》细则".
ISSUED = re.compile(r"(?:印发|转发|发布|公布|下发|出台)[^《]{0,20}《([^》]{4,80})》")
_ISSUED_BARE = re.compile(r"(?:印发|转发)([^，。]{4,80}?)的(?:通知|通告)$")


# A document's red header, printed above its number and its title: "XX县人民政府办公室文件",
# "中共XX市委 XX市人民政府文件".
# (an issuer's name only: not "转发省教育厅文件", "（一）传达学习省委文件")
_ISSUER = (
    r"(?:中共)?[\u4e00-\u9fff]{2,24}?"
    r"(?:委员会|人民政府|政府|办公室|办公厅|党委|委|院|部|局|厅|署|办|中心|公司|协会|学会|大学|学院)"
)
_RED_HEADER = re.compile(rf"^(?!.*(?:关于|的|了|传达|学习|转发|印发|请|会议|各|认真))(?:{_ISSUER}\s*)+文件$")


def is_red_header(line: str) -> bool:
    """Whether the line is an official document's red header (its issuer's name and 文件)."""
    return bool(_RED_HEADER.match(line.strip()))


def issued_names(title: str) -> set[str]:
    """The documents a notice's title says it issues, squashed."""
    found = [m.group(1) for m in ISSUED.finditer(title)] + [m.group(1) for m in _ISSUED_BARE.finditer(title)]
    return {squash(name) for name in found}


# How a site's name ends: "松花江网", "高阳县人民政府网站", "人民网江苏频道".
# (in traditional characters too: "中國廣播公司全球資訊網")
_SITE_END = re.compile(r"(?:网|網|网站|網站|频道|頻道|在线|線上|门户|門戶|日报|日報|晚报|晚報|新闻|新聞)$")
# ... and after a mere space, only a name that says it is a site: "松花江网" (not "科技新闻").
_SITE_NAME = re.compile(r"(?:网|網|网站|網站|门户网|門戶網|频道|頻道)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def names_a_site(name: str) -> bool:
    """Whether a name is shaped as a site's: "佛山教育政务网", "人民网江苏频道"."""
    return bool(_SITE_END.search(name.strip()))


def squash(text: str) -> str:
    """Text compared without spaces, width or punctuation differences."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text))


def title_parts(raw: str) -> list[str]:
    """The parts of a page's <title> between its separators (headline, section, site)."""
    parts = (s.strip(" -|｜_—") for s in _SEGMENT_SEPARATOR.split(" ".join(raw.split())))
    return [s for s in parts if s]


#: A site's greeting where a title should be: "欢迎访问…", "谢谢您访问〖关注中国中心〗".
GREETING = re.compile(r"^(?:欢迎|谢谢|感谢)(?:您|你)?(?:访问|光临|来到|浏览)")
# What the post carries, said before its title: "语音 | 早安武汉", "视频丨…".
# ... or the field's name a forum prints before it: "主题: 【太行山上】…", "标题：…".
_MEDIA_LABEL = re.compile(
    r"^(?:(?:语音|音频|视频|图集|组图|直播)\s*[|｜丨]|(?:帖子|文章|新闻|信息|政务)?(?:主题|标题|题目|内容)\s*[:：])\s*(?=\S)"
)


def without_label(title: str) -> str:
    """A title without what the post carries, or the field's name, said before it:
    "语音 | 早安武汉" -> "早安武汉", "主题: 太行山上" -> "太行山上"."""
    return _MEDIA_LABEL.sub("", title)


_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_HOST = re.compile(r"(?:https?://)?(?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|gov|edu|info|cc|tv)(?:\.cn)?/?")
# A site's unread counter before the title: "(99+ 封私信 / 87 条消息) …", "(3条消息) …".
_UNREAD = re.compile(r"^[(（][^()（）]{0,24}\d[^()（）]{0,24}[)）]\s*(?=\S)")


_SUBTITLE_START = re.compile("^(?:记|致|忆|献给|写给|我与|我和|访|走进|探访)")
_DASHED_SITE = re.compile(r"\s*(?:——|—|--)\s*([^—\-\s]{2,10})$")


def without_stamp(title: str) -> str:
    """A title without which page it is or the day it was posted after it ("…(第2页)",
    "…的政策解读 2025-10-09"), nor the kind of page in brackets before it ("[试听]…")."""
    return _PAGE_NUMBER.sub("", title)


_ISSUERS_ONLY = re.compile(rf"^(?:{_ISSUER}\s*)+$")


def clean_title(raw: str, site_names: frozenset[str] = frozenset()) -> str:
    """A page's own title without the site and section names after it, the brackets around
    it, a document number after it and a list of issuers before it. `site_names` (squashed)
    are names the page links by: never the headline when another part is left."""
    # Markup a CMS left in the title as text: "…力量<div>——热烈祝贺…</div>".
    text = without_label(_UNREAD.sub("", " ".join(_TAG.sub(" ", raw).split())))
    segments = title_parts(text)
    # A part that is a web address names the site: "海姑娘 | blog.wenxuecity.com".
    segments = [s for s in segments if not _HOST.fullmatch(s)] or segments
    # A part after the first that names the site ends the headline's parts, however long, and
    # what follows is the site's too ("2B支付大战在即 - 经济观察网 － 专业财经新闻网站", its slogan:
    # "好恐怖。。 - 日志 - Se7en - 【舍内网】 - 福州大学城最火爆的…！"; the first part may end in 网 and
    # still be the headline: "…织就一张民生保障网").
    sited = next((i for i, s in enumerate(segments) if i and names_a_site(s.strip("【】[] "))), 0)
    segments = segments[:sited] or segments
    if len(segments) > 1 and site_names and not sited:
        # ... unless only a site's and a channel's names would be left ("买红妹拍戏常常不回家_娱乐频道
        # _凤凰网": the page links to its own headline in a list of top stories).
        kept = [s for s in segments if squash(s) not in site_names]
        segments = kept if kept and not all(_SITE_END.search(s) for s in kept) else segments
    # ... and a part after the first that names an office ("天津郎丰达金属制品有限公司") is not the
    # headline either, however long (the first part may name one and still be it).
    segments = segments[:1] + [s for s in segments[1:] if not _ISSUERS_ONLY.match(squash(s))]
    if len(segments) == 1:
        text = segments[0]
    elif len(segments) > 1:
        # The headline is the longest part in Chinese; site and section names are short,
        # and "Powered by Discuz!" is not Chinese.
        text = max(segments, key=lambda s: (len(_CJK.findall(s)), len(squash(s))))
    # A site's name after a space, with no other separator: "土豆不“土” 土豆无“土” 松花江网".
    head, _, tail = text.rpartition(" ")
    if head and len(squash(head)) >= 8 and len(tail) <= 10 and _SITE_NAME.search(tail):
        text = head

    # ... or after a long dash, which also parts a headline from its subtitle: "…——中新网".
    # (and a section's name before it: "…的改变—新闻—科学网")
    while (dashed := _DASHED_SITE.search(text)) and len(squash(text[: dashed.start()])) >= 8:
        # (a subtitle that names a site is the title's: "…——记人民网", "…——致中国教育网")
        if not names_a_site(dashed.group(1)) or _SUBTITLE_START.match(dashed.group(1)):
            break
        text = text[: dashed.start()]

    if text.startswith("【") and text.endswith("】") and text.count("【") == 1:
        text = text[1:-1]
    text = _PAGE_NUMBER.sub("", _DOC_NUMBER.sub("", text))
    return _ISSUERS.sub("", text).strip()


# What a story carries, said after its title for the eye: "…的博弈(图)", "…(组图)", "…（视频）".
_PICTURED = re.compile(r"\s*[(（\[【]\s*(?:图|组图|多图|图文|视频|附图|附视频)\s*[)）\]】]\s*$")


def unspoken(text: str) -> str:
    """The text without what is there for the eye only: a headline's "(图)", "(组图)", "（视频）"
    stay in the title and the transcript, and are not said."""
    return _PICTURED.sub("", text)


def site_after_comma(title: str) -> tuple[str, str] | None:
    """The title's headline and a site's name after its last comma ("珠海斗门、金湾悄然放松限购,
    斗门房产网"), when the part after it is shaped as a site's name; None otherwise."""
    head, _, tail = re.sub("[，,]", ",", title).rpartition(",")
    if head and len(squash(head)) >= 8 and len(squash(tail)) <= 10 and _SITE_NAME.search(tail.strip()):
        return title[: len(head)], tail.strip()
    return None


def name_after_space(title: str) -> tuple[str, str] | None:
    """The title's headline and the Chinese name after its last space ("…技能大赛 湖南省中医药
    研究院附属医院"), when both are long enough to be what they seem; None otherwise."""
    head, _, tail = title.rpartition(" ")
    if len(squash(head)) >= 8 and 2 <= len(tail) <= 16 and _CJK.match(tail) and _CJK.search(head[-1:]):
        return head, tail
    return None


#: A title cut short with … keeps this many characters at least.
CUT_TITLE_CHARS = 8


def cut_with_ellipsis(cut: str, whole: str) -> bool:
    """Whether `cut`, ending in … or ..., is the start of the longer title `whole` (as a page's
    metadata cuts titles short)."""
    a, b = squash(cut), squash(whole)
    return cut.rstrip().endswith(("…", "...")) and len(a) >= CUT_TITLE_CHARS and len(b) > len(a) and b.startswith(a)


def similar(a: str, b: str) -> bool:
    """Whether two lines are the same title, written a little differently (one of them
    perhaps cut short with … by a page's metadata)."""
    x, y = squash(a), squash(b)
    if not x or not y:
        return False
    if x == y:
        return True
    if cut_with_ellipsis(a, b) or cut_with_ellipsis(b, a):
        return True
    short, long = sorted((x, y), key=len)
    if short in long and len(short) >= 0.8 * len(long):
        return True
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.85


def is_notice_title(line: str) -> bool:
    """A line that names a document: ends in 通知, 公告, 倡议书… (quotes and brackets allowed after)."""
    bare = line.rstrip("》」』”）)】 ")
    return len(line) <= MAX_TITLE and bare.endswith(NOTICE_ENDINGS) and not re.search("[。！？；]", line)


def plausible_title(line: str) -> bool:
    """Short enough and not a sentence: a title may end in ！ or ？ but has no 。 or ；, does
    not end in a colon, and holds no link arrow ("> 豆瓣违规公示")."""
    return (
        2 <= len(line) <= MAX_TITLE
        and not re.search("[。；;>»›]", line.rstrip("。"))
        and not line.endswith(("：", ":"))  # a line that leads into what follows
    )


#: A paragraph, not a heading: a sentence this long.
PROSE_CHARS = 40


def is_prose(text: str) -> bool:
    """A paragraph's text: long, with a sentence's end in it."""
    return len(text) >= PROSE_CHARS and bool(re.search("[。！？；]", text))


_SEPARATORS = " -—–_|｜丨"


def _site_around(first: str, line: str, column: bool = True) -> bool:
    """Whether `first` (what the page calls itself) is the line with the site's name before
    or after it: "高阳县人民政府网站——高阳县人民政府关于…的意见", "土豆不“土”土豆无“土”松花江网";
    with `column`, a column's name parted from it before it counts too ("专题丨…")."""
    a, b = " ".join(first.split()), " ".join(line.split())
    if len(squash(b)) < 8 or a == b or not (a.startswith(b) or a.endswith(b)):
        return False
    rest = a[len(b) :] if a.startswith(b) else a[: -len(b)]
    name = rest.strip(_SEPARATORS)
    parted = rest[:1] in _SEPARATORS if a.startswith(b) else rest[-1:] in _SEPARATORS
    sited = bool(_SITE_END.search(name))
    return bool(name) and len(squash(name)) <= 16 and (sited or (parted and (column or a.startswith(b))))


def _cut_short(line: str, first: str) -> bool:
    """Whether `line` is the start of `first`, cut short (with … or without); not when `first`
    is the line with a site's name after it ("… - 高阳县人民政府网站")."""
    cut, whole = squash(line), squash(first)
    return len(cut) < len(whole) and whole.startswith(cut) and len(title_parts(first)) == 1


def _issuers_before(first: str, line: str) -> bool:
    """Whether `line` is `first` with the names of the offices that issue it before it:
    "慈溪市住房和城乡建设局 慈溪市财政局关于印发…" for "关于印发…"."""
    a, b = squash(first), squash(line)
    return len(a) >= 8 and b.endswith(a) and b != a and bool(_ISSUERS_ONLY.match(b[: -len(a)]))


def _labelled(first: str, line: str) -> bool:
    """Whether `first` is `line` with a forum's or a site's label before it: "转载：…", "Re: …"."""
    m = _LABEL.match(first)
    return m is not None and squash(first[m.end() :]) == squash(line)


# A forum's or a site's label before a title, not a column's name: "转载：", "置顶|", "Re:".
_LABEL = re.compile(r"^(?:转载|置顶|精华|原创|Re|RE|回复|当前位置|您的位置|你的位置)\s*[:：|｜丨]\s*")


# A news agency's dateline before a story's title: "新华社北京5月9日电 题：".
_DATELINE_TITLE = re.compile(r"^[\u4e00-\u9fff]{2,14}\d{1,2}月\d{1,2}日电\s*题\s*[:：]\s*")


#: A printed headline longer than this is no section's name ("政务动态", "新闻中心").
PRINTED_CHARS = 8


def pick_title(
    first: str, lines: list[str], below_prose: Sequence[bool] = (), printed: bool = False
) -> tuple[str, int | None]:
    """The title, and which of `lines` (the top of the page after `first`) it is, if any.

    `first` is what the page says its title is. A line near the top that is the same
    title wins (it is what a reader sees; page metadata is often stale); otherwise, when
    `first` is not a title at all (a site banner, an office name), a line naming a
    notice does. `below_prose` says which lines come after a paragraph: there a line like
    the title, not the same, is the article's own subheading. A `printed` title (the page's
    own heading, not its metadata) is not replaced by a line that is only like it.
    """
    # The document a notice issues, set as a heading of its own below it, is not the notice.
    issued = issued_names(first)
    # (a red header names the issuer, as its signature does: the title is the line naming the notice)
    red = is_red_header(first)
    for i, line in enumerate(lines if not red else ()):
        if squash(line) in issued:
            continue
        # (below a paragraph, a line like the title is the article's own subheading or a
        # caption, not its title: a headline printed with its column's name, "法律窗口: “…”",
        # stays whole; the title without the site's name after it, or without a forum's label
        # ("转载：…"), is still the title)
        # (there a column's name before it stays: "专题丨…" over a paper that prints its own title)
        if i < len(below_prose) and below_prose[i] and not (_site_around(first, line, False) or _labelled(first, line)):
            continue
        if _DATELINE_TITLE.match(line) and similar(first, _DATELINE_TITLE.sub("", line)):
            return _DOC_NUMBER.sub("", first), i  # "新华社北京5月9日电 题：…" says the title again
        around = _site_around(first, line)
        # (a headline the page prints with its column's name, "深度关注丨…", stays whole when
        # the article sets it again without it: that line is its reprint, not read again)
        if printed and around and not _site_around(first, line, False):
            return _DOC_NUMBER.sub("", first), i
        # (a line that only rewords a printed headline is the republisher's rewrite, read as a
        # line of the story: "…？大魔王上下半场…" under "<h1>…？周琦上下半场…</h1>")
        rewrite = printed and not around and squash(line) != squash(first) and not _cut_short(line, first)
        if not rewrite and plausible_title(line) and (similar(first, line) or around):
            # (a line the page cuts short, "…分析研究…", or sets over two lines, is the whole title)
            if _cut_short(line, first):
                # (the line and the one after it, when they are the whole title, are not read again)
                whole = next((j for j, x in enumerate(lines) if squash(x) == squash(first)), i)
                return _DOC_NUMBER.sub("", first), whole
            return _DOC_NUMBER.sub("", without_label(line)), i
        if plausible_title(line) and _issuers_before(first, line):
            return _DOC_NUMBER.sub("", line), i  # the headline as printed, its issuers before it
    # (a headline the page prints as its own, not an office's or a site's name, stays; a short
    # one may be a section's name: "政务动态")
    named = names_a_site(first) or bool(_ISSUERS_ONLY.match(squash(first))) or len(squash(first)) <= PRINTED_CHARS
    if red or (not is_notice_title(first) and len(squash(first)) <= 16 and (named or not printed)):
        for i, line in enumerate(lines):
            # (a numbered part's heading, "二、缴费标准和财政补贴办法", names no notice; nor does a
            # line below the article's first paragraphs: "论坛明确禁止…（当前论坛无规则）" in a list)
            if i < len(below_prose) and below_prose[i]:
                break
            if is_notice_title(line) and plausible_title(line) and not _NUMBERED_PART.match(line):
                return _DOC_NUMBER.sub("", line), i
    return _DOC_NUMBER.sub("", first), None
