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
import random
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal
from xml.sax.saxutils import unescape

from aiohttp import WSMsgType, web

from ..audio.ffmpeg import run_ffmpeg
from ..audio.frames import mp3_frames
from .loopback import LoopbackServer

SECONDS_PER_CHAR = 0.22
LEAD_MS = 80
TAIL_MS = 120
#: Where the service ends a sentence: its stop and any closing quotes after it.
_SENTENCES = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』）)》\"']*|$)")
_PROSODY = re.compile(r"<prosody[^>]*>(.*)</prosody>", re.DOTALL)
_VOICE = re.compile(r"<voice name='([^']+)'>")
_LONG_VOICE = re.compile(r"Microsoft Server Speech Text to Speech Voice \(([\w-]+), (\w+)\)")


Fault = Literal[
    "refuse", "close", "stall", "forbidden", "throttle429", "throttle503", "no_audio",
    # a broken or hostile server (never drawn at random; ask for them with FaultPlan.always):
    "garbage", "endless", "bad_json", "bad_header", "huge",
    # audio that plays and says the wrong thing, as the real service sometimes fails without a
    # word (only through `always` or `once`): backwards, silent, or cut off with metadata to match.
    "reversed", "silent", "cut_quiet",
]  # fmt: skip
#: Faults that send well-formed audio that does not say the text.
GARBLED: tuple[Fault, ...] = ("reversed", "silent", "cut_quiet")
HANDSHAKE_FAULTS: tuple[Fault, ...] = ("refuse", "forbidden", "throttle429", "throttle503")
ALL_FAULTS: tuple[Fault, ...] = ("refuse", "close", "stall", "forbidden", "throttle429", "throttle503", "no_audio")


@dataclass
class FaultPlan:
    """Which requests fail and how.

    - `rate`: chance that a request fails with one of `kinds` (drawn from a seeded RNG);
    - `always`: text substring -> fault, every time that text is asked for;
    - `once`: text substring -> fault, the first time that text is asked for only;
    - `forbid_first`: the first N handshakes answer 403 (clock skew / stale token).
    Faults: refuse (connection dropped before the handshake), close (connection
    closed mid-stream), stall (no answer after turn.start), forbidden (HTTP 403),
    throttle429/throttle503 (HTTP 429/503 on the handshake), no_audio (metadata
    and turn.end but no audio). A hostile server, only through `always`: garbage (audio
    that is not MP3), endless (audio that never ends), bad_json (invalid metadata),
    bad_header (a binary frame with a broken header), huge (one 64 MiB frame). Garbled
    audio, through `always` or `once`: reversed, silent, cut_quiet (the first 40%, with
    metadata that says so: nothing a client can notice).
    """

    rate: float = 0.0
    kinds: tuple[Fault, ...] = ALL_FAULTS
    seed: int = 0
    always: dict[str, Fault] = field(default_factory=dict)
    once: dict[str, Fault] = field(default_factory=dict)
    forbid_first: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self) -> Fault | None:
        """The random fault for the next request, if any."""
        if self.rate and self._rng.random() < self.rate:
            return self._rng.choice(self.kinds)
        return None


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


def edge_mp3(source: list[str], audio_filter: str, stdin: bytes | None = None) -> bytes:
    """Audio from `source` (ffmpeg input options) through `audio_filter`, as the service sends
    it: MP3, 24 kHz mono, 48 kbit/s, no Xing or ID3 header."""
    return run_ffmpeg(
        [*source, "-af", audio_filter, "-ac", "1", "-ar", "24000", "-b:a", "48k",
         "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", "pipe:1"],
        stdin,
    )  # fmt: skip


@lru_cache(maxsize=4096)
def speechlike_mp3(text: str) -> tuple[bytes, float]:
    """A real MP3 whose duration follows the text length; returns (mp3, speech seconds)."""
    chars = max(1, sum(1 for c in text if c.isalnum()))
    seconds = round(chars * SECONDS_PER_CHAR, 3)
    freq = 180 + int(hashlib.md5(text.encode()).hexdigest()[:4], 16) % 200
    # A tone pulsed at syllable rate: loud enough to be "speech" for silence detection.
    src = f"sine=frequency={freq}:sample_rate=24000:duration={seconds}"
    filt = f"volume='0.35+0.25*sin(2*PI*4.5*t)':eval=frame,adelay={LEAD_MS},apad=pad_dur={TAIL_MS / 1000}"
    mp3 = edge_mp3(["-f", "lavfi", "-i", src], filt)
    return mp3, seconds


@lru_cache(maxsize=4096)
def offline_voice_mp3(text: str) -> tuple[bytes, float]:
    """Speech for the server to send: the default offline voice reading `text`, as an Edge-like
    MP3 (for checks that listen: a recogniser hears nothing in the default pulsed tone)."""
    from ..settings import DEFAULT_KOKORO_VOICE
    from ..speech.kokoro import KokoroEngine

    wav = KokoroEngine(DEFAULT_KOKORO_VOICE).synthesize_sync(text).data
    seconds = (len(wav) - 44) / 2 / 24000
    mp3 = edge_mp3(["-f", "wav", "-i", "pipe:0"], f"adelay={LEAD_MS},apad=pad_dur={TAIL_MS / 1000}", wav)
    return mp3, round(seconds, 3)


def garble(mp3: bytes, seconds: float, fault: Fault) -> tuple[bytes, float]:
    """Audio broken as `fault` says (reversed, silent or cut_quiet), as an MP3 like the service's."""
    if fault == "cut_quiet":
        seconds = round(seconds * 0.4, 3)
    audio_filter = {"reversed": "areverse", "silent": "volume=0", "cut_quiet": f"atrim=0:{seconds + LEAD_MS / 1000}"}
    out = edge_mp3(["-f", "mp3", "-i", "pipe:0"], audio_filter[fault], mp3)
    return out, seconds


def _text_frame(request_id: str, path: str, body: str) -> str:
    return f"X-RequestId:{request_id}\r\nContent-Type:application/json; charset=utf-8\r\nPath:{path}\r\n\r\n{body}"


def _audio_frame(request_id: str, data: bytes) -> bytes:
    ct = "Content-Type:audio/mpeg\r\n" if data else ""
    # The length counts the header's closing CRLF; edge-tts slices data at length + 2.
    header = f"X-RequestId:{request_id}\r\n{ct}X-StreamId:{request_id}\r\nPath:audio\r\n".encode()
    return len(header).to_bytes(2, "big") + header + data


@dataclass
class FakeEdgeServer(LoopbackServer):
    """Run the fake service on 127.0.0.1 in a background thread (use as a context manager)."""

    name = "fake-edge"

    latency: LatencyModel = field(default_factory=LatencyModel)
    faults: FaultPlan = field(default_factory=FaultPlan)
    requests: list[Request] = field(default_factory=list)
    handshakes: int = 0
    faults_injected: list[str] = field(default_factory=list)
    connections: int = 0
    peak_connections: int = 0
    #: 0: any free port (read it back from .port or .url once started).
    port: int = 0
    #: What the audio says: text -> (MP3 24 kHz mono, seconds of speech); default a pulsed tone.
    speak: Callable[[str], tuple[bytes, float]] = speechlike_mp3

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._init_loopback()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/consumer/speech/synthesize/readaloud/edge/v1?TrustedClientToken=test"

    @property
    def texts(self) -> list[str]:
        with self._lock:
            return [r.text for r in self.requests]

    def _routes(self, app: web.Application) -> None:
        app.router.add_get("/{tail:.*}", self._handle)

    def _fault_for_handshake(self) -> Fault | None:
        with self._lock:
            self.handshakes += 1
            if self.handshakes <= self.faults.forbid_first:
                return "forbidden"
            return self.faults.draw()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        fault = self._fault_for_handshake()
        if fault in HANDSHAKE_FAULTS:
            self._note(fault)
            if fault == "refuse":
                if request.transport:
                    request.transport.abort()
                return web.Response(status=500)
            status = {"forbidden": 403, "throttle429": 429, "throttle503": 503}[fault]
            return web.Response(status=status, text=fault)
        with self._lock:
            if self.connections >= self.latency.max_connections:
                self.faults_injected.append("over-capacity")
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
                    await self._answer(ws, body, fault, request)
                    break
            await ws.close()
            return ws
        finally:
            with self._lock:
                self.connections -= 1

    def _speak_sentences(
        self, text: str, fault: Fault | None, trigger: str | None
    ) -> tuple[bytes, list[tuple[str, float, float]]]:
        """The answer's audio, sentence after sentence as the service reads them, and each
        sentence's boundary (text, offset ms, seconds of speech). A garbling fault breaks
        the sentences that hold the text it was asked for on (every sentence otherwise)."""
        sentences = [m.group() for m in _SENTENCES.finditer(text) if m.group().strip()] or [text]
        broken = [s for s in sentences if trigger and trigger in s] or sentences
        audio, boundaries, at_ms = bytearray(), [], 0.0
        for sentence in sentences:
            mp3, seconds = self.speak(sentence)
            if fault in GARBLED and sentence in broken:
                mp3, seconds = garble(mp3, seconds, fault)
            boundaries.append((sentence, at_ms + LEAD_MS, seconds))
            frames = mp3_frames(mp3)
            at_ms += frames[0] * frames[1] * 1000 / frames[2] if frames else seconds * 1000 + LEAD_MS + TAIL_MS
            audio += mp3
        return bytes(audio), boundaries

    def _note(self, fault: str) -> None:
        with self._lock:
            self.faults_injected.append(fault)

    async def _answer(self, ws: web.WebSocketResponse, ssml: str, fault: Fault | None, request: web.Request) -> None:
        m = _PROSODY.search(ssml)
        text = unescape(m.group(1)) if m else ""
        vm = _VOICE.search(ssml)
        voice = vm.group(1) if vm else ""
        long = _LONG_VOICE.fullmatch(voice)
        if long:  # edge-tts sends the long form of "zh-CN-XiaoxiaoNeural"
            voice = f"{long.group(1)}-{long.group(2)}"
        trigger: str | None = None
        with self._lock:
            self.requests.append(Request(text, voice, ssml))
            trigger, fault = next(((s, f) for s, f in self.faults.always.items() if s in text), (None, fault))
            first = next((s for s in self.faults.once if s in text), None)
            if first is not None:
                trigger, fault = first, self.faults.once.pop(first)
        if fault:
            self._note(fault)
        rid = uuid.uuid4().hex
        mp3, boundaries = await asyncio.to_thread(self._speak_sentences, text, fault, trigger)
        if self.latency.ttfb_ms:
            await asyncio.sleep(self.latency.ttfb_ms / 1000)
        await ws.send_str(_text_frame(rid, "turn.start", '{"context":{"serviceTag":"fake"}}'))
        if fault == "stall":
            await asyncio.sleep(3600)
            return
        chunk = 4800  # ~0.8 s of 48 kbit/s audio per frame
        per_chunk = self.latency.stream_factor * chunk * 8 / 48_000
        for said, offset_ms, seconds in boundaries:  # one message per boundary, as the service sends them
            data = {
                "Offset": round(offset_ms * 10_000),
                "Duration": round(seconds * 10_000_000),
                "text": {"Text": said, "Length": len(said), "BoundaryType": "SentenceBoundary"},
            }
            meta = {"Metadata": [{"Type": "SentenceBoundary", "Data": data}]}
            await ws.send_str(_text_frame(rid, "audio.metadata", json.dumps(meta, ensure_ascii=False)))
        if fault == "bad_json":
            await ws.send_str(_text_frame(rid, "audio.metadata", "{not json"))
            await ws.send_str(_text_frame(rid, "turn.end", "{}"))
            return
        if fault == "bad_header":
            await ws.send_bytes(b"\xff\xff" + b"Path:audio\r\n" + mp3[:100])
            return
        if fault == "garbage":
            mp3 = random.Random(text).randbytes(len(mp3))  # same length, not MP3
        if fault == "huge":  # one 64 MiB audio frame
            await ws.send_bytes(_audio_frame(rid, bytes(64 * 2**20)))
            await ws.send_str(_text_frame(rid, "turn.end", "{}"))
            return
        if fault == "endless":
            while True:  # audio that never ends, and no turn.end
                await ws.send_bytes(_audio_frame(rid, mp3[:chunk]))
                await asyncio.sleep(0)
        if fault == "no_audio":
            await ws.send_str(_text_frame(rid, "turn.end", "{}"))
            return
        if fault == "close":
            await ws.send_bytes(_audio_frame(rid, mp3[: max(1, len(mp3) // 3)]))
            if request.transport:
                request.transport.abort()
            return
        for i in range(0, len(mp3), chunk):
            await ws.send_bytes(_audio_frame(rid, mp3[i : i + chunk]))
            if per_chunk:
                await asyncio.sleep(per_chunk)
        await ws.send_bytes(_audio_frame(rid, b""))
        await ws.send_str(_text_frame(rid, "turn.end", "{}"))


def main(argv: list[str] | None = None) -> None:
    """`python -m tingjian.devtools.fake_edge --port N`: serve until Ctrl-C, printing the URL to use."""
    import argparse
    import time

    parser = argparse.ArgumentParser(
        prog="python -m tingjian.devtools.fake_edge",
        description="A local server speaking the Edge TTS websocket protocol (tests, benchmarks, demos). "
        "Point tingjian at it: tingjian make ARTICLE --engine edge with TINGJIAN_EDGE_URL=<printed URL>.",
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--ttfb-ms", type=float, default=0.0, help="delay before the first byte of each answer")
    parser.add_argument(
        "--stream-factor", type=float, default=0.0, help="seconds of streaming per second of audio (0.25: 4x real time)"
    )
    parser.add_argument("--max-connections", type=int, default=1000, help="refuse (429) above this many at once")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="chance that a request fails (seeded)")
    args = parser.parse_args(argv)
    latency = LatencyModel(args.ttfb_ms, args.stream_factor, args.max_connections)
    server = FakeEdgeServer(latency=latency, faults=FaultPlan(rate=args.fault_rate), port=args.port)
    with server:
        print(server.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
