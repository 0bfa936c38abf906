"""Article -> Script: everything that will be said, in order, with pauses (pure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .article import Article
from .config import Pauses
from .segment import is_speakable, split_paragraph

Role = Literal["title", "heading", "body", "outro"]


@dataclass(frozen=True)
class Cue:
    """One request to a speech engine: display text, spoken text, silence after."""

    index: int
    chapter: int
    role: Role
    text: str
    speech: str
    pause_ms: int


@dataclass(frozen=True)
class ChapterPlan:
    """A chapter: its title and the range of cues it spans (inclusive)."""

    title: str
    first_cue: int
    last_cue: int


@dataclass(frozen=True)
class Script:
    """The spoken script of an episode."""

    title: str
    cues: tuple[Cue, ...]
    chapters: tuple[ChapterPlan, ...]


def build_script(
    article: Article,
    pauses: Pauses,
    outro: str,
    speech: Callable[[str], str] = lambda s: s,
    max_chars: int = 80,
) -> Script:
    """Lay out the title, spoken chapter headings, body sentences and outro as cues."""
    cues: list[Cue] = []
    chapters: list[ChapterPlan] = []

    def add(chapter: int, role: Role, text: str, pause: int) -> None:
        text = text.strip()
        if is_speakable(text):
            cues.append(Cue(len(cues), chapter, role, text, speech(text), pause))

    for section in article.sections:
        ci, first = len(chapters), len(cues)
        if not cues:
            add(ci, "title", article.title, pauses.title)
        if section.kind == "headed":
            add(ci, "heading", section.title, pauses.heading)
        for paragraph in section.paragraphs:
            pieces = split_paragraph(paragraph.text, max_chars)
            lines = set(paragraph.text.split("\n")) if paragraph.verse else set()
            for piece in pieces:
                pause = pauses.verse_line if piece in lines else pauses.sentence
                add(ci, "body", piece, pause)
            if len(cues) > first:
                _set_pause(cues, pauses.paragraph)
        if len(cues) > first:
            _set_pause(cues, pauses.chapter)
            chapters.append(ChapterPlan(section.title, first, len(cues) - 1))
    if outro:
        add(max(len(chapters) - 1, 0), "outro", outro, pauses.tail)
        if chapters:
            last = chapters[-1]
            chapters[-1] = ChapterPlan(last.title, last.first_cue, len(cues) - 1)
    return Script(article.title, tuple(cues), tuple(chapters))


def _set_pause(cues: list[Cue], pause: int) -> None:
    c = cues[-1]
    cues[-1] = Cue(c.index, c.chapter, c.role, c.text, c.speech, max(c.pause_ms, pause))
