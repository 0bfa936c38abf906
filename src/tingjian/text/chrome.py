"""Page chrome: lines of a web page or paste that are not the article (credits, record
blocks, calls to act, breadcrumbs, file names, addresses of pages), decided from scored
features of the line; the words they are made of are data (chrome.toml), not code (pure).

Features: how much of the line is sentence (punctuation, Chinese function words), how much
is separators, links, file names, escapes and Latin, whether it is a run of `key: value`
pairs, and which chrome words it holds. A chrome word alone never drops a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..settings import tomllib
from .title import is_red_header

# Words that make Chinese prose prose: a line full of them is a sentence, not chrome.
FUNCTION_WORDS = "的了是在和与及也就都而又还被把对将要会能为以这那其之于所着过吗呢吧啊我你他她它们"
_SENTENCE_PUNCT = re.compile("[，。！？；、：“”]")
_SEPARATORS = re.compile(r"\s[>»›/|｜丨·•]\s|[>»›|｜]|(?<=[\u4e00-\u9fff])丨(?=[\u4e00-\u9fff])")
# (a path of two slashes or more, not a date written with them: "2023/9/15")
_URLISH = re.compile(
    r"(?:https?://|www\.)[\x21-\x7e]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?!\d{1,4}/\d{1,2}/\d{1,4}(?![\w/]))(?:[A-Za-z0-9_.-]+/){2,}[A-Za-z0-9_.-]*|[A-Za-z0-9_]*[0-9a-f]{16,}[A-Za-z0-9_]*"
)
_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}|&#x?[0-9a-fA-F]+;|%[0-9A-F]{2}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A byline: "中青报·中青网记者 魏其濛 来源：中国青年报", "本报记者 张三 李四".
# A mark a newspaper sets before its byline: "□记者 韩垒", "■本报记者".
_MARK = "[□■◎●▲◆★·•]"
_REPORTED = "(?:综合|綜合)?(?:报|報)(?:导|導|道)"
_BYLINE = re.compile(
    r"^\S{0,14}(?:记者|通讯员|实习生|特约撰稿人?)\s*[\u4e00-\u9fff·、 ]{2,16}\s*(?:来源|稿源|编辑)[：:]\s*\S{1,20}$"
    r"|^\S{0,14}(?:记者|通讯员)\s*[\u4e00-\u9fff·]{2,4}(?:\s*、\s*[\u4e00-\u9fff·]{2,4})+$"
    # names set apart by spaces: "记者 谢梦遥 罗飞"
    r"|^\S{0,14}(?:记者|通讯员)(?:\s+[\u4e00-\u9fff·]{2,4})+$"
    # a medium's reporter's title on its own line, the name on another: "BBC亚洲商业事务记者"
    r"|^(?:[A-Z]{2,}|[\u4e00-\u9fff]{0,8}(?:报|台|社|网|新闻|广播|电视))[\u4e00-\u9fffA-Za-z·]{0,10}(?:驻[\u4e00-\u9fff]{1,6})?(?:记者|特派记者|特约记者)$"
    # a byline alone at the end, its spaces gone: "新京报记者陆一夫", "澎湃新闻记者段彦超廖艳",
    # "作者 中青报·中青网记者 杨海"
    r"|^(?:作者\s*)?(?:本报|本台|本网|本刊|[\u4e00-\u9fff·]{1,12}(?:报|网|社|台|新闻|广播))记者"
    r"(?!.*(?:了解|获悉|表示|发现|看到|注意到|采访|走访|探访|来到|前往|走进|深入|调查|跟随|随|从|在|对|向|与|和|说))[\u4e00-\u9fff·]{2,9}$"
    # Taiwan's and Hong Kong's: "國際中心／羅明輝報導", "記者王小明／台北報導", "編輯 廖國安 報導"
    # (in traditional characters, which the words table may not turn simplified)
    rf"|^[\u4e00-\u9fff]{{0,10}}\s*[／/]\s*[\u4e00-\u9fff·]{{2,4}}\s*{_REPORTED}$"
    # ... after the site's name and the day, or in brackets: "新頭殼newtalk2014.10.24 金名/高雄報導",
    # "（劉利貞／綜合外電報導）"
    rf"|^[^，。！？；]{{0,24}}?[\u4e00-\u9fff·]{{2,4}}\s*[／/]\s*[\u4e00-\u9fff]{{2,6}}?\s*{_REPORTED}$"
    rf"|^[（(][\u4e00-\u9fff·]{{2,4}}\s*[／/]\s*[\u4e00-\u9fff]{{0,6}}{_REPORTED}[）)]$"
    r"|^(?:实习|實習)?(?:记者|記者|编辑|編輯|编译|編譯)\s*[\u4e00-\u9fff·]{2,4}(?:\s*[、，]\s*[\u4e00-\u9fff·]{2,4})*"
    rf"\s*(?:[／/]\s*[\u4e00-\u9fff]{{2,8}})?\s*{_REPORTED}$"
    # (names and the place parted by spaces, gone by now: "記者賴淑敏 蔣龍祥 台北報導")
    rf"|^(?:记者|記者)(?!.*(?:了|的|在|从|從|到|对|對|向|与|與|和|说|說|看|发|發|是))[\u4e00-\u9fff·、]{{4,14}}{_REPORTED}$"
    # the places a story was gathered from: "台中 嘉義 綜合報導"
    rf"|^(?:[\u4e00-\u9fff]{{2,3}}[\s、]*){{1,4}}(?:综合|綜合){_REPORTED}$"
)

# A date and/or a clock time as pages stamp posts: "2023-02-28 17:31:30", "2020年01月12日18:32",
# "2005.08.26", "05-20 13:09".
_DATE = r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
_DAY_CLOCK = rf"(?<!\d)\d{{1,2}}[-/月]\d{{1,2}}日?\s*{_CLOCK}"
STAMP = re.compile(rf"{_DATE}(?:\s*{_CLOCK})?|{_DAY_CLOCK}|(?<![\d:]){_CLOCK}(?![\d:])")
#: A day's date, as a diary heads its days with: "2023/9/15", "2023年9月16日".
DATE = re.compile(_DATE)
# A stamp alone on its line with its weekday and the half of the day before its clock:
# "2024年5月20日週一 下午2:05" (right under a title: a notice's meeting time is further down).
DAY_STAMP = re.compile(
    rf"{_DATE}\s*[（(]?(?:星期|礼拜|禮拜|周|週)[一二三四五六日天][）)]?\s*(?:上午|下午|中午|晚上|凌晨|早上)?\s*{_CLOCK}"
)
# When a page posted it, in a machine's figures after a label: "时间：2024-04-09 09:04" (right
# under a title: an event's time is further down).
POSTED_AT = re.compile(r"(?:时间|日期)\s*[：:]\s*\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?")
# A stamp with its clock time and a name beside it, nothing else: who posted it and when
# ("2016年05月25日10:10新浪财经", "华为云开发者联盟2022-11-23 11:30:33"). A notice is signed
# with a date, not a time.
_TIMED = rf"{_DATE}\s*{_CLOCK}|{_DAY_CLOCK}"
_NAME = r"[\u4e00-\u9fffA-Za-z0-9·_]{1,12}"
# (after a label of who: "原创：39健康网2024-04-23 12:27:25"; "时间：2024年5月1日 9:00" is a notice's)
_DATELINE = re.compile(
    rf"^(?:(?:原创|来源|作者|稿源|出处)[：:]\s*)?(?:(?:{_TIMED})\s*{_NAME}|{_NAME}\s*(?:{_TIMED}))$"
    # ... or a paper's name and the day in figures: "人民日报 2024-05-01" (a notice is signed with
    # the day in words; a school's or a hospital's name and a day may be a schedule's line)
    rf"|^[\u4e00-\u9fff]{{1,10}}(?:日报|晚报|新闻网|电视台|报社)\s*\d{{4}}-\d{{1,2}}-\d{{1,2}}$"
)
#: A date in words alone ("2024年11月28日"): the date under a notice's signature, to be read.
# A date on a line of its own, in figures or in words: "2024年11月28日", "二○一二年六月二十日".
_CN_DIGIT = "〇○零一二三四五六七八九"
SIGNED_DATE = re.compile(
    rf"^(?:\d{{4}}|[{_CN_DIGIT}]{{4}})年(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})月(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日$"
)


#: The longest line read as roles and names without separators ("编辑刘晓阳校对李铭").
SPACELESS_CREDIT = 24


@dataclass(frozen=True)
class Lexicon:
    """The chrome words, compiled."""

    credit: re.Pattern[str]
    #: Roles and names with the separators gone, on a short line (matched only there).
    spaceless_credit: re.Pattern[str]
    glued_credit: re.Pattern[str]
    #: A role and names parted by spaces, before the spaces are removed: "编辑 从玉华", "原创 霍思伊 杨智杰".
    spaced_credit: re.Pattern[str]
    record: re.Pattern[str]
    calls: tuple[str, ...]
    breadcrumb: tuple[str, ...]
    file_name: re.Pattern[str]
    footer: tuple[str, ...]
    english: tuple[str, ...]
    #: Counter words and the words around stamps and counters ("发布于", "人赞同了该回答").
    metadata_words: re.Pattern[str]


@lru_cache(maxsize=1)
def chrome_words() -> dict[str, Any]:
    """The word lists of chrome.toml."""
    return tomllib.loads((resources.files("tingjian.text") / "chrome.toml").read_text("utf-8"))


def _any(words: Iterable[str]) -> str:
    """A regular expression alternation of the words, the longest first."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = chrome_words()
    roles = _any(data["credit_roles"])
    keys = _any(data["record_keys"])
    # A name is no question or sentence: "记者：被榜样，有压力么？" is an interview's line, and so
    # is its start when a link cuts it ("记者：演了那么多媳妇，这次给<a>葛优</a>…"): no particle.
    # (one may be marked an intern's: "刘雅婷(实习生)"; a work's name in 《》 counts as one word:
    # "封面图：《小丑2：双重妄想》")
    names = (
        r"(?:《[^》]{1,24}》|[^\s：:|｜︱│/／（）()【】\[\]？！?!。了么吗呢吧啊这那《》]){1,12}?(?:[（(]实习生[）)])?"
    )
    # A role of two characters or more may have a word of credit_prefixes before it: "总策划：贾冬婷",
    # "文章来源：央视新闻" (not "王文：…", a name and a one-character role, nor "资金来源：区财政").
    long_roles = _any(r for r in data["credit_roles"] if len(r) >= 2)
    prefixes = _any(data["credit_prefixes"])
    one_role = rf"(?:(?:{prefixes})(?:{long_roles})|(?:{roles}))"
    # (roles done by the same people: "文字+排版：李幸倍")
    role = rf"{one_role}(?:\s*[+＋&]\s*{one_role})*"
    # (a reviewer's role takes one short name: "终审：张强", not "终审：驳回上诉，维持原判")
    reviewers = _any(data["review_roles"])
    reviewed = r"\s*[：:|｜丨︱│/／]\s*[\u4e00-\u9fff·]{2,3}"
    # (a court's instances credit no one: a chain of reviewers is parted by spaces, not commas)
    review = rf"(?:{_any(data['review_alone'])}){reviewed}|(?:{reviewers}){reviewed}(?:\s*(?:{reviewers}){reviewed})+"
    # (names parted by slashes: "編輯：唐佩君/呂佳蓉")
    pair = rf"(?:{role}\s*[：:|｜丨︱│/／]\s*{names}(?:[\s、，,；;/／]+{names})*|{review})"
    # Pairs follow each other with or without a separator: spaces between Chinese are gone
    # by now ("撰稿：李明初审：王芳终审：张强"), or a slash stands between ("排版：乔木 / 审核：雅婷").
    pairs = rf"{pair}(?:[\s，,；;/／|｜]*{pair})*"
    # (and what was done to it after the names: "记者：贾安琪/编译")
    # A person's name: two to four Chinese characters, or a capitalised word or a few.
    person = r"(?:[\u4e00-\u9fff·]{2,4}|[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,3})"
    # (people, parted: "调研：Alexwood；李幸倍", or one after a bar: "翻译｜肖思航"; not "翻译：苹果")
    person_role = _any(data["person_roles"])
    people = (
        rf"(?:{person_role})\s*(?:[：:]\s*{person}(?:\s*[、，,；;]\s*{person})+"
        rf"|[|｜丨︱│]\s*{person}(?:\s*[、，,；;]\s*{person})*)"
    )
    # (who supplied the story, named before the word, and then perhaps the credits: "药剂科供稿 摄影/张艳")
    supplied = r"[\u4e00-\u9fff、·]{2,24}供稿"
    # (or a role whose name the page left empty: "责任编辑：", not a source's label over a
    # bulletin's list of sources: "资料来源：")
    editors = _any(r for r in data["credit_roles"] if len(r) >= 2 and not r.endswith(("来源", "来自", "资料")))
    credit = re.compile(
        rf"^{_MARK}?\s*[（(【\[]?\s*(?:{supplied}\s*(?:{pairs})?|{pairs}|{people}|(?:{editors})\s*[：:])"
        # (and the day's code an agency files it under: "（編輯：唐佩君/呂佳蓉）1120823")
        rf"(?:\s*[/／]\s*(?:编译|整理|综合))?\s*[）)】\]]?(?:\s*\d{{6,8}})?$"
    )
    # Two or three roles each with its name, the separators gone: "编辑刘晓阳校对李铭".
    spaceless = re.compile(
        rf"^{_MARK}?\s*(?:(?:{long_roles})[\u4e00-\u9fff·]{{2,4}}|(?:{reviewers})[\u4e00-\u9fff·]{{2,3}}){{2,3}}$"
    )
    glued = re.compile(rf"\s*[（(【\[]\s*{pairs}\s*[）)】\]]\s*(?:\d{{6,8}})?$")
    # (a role of two characters or more, perhaps after where it was done: "微信编辑 陈轶男", or
    # an editor after the paper's short name: "每经编辑 郭鑫")
    spaced = re.compile(
        rf"^(?:(?:微信|网络|新媒体)?(?:{prefixes})?(?:{long_roles})|[\u4e00-\u9fff]{{1,4}}(?:编辑|责编)|原创)"
        rf"((?:[ \t\u3000]+[\u4e00-\u9fff·]{{2,4}}){{1,4}})$"
    )
    # (a key may say whose or which it is: "文章发布时间:", "最后更新时间:", "文章总字数:")
    record = re.compile(rf"^[\[【]?\s*(?:文章|本文|最后|最近|最新)?(?:{keys})\s*[\]】]?\s*[：:]")
    extensions = "|".join(map(re.escape, data["file_types"]))
    file_name = re.compile(rf"^\S[^。，！？]{{0,60}}\.(?:{extensions})$", re.I)
    return Lexicon(
        credit,
        spaceless,
        glued,
        spaced,
        record,
        tuple(data["calls_to_action"]),
        tuple(data["breadcrumb_words"]),
        file_name,
        tuple(data["footer_starts"]),
        tuple(data["english_chrome"]),
        re.compile(_any([*data["counter_words"], *data["metadata_words"]])),
    )


def spaced_credit(raw: str) -> bool:
    """A role and people's names parted by spaces, as a line stands before cleaning closes them up:
    "编辑 从玉华", "原创 霍思伊 杨智杰" (not "记者 手记", "编辑 说明": words, not names)."""
    m = lexicon().spaced_credit.match(" ".join(raw.split()))
    return m is not None and all(_a_name(name) for name in m.group(1).split())


@lru_cache(maxsize=1024)
def _a_name(word: str) -> bool:
    """Whether a short word is a person's name: jieba tags it, or its first part, a name (nr)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    first = next(iter(jieba.posseg.cut(word)), None)
    return first is not None and first.flag.startswith("nr")


def prose_score(line: str) -> float:
    """How much the line reads as a sentence: clause punctuation and function words per character."""
    cjk = len(_CJK.findall(line))
    if not cjk:
        return 0.0
    punct = len(_SENTENCE_PUNCT.findall(line))
    function = sum(line.count(c) for c in FUNCTION_WORDS)
    return (2 * punct + function) / max(cjk, 1)


#: A sentence that gives an address has this many Chinese characters at least ...
TOLD_ADDRESS_CHARS = 5
#: ... and one that gives a web address this many.
TOLD_LINK_CHARS = 8
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB_ADDRESS = re.compile(r"https?://|www\.", re.I)


#: A trail of links is this short, or says nothing, or opens by saying where you are.
BREADCRUMB_CHARS = 80
_WHERE_YOU_ARE = tuple(w for w in chrome_words()["breadcrumb_words"] if w != "首页")


# A site's own address opening a line of its stamp and fields: "http://ent.163.com 2005-08-05 09:44:40来源：…".
_SITE_ADDRESS = re.compile(r"^(?:https?://|www\.)[\w.-]+/?\s+(?=\S)")


def chrome_reason(line: str) -> str | None:
    """Why a (cleaned) line is page chrome, or None when it is article text."""
    addressed = _SITE_ADDRESS.match(line)
    if addressed and (reason := _chrome_reason(line[addressed.end() :])):
        return reason
    return _chrome_reason(line)


def _chrome_reason(line: str) -> str | None:
    lex = lexicon()
    length = len(line)
    if length <= 60 and (
        lex.credit.match(line)
        or _BYLINE.match(line)
        or (length <= SPACELESS_CREDIT and lex.spaceless_credit.match(line))
    ):
        return "credit line"
    if lex.file_name.match(line):
        return "file name"
    if is_red_header(line):
        return "document's red header"
    linked = sum(len(m) for m in _URLISH.findall(line)) + sum(len(m) for m in _ESCAPE.findall(line))
    # (an address inside a sentence is read: "将你的问题发送至Dataprivacy@tencent.com；")
    # (an e-mail address: a web address is no sound to hear, and its line is dropped)
    mailed = _EMAIL.search(line) is not None and not _WEB_ADDRESS.search(line)
    # (... unless the sentence goes on after it to say what to do with it: "https://docs.qq.com/…
    # 请填写此链接文档后进入QQ群。"; not "点击查看详情https://weibo.com/123；")
    after = line[max((m.end() for m in _URLISH.finditer(line)), default=0) :]
    said = len(_CJK.findall(line)) >= TOLD_ADDRESS_CHARS if mailed else len(_CJK.findall(after)) >= TOLD_LINK_CHARS
    told = said and line.endswith(("；", "。", ";", "！")) and (mailed or bool(_WEB_ADDRESS.search(line)))
    if linked and linked >= 0.5 * length and not told:
        return "address or escapes"
    record = lex.record.match(line)
    if (
        record
        and length <= 80
        and (not re.search("[，。！？；]", line[record.end() :]) or _word_list(line[record.end() :]))
    ):
        return "record field"
    if _field_run(line, lex.record):
        return "record field"
    # (a paragraph of sentences that ends in a glued "返回腾讯网首页>>" is no trail)
    if (
        any(w in line for w in lex.breadcrumb)
        and (len(_SEPARATORS.findall(line)) >= 1 or length <= 12)
        and (length <= BREADCRUMB_CHARS or prose_score(line) < 0.25 or line.startswith(_WHERE_YOU_ARE))
    ):
        return "breadcrumb"
    if len(_SEPARATORS.findall(line)) >= 2 and prose_score(line) < 0.25 and length <= 80:
        return "navigation"
    # (a notice's own field closes with a full stop: "承办单位：宿州市宿房网信息发展有限公司。")
    if _footer_field(line, lex.footer) and length <= 80 and prose_score(line) < 0.5 and not line.endswith("。"):
        return "site footer"
    if line.isascii() and not _CJK.search(line) and length <= 120:
        lowered = line.lower()
        if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in lex.english):
            return "English page chrome"
    if is_metadata(line) or _DATELINE.match(line) or _stamped_field(line, lex.record) or _post_header(line):
        return "stamp or counter"
    if _NO_COPYING.match(line) or _rights_paragraph(line):
        return "site's disclaimer"
    if (
        length <= DISCLAIMER_CHARS
        and _DISCLAIMS.search(line)
        and _ABOUT_POSTS.search(line)
        and not _REPORTED_SPEECH.search(line)
    ):
        return "site's disclaimer"
    found = [w for w in lex.calls if w in line]
    # A sentence that only mentions logging in (clauses and function words: it reads as
    # prose, and the prompt's words are a small part of it) is not a prompt to do it.
    covered = sum(map(len, found))
    if (
        found
        and length <= 80
        and (len(found) >= 2 or covered >= 0.4 * length)
        and (prose_score(line) < 0.3 or covered >= 0.25 * length)
    ):
        return "call to act"
    return None


#: A tag or keyword is this short; a list of them is parted by commas ("抖音，直播，短视频").
LIST_WORD_CHARS = 8


def _word_list(text: str) -> bool:
    """Words parted by commas and nothing else: a field's list of tags, not a sentence."""
    words = re.split(r"\s*[，、,；;]\s*", text.strip())
    return len(words) >= 2 and all(0 < len(w) <= LIST_WORD_CHARS and not re.search("[。！？]", w) for w in words)


# A site's disclaimer says whose view a post is not, why it was copied, that it may not be
# copied, or that the site only stores it ("…仅代表作者本人观点，不代表新浪网观点或立场",
# "转载目的在于传递更多信息", "未经授权，不得转载"), and it speaks of this post or this site, or
# opens as a statement ("特别声明：", "免责声明："): a story about a platform is read.
_DISCLAIMS = re.compile(
    r"(?:不代表|并不代表|仅代表|纯属)[^。！？]{0,24}(?:观点|立场)|(?:转载[^。！？]{0,10}|目的在于|出于)传递更多信息"
    r"|(?:未经|没有)[^。，！？]{0,6}(?:授权|许可)[^。！？]{0,10}(?:不得|禁止|严禁|谢绝)[^。！？]{0,4}(?:转载|转贴|摘编|复制)"
    r"|仅提供信息(?:存储|发布)"
)
_ABOUT_POSTS = re.compile(
    r"本网|本站|本平台|本文|该文观点|本号|本刊|文中图片|来源于网络|^以上网友(?:发言|评论|言论)|^[^，。：:]{0,8}(?:声明|免责)\s*[：:]"
)
# (a story that reports a statement is the story: "该平台表示，文章观点不代表平台立场")
_REPORTED_SPEECH = re.compile(r"(?:表示|声称|称|说|指出|认为|回应|介绍|强调|提醒|透露|表明)[，,：:]")
# A short line that forbids copying, on its own: "文章未经授权，不得转载".
# (and what else it may not be: "本网站之文字、图片及影音，非经授权，不得转载、公开播送或公开传输及利用。")
_NO_COPYING = re.compile(
    r"^[^。！？]{0,16}(?:未经|非经)[^。！？]{0,8}(?:(?:授权|许可)[，,]?\s*(?:不得|禁止|严禁|谢绝|请勿)(?:转载|复制|摘编)"
    r"|(?:允许|同意)[，,]?\s*(?:不得|禁止|严禁|谢绝|请勿)转载)[^。！？]{0,20}[。.！!]?[）)]?$"
)
# What each sentence of a medium's paragraph on its rights speaks of, and what one of them forbids.
_RIGHTS_WORDS = re.compile("版权|授权|转载|侵权|原创|著作权|摘编|违者必究|法定权利")
_FORBIDS = re.compile(r"(?:未经|非经)[^。！？]{0,12}(?:授权|许可|同意|允许)[^。！？]{0,4}(?:不得|禁止|严禁|请勿|谢绝)")


def _rights_paragraph(line: str) -> bool:
    """A paragraph of sentences on the medium's rights, one of which forbids copying without
    leave: "此内容为第一财经原创。未经第一财经授权，不得以任何方式加以使用…。第一财经将追究侵权者的
    法律责任。" (a story about a copyright case has sentences on other things)."""
    if len(line) > DISCLAIMER_CHARS or not _FORBIDS.search(line):
        return False
    sentences = [x for x in re.split(r"(?<=[。！？!?])", line) if x.strip()]
    return len(sentences) >= 2 and all(_RIGHTS_WORDS.search(x) for x in sentences)


#: A disclaimer is a paragraph at most.
DISCLAIMER_CHARS = 240


# A machine's stamp to the minute: "2024-04-07 13:19:20", "2023/2/28 17:31".
_MACHINE_STAMP = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*\d{1,2}:\d{2}")
#: A post's header line is short, and says nothing ("活动定于2024-05-01 17:00在社区举行" does).
POST_HEADER_CHARS = 48
POST_HEADER_PROSE = 0.2


def _post_header(line: str) -> bool:
    """A post's header: who, a machine's stamp and counters, nothing said ("6765有用小倪儿看过
    2024-04-07 13:19:20贵州"); a notice writes its times in words and after a label."""
    # (after the label of who posted it: "来自： philokimia(Bella ciao) 2020-03-31 16:45:26已编辑")
    line = _POSTER.sub("", line)
    return (
        len(line) <= POST_HEADER_CHARS
        and _MACHINE_STAMP.search(line) is not None
        and not re.search("[，。！？；：:,;!?]", STAMP.sub(" ", line))
        and prose_score(line) < POST_HEADER_PROSE
    )


_POSTER = re.compile(r"^(?:来自|楼主|发帖人|发布者|发布人)\s*[:：]\s*")


# A time told from now, as comment lists stamp them: "6天前", "10 分钟前".
_AGO = re.compile(r"\d+\s*(?:秒|分钟|小时|天)前")


# How long a post takes to read: "阅读4分钟", "阅读时长：约6分钟", "预计阅读 6 分钟".
_READING_TIME = re.compile(r"(?:预计|大约|约需)?阅读\s*(?:时长|时间)?\s*[:：]?\s*约?\s*\d+\s*分钟")

_CLOCK_RANGE = re.compile(rf"{_CLOCK}\s*[-－~～—–至到]\s*{_CLOCK}")
# How long a post is: "约 2719 字", "全文共1.2万字".
_WORD_COUNT = re.compile(r"(?:约|共|全文共?|本文共?)?\s*\d[\d,.]*\s*[万千]?\s*字")


def is_metadata(line: str) -> bool:
    """A post's stamp and counters and nothing else: "2023-02-28 17:31:30阅读5605",
    "发布于2024-04-03 09:55・IP 属地重庆", "2点赞· 1评论", "161人赞同了该回答", "时间：2024.05.20".
    A date in words alone is not: it closes a notice."""
    # (a schedule's times are ranges: "2023年7月4日 8:30-12:00，13:00-17:25"; a stamp's are not)
    if len(line) > 48 or not re.search(r"\d", line) or SIGNED_DATE.match(line) or _CLOCK_RANGE.search(line):
        return False
    stamped = STAMP.search(line) is not None or _AGO.search(line) is not None
    rest = _AGO.sub(" ", STAMP.sub(" ", line))
    rest = re.sub(r"IP\s*属地\s*[\u4e00-\u9fff]{0,8}", " ", rest)
    if stamped and re.search("(?:发布|编辑|更新|发表)于", line):  # (where from: "编辑于 2025-04-22 18:07 ・北京")
        rest = re.sub(r"[・·]\s*[\u4e00-\u9fff]{2,8}\s*$", " ", rest)
    timed = _READING_TIME.search(rest) is not None
    rest = _READING_TIME.sub(" ", rest)
    # (and how long it is, said beside its stamp or its reading time: "约 2719 字")
    if stamped or timed:
        rest = _WORD_COUNT.sub(" ", rest)
    counted = timed or lexicon().metadata_words.search(rest) is not None
    rest = lexicon().metadata_words.sub(" ", rest)
    rest = re.sub(r"[\d.,+万千wWkK\s·・|｜/\\()（）\[\]【】：:，,、；;-]", "", rest)
    return (stamped or counted) and not rest


# One `key：value` field of a run glued together: "时间：2024.05.20来源：1905电影网".
# (a field may wait for its value: "时间：2024年01月29日 作者： 来源：")
_FIELD = re.compile(
    r"([\u4e00-\u9fff]{2,5})\s*[：:]\s*((?:[^：:，。！？；\s][^：:，。！？；]{0,23}?)??)\s*(?=[\u4e00-\u9fff]{2,5}\s*[：:]|$)"
)


def _field_run(line: str, record: re.Pattern[str]) -> bool:
    """Two or more short `key：value` fields and nothing else, one of them a record key
    (来源, 作者, 发布时间…). A notice's "时间：…地点：…" has no record key and is read."""
    if len(line) > 80:
        return False
    line = STAMP.sub("0", line)  # a stamp's own colons and spaces: "时间：2009-11-10 09:06:53来源：…"
    fields = list(_FIELD.finditer(line))
    if len(fields) < 2 or "".join(m.group(0) for m in fields) != line:
        return False
    return any(record.match(m.group(0)) for m in fields)


# Keys of who wrote or carried a story ("笔试成绩发布时间：2024年6月28日 17:00" is a notice's).
_SOURCE_KEY = re.compile(r"(?:来源|稿源|作者|编辑|出处)\s*[：:]")


def _stamped_field(line: str, record: re.Pattern[str]) -> bool:
    """A post's stamp and then its record fields: "2005-01-06 08:13更新来源：转载文章"; or a
    short line with a source's field and a stamp to the minute after a column's name: "社会新闻
    来源：中国新闻网2016年11月10日04:44 A-A+" (an article's sentence has its punctuation)."""
    keyed = (_SOURCE_KEY.match(line[k.start() :]) for k in re.finditer(r"(?<=[\u4e00-\u9fff])", line[:12]))
    if len(line) <= 60 and re.search(_TIMED, line) and not re.search("[，。！？；]", line) and any(keyed):
        return True
    m = STAMP.match(line)
    if not m or len(line) > 60:
        return False
    rest = re.sub(r"^\s*(?:更新|发布|发表)?(?:于|时间)?\s*", "", line[m.end() :])
    return bool(rest) and (_field_run(rest, record) or bool(record.match(rest) and not re.search("[，。！？；]", rest)))


def _footer_field(line: str, starts: tuple[str, ...]) -> bool:
    """A footer field: "主办单位：…" (a label and a colon), or a line opening with © / Copyright."""
    for word in starts:
        if line.startswith(word):
            rest = line[len(word) :].lstrip()
            return word.endswith(("：", ":")) or not _CJK.search(word) or rest[:1] in ("：", ":")
    return False


# A line in traditional characters is judged by the same words: 版權所有 -> 版权所有.
_TRADITIONAL = chrome_words()["traditional"]
SIMPLIFIED = str.maketrans(_TRADITIONAL[0::2], _TRADITIONAL[1::2])

# A note glued after a paragraph's last sentence: "…启动仪式。（刘通摄）", "…宣布。（完）".
# (or a news agency's day code, in the Republic of China's years: "…需要數月時間。1020813"; or
# who reported it: "…即溶咖啡原料。（劉利貞／綜合外電報導）")
_GLUED_NOTE = re.compile(
    r"(?<=[。！？”])\s*(?:[（(]\s*(?:完|全文完|[\u4e00-\u9fff·]{2,12}\s*(?:摄|摄影|供图))\s*[）)]"
    rf"|[（(][\u4e00-\u9fff·]{{2,4}}\s*[／/]\s*[\u4e00-\u9fff]{{0,6}}{_REPORTED}[）)]"
    r"|1[01]\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$"
)


def strip_glued_credit(line: str) -> str:
    """A paragraph without the credit glued to its end: "…同比增长5%。（编辑：严玉洁 王辉）",
    "…启动仪式。（刘通摄）", "…如此高。（編輯：唐佩君/呂佳蓉）1120823"."""
    line = _GLUED_NOTE.sub("", line)
    # (its simplified form has the same length: a credit found there is cut from the line)
    m = lexicon().glued_credit.search(line.translate(SIMPLIFIED))
    return line[: m.start()].rstrip() if m and m.start() > 0 else line
