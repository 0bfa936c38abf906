"""Azure Speech, for organisations that need a service agreement: the same neural voices as
Edge through the documented REST API (`--engine azure`, key and region from
$AZURE_SPEECH_KEY and $AZURE_SPEECH_REGION). Full SSML: lexicon entries become
`<phoneme alphabet="sapi">` pinyin with tones, so 多音字 are read exactly as written down."""

from __future__ import annotations

import asyncio
import hashlib
import os
from xml.sax.saxutils import escape, quoteattr

import aiohttp

from ..errors import ConfigError, EngineUnavailable
from ..settings import DEFAULT_CONCURRENCY
from ..text.lexicon import Lexicon
from .engine import CueAudio, TransientEngineError

KEY_ENV, REGION_ENV = "AZURE_SPEECH_KEY", "AZURE_SPEECH_REGION"
#: Another endpoint speaking Azure's REST API (tests run a local one).
URL_ENV = "TINGJIAN_AZURE_URL"
OUTPUT_FORMAT = "audio-24khz-48kbitrate-mono-mp3"


def endpoint(region: str) -> str:
    return os.environ.get(URL_ENV) or f"https://{region}.tts.speech.microsoft.com/cognitiveservices/v1"


def sapi_pinyin(spoken: str) -> str:
    """Azure's SAPI phones for Mandarin: pinyin syllables with tone numbers (行长 → hang 2 zhang 3)."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(spoken, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    return " ".join(f"{s[:-1]} {s[-1]}" if s[-1:].isdigit() else f"{s} 5" for s in syllables)


def ssml(text: str, voice: str, rate: str, lexicon: Lexicon) -> str:
    """The request body: the text in its voice and rate, lexicon words as phonemes."""
    body = escape(text)
    for written, spoken in sorted(lexicon.entries, key=lambda e: -len(e[0])):
        if written in text:
            phones = sapi_pinyin(spoken)
            if phones:
                tag = f'<phoneme alphabet="sapi" ph={quoteattr(phones)}>{escape(written)}</phoneme>'
                body = body.replace(escape(written), tag)
    return (
        '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" '
        'xmlns:mstts="https://www.w3.org/2001/mstts" xml:lang="zh-CN">'
        f"<voice name={quoteattr(voice)}><prosody rate={quoteattr(rate)}>{body}</prosody></voice></speak>"
    )


class AzureEngine:
    """Azure Speech neural voices over REST (one request per cue)."""

    name = "azure"
    version = "rest-v1"
    needs_spoken_form = False
    merge_chars = 0  # the REST answer has no boundaries to cut it apart by

    def __init__(
        self,
        voice: str,
        rate: str = "+0%",
        lexicon: Lexicon | None = None,
        timeout: float = 30.0,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        key, region = os.environ.get(KEY_ENV, ""), os.environ.get(REGION_ENV, "")
        if not key or not (region or os.environ.get(URL_ENV)):
            raise ConfigError(
                f"--engine azure needs ${KEY_ENV} and ${REGION_ENV}",
                "set them from your Azure Speech resource (Keys and Endpoint), e.g. region eastasia",
            )
        self.check_voice(voice)
        self.voice, self.rate, self.timeout = voice, rate, timeout
        self.key, self.url = key, endpoint(region)
        self.lexicon = lexicon or Lexicon()
        self.max_concurrency = concurrency

    def check_voice(self, voice: str) -> None:
        if not voice.endswith("Neural") or voice.count("-") < 2:
            raise ConfigError(f"{voice!r} is not an Azure neural voice name", "e.g. zh-CN-XiaoxiaoNeural")

    def cache_identity(self, voice: str | None = None) -> dict[str, str]:
        # The lexicon changes the audio here (phonemes), not the text: it is part of the key.
        lexicon = hashlib.sha256(repr(self.lexicon.entries).encode()).hexdigest()[:16]
        return {"engine": "azure", "voice": voice or self.voice, "rate": self.rate, "lexicon": lexicon}

    async def synthesize(self, text: str, voice: str | None = None) -> CueAudio:
        headers = {
            "Ocp-Apim-Subscription-Key": self.key,
            "Content-Type": "application/ssml+xml",
            "X-Microsoft-OutputFormat": OUTPUT_FORMAT,
            "User-Agent": "tingjian",
        }
        body = ssml(text, voice or self.voice, self.rate, self.lexicon).encode("utf-8")
        try:
            timeout = aiohttp.ClientTimeout(total=self.timeout)
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.post(self.url, data=body, headers=headers) as response,
            ):
                if response.status in (401, 403):
                    raise EngineUnavailable(
                        f"Azure Speech refused the key (HTTP {response.status})",
                        f"check ${KEY_ENV} and ${REGION_ENV}",
                    )
                if response.status in (429, 503):
                    raise TransientEngineError("throttled", f"HTTP {response.status}")
                if response.status != 200:
                    raise TransientEngineError("http", f"HTTP {response.status}")
                data = await response.read()
        except asyncio.TimeoutError as e:
            raise TransientEngineError("timeout", f"no answer within {self.timeout:g} s") from e
        except aiohttp.ClientError as e:
            raise TransientEngineError("connection", f"connection failed: {e.__class__.__name__}") from e
        if not data:
            raise TransientEngineError("no-audio", "the service sent no audio")
        return CueAudio(data, "mp3", ())

    def close(self) -> None:
        return None
