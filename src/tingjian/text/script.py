"""Article -> Script: everything that will be said, in order, with pauses (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from ..settings import MAX_CUE_CHARS, Announcements, Pauses
from .normalize import cardinal
from .segment import is_speakable, split_paragraph
from .structure import Article, without_numbering

Role = Literal["title", "toc", "heading", "body", "outro"]


@dataclass(frozen=True)
class Cue:
    """One request to a speech engine: display text, spoken text, what follows it.

    `voice` overrides the engine's voice for this cue (e.g. headings in a
    second voice); `earcon` plays a chime in the gap after the cue.
    """

    index: int
    chapter: int
    role: Role
    text: str
    speech: str
    pause_ms: int
    voice: str | None = None
    earcon: bool = False
    #: How the text breaks after this cue in a transcript: "", "line" (verse) or "paragraph".
    brk: Literal["", "line", "paragraph"] = ""


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


@dataclass(frozen=True)
class Navigation:
    """Spoken navigation: table of contents, numbered announcements, chimes, closing line."""

    enabled: bool = True
    earcon: bool = True
    words: Announcements = field(default_factory=Announcements)
    heading_voice: str | None = None


def build_script(
    article: Article,
    pauses: Pauses,
    outro: str,
    speech: Callable[[str], str] = lambda s: s,
    max_chars: int = MAX_CUE_CHARS,
    navigation: Navigation = Navigation(enabled=False, earcon=False),
) -> Script:
    """Lay out title, (table of contents,) chapter announcements, body sentences and closing as cues."""
    cues: list[Cue] = []
    chapters: list[ChapterPlan] = []
    # Announcements only help when there is something to navigate.
    nav = navigation.enabled and len(article.sections) > 1
    words = navigation.words
    count = len(article.sections)

    def add(chapter: int, role: Role, text: str, pause: int, voice: str | None = None) -> None:
        text = text.strip()
        if is_speakable(text):
            cues.append(Cue(len(cues), chapter, role, text, speech(text), pause, voice))

    def announce(chapter: int, role: Role, text: str, pause: int) -> None:
        # A title ending in ？ or a quote needs no "。" from the template after it.
        text = re.sub(r"([。！？!?”’」』])[。.]", r"\1", text)
        before = len(cues)
        # An announcement is one cue unless it is too long for one request.
        for piece in [text] if len(text) <= max_chars else split_paragraph(text, max_chars):
            add(chapter, role, piece, pauses.sentence, navigation.heading_voice)
        if len(cues) > before:
            cues[-1] = replace(cues[-1], pause_ms=pause)

    for section in article.sections:
        ci, first = len(chapters), len(cues)
        n = cardinal(ci + 1)
        if not cues:
            announce(ci, "title", article.title, pauses.title)
            if nav:
                spoken_count = "两" if count == 2 else cardinal(count)
                announce(ci, "toc", words.toc_intro.format(count=spoken_count), pauses.sentence)
                for i, s in enumerate(article.sections):
                    title = without_numbering(s.title).rstrip("。.！!；;：:")
                    item = words.toc_item.format(n=cardinal(i + 1), title=title)
                    announce(ci, "toc", item, pauses.sentence)
                _set_pause(cues, pauses.title)
        if nav:
            template = words.unheaded_chapter if section.kind == "unheaded" else words.chapter
            announce(ci, "heading", template.format(n=n, title=without_numbering(section.title)), pauses.heading)
        elif section.kind == "headed":
            announce(ci, "heading", section.title, pauses.heading)
        for paragraph in section.paragraphs:
            lines = set(paragraph.text.split("\n")) if paragraph.lines_kept else set()
            for piece in split_paragraph(paragraph.text, max_chars):
                add(ci, "body", piece, pauses.verse_line if piece in lines else pauses.sentence)
                if piece in lines:
                    cues[-1] = replace(cues[-1], brk="line")
            if len(cues) > first:
                _set_pause(cues, pauses.paragraph)
                cues[-1] = replace(cues[-1], brk="paragraph")
        if len(cues) > first:
            _set_pause(cues, pauses.chapter)
            chapters.append(ChapterPlan(section.title, first, len(cues) - 1))
    if navigation.earcon and nav:
        # A chime in the gap before every chapter but the first.
        for ch in chapters[1:]:
            prev = ch.first_cue - 1
            cues[prev] = replace(cues[prev], earcon=True)
    closing = words.closing if nav else outro
    if closing:
        announce(max(len(chapters) - 1, 0), "outro", closing, pauses.tail)
        if chapters:
            last = chapters[-1]
            chapters[-1] = ChapterPlan(last.title, last.first_cue, len(cues) - 1)
    return Script(article.title, tuple(cues), tuple(chapters))


def _set_pause(cues: list[Cue], pause: int) -> None:
    cues[-1] = replace(cues[-1], pause_ms=max(cues[-1].pause_ms, pause))


def repeat_script(script: Script, times: int, words: str, pause_ms: int) -> Script:
    """The whole message `times` times, each repeat introduced by `words` ("再播一遍").

    Community broadcasts repeat notices; each repeat is a chapter of its own
    so a listener (or the operator) can jump straight to it.
    """
    if times <= 1 or not script.cues:
        return script
    cues = list(script.cues)
    chapters = list(script.chapters)
    once = script.cues
    for n in range(2, times + 1):
        ci = len(chapters)
        first = len(cues)
        cues[-1] = replace(cues[-1], pause_ms=max(cues[-1].pause_ms, pause_ms))
        cues.append(Cue(first, ci, "toc", words, words, pause_ms, once[0].voice))
        for c in once:
            cues.append(replace(c, index=len(cues), chapter=ci))
        chapters.append(ChapterPlan(f"{words.rstrip('。')}（第{cardinal(n)}遍）", first, len(cues) - 1))
    return Script(script.title, tuple(cues), tuple(chapters))
