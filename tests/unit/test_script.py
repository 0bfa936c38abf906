"""Spoken script: title first, headings read aloud, pauses by kind, outro last."""

from __future__ import annotations

from pathlib import Path

from tingjian.settings import Pauses
from tingjian.text.normalize import spoken_form
from tingjian.text.read import read_source
from tingjian.text.script import build_script
from tingjian.text.structure import parse_article

TEXT = "社区小事\n\n导语第一句。导语第二句。\n\n★第一部分\n\n第一段。\n\n第二段。\n\n★第二部分\n\n最后一段。\n"


def test_title_heading_body_and_outro_come_in_order() -> None:
    script = build_script(parse_article(TEXT), Pauses(), "感谢收听。")
    roles = [(c.role, c.text) for c in script.cues]
    assert roles[0] == ("title", "社区小事")
    assert roles[-1] == ("outro", "感谢收听。")
    assert ("heading", "第一部分") in roles and ("heading", "第二部分") in roles
    assert [c.title for c in script.chapters] == ["导语", "第一部分", "第二部分"]


def test_chapters_start_at_their_spoken_heading() -> None:
    script = build_script(parse_article(TEXT), Pauses(), "感谢收听。")
    for ch in script.chapters[1:]:
        assert script.cues[ch.first_cue].role == "heading"
        assert script.cues[ch.first_cue].text == ch.title
    assert script.chapters[0].first_cue == 0


def test_pauses_grow_from_sentence_to_paragraph_to_chapter() -> None:
    p = Pauses()
    script = build_script(parse_article(TEXT), p, "")
    by_text = {c.text: c.pause_ms for c in script.cues}
    assert by_text["导语第一句。"] == p.sentence
    assert by_text["第一段。"] == p.paragraph
    assert by_text["第二段。"] == p.chapter
    assert p.sentence < p.paragraph < p.chapter


def test_spoken_form_changes_speech_but_not_display_text(seed_path: Path) -> None:
    script = build_script(parse_article(read_source(seed_path).text), Pauses(), "", spoken_form)
    cue = next(c for c in script.cues if "刘汉章快60岁了" in c.text)
    assert "六十岁" in cue.speech and "60" not in cue.speech
    assert "60岁" in cue.text


def test_every_cue_index_matches_its_position(seed_path: Path) -> None:
    script = build_script(parse_article(read_source(seed_path).text), Pauses(), "感谢收听。")
    assert [c.index for c in script.cues] == list(range(len(script.cues)))
    assert all(0 <= c.chapter < len(script.chapters) for c in script.cues)
