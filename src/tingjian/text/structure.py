"""Cleaned text -> Article: title, sections and paragraphs (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Literal

from ..errors import NoArticleText
from . import clean
from .chrome import DAY_STAMP, POSTED_AT, SIGNED_DATE
from .title import MAX_TITLE, clean_title, is_notice_title, is_prose, issued_names, pick_title, similar, squash

SectionKind = Literal["lead", "headed", "unheaded"]

LEAD_TITLE = "导语"
# Lines up to this many characters, stacked in one block, read as verse.
VERSE_LINE_MAX = 25
# A standalone line this short, without punctuation, that introduces prose is a heading.
SHORT_HEADING_MAX = 12
DERIVED_TITLE_MAX = 16

# "第二部分", "第三章"; and an article's name set after its number: "第一条 发展现状" (not
# "第一条 为了…，制定本办法。").
_PART = r"第[一二三四五六七八九十百零\d]+(?:部分|章|节|篇|讲|单元)"
# (a name of two phrases too: "第二十七条 强化部门责任分工，保障规划有效实施")
_NAMED_ARTICLE = r"第[一二三四五六七八九十百零\d]+条\s*(?=[^，。；：,;:]{2,16}(?:[，,][^，。；：,;:]{2,16})?$)"
_NUMBERED_HEADING = re.compile(
    rf"^(?:{_PART}|{_NAMED_ARTICLE}|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])"
)
# An annex's heading: "附：嘉宾简介", "附件1：报名表".
_ANNEX = re.compile(r"^附(?:件\s*\d{0,2}|录)?\s*[：:]\s*(?!.*(?:为|是|请|时间|电话|地址|\d))[^，。；：,;:！？]{2,16}$")
_LIST_ITEM = re.compile(r"^(?:\d+[、.．)）]|[（(]\d+[）)]|[①-⑳]|[-*•·]\s)")
# "各位居民朋友：" opens a letter; it is not a heading.
_SALUTATION = re.compile(
    r"^(?:各位|亲爱的|尊敬的|致|敬爱的|广大|全体|大家好|你好|您好).{0,14}[：:，,！!]?$"
    # whom a notice addresses: 各有关单位： / 莲都区人民政府，市直各单位：
    r"|^.{0,30}(?:各|有关)(?:单位|部门|同志|企业|学校|社区|居民|业主|人员)[：:]$"
    r"|^各(?!项|类|种|方面)[^，。；：:]{1,16}[：:]$"  # 各居民小组：
    # ... or names the office it answers: 山东省公安厅治安警察总队： / 市国土局：
    r"|^[^，。；：:、\s]{2,28}(?:局|厅|委|委员会|办|办公室|总队|支队|大队|政府|公司|中心|学校|医院|所|处|站|院)[：:]$"
)
# A heading has words or is a section number ("2"): not a long number ("1657811359") or a symbol ("×").
_WORDY = re.compile(r"[A-Za-z\u4e00-\u9fff]|^\d{1,2}$")
_PUNCT = re.compile(f"[{re.escape('，。！？、；：“”‘’（）《》…—,.!?;:()')}]")
# Punctuation that parts clauses; quotes and titles may stand in a heading: 5、关於“失控”.
_CLAUSE_PUNCT = re.compile(f"[{re.escape('，。！？、；：…,.!?;:')}]")
_ARABIC_HEADING = re.compile(r"^\d{1,2}[、.．](?!\d)")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph; `verse` paragraphs, and `listed` ones (lines that each stand whole:
    contacts, list items), keep their line breaks as pauses."""

    text: str
    verse: bool = False
    listed: bool = False

    @property
    def lines_kept(self) -> bool:
        return self.verse or self.listed


@dataclass(frozen=True)
class Section:
    """A chapter-to-be: its title, how the title arose, and its paragraphs.

    `headed` sections have a heading in the article, read aloud; `lead` is the
    text before the first heading; `unheaded` sections got a title derived
    from their content and start speaking with their first line.
    """

    title: str
    kind: SectionKind
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Article:
    """A structured article."""

    title: str
    sections: tuple[Section, ...]


_SHOW_DROPPED = "tingjian plan --show-dropped lists each dropped line and why; --keep TEXT reads one"


def parse_article(text: str, title: str | None = None, keep: tuple[str, ...] = ()) -> Article:
    """Clean pasted article text and find its title, lead, sections and closing part
    (lines containing one of `keep` are read even when they look like page chrome)."""
    blocks = clean.to_blocks(text, keep)
    if not blocks:
        raise NoArticleText(
            "no article text found: every line looks like page chrome (menus, counters, footers)",
            _SHOW_DROPPED,
            clean.dropped_lines(text, keep),
        )
    blocks = _without_repeats(blocks)
    found_title, sections = _read_sections(blocks)
    head = blocks[0][0]
    if not _spoken(sections) and clean.is_heading_line(head) and clean.ends_sentence(strip_marks(head)):
        # (a sentence set as the page's heading, with nothing to read under it, is what the page says)
        found_title, sections = _read_sections(((strip_marks(head), *blocks[0][1:]), *blocks[1:]))
    if not _spoken(sections):
        raise NoArticleText(
            "no article text found: no readable sentences (only a title, punctuation, symbols or page chrome)",
            _SHOW_DROPPED,
            clean.dropped_lines(text, keep),
        )
    # A title given by hand may hold line breaks or control characters: never in a title.
    final_title = (clean.one_line(title) if title else "") or found_title or derive_title(sections[0].paragraphs)
    if len(sections) == 1 and sections[0].kind == "lead":
        # One unheaded stretch: call the chapter after the episode.
        sections = (Section(final_title, "lead", sections[0].paragraphs),)
    return Article(title=final_title, sections=sections)


def _read_sections(blocks: tuple[clean.Block, ...]) -> tuple[str, tuple[Section, ...]]:
    """The title the blocks give, and the sections to read under it."""
    found_title, body = _title_and_body(blocks[0], clean.rejoin_broken_sentences(blocks[1:]))
    body = tuple(tuple(_unmarked(x) for x in b) for b in body)
    body = _split_trailing_questions(_run_in_headings(_split_at_numbered_headings(_annex_headings(body, found_title))))
    body = _stacked_subheads(body)
    sections, explicit = _split_sections(body)
    sections = _split_closing(_lone_opening_heading(sections, explicit), explicit)
    return found_title, _without_title_headings(
        tuple(s for s in sections if s.paragraphs or s.kind == "headed"), found_title
    )


def _spoken(sections: tuple[Section, ...]) -> bool:
    """Whether any paragraph of the sections says something."""
    return any(_speakable(p.text) for s in sections for p in s.paragraphs)


#: Lines this long, said again word for word and in a row, are the page printing its article twice.
REPEAT_CHARS = 20
REPEAT_RUN = 3


#: The article's first paragraph is this long at least (a site's slogan is shorter).
ARTICLE_PROSE = 60


def _titled(line: str) -> str:
    """The line as a page's <title> would be cleaned ("…商业模式_AI&大模型_InfoQ精选文章"), squashed,
    when it has a site's separator; a line without one is itself."""
    return squash(clean_title(line)) if "_" in line else squash(line)


def _below_repeated_title(body: tuple[clean.Block, ...], key: str) -> tuple[clean.Block, ...]:
    """The blocks without the page's header: when the title is printed again above the first
    sentence of the article (a page copied whole: its <title>, menus, then its headline), the
    lines above that last print that say nothing (no punctuation: names, buttons, counters)
    are the site's; a holiday post's greeting above its title printed again is read."""
    prose = next((i for i, b in enumerate(body) if len("".join(b)) >= ARTICLE_PROSE and clean.ends_sentence(b[-1])), 0)
    again = [i for i, b in enumerate(body[:prose]) if any(squash(strip_marks(x)) == key for x in b)]
    # (a notice's head, its number and "各区人民政府：", is read: a line that leads in is not a
    # site's, unless it is a label: "分类:")
    if not key or not again or any(len(x) > 5 and x.endswith(("：", ":")) for b in body[: again[-1]] for x in b):
        return body
    return tuple(b for i, b in enumerate(body) if i >= again[-1] or _PUNCT.search("".join(b)))


def _without_repeats(blocks: tuple[clean.Block, ...]) -> tuple[clean.Block, ...]:
    """The blocks without a stretch the page repeats word for word (a story printed twice, for
    print and for screens): three or more lines in a row, each said before. A line a notice
    repeats on purpose (the same opening hours under two sites) stays."""
    lines = [(b, line) for b, block in enumerate(blocks) for line in block]
    seen: set[str] = set()
    repeated = []
    for _, line in lines:
        key = squash(line)
        repeated.append(len(key) >= REPEAT_CHARS and key in seen)
        seen.add(key)
    drop: set[int] = set()
    for again, run in groupby(range(len(lines)), key=repeated.__getitem__):
        stretch = list(run)
        if again and len(stretch) >= REPEAT_RUN:
            drop.update(stretch)
    kept: dict[int, list[str]] = {}
    for i, (b, line) in enumerate(lines):
        if i not in drop:
            kept.setdefault(b, []).append(line)
    return tuple(tuple(kept[b]) for b in sorted(kept))


#: How far down the page a repeated or better title line is looked for (blocks).
TITLE_SEARCH_BLOCKS = 12


def _title_and_body(first: clean.Block, rest: tuple[clean.Block, ...]) -> tuple[str, tuple[clean.Block, ...]]:
    """The title and the blocks to read after it.

    The first line is the title when it is one (short, not a sentence; ！ and ？ allowed).
    A line near the top that repeats it, or names the notice when the first line is only
    a banner, becomes the title instead, and the title is heard once.
    """
    line = first[0]
    marked = clean.is_heading_line(line)  # "# 居住登记卡/居住证": the writer said so
    # (a heading marked by the writer is the title even when it closes with a full stop)
    if len(line) > MAX_TITLE or (clean.ends_sentence(line) and not marked and not _exclaimed_title(line, first, rest)):
        return "", (first, *rest)
    if not marked and clean.ends_sentence(line) and _site_tag(line):
        line = clean.without_trailing_aside(line)  # "…变性之路…（美中報道）": the site's tag is not heard
    # (a long headline of phrases with no clause mark in it is still one: "中共中央政治局召开会议
    # 分析研究2022年经济工作 研究部署… 中共中央总书记习近平主持会议", its spaces gone by now)
    phrased = not _CLAUSE_PUNCT.search(line)
    if len(line) > 60 and not (marked or is_notice_title(line) or phrased):
        return "", (first, *rest)
    # (a block of short lines is a poem's stanza, unless it says its first line again: a page's
    # header pasted without blank lines, "专题丨…" / "…" / "2024-05-10 来源：新华网")
    says_again = any(similar(line, x) or (len(squash(x)) >= 4 and squash(x) in squash(line)) for x in first[1:])
    if len(first) > 1 and _is_verse(first) and not marked and not says_again:
        # (a poem's name over its even lines is its title: "静夜思" / "床前明月光" / …)
        stanza = first[1:]
        if len(stanza) >= 2 and len({len(x) for x in stanza}) == 1 and len(line) != len(stanza[0]):
            return strip_marks(line), (stanza, *rest)
        return "", (first, *rest)
    body = _below_repeated_title((first[1:], *rest) if len(first) > 1 else rest, squash(strip_marks(line)))
    # Candidates: each line near the top, and two short lines together (a title broken by <br>).
    spans = [(i, i + 1) for i in range(min(len(body), TITLE_SEARCH_BLOCKS))]
    spans += [(i, i + 2) for i in range(min(len(body) - 1, TITLE_SEARCH_BLOCKS)) if _broken_line(body[i], body[i + 1])]
    lines = ["".join(strip_marks(b[0]) for b in body[a:z]) for a, z in spans]
    below_prose = [any(is_prose("".join(b)) for b in body[:a]) for a, _ in spans]
    chosen, at = pick_title(strip_marks(line), lines, below_prose, printed=marked)
    if at is not None:
        a, z = spans[at]
        block = body[z - 1]
        body = (*body[:a], *((block[1:],) if len(block) > 1 else ()), *body[z:])
    # The same title again near the top (pages print it twice or three times) is not read again.
    key = squash(chosen)
    body = _below_repeated_title(body, key)
    head = [
        tuple(x for x in _without_broken_title(b, key) if key not in (squash(strip_marks(x)), _titled(x)))
        for b in body[:TITLE_SEARCH_BLOCKS]
    ]
    # (further down, the title alone again, as an infobox's caption or a question the text
    # repeats, is not heard again either; a line of a verse that says it is, and so does a closing
    # slogan: "垃圾分类，从我做起！" as the last line)
    below = body[TITLE_SEARCH_BLOCKS:]
    further = [
        b
        for i, b in enumerate(below)
        if not (len(b) == 1 and key and i < len(below) - 1 and squash(strip_marks(b[0])) == key)
    ]
    kept = [b for b in (*head, *further) if b]
    # (right under the title, who published it and when, in a machine's figures, is the page's
    # stamp: "深圳中学　2016-01-01", "深圳中学 2015-01-15 点击次数:"; a schedule's line is not there)
    if chosen and kept and len(kept[0]) == 1 and _BYLINE_STAMP.match(kept[0][0]):
        kept = kept[1:]
    # (... and when, with its weekday or after a label: "2024年5月20日週一 下午2:05", "时间：2024-04-09
    # 09:04"; a notice's meeting time, further down, is read)
    # (not under a notice's title: "关于召开业主大会的通知" over "时间：2024-05-20 14:30" gives its time)
    if chosen and not is_notice_title(chosen):
        kept = [b for i, b in enumerate(kept) if not (i < STAMP_BLOCKS and _page_stamp(b))]
    return chosen, tuple(kept)


#: How many blocks under the title may hold the page's stamp.
STAMP_BLOCKS = 3


def _page_stamp(block: clean.Block) -> bool:
    """A block that is only when the page was posted, with its weekday or after a label."""
    return len(block) == 1 and bool(DAY_STAMP.fullmatch(block[0]) or POSTED_AT.fullmatch(block[0]))


# Who published a page and when, with perhaps a counter's label: "深圳中学 2015-01-15 点击次数:".
_BYLINE_STAMP = re.compile(
    r"^(?![\u4e00-\u9fff]*(?:时间|日期|截止|期限))[\u4e00-\u9fffA-Za-z]{2,12}\s*\d{4}-\d{1,2}-\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\s*[\u4e00-\u9fff]{2,6}\s*[:：]\s*\d*)?$"
)


def _split_at_numbered_headings(blocks: tuple[clean.Block, ...]) -> tuple[clean.Block, ...]:
    """Blocks split before each numbered heading line inside them ("一、项目编号：\nZC13…\n
    二、项目名称：\n村级…": a form set line by line with <br>s), when the block also holds
    lines that are not numbered: a list of numbered items alone stays one block."""
    out: list[clean.Block] = []
    for block in blocks:
        heads = [i for i, line in enumerate(block) if i and _numbered_line(line)]
        # (and before each short label numbered in figures and closed by a colon, each over its
        # own paragraph: "1、范围：\n蚂蚁观察到的范围是…\n2、环境：\n…")
        if not heads:
            labels = [i for i in range(len(block)) if _label_over(block, i)]
            if len(labels) >= 2:
                heads = [i for i in labels if i]
        if not heads or all(_numbered_line(line) for line in block):
            out.append(block)
            continue
        for a, z in zip([0, *heads], [*heads, len(block)], strict=True):
            out.append(block[a:z])
    return tuple(out)


# A numbered heading run into its paragraph, as official documents set them: "一、实行契税补贴。
# 在安化县境内购买…", "（二）加强组织领导。各地要…".
_RUN_IN = re.compile(
    r"^((?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])[^，。；：,;:！？!?]{2,18}。)(?=\S{10,})"
)
#: A document runs in at least this many numbered headings at one level.
RUN_IN_SET = 2


def _run_in_headings(blocks: tuple[clean.Block, ...]) -> tuple[clean.Block, ...]:
    """Blocks split after a numbered heading run into its paragraph, when the document runs
    in two or more at one level: "一、实行契税补贴。" is the heading, what follows its text."""
    runs = [_RUN_IN.match(b[0]) for b in blocks]
    levels = [_level(b[0]) if m else None for b, m in zip(blocks, runs, strict=True)]
    counts: dict[int | None, int] = {lv: levels.count(lv) for lv in set(levels) if lv is not None}
    out: list[clean.Block] = []
    for block, m, level in zip(blocks, runs, levels, strict=True):
        if m and counts.get(level, 0) >= RUN_IN_SET:
            out += [(m.group(1),), (block[0][m.end() :], *block[1:])]
        else:
            out.append(block)
    return tuple(out)


#: A label numbered in figures over its paragraph is this short at most ("1、觅食规则：").
LABEL_CHARS = 16


def _label_over(block: clean.Block, i: int) -> bool:
    """Whether block[i] is a short label numbered in figures, closed by a colon, over a line of prose."""
    line = block[i]
    return (
        bool(_ARABIC_HEADING.match(line))
        and line.endswith(("：", ":"))
        and len(line) <= LABEL_CHARS
        and i + 1 < len(block)
        and _is_prose((block[i + 1],))
    )


def _numbered_line(line: str) -> bool:
    """A heading-shaped numbered line: 一、… or （一）…, short, not a finished sentence."""
    return bool(_NUMBERED_HEADING.match(line)) and len(line) <= 30 and not clean.ends_sentence(line)


def _annex_headings(blocks: tuple[clean.Block, ...], title: str) -> tuple[clean.Block, ...]:
    """A notice that issues a document prints the document after itself, under its name on
    a line of its own: that line is a heading (the listener's way into the document)."""
    names = issued_names(title)
    out = []
    for i, b in enumerate(blocks):
        # (... or under the notice's signature, the document's name over its own text: "南京市住房保障
        # 和房产局" / "2017年5月3日" / "住房限购政策的实施意见" / "一、…")
        signed = i > 0 and bool(SIGNED_DATE.match(blocks[i - 1][-1])) and i + 1 < len(blocks)
        enclosed = signed and len(b) == 1 and is_notice_title(b[0]) and not _NUMBERED_HEADING.match(b[0])
        named = squash(b[0]) in names or enclosed
        out.append((f"## {b[0]}", *b[1:]) if named and not clean.is_heading_line(b[0]) else b)
    return tuple(out)


def _without_title_headings(sections: tuple[Section, ...], title: str) -> tuple[Section, ...]:
    """A heading that repeats the title (a page prints it again above the text, after its
    menus) is not a chapter: its text joins the part before, and the title is heard once."""
    key = squash(title)
    out: list[Section] = []
    for s in sections:
        if not (key and s.kind == "headed" and squash(s.title) == key):
            out.append(s)
        elif out:
            before = out.pop()
            out.append(replace(before, paragraphs=before.paragraphs + s.paragraphs))
        elif s.paragraphs:
            out.append(Section(LEAD_TITLE, "lead", s.paragraphs))
    return tuple(out)


def _broken_line(a: clean.Block, b: clean.Block) -> bool:
    """Two one-line blocks that may be one line broken in two (neither ends a sentence)."""
    return len(a) == 1 and len(b) == 1 and not clean.ends_sentence(a[0]) and len(a[0]) + len(b[0]) <= 80


def _without_broken_title(block: clean.Block, key: str) -> clean.Block:
    """The block without the title at its top when the page breaks it over lines
    ("全国人民代表大会常务委员会<br>关于批准…及<br>调整…的决议")."""
    joined = ""
    for i, line in enumerate(block[:4]):
        joined += squash(strip_marks(line))
        if i and joined == key:
            return block[i + 1 :]
        if not key.startswith(joined):
            break
    return block


def _site_tag(line: str) -> bool:
    """Whether the line ends in a site's tag in brackets ("（美中報道）"), not a part's number
    ("（二）", "（下）") or a date ("（2024年7月1日起执行）")."""
    m = re.search(r"[（(]([^（）()]{1,40})[）)]$", line)
    return bool(m) and not re.search(r"\d|^[一二三四五六七八九十上中下续完终]+$", m.group(1) if m else "")


def _exclaimed_title(line: str, first: clean.Block, rest: tuple[clean.Block, ...]) -> bool:
    """A short first line ending in ！, ？ or … that stands alone above the text is a headline
    ("老旧小区加装电梯，这次真的来了！", "唯一的要求竟是……"), read whole, never cut at its comma."""
    bare = clean.without_trailing_aside(line).rstrip(clean.CLOSERS)
    return len(first) == 1 and bool(rest) and len(line) <= 60 and bare[-1:] in "！？!?…"


def _speakable(text: str) -> bool:
    return any(c.isalnum() for c in text)


def strip_marks(line: str) -> str:
    """A heading line without its ★/【】/# decoration."""
    line = line.lstrip(clean.HEADING_MARKS + "#").strip()
    if line.startswith("【") and line.endswith("】") and line.count("【") == 1:
        line = line[1:-1]  # not "【2005年巨作】【太行山上】": brackets each round a part
    return line.strip()


def without_numbering(title: str) -> str:
    """A heading without its own numbering ("一、体检对象" -> "体检对象"), for announcements."""
    m = _NUMBERED_HEADING.match(title)
    rest = title[m.end() :].lstrip(" 　：:") if m else title
    return rest or title


def derive_title(paragraphs: tuple[Paragraph, ...]) -> str:
    """A short title from a stretch's first line or clause, cut at a word boundary."""
    for p in paragraphs:
        first = p.text.split("\n")[0]
        clause = re.split(f"[{re.escape('，。！？；：,.!?;:')}]", first)[0].strip("“”‘’\"' ")
        if not _speakable(clause):
            continue
        if len(clause) <= DERIVED_TITLE_MAX:
            return clause
        from .segment import words

        out = ""
        for w in words(clause):
            if len(out) + len(w) > DERIVED_TITLE_MAX - 1:
                break
            out += w
        return (out or clause[: DERIVED_TITLE_MAX - 1]) + "…"
    return "未命名"


def _is_verse(block: clean.Block) -> bool:
    return len(block) > 1 and all(len(x) <= VERSE_LINE_MAX for x in block) and not clean.is_hard_wrapped(block)


def _stands_whole(line: str) -> bool:
    if line[-1] in clean.WAITING_END:
        return False  # "1.本次停水范围为1号楼至" / "8号楼全部住户…": one sentence cut at a width
    return clean.ends_sentence(line) or bool(clean.FIELD_LINE.match(line) or _LIST_ITEM.match(line))


def _is_listed(block: clean.Block) -> bool:
    """Lines that each stand whole (fields, list items, sentences), not a paragraph cut at
    a width, even when they happen to be of a width: "社区居委会：010-…" / "燃气公司24小时热线：96777"."""
    return len(block) > 1 and all(map(_stands_whole, block))


def _paragraph(block: clean.Block) -> Paragraph:
    if _is_verse(block):
        return Paragraph("\n".join(block), verse=True)
    if _is_listed(block):
        return Paragraph("\n".join(block), listed=True)
    # A multi-line prose block is a hard-wrapped paragraph: one paragraph.
    joined = ""
    for line in block:
        sep = " " if joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() else ""
        joined += sep + line
    return Paragraph(joined)


def _is_prose(block: clean.Block | None) -> bool:
    return block is not None and not _is_verse(block) and len("".join(block)) > SHORT_HEADING_MAX + 8


def heading_title(block: clean.Block, following: clean.Block | None) -> str | None:
    """The block's heading text if its first line is a heading, else None.

    Headings: ★☆●■◆ marks, 【】, Markdown/HTML `#`, numbered headings
    (一、 （一） 第X部分/章), and — when they introduce prose — short lines
    without punctuation ("注意事项") and question lines.  Numbered list items
    (1. 1、 （1） ①) are body text.
    """
    line = block[0]
    if clean.is_heading_line(line):
        return strip_marks(line)
    numbered = _NUMBERED_HEADING.match(line)
    if len(block) > 1:
        if all(_level(x) == _level(line) for x in block):
            return None  # "一、义诊\n二、理发\n三、磨刀": a list of items, each numbered alike
        # "一、联系方式" on the line above its items, with no blank line between; "2、选择与被选择"
        # on the line above its prose (a body set in line breaks).
        # (not the first of numbered items set each above its text: "1、早睡早起\n说明。\n2、…")
        siblings = any(_level(x) == _level(line) for x in block[1:])
        prose = _is_prose(block[1:]) and clean.ends_sentence(block[-1]) and not siblings
        numbered = numbered or (_ARABIC_HEADING.match(line) if prose else None)
        # (... or over the items of a deeper level: "（一）…主题征文、绘画及书法活动" over "1.活动对象：")
        below = _level(block[1])
        deeper = numbered is not None and below is not None and below > (_level(line) or 0)
        width = 30 if prose or deeper else 20  # over its own prose a heading may be as long as one alone
        # (over its items a heading may list what the part covers: "（一）…主题征文、绘画及书法活动")
        rest = line[numbered.end() :].rstrip("：:") if numbered else ""
        short = numbered and len(line) <= width and not _CLAUSE_PUNCT.search(rest.replace("、", "") if deeper else rest)
        return line.rstrip("：:") if short else None
    if numbered and not clean.ends_sentence(line) and (len(line) <= 30 or clean.long_heading(line)):
        return line.rstrip("：:")
    if following is None or clean.is_heading_line(following[0]):
        return None
    if _numbered_clause_heading(line, following):
        return line.rstrip("。：:")
    if _ANNEX.match(line) and _is_prose(following):
        return line  # "附：嘉宾简介" over the annex's text
    if _LIST_ITEM.match(line):
        # (a numbered question over its answer heads it: "1、跨性别是异装癖？" over a paragraph)
        asks = _ARABIC_HEADING.match(line) and line.endswith(("？", "?")) and len(line) <= 30
        return line if asks and _is_prose(following) and clean.ends_sentence(following[-1]) else None
    if not (_is_prose(following) or _LIST_ITEM.match(following[0])):
        return None
    bare = line.rstrip("：:")
    if _SALUTATION.match(line) or SIGNED_DATE.match(line):
        return None  # a date on a line of its own closes a notice; it heads nothing
    short = len(bare) <= SHORT_HEADING_MAX and not _PUNCT.search(bare) and bool(_WORDY.search(bare))
    if short and not bare.endswith(("了", "吗", "呢", "吧", "啊")):
        return bare
    if clean.is_paired_heading(line) and clean.ends_sentence(following[-1]):
        return line
    if line.endswith(("？", "?")) and len(line) <= 30 and line.count("？") + line.count("?") == 1:
        return line
    return None


def _numbered_clause_heading(line: str, following: clean.Block) -> bool:
    """A numbered line standing alone above prose is a heading even when it is a short
    sentence ("（一）推动新能源上网电量参与市场交易。") or a list number ("1.机制电量"):
    list items and clauses run on, one after another, with no prose between them."""
    below = _level(following[0])
    if below is not None:
        # Numbered lines under it: a heading when they are a deeper level ("四、用能设备。"
        # over "（一）主要设备。…"), a list when they are its siblings.
        here = _level(line)
        if here is None or here >= below:
            return False
    elif not (_is_prose(following) or _introduces(following)):
        return False
    if not _one_clause(line):
        return False
    if _NUMBERED_HEADING.match(line):
        return len(line) <= 40
    if not _LIST_ITEM.match(line):
        return False
    # "1.机制电量", or a numbered point of a report set above its text: "1.下岗职工的社会资本、
    # 人力资本对他们能否再就业的影响" over "从统计结果中可以得出下列结论：".
    # (a term's English name in brackets glosses it: "1.生理性別（Sex）")
    bare = _GLOSS.sub("", _LIST_ITEM.sub("", line))
    if not re.search(r"[A-Za-z\u4e00-\u9fff]", bare):
        return False  # (a number with a decimal point, "24358.26", heads nothing)
    line = _GLOSS.sub("", line)
    if line.endswith("。"):
        # "1．基金管理。" over its text: a few words closed by a full stop, as regulations set them.
        core = bare.rstrip("。")
        return len(core) <= SHORT_HEADING_MAX and not _PUNCT.search(core)
    # (a theme and its gloss parted by a colon: "1. 教培与养老：生意大小的选择"; a label is shorter:
    # "1. 时间：5月1日")
    theme, _, gloss = bare.partition("：")
    themed = (
        bare.count("：") == 1
        and len(theme.strip()) >= THEME_CHARS
        and "，" not in bare
        and not re.search(r"\d", gloss)
        and not re.search("(?:时间|日期|地点|地址|电话|方式|对象|费用|要求|条件|材料|人员)$", theme.strip())
    )
    # (a short label closed by a colon over the paragraph it heads: "1、范围：" over its text)
    labelled = bare.endswith(("：", ":")) and _is_prose(following)
    return (len(line) <= 16 and not _PUNCT.search(bare.rstrip("：:") if labelled else bare)) or (
        len(line) <= 40 and not re.search("[（）()]", bare) and (themed or not re.search("[：:]", bare))
    )


_GLOSS = re.compile(r"\s*[（(][A-Za-z][A-Za-z\s\-'.,&/]*[）)]")
#: The theme before a numbered heading's colon is this long at least.
THEME_CHARS = 5


def _one_clause(line: str) -> bool:
    """No sentence ends inside the line (a full stop may close it)."""
    return not re.search("[。！？；;]", line.rstrip("。"))


def _introduces(block: clean.Block) -> bool:
    """A short line that introduces what follows: "研究结果表明：", "从统计结果中可以得出下列结论："."""
    return len(block) == 1 and block[0].endswith(("：", ":")) and 4 <= len(block[0]) <= 30


_LEVELS = (
    re.compile(f"^{_PART}"),
    re.compile(f"^{_NAMED_ARTICLE}"),
    re.compile(r"^[一二三四五六七八九十]+[、.．]"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    re.compile(r"^\d+[、.．)）](?!\d)"),
    re.compile(r"^[（(]\d+[）)]"),
    re.compile(r"^[①-⑳]"),
)


def _level(line: str) -> int | None:
    """How deep a numbered line sits: 第X部分 0, 第X条 and its name 1, 一、 2, （一） 3, 1. 4,
    （1） 5, ① 6; None if not numbered."""
    return next((i for i, level in enumerate(_LEVELS) if level.match(line)), None)


def _unmarked(line: str) -> str:
    """A line set in bold or as a heading that heads nothing, as plain text: a salutation
    ("**各位居民朋友：**"), words stressed mid-sentence ("**5月20日至31日，**"), an
    attribution under a poem ("**——（宋）陆游**")."""
    if not clean.is_heading_line(line):
        return line
    bare = strip_marks(line)
    if _SALUTATION.match(bare) or bare.endswith(("，", "、", ",")) or bare.startswith(("—", "--")):
        return bare
    return line


def _split_trailing_questions(blocks: tuple[clean.Block, ...]) -> tuple[clean.Block, ...]:
    """A verse block whose last line is a question introducing prose: split the question off."""
    out: list[clean.Block] = []
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        last = block[-1]
        if _is_verse(block) and last.endswith(("？", "?")) and len(last) <= 30 and _is_prose(nxt):
            out.extend([block[:-1], (last,)])
        else:
            out.append(block)
    return tuple(out)


def _split_sections(blocks: tuple[clean.Block, ...]) -> tuple[tuple[Section, ...], tuple[bool, ...]]:
    """Sections, and for each whether its heading was explicitly marked (★, #, 一、)."""
    sections: list[Section] = []
    explicit: list[bool] = []
    title: str = LEAD_TITLE
    kind: SectionKind = "lead"
    marked = False
    paragraphs: list[Paragraph] = []
    levels: set[int | None] = set()
    label = ""
    # (each block's heading, once: the subheadings' set counts them too)
    headings = [heading_title(b, blocks[i + 1] if i + 1 < len(blocks) else None) for i, b in enumerate(blocks)]
    counted = _counted_heads(blocks)
    subheads = _subheads(blocks, headings) | _numbered_labels(blocks) | counted
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        if i + 1 in counted or _label_over_heading(block, following, after, _SECTION_LABEL):
            continue  # "1", "Part01" over a heading: the page's decoration
        if _label_over_heading(block, following, after, _LABEL):
            label = strip_marks(block[0])  # "方案1" over "产权投资安全最重要": one heading
            continue
        heading = headings[i]
        if heading is None and (_sibling_heading(block, levels) or i in subheads):
            heading = block[0].rstrip("：:")
        if heading is not None and label:
            heading, label = f"{label}：{heading}", ""
        if heading is not None:
            levels.add(_level(strip_marks(block[0])))
            sections.append(Section(title, kind, tuple(paragraphs)))
            explicit.append(marked)
            marked = clean.is_heading_line(block[0]) or bool(_NUMBERED_HEADING.match(block[0]))
            title, kind, paragraphs = heading, "headed", []
            if len(block) > 1:
                paragraphs.append(_paragraph(block[1:]))
        else:
            paragraphs.append(_paragraph(block))
    sections.append(Section(title, kind, tuple(paragraphs)))
    explicit.append(marked)
    return tuple(sections), tuple(explicit)


_CJK_CHAR = re.compile("[\u4e00-\u9fff]")
#: An unmarked subheading of a story is this long at most ("现场献唱主打歌 忆亡夫张振富落泪").
SUBHEAD_CHARS = 24
#: ... and a story sets at least this many of them, each between paragraphs.
SUBHEAD_SET = 2
# No clause ends inside a subheading (a point between digits is a number's: "增幅64.37%").
_SUBHEAD_CLAUSE = re.compile(r"[，。！？；,!?;…]|\.(?!\d)")
# A picture's caption, not a heading: "图为活动现场", "▲ 市民在食堂就餐", "… 记者 张三 摄",
# "图5联发科官网对MT8666的介绍", "（《试镜2号》剧照）", "黄素兰（右二）正和同事讨论"; an aside in
# brackets; an attribution ("——安迪·沃霍尔”").
_CAPTION = re.compile(
    r"^(?:图为|图\s*\d|图片|上图|下图|左图|右图|左[:：]|右[:：]|[▲△↑↓（(\[【]|——)"
    r"|(?:摄|供图|制图|截图|翻拍|图|局部|[）)\]】]|——)$"
    r"|图\s*[:：]|图》|图页|摄影|记者|作者|编辑|剧照|[（(][左右中前后][一二三四五六七八九\d]?[）)]|来源\s*[:：]"
)
# Words a sentence goes on with, or leads into what follows with: no subheading has them
# ("然后…", "…包括下列内容", "…发现这样一些事实", "…和一号位说", "…早饭然后做B超", "医生说…").
_RUNS_ON = re.compile(
    r"^(?:然后|然而|最后|就是|现在|所以|但是|因为|如果|而且|其实|于是|不过|可是)|下列|以下|如下|这样|这些|这个"
    r"|(?:说|道|称|表示|认为)$|然后|于是|所以|因为|[生家人们他她我你]说"
)
#: A subheading may hold a figure or two ("4月网签套数同比增幅64.37%"); a list of amounts is no heading.
SUBHEAD_FIGURES = 3
#: A paragraph this long counts as two under a subheading.
SUBHEAD_LONG = 200
#: ... and the subheadings of a story head two paragraphs each, on average.
SUBHEAD_SECTION = 2
# A field's label before a colon: "责任单位：市住房城乡建设局", "deppon09：互勉".
_FIELD_LABEL = re.compile(r"^(?:[\x00-\x7f]+|.{0,6}(?:单位|时间|日期|地点|地址|电话|方式|对象|费用|人员|人))[:：]")


# A short question at a line's end ("土耳其植发行业有多火爆？"), and two short phrases parted by a comma.
_ASKS = re.compile(r"(?<=[\u4e00-\u9fff])[？?]$")
_PHRASES = re.compile(r"^([\u4e00-\u9fff]{2,8})，([\u4e00-\u9fff]{2,8})$")


def _subhead_shaped(line: str) -> bool:
    """Whether a line is shaped as a story's unmarked subheading: short, Chinese, no clause in
    it, not a caption, a lead-in, a field, a list item, a salutation or a list of amounts."""
    if not 4 <= len(line.replace(" ", "")) <= SUBHEAD_CHARS or clean.is_heading_line(line):
        return False
    # (a question may head its part, "为什么是土耳其？", and two short phrases may, "保持清醒，不要跟风")
    bare = _ASKS.sub("", _PHRASES.sub(r"\1\2", line))
    if _SUBHEAD_CLAUSE.search(bare) or _CAPTION.search(line) or _RUNS_ON.search(line) or _FIELD_LABEL.match(line):
        return False
    if (
        line.count("：") > 1
        or re.search("[吗呢吧啊/]", line)
        or re.search("[哈呀嘛哦啦][？?！!～~]*$", line)
        or line.rstrip("：:").endswith("了")  # "那么问题来了：" leads into what follows
        or len(_CJK_CHAR.findall(line)) * 2 < len(line.replace(" ", ""))
    ):
        return False
    if _LIST_ITEM.match(line) or _SALUTATION.match(line) or SIGNED_DATE.match(line):
        return False
    # (a recipe's ingredients: "五花肉500克 冰糖30克 生抽2勺")
    return len(re.findall(r"\d+(?:\.\d+)?", line)) < SUBHEAD_FIGURES


#: A subheading set over two or three lines ("两性畸形容易漏诊" / "感觉不对劲" / "最好做染色体检查").
STACKED_LINES = 3


def _stackable(line: str) -> bool:
    """A line that may be one line of a subheading set over several: not a numbered heading of its
    own ("一、…", "第三条…") and not a lead-in ("有意者请投递简历至：")."""
    return _subhead_shaped(line) and not _NUMBERED_HEADING.match(line) and not line.endswith(("：", ":"))


def _stacked_subheads(blocks: tuple[clean.Block, ...]) -> tuple[clean.Block, ...]:
    """Blocks with a subheading the page sets over two or three lines of their own, between two
    paragraphs, joined into one line: a kicker over its subheading is one heading."""
    out: list[clean.Block] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and j - i < STACKED_LINES and len(blocks[j]) == 1 and _stackable(blocks[j][0]):
            j += 1
        joined = " ".join(b[0] for b in blocks[i:j])
        between = i > 0 and j < len(blocks) and clean.ends_sentence(out[-1][-1]) and _is_prose(blocks[j])
        if j - i >= 2 and between and len(joined.replace(" ", "")) <= SUBHEAD_CHARS:
            out.append((joined,))
            i = j
        else:
            out.append(blocks[i])
            i += 1
    return tuple(out)


def _subheads(blocks: tuple[clean.Block, ...], headings: list[str | None]) -> set[int]:
    """The unmarked subheadings of a story: lines of their own, short, with no clause in them,
    each between two paragraphs ("爱情未开始就已结束", "阿尔及利亚奥委会斥“谎言”"), when the
    story sets two or more of them. One alone may be a caption or a pull quote; a story's
    subheadings come in a set. `headings` are the blocks' headings read as such anyway."""
    found = set()
    for i in range(1, len(blocks) - 1):
        block, above, below = blocks[i], blocks[i - 1], blocks[i + 1]
        line = block[0]
        # (a subheading on the line above its paragraph, with no blank line between, heads it too)
        if len(block) > 1:
            below = block[1:]
        if not _subhead_shaped(line):
            continue
        # (a story told a short sentence to a paragraph has short paragraphs under its subheadings)
        # (... and no figures or signs in them: "剩余7条评论", "抢首赞已赞过已踩过<" are a forum's buttons)
        # (... the two paragraphs under it together, then: "为什么是土耳其？" / "首先是便宜。" / "在欧洲…")
        after = blocks[i + 1 if len(block) > 1 else i + 2] if i + 2 < len(blocks) else ()
        nearby = len("".join(below)) + len("".join(after))
        told = _is_prose(below) or (nearby > 2 * len(line) and not re.search(r"[\d<>]", line))
        # (the paragraph under it may lead into a list: "目前…的治疗不外乎两种方法：")
        ends = clean.ends_sentence(below[-1]) or below[-1].endswith(("：", ":"))
        if clean.ends_sentence(above[-1]) and told and ends:
            found.add(i)
    # (the writer's marked headings count in the set: "### 老歌缭绕编导倾力" … "舞校生日 排演《四季》";
    # so do the headings read as such anyway: "出海绕不开“文化关”" … "文化难题怎么破？")
    marked = {i for i, b in enumerate(blocks) if clean.is_heading_line(b[0]) or headings[i]}
    found -= marked  # (read as headings anyway)
    if not found or len(found | marked) < SUBHEAD_SET:
        return set()
    # (each heads a section: pictures' captions set between single paragraphs head none)
    # (a long paragraph counts as two: a story's sections may each be one long paragraph)
    bounds = [*sorted(found | marked), len(blocks)]
    sections = [
        sum(
            1 + (len("".join(b)) >= SUBHEAD_LONG)
            for b in (blocks[i][1:], *blocks[i + 1 : bounds[bounds.index(i) + 1]])
            if b
        )
        for i in found
    ]
    return found if sum(sections) >= SUBHEAD_SECTION * len(sections) else set()


# A part named by a word and its number, then a colon and its name: "亮点1：住房保障覆盖面扩大".
# (or by its ordinal and what it counts: "第一天：盘算怎样跟容祖儿套近乎", "第二站：…")
_NUMBERED_LABEL = re.compile(
    r"^([\u4e00-\u9fff]{1,4}?|第)(\d{1,2}|[一二三四五六七八九十]{1,3})([天日站步招关回集期]?)\s*[：:]\s*[^。！？；]{2,30}$"
)


def _numbered_labels(blocks: tuple[clean.Block, ...]) -> set[int]:
    """The blocks headed by a word and a number that the page counts up ("亮点1：…", "亮点2：…"),
    two or more with the same word, each over a paragraph."""
    found: dict[str, list[tuple[int, str]]] = {}
    for i, block in enumerate(blocks[:-1]):
        m = _NUMBERED_LABEL.match(block[0])
        # (not a figure's or a table's caption: "图1：…", "表2：…")
        caption = m is not None and m.group(1).endswith(("图", "表"))
        # (over a paragraph, or over the headings of its own parts: "第一天：…" over "### 钻“帅哥”空子…")
        over = len(block) > 1 or _is_prose(blocks[i + 1]) or clean.is_heading_line(blocks[i + 1][0])
        if m and not caption and not clean.ends_sentence(block[0]) and over:
            found.setdefault(m.group(1) + m.group(3), []).append((i, m.group(2)))
    return {i for marks in found.values() if len({n for _, n in marks}) >= SUBHEAD_SET for i, _ in marks}


def _label_over_heading(
    block: clean.Block, following: clean.Block | None, after: clean.Block | None, label: re.Pattern[str]
) -> bool:
    """A line of its own that is only a `label`, over a section's heading ("1", "Part01" or
    "方案1" over "全国名校长在小地方遇难题")."""
    return (
        following is not None
        and len(block) == 1
        and bool(label.fullmatch(strip_marks(block[0])))
        and heading_title(following, after) is not None
    )


# A bare number or a numbered label, the page's decoration, said by the chapter's place.
_SECTION_LABEL = re.compile(r"\d{1,2}|(?i:part|no\.?|chapter|step|section)\s*\d{1,2}")
# A numbered label that names its part, joined to the heading under it: "方案1", "骗局之2", "第3站".
_LABEL = re.compile(
    r"[\u4e00-\u9fff]{1,4}\s*[\d一二三四五六七八九十]{1,2}|第[\d一二三四五六七八九十]{1,2}[\u4e00-\u9fff]"
)


def _counted_heads(blocks: tuple[clean.Block, ...]) -> set[int]:
    """The short lines under bare numbers that count the page's parts ("1" over "新技术运用失败",
    its kicker and its prose; then "2" over the next): the parts' headings, when the numbers
    count up from 1 and there are two or more."""
    found = [
        (i, int(block[0]))
        for i, block in enumerate(blocks[:-2])
        if len(block) == 1
        and re.fullmatch(r"\d{1,2}", block[0])
        and len(blocks[i + 1]) == 1
        and _subhead_shaped(blocks[i + 1][0])
    ]
    counts = [n for _, n in found]
    return (
        {i + 1 for i, _ in found} if len(found) >= SUBHEAD_SET and counts == list(range(1, len(found) + 1)) else set()
    )


def _sibling_heading(block: clean.Block, levels: set[int | None]) -> bool:
    """A numbered line alone whose numbering already heads a chapter is the next chapter's
    heading, even when nothing long follows it: "二、本通知自2026年5月1日起执行。" after
    "一、联动调整…"."""
    line = block[0]
    return (
        len(block) == 1
        and _level(line) is not None
        and _level(line) in levels
        and len(line) <= 40
        and _one_clause(line)
    )


def _signature(paragraph: Paragraph) -> bool:
    """Who issued a notice and when, under it ("幸福里社区居委会" / "2024年11月28日"): it
    closes the last part; it is not a part of its own."""
    lines = paragraph.text.split("\n")
    return (
        len(lines) <= 4
        and bool(SIGNED_DATE.match(lines[-1]))
        and all(len(x) <= 30 and not _PUNCT.search(x) for x in lines[:-1])
    )


def _lone_opening_heading(sections: tuple[Section, ...], explicit: tuple[bool, ...]) -> tuple[Section, ...]:
    """An unmarked short line that opens the article and is its only heading heads no part: it
    is a line of the text (a source's or a column's name over the story: "香港電台-財經")."""
    headed = [i for i, s in enumerate(sections) if s.kind == "headed"]
    if len(headed) != 1 or explicit[headed[0]] or any(s.paragraphs for s in sections[: headed[0]]):
        return sections
    i = headed[0]
    opening = Section(LEAD_TITLE, "lead", (_paragraph((sections[i].title,)), *sections[i].paragraphs))
    return (*sections[:i], opening, *sections[i + 1 :])


def _split_closing(sections: tuple[Section, ...], explicit: tuple[bool, ...]) -> tuple[Section, ...]:
    """Split an unheaded verse-like closing part off the last explicitly headed section.

    Articles from WeChat often end with a verse-like coda after the last ★
    section's prose; it is not part of that section and deserves its own
    chapter so listeners can jump to it.  Once in the closing part, later
    verse does not start further chapters.
    """
    for si in range(len(sections) - 1, -1, -1):
        section = sections[si]
        if section.kind != "headed" or not explicit[si]:
            continue
        for i, p in enumerate(section.paragraphs):
            if p.verse and i >= 1 and not _signature(p) and not any(q.verse for q in section.paragraphs[:i]):
                coda = section.paragraphs[i:]
                return (
                    *sections[:si],
                    Section(section.title, section.kind, section.paragraphs[:i]),
                    Section(derive_title(coda), "unheaded", coda),
                    *sections[si + 1 :],
                )
        break
    return sections
