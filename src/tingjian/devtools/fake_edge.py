"""A local server speaking the Edge TTS websocket protocol, for offline tests and benchmarks.

It answers the real `edge-tts` client: `turn.start`, binary `Path:audio`
frames (2-byte header length, MP3 24 kHz 48 kbit/s mono), `audio.metadata`
SentenceBoundary JSON and `turn.end`.  The audio is a real MP3 whose length
follows the text (about 4.5 characters per second), so timings behave like
speech.  Point tingjian at it with TINGJIAN_EDGE_URL=server.url.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from types import TracebackType
from xml.sax.saxutils import unescape

from aiohttp import WSMsgType, web

from ..audio import run_ffmpeg

SECONDS_PER_CHAR = 0.22
LEAD_MS = 80
TAIL_MS = 120
_PROSODY = re.compile(r"<prosody[^>]*>(.*)</prosody>", re.DOTALL)
_VOICE = re.compile(r"<voice name='([^']+)'>")
_LONG_VOICE = re.compile(r"Microsoft Server Speech Text to Speech Voice \(([\w-]+), (\w+)\)")


@dataclass
class LatencyModel:
    """How slow the fake service is: first byte delay, streaming speed, connection cap."""

    ttfb_ms: float = 0.0
    #: seconds of streaming per second of audio (0 = instant, 0.25 = 4x faster than real time)
    stream_factor: float = 0.0
    max_connections: int = 1000


@dataclass
class Request:
    """What one websocket connection asked for."""

    text: str
    voice: str
    ssml: str


@lru_cache(maxsize=4096)
def speechlike_mp3(text: str) -> tuple[bytes, float]:
    """A real MP3 whose duration follows the text length; returns (mp3, speech seconds)."""
    chars = max(1, sum(1 for c in text if c.isalnum()))
    seconds = round(chars * SECONDS_PER_CHAR, 3)
    freq = 180 + int(hashlib.md5(text.encode()).hexdigest()[:4], 16) % 200
    # A tone pulsed at syllable rate: loud enough to be "speech" for silence detection.
    src = f"sine=frequency={freq}:sample_rate=24000:duration={seconds}"
    filt = f"volume='0.35+0.25*sin(2*PI*4.5*t)':eval=frame,adelay={LEAD_MS},apad=pad_dur={TAIL_MS / 1000}"
    mp3 = run_ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            src,
            "-af",
            filt,
            "-ac",
            "1",
            "-ar",
            "24000",
            "-b:a",
            "48k",
            "-write_xing",
            "0",
            "-id3v2_version",
            "0",
            "-f",
            "mp3",
            "pipe:1",
        ]
    )
    return mp3, seconds


def _text_frame(request_id: str, path: str, body: str) -> str:
    return f"X-RequestId:{request_id}\r\nContent-Type:application/json; charset=utf-8\r\nPath:{path}\r\n\r\n{body}"


def _audio_frame(request_id: str, data: bytes) -> bytes:
    ct = "Content-Type:audio/mpeg\r\n" if data else ""
    # The length counts the header's closing CRLF; edge-tts slices data at length + 2.
    header = f"X-RequestId:{request_id}\r\n{ct}X-StreamId:{request_id}\r\nPath:audio\r\n".encode()
    return len(header).to_bytes(2, "big") + header + data


@dataclass
class FakeEdgeServer:
    """Run the fake service on 127.0.0.1 in a background thread (use as a context manager)."""

    latency: LatencyModel = field(default_factory=LatencyModel)
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    peak_connections: int = 0
    _port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/consumer/speech/synthesize/readaloud/edge/v1?TrustedClientToken=test"

    @property
    def texts(self) -> list[str]:
        with self._lock:
            return [r.text for r in self.requests]

    def __enter__(self) -> FakeEdgeServer:
        self._thread = threading.Thread(target=self._serve, name="fake-edge", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fake Edge server did not start")
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        self._port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            if self.connections >= self.latency.max_connections:
                return web.Response(status=429, text="too many connections")
            self.connections += 1
            self.peak_connections = max(self.peak_connections, self.connections)
        try:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                head, _, body = msg.data.partition("\r\n\r\n")
                if "Path:ssml" in head:
                    await self._answer(ws, body)
                    break
            await ws.close()
            return ws
        finally:
            with self._lock:
                self.connections -= 1

    async def _answer(self, ws: web.WebSocketResponse, ssml: str) -> None:
        m = _PROSODY.search(ssml)
        text = unescape(m.group(1)) if m else ""
        vm = _VOICE.search(ssml)
        voice = vm.group(1) if vm else ""
        long = _LONG_VOICE.fullmatch(voice)
        if long:  # edge-tts sends the long form of "zh-CN-XiaoxiaoNeural"
            voice = f"{long.group(1)}-{long.group(2)}"
        with self._lock:
            self.requests.append(Request(text, voice, ssml))
        rid = uuid.uuid4().hex
        mp3, seconds = await asyncio.to_thread(speechlike_mp3, text)
        if self.latency.ttfb_ms:
            await asyncio.sleep(self.latency.ttfb_ms / 1000)
        await ws.send_str(_text_frame(rid, "turn.start", '{"context":{"serviceTag":"fake"}}'))
        meta = {
            "Metadata": [
                {
                    "Type": "SentenceBoundary",
                    "Data": {
                        "Offset": LEAD_MS * 10_000,
                        "Duration": int(seconds * 10_000_000),
                        "text": {"Text": text, "Length": len(text), "BoundaryType": "SentenceBoundary"},
                    },
                }
            ]
        }
        chunk = 4800  # ~0.8 s of 48 kbit/s audio per frame
        per_chunk = self.latency.stream_factor * chunk * 8 / 48_000
        await ws.send_str(_text_frame(rid, "audio.metadata", json.dumps(meta, ensure_ascii=False)))
        for i in range(0, len(mp3), chunk):
            await ws.send_bytes(_audio_frame(rid, mp3[i : i + chunk]))
            if per_chunk:
                await asyncio.sleep(per_chunk)
        await ws.send_bytes(_audio_frame(rid, b""))
        await ws.send_str(_text_frame(rid, "turn.end", "{}"))
