"""The whole text stage on random Unicode: a clear InputError or a plan, never anything else."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

import tingjian
from tingjian.text.formats import html_to_text, markdown_to_text

# Characters pasted text really holds, and the ones that break parsers.
_ALPHABET = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list("，。！？、；：“”（）《》【】—…·★#*-_>|/\\<>&%$@0123456789\n\t 　")),
    st.sampled_from(["<p>", "</p>", "<br>", "<div>", "**", "## ", "一、", "（一）", "1.", "2024年", "上午9:00"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_planning_any_text_gives_a_plan_or_one_clear_input_error(text: str) -> None:
    try:
        plan = tingjian.plan(text=text, engine="kokoro")
    except tingjian.InputError:
        return
    assert plan.title and all(c.text for ch in plan.chapters for c in ch.cues)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_the_readers_never_raise_anything_but_input_error(text: str) -> None:
    for reader in (html_to_text, markdown_to_text):
        with contextlib.suppress(tingjian.InputError):
            reader(text)
