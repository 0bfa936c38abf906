"""Cleaned text -> Article: title, sections and paragraphs (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import clean
from .errors import InputError

SectionKind = Literal["lead", "headed", "unheaded"]

LEAD_TITLE = "导语"
CLOSING_TITLE = "尾声"
# Lines up to this many characters, stacked in one block, read as verse.
VERSE_LINE_MAX = 25


@dataclass(frozen=True)
class Paragraph:
    """One paragraph; `verse` paragraphs keep their line breaks as pauses."""

    text: str
    verse: bool = False


@dataclass(frozen=True)
class Section:
    """A chapter-to-be: its title, how the title arose, and its paragraphs."""

    title: str
    kind: SectionKind
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Article:
    """A structured article."""

    title: str
    sections: tuple[Section, ...]

    @property
    def paragraph_count(self) -> int:
        return sum(len(s.paragraphs) for s in self.sections)


def parse_article(text: str, title: str | None = None) -> Article:
    """Clean pasted article text and find its title, lead, sections and closing part."""
    blocks = clean.to_blocks(text)
    if not blocks:
        raise InputError("the article has no text")
    first, rest = blocks[0], clean.rejoin_broken_sentences(blocks[1:])
    if title is None and len(first) == 1 and len(first[0]) <= 60 and not clean.ends_sentence(first[0]):
        found_title, body = _strip_marks(first[0]), rest
    else:
        found_title, body = (title or ""), (first, *rest)
        if not found_title:
            found_title = _derive_title(body)
    if title:
        found_title = title
    sections = _split_sections(body)
    sections = _split_closing(sections)
    sections = tuple(s for s in sections if s.paragraphs or s.kind == "headed")
    if not any(_speakable(p.text) for s in sections for p in s.paragraphs):
        raise InputError(
            "the article has no readable sentences (only punctuation or symbols)",
            "check that the file holds the article text",
        )
    return Article(title=found_title, sections=sections)


def _speakable(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _strip_marks(line: str) -> str:
    line = line.lstrip(clean.HEADING_MARKS + "#").strip()
    if line.startswith("【") and line.endswith("】"):
        line = line[1:-1]
    return line.strip()


def _derive_title(blocks: tuple[clean.Block, ...]) -> str:
    for block in blocks:
        for line in block:
            if _speakable(line):
                return line[:20]
    return "未命名"


def _paragraph(block: clean.Block) -> Paragraph:
    if len(block) > 1 and all(len(line) <= VERSE_LINE_MAX for line in block):
        return Paragraph("\n".join(block), verse=True)
    # A multi-line prose block is a hard-wrapped paragraph: one paragraph.
    return Paragraph("".join(block) if all(clean.has_cjk(x) for x in block) else " ".join(block))


def _split_sections(blocks: tuple[clean.Block, ...]) -> tuple[Section, ...]:
    sections: list[Section] = []
    title, kind = LEAD_TITLE, "lead"
    paragraphs: list[Paragraph] = []
    for block in blocks:
        if clean.is_heading_line(block[0]):
            sections.append(Section(title, kind, tuple(paragraphs)))  # type: ignore[arg-type]
            title, kind, paragraphs = _strip_marks(block[0]), "headed", []
            if len(block) > 1:
                paragraphs.append(_paragraph(block[1:]))
        else:
            paragraphs.append(_paragraph(block))
    sections.append(Section(title, kind, tuple(paragraphs)))  # type: ignore[arg-type]
    return tuple(sections)


def _split_closing(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Split an unheaded closing part off the last headed section.

    Articles from WeChat often end with a verse-like coda after the last
    section's prose; it is not part of that section and deserves its own
    chapter so listeners can jump to it.
    """
    if not sections or sections[-1].kind != "headed":
        return sections
    last = sections[-1]
    for i, p in enumerate(last.paragraphs):
        if p.verse and i >= 1:
            return (
                *sections[:-1],
                Section(last.title, last.kind, last.paragraphs[:i]),
                Section(CLOSING_TITLE, "unheaded", last.paragraphs[i:]),
            )
    return sections
