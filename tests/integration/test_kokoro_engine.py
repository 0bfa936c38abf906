"""The offline voice produces real speech audio of a sensible length."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tingjian.errors import ConfigError
from tingjian.settings import DEFAULT_KOKORO_VOICE
from tingjian.speech.edge import CHINESE_VOICES
from tingjian.speech.kokoro import G2P, MAX_PHONEMES, KokoroEngine, _chunks, offline_voices, phonemize
from tingjian.speech.select import offline_namesake
from tingjian.text.normalize import spoken_form


@pytest.fixture(scope="module")
def engine() -> KokoroEngine:
    return KokoroEngine(DEFAULT_KOKORO_VOICE)


def test_the_eight_mandarin_voices_ship_first_each_the_offline_namesake_of_an_edge_voice() -> None:
    voices = offline_voices()
    mandarin = [v for v in voices if v[:3] in ("zf_", "zm_")]
    assert len(mandarin) == 8 and voices[:8] == mandarin and "jm_kumo" in voices
    assert DEFAULT_KOKORO_VOICE in mandarin
    namesakes = {v: offline_namesake(v) for v in CHINESE_VOICES}
    assert namesakes["zh-CN-YunxiNeural"] == "zm_yunxi" and namesakes["zh-CN-liaoning-XiaobeiNeural"] == "zf_xiaobei"
    assert set(namesakes.values()) - {None} == set(mandarin)
    assert namesakes["zh-TW-HsiaoChenNeural"] is None and offline_namesake("jm_kumo") is None
    table = KokoroEngine("zm_yunxi").model.voices["zm_yunxi"]
    assert table.shape == (510, 256) and table.dtype == np.float32


def _samples(wav_bytes: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(wav_bytes)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2"), w.getframerate()


def test_short_text_gives_speech_of_plausible_length(engine: KokoroEngine) -> None:
    text = "明天上午停水两个小时，请大家提前储水。"  # 18 characters
    samples, rate = _samples(engine.synthesize_sync(text).data)
    seconds = len(samples) / rate
    # Mandarin is read at roughly 3-7 characters per second.
    assert 18 / 7 < seconds < 18 / 2.5
    rms = float(np.sqrt(np.mean((samples / 32768.0) ** 2)))
    assert rms > 0.02, "audio is (nearly) silent"


def test_longer_text_gives_longer_audio(engine: KokoroEngine) -> None:
    short, _ = _samples(engine.synthesize_sync("你好。").data)
    long, _ = _samples(engine.synthesize_sync("你好，欢迎收听幸福里社区的新闻，今天我们说说老巷子的路灯。").data)
    assert len(long) > 3 * len(short)


def test_phonemes_use_only_the_model_vocabulary(engine: KokoroEngine) -> None:
    ph = phonemize(spoken_form("刘汉章快60岁了，眼睛有些花、记性也大不如前。"))
    assert ph and all(c in engine.model.vocab for c in ph)


def test_tone_sandhi_is_applied() -> None:
    # 一 before a fourth tone is read yi2 (rising ↗), not yi1.
    assert phonemize("一定").startswith("i↗")


def test_g2p_variants_merge_erhua_and_give_neutral_tones_their_own_tone(engine: KokoroEngine) -> None:
    text = "我们一会儿去这儿玩儿，东西放在桌上。"
    plain, erhua, own = (phonemize(text, g) for g in (G2P(), G2P(erhua=True), G2P(neutral=False)))
    assert plain.count("ɚ") == 3 and "ɚ" not in erhua and erhua.count("ɻ") == 3
    assert "ɕi→" in own and "ɕi→" not in plain  # 东西 dong1 xi5, its 西 said xi1
    assert all(c in engine.model.vocab for c in erhua + own)
    # A variant's audio is cached apart from the shipped voice's.
    assert KokoroEngine(DEFAULT_KOKORO_VOICE, g2p=G2P(erhua=True)).cache_identity() == {
        **engine.cache_identity(),
        "g2p": "erhua",
    }


def test_phoneme_chunks_respect_the_model_limit() -> None:
    long = " ".join(["ni↓xau↓,"] * 200)
    assert all(len(c) <= MAX_PHONEMES for c in _chunks(long))
    assert "".join(_chunks(long)).replace(" ", "") == long.replace(" ", "")


def test_unknown_voice_lists_the_choices() -> None:
    with pytest.raises(ConfigError, match="not an offline voice") as err:
        KokoroEngine("zf_nobody")
    assert "jm_kumo" in (err.value.hint or "")


def test_a_user_voices_file_adds_voices(tmp_path: Path) -> None:
    # The same format as kokoro-onnx's voices-v1.0.bin: an .npz of 510x1x256 style tables.
    base = KokoroEngine("jm_kumo").model.voices["jm_kumo"]
    voices = tmp_path / "voices.npz"
    np.savez(voices, zf_custom=base.reshape(510, 1, 256) * 0.98)
    engine = KokoroEngine("zf_custom", voices_file=voices)
    samples, rate = _samples(engine.synthesize_sync("你好，欢迎收听。").data)
    assert len(samples) / rate > 0.5


def test_a_broken_voices_file_is_a_clear_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "voices.bin"
    bad.write_bytes(b"not a numpy archive")
    with pytest.raises(ConfigError, match="cannot read Kokoro voices file"):
        KokoroEngine("jm_kumo", voices_file=bad)


@pytest.mark.parametrize("text", ["请到B座一楼报名", "B超", "T恤", "QQ和App", "第2名"])
def test_latin_letters_and_digits_are_spoken_not_a_crash(engine: KokoroEngine, text: str) -> None:
    phonemes = phonemize(text)
    assert phonemes and not any(c.isascii() and c.isupper() for c in phonemes)
    samples, rate = _samples(engine.synthesize_sync(text).data)
    assert len(samples) / rate > 0.3


def test_letters_are_read_by_their_chinese_names() -> None:
    assert phonemize("B") == phonemize("必")
    assert phonemize("T恤").replace(" ", "") == phonemize("替恤").replace(" ", "")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_the_offline_front_end_never_raises_on_any_text(text: str) -> None:
    phonemes = phonemize(spoken_form(text))
    assert isinstance(phonemes, str)


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20))
def test_the_offline_voice_synthesizes_any_text(engine: KokoroEngine, text: str) -> None:
    cue = engine.synthesize_sync(spoken_form(text))
    assert cue.container == "wav" and len(cue.data) > 44


def test_the_offline_voice_is_cached_as_mp3_a_fraction_of_its_wav(tmp_path: Path) -> None:
    import json

    import tingjian
    from tingjian.audio.decode import decode

    text = "社区通知\n\n明天上午停水两个小时，请大家提前储水。\n\n行动不便的老人，请联系网格员帮忙。\n"
    tingjian.make(text=text, engine="kokoro", output_dir=tmp_path / "out", cache_dir=tmp_path / "cache")
    entries = [json.loads(p.read_text()) for p in (tmp_path / "cache").glob("*/*.json")]
    assert entries and all(e["container"] == "mp3" and e["levels"] for e in entries)
    kept = sum(e["size"] for e in entries)
    audio = [p.read_bytes() for p in (tmp_path / "cache").glob("*/*.audio")]
    wav_size = sum(44 + len(decode(a, 24000, "mp3")) for a in audio)
    assert kept < 0.3 * wav_size, (kept, wav_size)
