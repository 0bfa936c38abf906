"""Cleaning rules for pasted Chinese text: each rule is small, named and pure.

Text is handled as *blocks* (runs of non-blank lines separated by blank lines);
a block is a tuple of lines.  Rules take and return tuples of blocks.
"""

from __future__ import annotations

import re
import unicodedata

Block = tuple[str, ...]

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters that may end a sentence (with any closing quotes after them).
SENTENCE_END = "。！？…；!?;"
CLOSERS = "”’」』）)》〉】\"'"
OPENERS = "“‘「『（(《〈【"
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
HEADING_MARKS = "★☆●■◆◇▲△►▶"

_CJK_CHAR = re.compile(f"[{CJK}]")
_SPACE_BETWEEN_CJK = re.compile(
    f"(?<=[{CJK}，。！？、；：“”‘’（）《》…—])[ \t]+(?=[{CJK}，。！？、；：“”‘’（）《》…—])"
)


def has_cjk(text: str) -> bool:
    """True when the text contains at least one Chinese character."""
    return bool(_CJK_CHAR.search(text))


def normalize_line(line: str) -> str:
    """Drop zero-width characters, unify odd spaces, trim the line."""
    line = line.translate(ZERO_WIDTH)
    line = line.replace("\u3000", " ").replace("\xa0", " ")
    line = unicodedata.normalize("NFC", line)
    return line.strip()


def remove_spaces_in_chinese(line: str) -> str:
    """Remove stray spaces between Chinese characters and Chinese punctuation."""
    return _SPACE_BETWEEN_CJK.sub("", line)


def to_blocks(text: str) -> tuple[Block, ...]:
    """Split text into blocks of normalized, non-blank lines."""
    blocks: list[Block] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = remove_spaces_in_chinese(normalize_line(raw))
        if line:
            current.append(line)
        elif current:
            blocks.append(tuple(current))
            current = []
    if current:
        blocks.append(tuple(current))
    return tuple(blocks)


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence-final punctuation (closing quotes allowed)."""
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def is_heading_line(line: str) -> bool:
    """True for a line explicitly marked as a heading (★ marks, 【】, Markdown #)."""
    return (
        line[0] in HEADING_MARKS
        or (line.startswith("【") and line.endswith("】") and len(line) <= 40)
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
        if out and _is_cut_prose(out[-1]) and not is_heading_line(block[0]) and has_cjk(block[0][:1]):
            prev = out.pop()
            out.append((prev[0] + block[0], *block[1:]))
        else:
            out.append(block)
    return tuple(out)


def _is_cut_prose(block: Block) -> bool:
    if len(block) != 1:
        return False
    line = block[0]
    if is_heading_line(line) or ends_sentence(line) or line[-1] in "，、：:,":
        return False
    return unbalanced_quote(line) or (len(line) >= 12 and any(p in line for p in "，、：；"))
