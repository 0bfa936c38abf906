"""A user's pronunciation lexicon changes what is spoken, never what is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tingjian import plan
from tingjian.errors import ConfigError
from tingjian.settings import Settings
from tingjian.text.lexicon import load_lexicon


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lexicon.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_longest_written_form_wins(tmp_path: Path) -> None:
    lex = load_lexicon(_write(tmp_path, '"重庆" = "崇庆"\n"重庆市" = "崇庆市区"\n'))
    assert lex.apply("重庆市和重庆") == "崇庆市区和崇庆"


def test_lexicon_table_form_is_accepted(tmp_path: Path) -> None:
    lex = load_lexicon(_write(tmp_path, '[lexicon]\n"行长" = "航长"\n'))
    assert lex.apply("行长来了") == "航长来了"


def test_lexicon_applies_to_speech_before_spoken_form(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("通知\n\n请联系12345热线，找钱琛。\n", encoding="utf-8")
    lexicon = _write(tmp_path, '"钱琛" = "钱晨"\n"12345热线" = "市民热线"\n')
    script = plan(article, settings=Settings(engine="kokoro", lexicon_file=lexicon)).script
    cue = next(c for c in script.cues if "钱琛" in c.text)
    assert cue.speech == "请联系市民热线，找钱晨。"
    assert cue.text == "请联系12345热线，找钱琛。"


@pytest.mark.parametrize("body", ['"a" = 1\n', "not toml =\n"])
def test_bad_lexicon_is_refused_with_a_hint(tmp_path: Path, body: str) -> None:
    with pytest.raises(ConfigError):
        load_lexicon(_write(tmp_path, body))
