"""Options reach Settings under the command line's names, and bad ones are named."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from tingjian.errors import ConfigError
from tingjian.settings import DEFAULT_CONCURRENCY, MAX_CUE_CHARS, Settings, make_settings, rate_percent
from tingjian.speech.edge import EdgeEngine
from tingjian.speech.engine import wav_bytes
from tingjian.text.segment import split_paragraph


def test_cli_option_names_map_to_settings_fields() -> None:
    s = make_settings(lexicon="lex.toml", lufs=-20, format="mp3,m4b", no_cache=True, output="out", id3v2=4)
    assert s.lexicon_file == Path("lex.toml") and s.target_lufs == -20 and s.formats == ("mp3", "m4b")
    assert not s.use_cache and s.output_dir == Path("out") and s.id3_version == 4


def test_the_broadcast_preset_listens_when_it_can_and_an_explicit_no_wins() -> None:
    assert make_settings().verify is False
    assert make_settings("broadcast").verify is None  # None: when the recogniser is installed
    assert make_settings("broadcast", verify=False).verify is False
    assert make_settings("podcast", verify=True).verify is True


def test_unknown_options_are_refused_by_name() -> None:
    with pytest.raises(ConfigError, match="unknown option 'speed'"):
        make_settings(speed="fast")


def test_one_default_for_concurrency_and_cue_length_everywhere() -> None:
    assert Settings().concurrency == EdgeEngine("zh-CN-XiaoxiaoNeural").max_concurrency == DEFAULT_CONCURRENCY
    long = "这是一句很长的话，" * 30
    assert max(map(len, split_paragraph(long))) <= MAX_CUE_CHARS == Settings().max_chars


def test_rate_strings_are_read_one_way() -> None:
    assert [rate_percent(r) for r in ("+10%", "-15%", "+0%")] == [10, -15, 0]


def test_the_wav_writer_matches_pythons_wave_module() -> None:
    pcm = bytes(range(256)) * 3
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(24000)
        w.writeframes(pcm)
    assert wav_bytes(pcm, 24000) == buf.getvalue()


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), 0.0, -1.0])
def test_a_timeout_that_is_not_a_positive_number_is_refused(timeout: float) -> None:
    with pytest.raises(ConfigError, match="timeout"):
        Settings(timeout=timeout)


def test_a_lexicon_that_is_a_folder_is_a_clear_config_error(tmp_path: Path) -> None:
    from tingjian.text.lexicon import load_lexicon

    with pytest.raises(ConfigError, match="is a folder"):
        load_lexicon(tmp_path)


def test_a_large_lexicon_applies_fast_and_longest_first() -> None:
    from tingjian.text.lexicon import Lexicon

    entries = tuple(sorted(((f"词{i:04d}", f"读{i}") for i in range(5000)), key=lambda p: -len(p[0])))
    lexicon = Lexicon((("重庆市", "崇庆市"), ("重庆", "崇庆"), *entries))
    text = "重庆市" + "词0042" * 20_000
    spoken = lexicon.apply(text)
    assert spoken.startswith("崇庆市读42") and spoken.count("读42") == 20_000
