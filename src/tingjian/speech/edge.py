"""Microsoft Edge's online neural voices through the real `edge-tts` client: the voices,
what a request depends on, and a shared connection budget. The client itself
(`edge_wire`) loads with the first request.
"""

from __future__ import annotations

import re
from importlib.metadata import version as _pkg_version

from ..errors import ConfigError
from ..settings import DEFAULT_CONCURRENCY, MERGE_CHARS
from .engine import CueAudio, TransientEngineError
from .gate import SharedGate

_VOICE = re.compile(r"[a-z]{2,3}-[A-Z][A-Za-z]{1,3}-(?:[a-z]+-)?\w+Neural")


#: Edge's Chinese voices (listing them needs the network, so the list ships with tingjian):
#: name -> how it sounds.
CHINESE_VOICES = {
    "zh-CN-XiaoxiaoNeural": "女声，温暖（默认）",
    "zh-CN-XiaoyiNeural": "女声，活泼",
    "zh-CN-YunjianNeural": "男声，激情",
    "zh-CN-YunxiNeural": "男声，阳光",
    "zh-CN-YunxiaNeural": "男声，少年",
    "zh-CN-YunyangNeural": "男声，专业播音",
    "zh-CN-liaoning-XiaobeiNeural": "女声，东北话",
    "zh-CN-shaanxi-XiaoniNeural": "女声，陕西话",
    "zh-HK-HiuGaaiNeural": "女声，粤语",
    "zh-HK-HiuMaanNeural": "女声，粤语",
    "zh-HK-WanLungNeural": "男声，粤语",
    "zh-TW-HsiaoChenNeural": "女声，台湾",
    "zh-TW-HsiaoYuNeural": "女声，台湾",
    "zh-TW-YunJheNeural": "男声，台湾",
}

#: How long every worker waits after one of them was throttled (429/503).
SHARED_BACKOFF_S = 2.0


class EdgeEngine:
    """Online Mandarin voices (zh-CN-XiaoxiaoNeural and friends)."""

    name = "edge"
    needs_spoken_form = False

    def __init__(
        self,
        voice: str,
        rate: str = "+0%",
        url: str | None = None,
        timeout: float = 30.0,
        concurrency: int = DEFAULT_CONCURRENCY,
        gate: SharedGate | None = None,
        merge_chars: int = MERGE_CHARS,
    ) -> None:
        self.check_voice(voice)
        #: The connection budget shared with other workers, when several machines make episodes.
        self.gate = gate
        self.voice = voice
        self.rate = rate
        #: The endpoint (None: Microsoft's).
        self.url = url
        self.timeout = timeout
        self.max_concurrency = concurrency
        self.merge_chars = merge_chars
        self.version = _pkg_version("edge-tts")

    def check_voice(self, voice: str) -> None:
        if not _VOICE.fullmatch(voice):
            raise ConfigError(
                f"{voice!r} is not an Edge voice name",
                "use a name like zh-CN-XiaoxiaoNeural, zh-CN-YunxiNeural or zh-CN-YunyangNeural",
            )

    def cache_identity(self, voice: str | None = None) -> dict[str, str]:
        return {"engine": "edge", "voice": voice or self.voice, "rate": self.rate, "pitch": "+0Hz", "volume": "+0%"}

    async def synthesize(self, text: str, voice: str | None = None) -> CueAudio:
        if self.gate is None:
            return await self._request(text, voice)
        async with self.gate.slot():
            try:
                return await self._request(text, voice)
            except TransientEngineError as e:
                if e.kind == "throttled":  # one worker heard it: every worker slows down
                    await self.gate.throttled(SHARED_BACKOFF_S)
                raise

    async def _request(self, text: str, voice: str | None) -> CueAudio:
        from .edge_wire import request  # the network client loads with the first request

        return await request(self.url, text, voice or self.voice, self.rate, self.timeout)

    def close(self) -> None:
        return None
