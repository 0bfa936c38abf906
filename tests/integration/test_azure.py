"""Azure Speech through its REST API, against a local server that speaks it (never the real
service): SSML with the voice and rate, lexicon words as SAPI pinyin phonemes, throttling
retried, a refused key in one clear line, missing settings named."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import tingjian
from tingjian.devtools.fake_azure import FakeAzureServer
from tingjian.speech.azure import sapi_pinyin

TEXT = "通知\n\n行长明天来社区，请大家准时参加。\n"


@pytest.fixture()
def azure(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAzureServer]:
    with FakeAzureServer(key="k-123") as server:
        monkeypatch.setenv("AZURE_SPEECH_KEY", "k-123")
        monkeypatch.setenv("AZURE_SPEECH_REGION", "eastasia")
        monkeypatch.setenv("TINGJIAN_AZURE_URL", server.url)
        yield server


def test_an_episode_is_made_with_ssml_voice_rate_and_lexicon_phonemes(azure: FakeAzureServer, tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('"行长" = "航长"\n', encoding="utf-8")
    ep = tingjian.make(text=TEXT, engine="azure", voice="zh-CN-YunxiNeural", rate="-10%", lexicon=lexicon,
                       output_dir=tmp_path / "out", cache_dir=tmp_path / "c")  # fmt: skip
    assert ep.files["mp3"].stat().st_size > 10_000 and ep.run.engine == "azure"
    body = next(r for r in azure.requests if "行长" in r)
    assert '<voice name="zh-CN-YunxiNeural">' in body and '<prosody rate="-10%">' in body
    assert '<phoneme alphabet="sapi" ph="hang 2 zhang 3">行长</phoneme>' in body
    assert "航长" not in body  # the word is sent as written, its reading as phonemes


def test_throttling_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeAzureServer(key="k", throttle_first=2) as server:
        monkeypatch.setenv("AZURE_SPEECH_KEY", "k")
        monkeypatch.setenv("AZURE_SPEECH_REGION", "eastasia")
        monkeypatch.setenv("TINGJIAN_AZURE_URL", server.url)
        ep = tingjian.make(
            text=TEXT, engine="azure", output_dir=tmp_path, cache_dir=tmp_path / "c", retry_base_delay=0.05
        )
    assert ep.files["mp3"].is_file() and len(server.requests) >= 3


def test_a_refused_key_is_one_clear_error_and_missing_settings_are_named(
    azure: FakeAzureServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_SPEECH_KEY", "wrong")
    with pytest.raises(tingjian.EngineUnavailable, match="refused the key") as err:
        tingjian.make(text=TEXT, engine="azure", output_dir=tmp_path, cache_dir=tmp_path / "c")
    assert err.value.exit_code == 3
    monkeypatch.delenv("AZURE_SPEECH_KEY")
    with pytest.raises(tingjian.ConfigError, match="AZURE_SPEECH_KEY"):
        tingjian.make(text=TEXT, engine="azure", output_dir=tmp_path, cache_dir=tmp_path / "c")


@pytest.mark.parametrize(
    ("spoken", "phones"), [("航长", "hang 2 zhang 3"), ("重庆", "chong 2 qing 4"), ("银行", "yin 2 hang 2")]
)
def test_readings_become_sapi_pinyin_with_tones(spoken: str, phones: str) -> None:
    assert re.fullmatch(r"([a-z]+ [1-5] ?)+", sapi_pinyin(spoken) + " ")
    assert sapi_pinyin(spoken) == phones
