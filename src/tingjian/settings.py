"""Settings for one run, validated before any work starts: presets, config files, options."""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

EngineName = Literal["auto", "edge", "kokoro", "azure"]
ENGINES: tuple[str, ...] = ("auto", "edge", "kokoro", "azure")
DEFAULT_EDGE_VOICE = "zh-CN-XiaoxiaoNeural"
DEFAULT_KOKORO_VOICE = "zm_yunxi"
EDGE_URL_ENV = "TINGJIAN_EDGE_URL"
#: Parallel Edge requests. Eight is moderate for the service (edge-tts' maintainer saw
#: throttling only past about 40 at once: rany2/edge-tts#102, #21), and the adaptive
#: limiter halves it on 429/503 anyway.
DEFAULT_CONCURRENCY = 8
#: The longest text sent in one request; longer sentences are split at clauses, then words.
MAX_CUE_CHARS = 80
#: Neighbouring sentences share one Edge request up to this many characters together (the
#: longest cue, so no request is longer than one cue may be): each request waits for its
#: first byte, and a heading waits as long as a paragraph.
MERGE_CHARS = MAX_CUE_CHARS


@dataclass(frozen=True)
class Pauses:
    """Silence after each kind of cue, in milliseconds."""

    sentence: int = 350
    verse_line: int = 500
    paragraph: int = 750
    chapter: int = 1400
    title: int = 1100
    heading: int = 800
    #: After the last word; short, so the last caption ends with the file.
    tail: int = 150


@dataclass(frozen=True)
class Announcements:
    """Wording of the spoken navigation; {n} is the chapter number in Chinese, {count} the total."""

    toc_intro: str = "本期共{count}个部分。"
    toc_item: str = "第{n}部分，{title}。"
    chapter: str = "第{n}部分：{title}"
    unheaded_chapter: str = "第{n}部分。"
    closing: str = "本期节目到此结束，感谢收听。"


OUTPUT_FORMATS: tuple[str, ...] = ("mp3", "m4b", "wav", "daisy", "epub3")
#: Formats that are an audio file of the whole episode (a talking book comes with one).
AUDIO_FORMATS: tuple[str, ...] = ("mp3", "m4b", "wav")


@dataclass(frozen=True)
class Settings:
    """Everything that decides what an episode sounds like and where it goes."""

    engine: EngineName = "auto"
    voice: str | None = None
    rate: str = "+0%"
    title: str | None = None
    author: str = "tingjian 听见"
    album: str = "tingjian 听见"
    output_dir: Path = Path("audio_out")
    sample_rate: int = 44100
    bitrate: str = "128k"
    concurrency: int = DEFAULT_CONCURRENCY
    #: Neighbouring sentences share an Edge request up to this many characters (0: one each).
    merge_chars: int = MERGE_CHARS
    retries: int = 4
    timeout: float = 30.0
    #: First backoff delay in seconds; doubles per retry (with jitter), capped at 8 s.
    retry_base_delay: float = 0.5
    #: No retry starts after this many seconds of synthesis.
    deadline: float | None = 900.0
    #: Engine that fills cues the main engine could not synthesize ("kokoro"), or None to fail.
    fallback: str | None = None
    max_chars: int = MAX_CUE_CHARS
    cache_dir: Path | None = None
    use_cache: bool = True
    edge_url: str | None = field(default_factory=lambda: os.environ.get(EDGE_URL_ENV) or None)
    kokoro_voices_file: Path | None = None
    lexicon_file: Path | None = None
    #: Spell out numbers and symbols for every engine (always on for the offline voice).
    normalize: bool = False
    pauses: Pauses = Pauses()
    outro: str = "本期内容就到这里，感谢收听。"
    #: Spoken table of contents, numbered chapter announcements and a closing line.
    navigation: bool = True
    #: A soft two-note chime between chapters.
    earcon: bool = True
    announcements: Announcements = Announcements()
    #: A second voice for the title, table of contents and chapter announcements.
    heading_voice: str | None = None
    formats: tuple[str, ...] = ("mp3",)
    split_chapters: bool = False
    id3_version: int = 3
    #: Integrated loudness target (LUFS) and true-peak ceiling (dBTP) of the whole episode.
    target_lufs: float = -16.0
    true_peak: float = -1.0
    #: High-pass corner (Hz) and gentle compression, for horn loudspeakers.
    highpass_hz: float | None = None
    compress: bool = False
    #: Silence before the first word (playout systems clip the start).
    lead_in_ms: int = 0
    #: Play the whole message this many times, with a spoken "再播一遍" between.
    repeat: int = 1
    repeat_words: str = "再播一遍。"
    #: Music or jingles around the voice.
    intro_music: Path | None = None
    outro_music: Path | None = None
    #: Rebuild even when the folder already holds this exact episode.
    force: bool = False
    #: Lines containing any of these are read even when they look like page chrome
    #: (the user's answer to `plan --show-dropped`).
    keep: tuple[str, ...] = ()
    #: A Redis-compatible server whose Edge connection budget this run shares with other
    #: workers (queue mode), and that budget.
    shared_limit_url: str | None = None
    shared_limit: int = DEFAULT_CONCURRENCY
    #: Listen to every cue with a speech recogniser; give a misheard one a second take
    #: (needs `pip install 'tingjian[verify]'`). None: listen when the recogniser is
    #: installed, else go on without (the broadcast preset); True fails when it is not.
    verify: bool | None = False

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}", f"choose one of {', '.join(ENGINES)}")
        if not re.fullmatch(r"[+-]\d{1,3}%", self.rate):
            raise ConfigError(f"rate {self.rate!r} is not like +0% or -10%", "write it as +10% or -15%")
        if not -90 <= rate_percent(self.rate) <= 200:
            raise ConfigError(f"rate {self.rate} is out of range", "use a value from -90% to +200%")
        if not 0 <= self.merge_chars <= 4 * MAX_CUE_CHARS:
            raise ConfigError(
                f"merge_chars must be between 0 and {4 * MAX_CUE_CHARS}", "0 sends every sentence on its own"
            )
        if not 1 <= self.concurrency <= 32:
            raise ConfigError("concurrency must be between 1 and 32", "the Edge service throttles far above 8")
        if self.retries < 0:
            raise ConfigError("retries cannot be negative")
        if not re.fullmatch(r"\d{2,3}k", self.bitrate):
            raise ConfigError(f"bitrate {self.bitrate!r} is not like 128k")
        if self.fallback not in (None, "kokoro"):
            raise ConfigError(f"unknown fallback {self.fallback!r}", "the only fallback is kokoro (the offline voice)")
        if not (math.isfinite(self.timeout) and self.timeout > 0):
            raise ConfigError(f"timeout {self.timeout} is not a positive number of seconds", "use e.g. --timeout 30")
        unknown = [f for f in self.formats if f not in OUTPUT_FORMATS]
        if unknown or not self.formats:
            raise ConfigError(
                f"unknown output format {', '.join(unknown)!r}",
                "use mp3, m4b, wav, daisy, epub3 or a list like mp3,daisy",
            )
        if not any(f in AUDIO_FORMATS for f in self.formats):
            # A talking book alone still comes with the episode's MP3 (its loudness is measured there).
            object.__setattr__(self, "formats", ("mp3", *self.formats))
        if not -40 <= self.target_lufs <= -5:
            raise ConfigError(
                f"loudness target {self.target_lufs} LUFS is out of range", "podcasts use -16, broadcast -23"
            )
        if not -9 <= self.true_peak <= 0:
            raise ConfigError(f"true-peak ceiling {self.true_peak} dBTP is out of range", "use -1 (or -2 for safety)")
        if not 1 <= self.repeat <= 10:
            raise ConfigError("repeat must be between 1 and 10")
        if self.sample_rate not in (22050, 24000, 32000, 44100, 48000):
            raise ConfigError(f"sample rate {self.sample_rate} is not supported", "use 44100 or 48000")
        for music in (self.intro_music, self.outro_music):
            if music is not None and not Path(music).is_file():
                raise ConfigError(f"{music}: no such music file")
        if self.edge_url is not None and not re.fullmatch(r"wss?://[^\s/?#]+[^\s]*", self.edge_url):
            raise ConfigError(
                f"the Edge endpoint {self.edge_url!r} is not a ws:// or wss:// address",
                "set TINGJIAN_EDGE_URL (or edge_url) to a websocket URL, or unset it for Microsoft's",
            )
        if self.id3_version not in (3, 4):
            raise ConfigError("ID3 version must be 3 or 4", "ID3v2.3 is read by the most players")
        if self.max_chars < 10:
            raise ConfigError("max_chars must be at least 10")
        if not (self.verify is None or isinstance(self.verify, bool)):
            raise ConfigError(f"verify must be true, false or None (as the preset says), not {self.verify!r}")


def rate_percent(rate: str) -> int:
    """The signed percentage of an Edge-style rate string ("+10%" -> 10)."""
    return int(rate.rstrip("%"))


# Named bundles of options; anything given on the command line still wins.
PRESETS: dict[str, dict[str, Any]] = {
    # Apple's guidance: -16 LUFS, true peak at most -1 dBTP, MP3 44.1 kHz.
    "podcast": {},
    # EBU R128 for community radio and neighbourhood loudspeakers (--lufs -24 for GY/T 262).
    "broadcast": {
        "target_lufs": -23.0,
        "true_peak": -1.0,
        "sample_rate": 48000,
        "highpass_hz": 100.0,
        "compress": True,
        "rate": "-5%",
        "lead_in_ms": 1500,
        "formats": ("mp3", "wav"),
        # Nobody listens to every sentence before a notice goes on air: the recogniser does.
        "verify": None,
    },
    # Slightly faster speech for practised screen-reader users; clear chapter cues.
    "accessibility": {
        "rate": "+10%",
        "navigation": True,
        "earcon": True,
        "pauses": Pauses(chapter=2000, heading=1000),
    },
    # Slower speech and longer pauses for elderly listeners.
    "elderly": {
        "rate": "-15%",
        "navigation": True,
        "earcon": True,
        "pauses": Pauses(sentence=600, verse_line=800, paragraph=1200, chapter=2400, title=1600, heading=1200),
    },
}


#: Option names as the command line spells them -> Settings fields.
OPTION_ALIASES = {
    "output": "output_dir",
    "format": "formats",
    "lexicon": "lexicon_file",
    "lufs": "target_lufs",
    "intro": "intro_music",
    "id3v2": "id3_version",
    "kokoro_voices": "kokoro_voices_file",
}
_PATH_FIELDS = {
    "output_dir", "cache_dir", "lexicon_file", "kokoro_voices_file", "intro_music", "outro_music",
}  # fmt: skip


def make_settings(preset: str | None = None, config_file: Path | str | None = None, **options: Any) -> Settings:
    """Settings from a preset, then a TOML config file, then explicit options (None = not given).

    Options are Settings fields or the command line's option names in snake_case
    (`lexicon`, `lufs`, `intro`, `format`, `no_cache`, ...); `formats` may be "mp3,m4b".
    """
    name = preset or "podcast"
    if name not in PRESETS:
        raise ConfigError(f"unknown preset {name!r}", f"choose one of {', '.join(PRESETS)}")
    values: dict[str, Any] = dict(PRESETS[name])
    if config_file:
        values.update(load_config(Path(config_file)))
    values.update(option_fields(options))
    return Settings(**values)


def option_fields(options: dict[str, Any]) -> dict[str, Any]:
    """Given options (None = not given) as Settings fields; CLI names and plain strings are accepted."""
    fields = set(Settings.__dataclass_fields__)
    out: dict[str, Any] = {}
    for key, value in options.items():
        if value is None:
            continue
        if key == "no_cache":
            key, value = "use_cache", not value
        key = OPTION_ALIASES.get(key, key)
        if key not in fields:
            raise ConfigError(f"unknown option {key!r}", "see the README's option table (CLI names in snake_case)")
        if key == "formats" and isinstance(value, str):
            value = tuple(f.strip() for f in value.split(",") if f.strip())
        elif key == "formats":
            value = tuple(value)
        elif key == "keep":
            value = (value,) if isinstance(value, str) else tuple(value)
        elif key in _PATH_FIELDS and isinstance(value, str):
            value = Path(value)
        out[key] = value
    return out


_CONFIG_KEYS = {"voice", "heading_voice", "rate", "author", "album", "outro", "engine", "navigation", "earcon"}


def read_toml(path: Path, what: str, hint: str | None = None) -> dict[str, Any]:
    """A TOML file as a dict, or a ConfigError naming the file (`what`: "config", "lexicon")."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ConfigError(f"{what} {path}: no such file") from e
    except IsADirectoryError as e:
        raise ConfigError(f"{what} {path} is a folder, not a TOML file") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{what} {path} is not valid TOML: {e}", hint) from e


def load_config(path: Path) -> dict[str, Any]:
    """Options from a TOML file: top-level keys, [pauses] (ms) and [announcements] (wording)."""
    data = read_toml(path, "config")
    values: dict[str, Any] = {}
    try:
        if "pauses" in data:
            values["pauses"] = Pauses(**data.pop("pauses"))
        if "announcements" in data:
            values["announcements"] = Announcements(**data.pop("announcements"))
    except TypeError as e:
        raise ConfigError(f"config {path}: {e}", "see the README for the keys of [pauses] and [announcements]") from e
    unknown = set(data) - _CONFIG_KEYS
    if unknown:
        raise ConfigError(f"config {path}: unknown keys {', '.join(sorted(unknown))}")
    values.update(data)
    return values
