"""Cleaning rules for pasted Chinese text: each rule is small, named and pure.

Text is handled as *blocks* (runs of non-blank lines separated by blank lines);
a block is a tuple of lines.  Line rules map one line to a cleaned line,
junk rules decide whether a whole line is page chrome, block rules mend
paragraphs broken by copy-paste.  `clean_blocks` applies them in order.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

from .chrome import DATE, FUNCTION_WORDS, SIMPLIFIED, chrome_reason, chrome_words, spaced_credit, strip_glued_credit

Block = tuple[str, ...]

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters that may end a sentence (with any closing quotes after them).
SENTENCE_END = "。！？…；!?;"
CLOSERS = "”’」』）)》〉】\"'"
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
HEADING_MARKS = "★☆●■◆◇▲△►▶♦"
FULLWIDTH = {",": "，", ".": "。", "!": "！", "?": "？", ":": "：", ";": "；"}

_ZH_PUNCT = "，。！？、；：“”‘’（）《》【】…—·"
_PUNCTUATED = re.compile(f"[{re.escape(_ZH_PUNCT + SENTENCE_END)}]")
_CJK_CHAR = re.compile(f"[{CJK}]")
_ZH = f"[{CJK}{_ZH_PUNCT}]"
_SPACE_IN_ZH = re.compile(f"(?<={_ZH})[ \t]+(?={_ZH})")
_SPACE_AROUND_ASCII_PUNCT = re.compile(
    f"(?<=[{CJK}”’）])[ \t]*([,.!?:;])[ \t]*(?=[{CJK}“‘（])|(?<=[{CJK}”’）])[ \t]+([,.!?:;])"
)
_SPACE_AROUND_DIGITS = re.compile(f"(?<=[{CJK}])[ \t]+(?=\\d)|(?<=\\d)[ \t]+(?=[{CJK}])")
_STRAIGHT_QUOTES = re.compile(f'"([^"]*[{CJK}][^"]*)"')
# A "." before Latin letters or digits is a file name's or an address's, not a full stop.
_HALF_PUNCT = re.compile(f"(?<=[{CJK}”’）])([,!?:;]|\\.(?![A-Za-z0-9.]))|([,!?:;])(?=[{CJK}“‘（])")


def one_line(value: str) -> str:
    """Text that must stay on one line (a title, a field of a line-based format): control
    characters and line breaks become spaces, so it cannot add a line of its own."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", value).split())


def has_cjk(text: str) -> bool:
    """True when the text contains at least one Chinese character."""
    return bool(_CJK_CHAR.search(text))


# ---------------------------------------------------------------- line rules


def normalize_line(line: str) -> str:
    """Drop zero-width characters, unify odd spaces, trim the line."""
    line = line.translate(ZERO_WIDTH)
    line = line.replace("\u3000", " ").replace("\xa0", " ").replace("\t", " ")
    line = unicodedata.normalize("NFC", line)
    return line.strip()


def remove_spaces_in_chinese(line: str) -> str:
    """Remove stray spaces between Chinese characters and around punctuation ("工作人员 , 开展")."""
    line = _SPACE_AROUND_ASCII_PUNCT.sub(lambda m: m.group(1) or m.group(2), line)
    line = _SPACE_AROUND_DIGITS.sub("", line)
    return _SPACE_IN_ZH.sub("", line)


def curly_quotes(line: str) -> str:
    """Straight double quotes around Chinese text become “ ” (they then segment like Chinese quotes)."""
    return _STRAIGHT_QUOTES.sub(lambda m: f"“{m.group(1)}”", line)


def fullwidth_punctuation(line: str) -> str:
    """Half-width , . ! ? : ; next to Chinese become full-width (9:00, 3.5, 1,000 and the
    dots of "押一付一..." stay)."""
    return _HALF_PUNCT.sub(lambda m: FULLWIDTH[m.group(1) or m.group(2)], line)


# Forum anti-scraping noise: short runs of ASCII letters, digits and symbols.
_JUNK_TOKEN = r"[\x21-\x7e]{1,3}"
_GLUED_HEAD = re.compile(rf"^(?:{_JUNK_TOKEN}\s+){{2,}}{_JUNK_TOKEN}\s*(?=[{CJK}“‘（])")
_GLUED_TAIL = re.compile(rf"(?<=[{CJK}{_ZH_PUNCT}])\s*(?:{_JUNK_TOKEN}\s+){{2,}}{_JUNK_TOKEN}$")


def _noisy(run: str) -> bool:
    tokens = run.split()
    symbols = sum(1 for t in tokens if re.search(r"[^\w]", t) or (re.search(r"\d", t) and re.search(r"[A-Za-z]", t)))
    return len(tokens) >= 3 and symbols * 2 >= len(tokens)


def strip_glued_junk(line: str) -> str:
    """Remove anti-scraping ASCII runs glued to the start or end of a real paragraph."""
    for pattern in (_GLUED_HEAD, _GLUED_TAIL):
        m = pattern.search(line)
        if m and _noisy(m.group(0)):
            line = (line[: m.start()] + line[m.end() :]).strip()
    return line


# A number glued after a paragraph's last sentence: a comment or like counter ("…的出口。12").
_TRAILING_COUNTER = re.compile("(?<=[。！？…”」』])\\s*\\d{1,5}$")


# A link back to the site glued after a paragraph's last sentence: "…万元。▲ (崔明轩)返回腾讯网首页>>".
_GLUED_HOME = re.compile(r"(?<=[。！？…”」』)）])\s*返回[^，。！？\s]{0,10}首页\s*[>»›]+$")
# ... or the link to where it was first posted: "…2021年5月13日原文链接：http://mysf.sino-web.cn/…".
_GLUED_SOURCE = re.compile(r"(?<=\S)\s*(?:原文|本文|来源|文章)(?:链接|地址)\s*[:：]\s*(?:https?://\S*)?$")


def strip_glued_home(line: str) -> str:
    """A paragraph without the link home, or to where it was first posted, a page glued after it."""
    return _GLUED_SOURCE.sub("", _GLUED_HOME.sub("", line))


# When a post was last edited, glued after its last line: "…鼓励一下作者吧编辑于2025-04-22 18:07 ・北京".
_GLUED_STAMP = re.compile(
    r"(?<=[\u4e00-\u9fff。！？…”」』)）])\s*(?:发布于|编辑于|更新于)\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?"
    r"(?:\s*[・·]\s*(?:IP\s*属地\s*)?[\u4e00-\u9fff]{2,8})?$"
)


def strip_glued_stamp(line: str) -> str:
    """A paragraph (a line of its own before it) without the stamp of its last edit a page
    glued after it."""
    m = _GLUED_STAMP.search(line)
    return line[: m.start()] if m and m.start() >= GLUED_STAMP_AFTER else line


#: Text before a glued stamp is a line of its own this long at least ("文件编辑于…" is a sentence).
GLUED_STAMP_AFTER = 8


def strip_trailing_counter(line: str) -> str:
    """A paragraph without the counter a page glued after its last sentence."""
    return _TRAILING_COUNTER.sub("", line)


_ORIGINAL_TITLE = re.compile(r"^\s*(?:([（(])\s*原(?:标)?题(?:为|是)?\s*(?:[:：]|(?=《))|(?:本文)?原标题\s*[:：])")


def strip_original_title(line: str) -> str:
    """A line without a repost's note of the story's original headline at its start:
    "（原标题：龙湖集团“暗伤”曝露？）华为已经预告…" -> "华为已经预告…"; a note on a line of
    its own goes whole ("（原题为《…》）", "本文原标题：《…》")."""
    m = _ORIGINAL_TITLE.match(line)
    if not m:
        return line
    if not m.group(1):
        return "" if len(line) <= 80 else line
    depth = 0
    for i, c in enumerate(line):
        depth += c in "（("
        depth -= c in "）)"
        if depth == 0:
            return line[i + 1 :].strip()
    return "" if len(line) <= 80 else line  # the note runs on: the headline broken over two lines


# A reference's mark after a word or a sentence, as encyclopedias set them: "…揭牌启动。[3-4]",
# "据报道[1]，" (not an index in code: "a[3]", nor a list's number at the line's start, nor a
# number in brackets that a word follows: "选项[1]和选项[2]").
_CITED = re.escape(_ZH_PUNCT + SENTENCE_END + CLOSERS)
_CITATION = re.compile(
    rf"(?<=[{CJK}{_CITED}])[ \t]*\[\d{{1,3}}(?:\s*[-–,，、]\s*\d{{1,3}})*\](?=[，。；：、！？）」”\s]|$)"
)


def strip_citations(line: str) -> str:
    """A line without the reference marks set after its words: "…正式揭牌启动。[3-4]"."""
    return _CITATION.sub("", line)


LINE_RULES: tuple[Callable[[str], str], ...] = (
    normalize_line,
    strip_citations,
    strip_original_title,
    strip_glued_junk,
    strip_glued_credit,
    strip_glued_home,
    strip_glued_stamp,
    strip_trailing_counter,
    curly_quotes,
    remove_spaces_in_chinese,
    fullwidth_punctuation,
    remove_spaces_in_chinese,  # again: "” ;" only becomes "”；" after the punctuation rule
)


# ---------------------------------------------------------------- junk lines

_COUNTER_WORDS = "|".join(map(re.escape, chrome_words()["counter_words"]))
_COUNTER_LINE = re.compile(rf"^(?:(?:{_COUNTER_WORDS})\s*[:：]?\s*[\d.,万千wWkK+]*\s*)+$")
_NUMBER_COUNTER = re.compile(rf"^[\d.,万千wWkK+]+\s*(?:{_COUNTER_WORDS})$")
_CHROME = re.compile("|".join(f"(?:{p})" for p in chrome_words()["chrome_lines"]), re.I)


def is_counter_line(line: str) -> bool:
    """Read/like/share counters: "阅读 2969", "点赞 3 在看 5", "收藏TA"."""
    return bool(_COUNTER_LINE.match(line) or _NUMBER_COUNTER.match(line))


def is_chrome_line(line: str) -> bool:
    """Page chrome: "阅读原文", "点击关注", "扫码", "推荐阅读", copyright and ICP lines, page markers."""
    return bool(_CHROME.match(line))


def is_ascii_noise(line: str) -> bool:
    """A whole line of anti-scraping noise ("O6 e# V* w6"), not an English sentence."""
    if has_cjk(line) or not line.isascii():
        return False
    tokens = line.split()
    words = sum(1 for t in tokens if re.fullmatch(r"[A-Za-z]{4,}[,.!?;:]?", t))
    return len(tokens) >= 3 and words * 3 < len(tokens) and _noisy(line)


#: Each junk rule and the reason it gives, in the order they are tried; the scored
#: features of chrome.py come last.
JUNK_RULES: tuple[tuple[Callable[[str], bool], str], ...] = (
    (is_counter_line, "counter"),
    (is_chrome_line, "page chrome"),
    (is_ascii_noise, "scraping noise"),
)


def junk_reason(line: str) -> str | None:
    """Why a cleaned line is not read, in a few words, or None when it is read. A line
    marked as a heading or in emphasis ("## 大家都在看", "*本文为…原创内容") is judged by
    its words, and one in traditional characters by their simplified forms."""
    # (a short heading is set by the page, not noise put in its text: "# 5G VS 5GHz")
    heading = line.startswith("#") and len(line) <= HEADING_NOISE_CHARS
    line = (_MARKUP.sub("", line) or line).translate(SIMPLIFIED)
    for rule, reason in JUNK_RULES:
        if rule(line) and not (heading and rule is is_ascii_noise):
            return reason
    return chrome_reason(line)


#: A line marked as a heading this short is never taken for scraping noise.
HEADING_NOISE_CHARS = 30
_MARKUP = re.compile(r"^(?:#{1,6}\s+|[*_]+)|[*_]+$")


def clean_line(raw: str) -> str:
    """A raw line through every line rule."""
    for rule in LINE_RULES:
        raw = rule(raw)
    return raw


#: A record field's value set on the line under its key ("时效性：" / "有效") is this short at most.
FIELD_VALUE_CHARS = 20


def _dated_headings(body: list[str]) -> set[str]:
    """Headings that are a date alone, when the page sets two or more of them: the days of a
    diary or a trip ("### 2023/9/15" … "### 2023/9/16"), where one alone is a post's stamp."""
    marked = (clean_line(raw) for raw in body if raw.lstrip().startswith("#"))
    found = {line for line in marked if DATE.fullmatch(line.lstrip("#").strip())}
    return found if len(found) >= DATED_HEADINGS else set()


#: A page heads its parts with this many dates at least for them to be headings, not stamps.
DATED_HEADINGS = 2


# A profile box's field, its value after a space: "功能介绍 国内网络安全行业门户" (a short
# value; alone, "微信号 lilei2024，备注姓名" tells how to sign up: the box has one of each).
_SPACED_FIELD = re.compile(
    r"^(?:(?P<id>微信号)[ \t\u3000]+[A-Za-z][-_A-Za-z0-9]{5,19}"
    r"|(?P<about>功能介绍)[ \t\u3000]+[^。！？，,（(：:\s].{0,80})$"
)
#: A profile box's fields stand this many lines apart at most.
PROFILE_LINES = 4


def _spaced_fields(body: list[str]) -> set[int]:
    """The lines of a profile box's fields set with a space ("微信号 freebuf" / "功能介绍 …"):
    a 微信号 line and a 功能介绍 line near each other, the account's box; one alone may be a sentence's."""
    found = [(i, m.lastgroup) for i, raw in enumerate(body) if (m := _SPACED_FIELD.match(raw.strip()))]
    # (a box holds both fields: two 微信号 lines are two contacts, two 功能介绍 lines two products)
    return {i for i, k in found if any(0 < abs(i - j) <= PROFILE_LINES and k != q for j, q in found)}


# A profile box's counter: a key and a figure or nothing ("博客积分：861", "荣誉徽章：").
_COUNTER_FIELD = re.compile(r"^\s*[\u4e00-\u9fff]{2,6}\s*[：:]\s*[\d,.]*\s*$")
#: A profile box lists this many counters at least, one under another.
COUNTER_RUN = 3


def _counter_runs(body: list[str]) -> set[int]:
    """The lines of runs of counters, blank lines between them allowed: a blog's or a forum's
    profile box ("博客等级：" / "博客积分：861" / "博客访问：26,472"). A notice's field with a
    figure stands alone, or has its unit ("名额：30人")."""
    out: set[int] = set()
    run: list[int] = []
    for i, raw in enumerate([*body, "end"]):
        if _COUNTER_FIELD.match(raw):
            run.append(i)
        elif raw.strip():
            # (most keys a profile's: "博客积分", "获赠金笔"; not a notice's "报名人数", a match's "得分")
            profile = sum(bool(_PROFILE_KEY.search(body[j])) for j in run)
            if len(run) >= COUNTER_RUN and 2 * profile > len(run):
                out.update(run)
            run = []
    return out


_PROFILE_KEY = re.compile("|".join(map(re.escape, chrome_words()["profile_counter_words"])))


def _judged(body: list[str], keep: tuple[str, ...]) -> Iterator[tuple[str, str, str | None]]:
    """Each raw line, cleaned, and why it is not read (None when it is, or is blank): a record
    field's key alone on its line ("时效性：", as portals set their record tables) takes the
    short value under it along ("有效"), which says nothing without it."""
    awaiting = headed = False
    dated = _dated_headings(body)
    counters = _counter_runs(body)
    spaced = _spaced_fields(body)
    for i, raw in enumerate(body):
        line = clean_line(raw)
        if not line:
            yield raw, line, None
            continue
        kept = any(k in line for k in keep) or line in dated
        reason = None if kept else junk_reason(line)
        # (a footer's field set as a paragraph, indented, or right under a heading is the
        # article's own: "二、组织单位" / "　　主办单位：教育部思想政治工作司")
        if reason == "site footer" and (headed or raw.startswith("\u3000\u3000")):
            reason = None
        headed = line.startswith("#")
        # (a role and its names parted by spaces, which cleaning closes up: "编辑 从玉华")
        if reason is None and not kept and spaced_credit(raw):
            reason = "credit line"
        if reason is None and not kept and i in spaced:
            reason = "record field"
        if reason is None and not kept and i in counters:
            reason = "counter"
        if (
            reason is None
            and awaiting
            and not kept
            and len(line) <= FIELD_VALUE_CHARS
            and not _PUNCTUATED.search(line)
            and not _LEADING_NUMBER.match(line)
            and not line.startswith("#")
        ):
            reason = "record field's value"
        awaiting = reason == "record field" and line.endswith(("：", ":"))
        yield raw, line, reason


@lru_cache(maxsize=2)
def _read(text: str, keep: tuple[str, ...]) -> tuple[tuple[tuple[str, str, str | None], ...], tuple[str, ...]]:
    """The article's lines judged (raw, cleaned, why not read) and the lines after its end: once
    for a text, which its blocks and its list of dropped lines both need."""
    body, tail = split_tail(_lines(text))
    return tuple(_judged(body, keep)), tuple(tail)


def dropped_lines(text: str, keep: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """(line, reason) for every line of the text that is not read as article."""
    judged, tail = _read(text, keep)
    out = [(line, reason) for _, line, reason in judged if reason]
    out += [
        (line, "after the article's end")
        for raw in tail
        if (line := clean_line(raw)) and not any(k in line for k in keep)
    ]
    return tuple(out)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _whole_line(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"^[#*\s]*(?:" + "|".join(f"(?:{p})" for p in patterns) + r")[*\s]*$")


_STORY_END = _whole_line(chrome_words()["story_end"])
_OTHER_STORIES = _whole_line(chrome_words()["other_stories"])
_AFTER_THE_END = tuple(chrome_words()["after_the_end"])
_EDITED = re.compile(r"(?:责任编辑|责编)\s*[：:]")
_APPENDIX = tuple(chrome_words()["appendix_headings"])
#: The article above an end mark holds at least this share of the page's Chinese text: a
#: box of other stories printed above the article (a sidebar) ends nothing.
ARTICLE_SHARE = 1 / 2
#: ... and at least this many Chinese characters.
ARTICLE_MIN_CHARS = 200


def split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """The page's lines up to the article's end, and the lines after it: from the last line
    of its own that ends a story ("（完）", "END", its editor's credit; several stories may each end so), or the
    first that heads a list of other stories ("推荐阅读"), below the most of the page's
    Chinese text. Account promotions, other stories and footers follow it; an extra chapter
    or an afterword ("番外", "后记") after a story's end, or a list of books, is the article's."""
    # (what counts is the text of sentences: a comment list's names, floors and buttons do not
    # make the page's end its middle)
    chars = [len(_CJK_CHAR.findall(line)) for line in lines]
    counts = [n if _prose_line(line, n) else 0 for n, line in zip(chars, lines, strict=True)]
    total, everything = sum(counts), sum(chars)
    above = written = 0
    cut = None
    said = ""  # the last line with words above this one
    for i, raw in enumerate(lines):
        line = raw.strip()
        # (by its sentences, or by all its text: an essay of short lines has few long sentences)
        share = above >= ARTICLE_SHARE * (total - counts[i]) or written >= ARTICLE_SHARE * (everything - chars[i])
        low = written >= ARTICLE_MIN_CHARS and share
        if low and len(line) <= END_LINE_CHARS:
            line = line.translate(SIMPLIFIED)
            if _OTHER_STORIES.match(line) and not _kept_after_list(line, _next_words(lines, i)):
                return lines[: cut if cut is not None else i], lines[cut if cut is not None else i :]
            ended = _STORY_END.match(line) or (line == "END" and said[-1:] in SENTENCE_END + CLOSERS)
            # (a news story is signed off by its editor: "本文来源：华尔街见闻 责任编辑：NF058")
            ended = ended or (_EDITED.search(line) is not None and junk_reason(line) is not None)
            if ended and not _next_words(lines, i).startswith(_AFTER_THE_END):
                cut = i
        above += counts[i]
        written += chars[i]
        said = line or said
    return (lines, []) if cut is None else (lines[:cut], lines[cut:])


def _prose_line(line: str, cjk: int) -> bool:
    """Whether a line holding `cjk` Chinese characters is a line of sentences (a comment's
    "学习了。" is not)."""
    return cjk >= PROSE_LINE_CHARS and any(mark in line for mark in "，。！？；")


#: A line of this many Chinese characters with a clause's mark is a line of sentences.
PROSE_LINE_CHARS = 15


def _kept_after_list(heading: str, following: str) -> bool:
    """Whether what follows a list's heading is still the article's: a list of books, or an
    appendix's prose ("延伸阅读" over a lawyer's comment)."""
    appendix = heading.lstrip("#*【[ ").startswith(_APPENDIX) and _written(following)
    # (a numbered list of books too: "1.《平凡的世界》 路遥 著")
    return re.match(r"^(?:\d{1,2}\s*[.、．]|[①-⑩]|[（(]\d{1,2}[）)])?\s*《", following) is not None or appendix


def _written(line: str) -> bool:
    """Whether a line is a paragraph of sentences (not a headline of another story)."""
    return len(_CJK_CHAR.findall(line)) >= APPENDIX_CHARS and line.rstrip("”’」』）) ").endswith(("。", "！", "？"))


#: A paragraph after a list's heading this long (Chinese characters) is an appendix, not a list.
APPENDIX_CHARS = 40


#: An end mark or a list's heading is a short line.
END_LINE_CHARS = 40


def _next_words(lines: list[str], i: int) -> str:
    """The next line with words after line i, without its marks."""
    return next((x.strip().lstrip("#* ") for x in itertools.islice(lines, i + 1, None) if x.strip()), "")


# ---------------------------------------------------------------- blocks


def to_blocks(text: str, keep: tuple[str, ...] = ()) -> tuple[Block, ...]:
    """Split text into blocks of cleaned lines, dropping junk lines (but never a line that
    contains one of `keep`: the user's word against the chrome rules).

    An indented line ("　　" or two spaces, as Word and many sites start
    paragraphs) after a finished sentence, or after a line ending in a colon
    when it is numbered ("…工作：" / "（一）工艺节能降碳。"), starts a new
    block even without a blank line in between.
    """
    blocks: list[Block] = []
    current: list[str] = []
    judged, tail = _read(text, keep)
    # (a line the user keeps is read even after the article's end)
    kept = [raw for raw in tail if keep and any(k in clean_line(raw) for k in keep)]
    for raw, line, reason in (*judged, *_judged([x for k in kept for x in ("", k)], keep)):
        indented = raw.startswith(("\u3000\u3000", "  ", "\t", "\xa0\xa0"))
        if reason:
            continue
        if not line:
            if current:
                blocks.append(tuple(current))
                current = []
            continue
        opened = current and current[-1].endswith(("：", ":")) and _LEADING_NUMBER.match(line)
        if indented and current and (ends_sentence(current[-1]) or opened or _heads(current, line)):
            blocks.append(tuple(current))
            current = []
        current.append(line)
    if current:
        blocks.append(tuple(current))
    return drop_menu_runs(tuple(blocks), keep)


# A mark that ends or parts a clause: a heading has none.
_CLAUSE_MARK = re.compile("[，。！？；：,;!?:]")
#: A line this short, alone above an indented paragraph, is a heading set in line breaks
#: ("看点", "6、关於造反派的内战").
INDENTED_UNDER_MAX = 20


#: A line of verse is this short; a paragraph's first line is longer.
VERSE_UNDER_MAX = 12
#: Words that carry a sentence on to the next line; alone on a line they head nothing.
_CONNECTIVES = frozenset(
    (
        *("后来", "然后", "但是", "于是", "所以", "因此", "其实", "当然", "同时", "另外", "此外"),
        *("首先", "其次", "最后", "然而", "不过", "可是", "而且", "并且", "总之", "例如", "比如"),
    )
)


def _heads(current: list[str], below: str) -> bool:
    """One short line without a clause in it, over an indented paragraph of prose: it stands
    apart. Not a line that leads into what follows ("他对我说：", "后来") and not a line of
    verse over the next (a short line below)."""
    line = current[0]
    return (
        len(current) == 1
        and len(line) <= INDENTED_UNDER_MAX
        and not _CLAUSE_MARK.search(line)
        and line not in _CONNECTIVES
        and len(below) > VERSE_UNDER_MAX
        and not below.startswith(("“", "「", "‘", '"'))
    )


#: Menu entries and pagers: one-line blocks this short ("投稿", "退出", "3"), MENU_RUN or more in a row.
MENU_ITEM_MAX = 3
MENU_RUN = 4


def _menu_item(block: Block) -> bool:
    """A block of tiny entries: "投稿", or a dialog's buttons set on lines of their own ("取消" / "允许")."""
    return len(block) <= 3 and all(len(line) <= MENU_ITEM_MAX and not _PUNCTUATED.search(line) for line in block)


def _leads_in(block: Block | None) -> bool:
    """A line ending in a colon, or naming a list, leads into the list below it ("需携带：",
    "首批示范区名单")."""
    return block is not None and block[-1].endswith(("：", ":", "名单", "清单", "名录", "如下"))


def drop_menu_runs(blocks: tuple[Block, ...], keep: tuple[str, ...] = ()) -> tuple[Block, ...]:
    """Without runs of MENU_RUN or more tiny one-line blocks: a site's menu ("栏目 搜索 诗歌
    诗人 期刊") or a pager ("0 1 2 3"), each entry a paragraph of its own; and, above the
    article's first paragraph, a page's long menu of labels ("主站 分类 云安全 开发安全 …", a page
    copied whole). Verse keeps its lines in one block, a heading stands alone, and a list a
    line leads into ("需携带：" / "身份证" / "户口本") is its items, so none of them forms a run."""
    tiny = _without_runs(blocks, keep, _menu_item, lambda run: len(run) >= MENU_RUN)
    first = next((i for i, b in enumerate(tiny) if any(len(x) >= 20 and ends_sentence(x) for x in b)), 0)
    return (*_without_runs(tiny[:first], keep, _labels_block, _labels), *tiny[first:])


#: A page's menu of labels ("开发安全", "会员体系（甲方）"): this many entries or more in a row.
LONG_MENU_ITEM_MAX = 8
LONG_MENU_LINES = 12


def _labels_block(block: Block) -> bool:
    """A block of short lines without punctuation or figures (dots between them aside)."""
    return all(
        not line.strip("·•…|-")
        or (
            len(line) <= LONG_MENU_ITEM_MAX
            and not re.search(r"\d", line)
            and not _PUNCTUATED.search(line.replace("（", "").replace("）", ""))
        )
        for line in block
    )


def _labels(run: list[Block]) -> bool:
    """Whether short lines in a row are a menu's labels: many, few function words, and lengths
    that differ (verse's lines do not)."""
    lines = [line for b in run for line in b if line.strip("·•…|-")]
    worded = sum(any(c in FUNCTION_WORDS for c in line) for line in lines)
    return len(lines) >= LONG_MENU_LINES and 4 * worded <= len(lines) and len({len(x) for x in lines}) > 1


def _without_runs(
    blocks: tuple[Block, ...], keep: tuple[str, ...], item: Callable[[Block], bool], menu: Callable[[list[Block]], bool]
) -> tuple[Block, ...]:
    """The blocks without each run of `item` blocks in a row that `menu` calls a menu (not one
    a line leads into as its list)."""
    out: list[Block] = []
    run: list[Block] = []
    for block in (*blocks, None):
        if block is not None and item(block) and not any(k in line for k in keep for line in block):
            run.append(block)
            continue
        if not run or not menu(run) or _leads_in(out[-1] if out else None):
            out += run
        run = []
        if block is not None:
            out.append(block)
    return tuple(out)


_TRAILING_ASIDE = re.compile(r"(?<=[。！？…；!?;])\s*[（(][^（）()]{1,40}[）)]$")


def without_trailing_aside(line: str) -> str:
    """The line without an aside in brackets after its last sentence: "…之路…（美中報道）"."""
    return _TRAILING_ASIDE.sub("", line)


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence-final punctuation (closing quotes allowed, and
    an aside after it: "…给予激励。（责任单位：市经济信息委）")."""
    stripped = without_trailing_aside(line).rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def is_heading_line(line: str) -> bool:
    """True for a line explicitly marked as a heading (★ marks, 【】, Markdown #); a marked
    line that goes on after a sentence is a picture's caption ("▲ …一顆睪丸。（示意圖／資料照）"),
    one that asks and answers is a heading ("■为何成交仍然低迷？多重因素叠加")."""
    # (a triangle points at the picture above: a whole sentence after it is that picture's
    # caption, "▲台南市永康分局報請…發回家屬處理。")
    return (
        (
            line[0] in HEADING_MARKS
            and not re.search(r"。(?=.*[^\s）)】」』”’])", line)
            and not (line[0] in "▲△" and line.endswith("。"))
        )
        or (line.startswith("【") and line.endswith("】") and line.count("【") == 1 and len(line) <= 40)
        or bool(re.match(r"#{1,6}\s", line))
    )


def unbalanced_quote(line: str) -> bool:
    """True when the line opens more quotes or brackets than it closes."""
    return line.count("“") > line.count("”") or line.count("（") > line.count("）")


def rejoin_broken_sentences(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Join a single-line prose block cut mid-sentence with the block after it.

    Copy-paste from WeChat often splits one sentence over blank lines
    ("…他" / "们一起…").  Only a one-line block that reads as prose (it has
    clause punctuation or an open quote) and stops without sentence-final
    punctuation is joined, so headings and verse-like short lines survive.
    """
    out: list[Block] = []
    for block in blocks:
        orphan_closer = bool(out) and not _speakable_text(block[0]) and block[0][0] in CLOSERS + "。，！？；…"
        numbered = bool(_LEADING_NUMBER.match(block[0]))
        # A short numbered line over a whole paragraph is its heading, commas and all:
        # "一、3.98亿篇文章，原创10万+仅7.8万篇".
        subheading = bool(out) and (
            (is_paired_heading(out[-1][0]) and _is_paragraph(block))
            # a numbered line stands whole: "2.情绪情感反应适度，正面情绪相对较多" over its points,
            # unless it stops on a word waiting for more ("1.停水范围为1号楼至")
            or (
                bool(_LEADING_NUMBER.match(out[-1][0]))
                and (len(out[-1][0]) <= 40 or long_heading(out[-1][0]))
                and out[-1][0][-1] not in WAITING_END
            )
        )
        if orphan_closer or (
            out
            and _is_cut_prose(out[-1])
            and not subheading
            and not is_heading_line(block[0])
            and not numbered
            and has_cjk(block[0][:1])
        ):
            prev = out.pop()
            out.append((prev[0] + block[0], *block[1:]))
        else:
            out.append(block)
    return tuple(out)


#: A numbered heading without a clause in it may be this long.
LONG_HEADING_MAX = 60


def long_heading(line: str) -> bool:
    """A long line with no clause in it, only names and an aside, as a numbered heading may be:
    "（二）初中寄宿新生和高级中等学校（含普通高中、职业高中、中等专业学校、五年制高职、技工学校）新生"."""
    return len(line) <= LONG_HEADING_MAX and not _CLAUSE_MARK.search(line)


def _is_paragraph(block: Block) -> bool:
    """A block of prose that stands whole: long, and ending a sentence."""
    text = "".join(block)
    return len(text) >= 40 and ends_sentence(block[-1])


def _speakable_text(line: str) -> bool:
    return any(c.isalnum() for c in line)


# The numbering of a heading or list item: its 、 is not clause punctuation.
_LEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]"
    r"|第[一二三四五六七八九十百零\d]+(?:条|章|节|部分|篇))"
)


# A subheading of two balanced clauses: "态势向好，外贸基本面继续改善", "提质挖潜，外贸新动能加速释放".
_PAIRED_HEADING = re.compile("^[^，。！？；：:,]{4,12}，[^，。！？；：:,]{4,14}$")
# Characters a clause cut mid-way ends on: a particle, preposition or verb waiting for more.
OPEN_END = "的了着和与及在为把被对向从将是有让使给到"
#: ... and the marks and words a line cut at a width stops on: "1.停水范围为1号楼至".
WAITING_END = OPEN_END + "至从由以及、，"


# A line that is one field ("地址：幸福路8号", "热线：96777"): a short label, a colon and a value with no clause in it.
FIELD_LINE = re.compile(r"^[^，。！？；：:\s]{1,14}[：:]\s*(?:[^：:，。；！？]|(?<=\d):(?=\d)){1,40}$")


def is_paired_heading(line: str) -> bool:
    """A short line of two clauses that ends complete: a subheading the page set as a
    paragraph of its own ("以变应变，政策“大礼包”提振信心"), not a sentence cut in two."""
    return bool(_PAIRED_HEADING.match(line)) and line[-1] not in OPEN_END and not unbalanced_quote(line)


def _is_cut_prose(block: Block) -> bool:
    if len(block) != 1:
        return False
    line = block[0]
    if is_heading_line(line) or ends_sentence(line) or line[-1] in "，、：:,":
        return False
    unnumbered = _LEADING_NUMBER.sub("", line)
    if FIELD_LINE.match(line):
        return False  # "咨询电话：0591-87654321（工作日8:30-17:30）" stands whole
    return unbalanced_quote(line) or (len(unnumbered) >= 8 and any(p in unnumbered for p in "，、：；"))


def is_hard_wrapped(block: Block) -> bool:
    """Lines cut at a fixed width (a wrapped paragraph), not verse.

    Wrapped lines run to nearly the same length and break mid-phrase; verse
    lines vary and end at phrase boundaries.
    """
    if len(block) < 2:
        return False
    body = block[:-1]
    widths = [len(x) for x in body]
    same_width = max(widths) - min(widths) <= 2 and min(widths) >= 12
    mid_phrase = sum(1 for x in body if not re.search(f"[{re.escape(_ZH_PUNCT + SENTENCE_END)},.]$", x))
    return same_width and mid_phrase >= max(1, len(body) // 2) and len(block[-1]) <= max(widths) + 2
