"""The wire side of the Edge engine: the real `edge-tts` client, a connection to the
configured endpoint, and its failures mapped to retryable ones. Imported on the first
request: a run whose every sentence is cached never loads aiohttp.

The endpoint belongs to each request: edge-tts always asks for Microsoft's URL,
and a connector of the request's own (edge-tts' public `connector=` argument)
opens the connection to the configured endpoint instead. Nothing of edge-tts'
module state is touched, so engines with different endpoints run side by side.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable
from typing import Any, TypeVar

import aiohttp
import certifi
import edge_tts
from edge_tts import exceptions as edge_exc
from edge_tts.constants import SEC_MS_GEC_VERSION, TRUSTED_CLIENT_TOKEN, WSS_HEADERS, WSS_URL
from edge_tts.drm import DRM
from yarl import URL

from ..settings import rate_percent
from .cache import playable
from .engine import Boundary, CueAudio, TransientEngineError

T = TypeVar("T")

TICKS_PER_MS = 10_000
MP3_BYTES_PER_MS = 48_000 / 8 / 1000  # the service always sends 48 kbit/s CBR
# Audio may end this much before the last boundary's end without counting as cut off.
TRUNCATION_SLACK_MS = 250


def endpoint_url(override: str | None) -> str:
    """The websocket endpoint a request goes to; `override` speaks the same protocol."""
    if not override:
        return WSS_URL
    if "?" not in override:
        # edge-tts appends "&ConnectionId=..." so the URL needs a query already.
        override = f"{override}?TrustedClientToken={TRUSTED_CLIENT_TOKEN}"
    return override


class EndpointConnector(aiohttp.TCPConnector):
    """A connector that sends every request it carries to one endpoint: scheme, host,
    port and path from `endpoint`, the request's own query (connection id, token) on top."""

    def __init__(self, endpoint: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.endpoint = URL(endpoint)

    async def connect(self, req: Any, traces: Any, timeout: Any) -> Any:
        target = self.endpoint.with_query({**req.url.query, **self.endpoint.query})
        req.url = target
        req.headers["Host"] = target.raw_authority
        return await super().connect(req, traces, timeout)

    def close(self, **kwargs: Any) -> Awaitable[None]:  # type: ignore[override]
        # edge-tts' session closes its connector after each connection, but retries a 403
        # (clock skew) on the same one: the engine closes it when the request is over.
        return asyncio.sleep(0)

    async def shut(self) -> None:
        """Really close the connector."""
        await super().close()


#: Speech runs about 4.5 characters a second; at -90% rate, ten times slower. A request may
#: send this many times the audio that pace predicts before it counts as a runaway stream.
RUNAWAY_FACTOR = 40


def max_audio_bytes(text: str, rate: str) -> int:
    """The most audio one request may send before it is failed as a runaway stream."""
    seconds = max(len(text), 1) / 4.5 * 100 / max(10, 100 + rate_percent(rate))
    return int(max(200_000, RUNAWAY_FACTOR * seconds * MP3_BYTES_PER_MS * 1000))


async def within(work: Awaitable[T], timeout: float) -> T:
    """`work`'s result, or asyncio.TimeoutError after `timeout` seconds. Unlike Python 3.11's
    asyncio.wait_for, a cancel that arrives as `work` finishes is never swallowed: Ctrl-C
    during synthesis then went unheard and the run finished as if nothing had happened."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout)
    except asyncio.CancelledError:
        task.cancel()
        raise
    if not done:
        task.cancel()
        await asyncio.wait({task})  # its connection closed before a retry opens another
        raise asyncio.TimeoutError
    return task.result()


async def request(url: str | None, text: str, voice: str, rate: str, timeout: float) -> CueAudio:
    """One text from the endpoint (`url`, or Microsoft's): its audio and sentence boundaries;
    every failure worth retrying as a TransientEngineError."""
    try:
        return await within(_synthesize(endpoint_url(url), text, voice, rate, timeout), timeout)
    except asyncio.TimeoutError as e:
        raise TransientEngineError("timeout", f"no answer within {timeout:g} s") from e
    except edge_exc.NoAudioReceived as e:
        raise TransientEngineError("no-audio", "the service sent no audio") from e
    except aiohttp.WSServerHandshakeError as e:
        kind = {403: "forbidden", 429: "throttled", 503: "throttled"}.get(e.status, "http")
        raise TransientEngineError(kind, f"handshake refused with HTTP {e.status}") from e
    except aiohttp.ClientResponseError as e:
        raise TransientEngineError("http", f"HTTP {e.status}") from e
    except (aiohttp.ClientError, ConnectionError, OSError) as e:
        raise TransientEngineError("connection", f"connection failed: {e.__class__.__name__}") from e
    except edge_exc.SkewAdjustmentError as e:
        raise TransientEngineError("forbidden", f"403 and no usable server date: {e}") from e
    except (edge_exc.UnexpectedResponse, edge_exc.UnknownResponse, edge_exc.WebSocketError) as e:
        raise TransientEngineError("unexpected", f"unexpected response: {e}") from e
    except (ValueError, KeyError, IndexError, TypeError) as e:
        # edge-tts parsing a malformed frame (bad JSON, a header it cannot split): a broken answer.
        raise TransientEngineError("malformed", f"malformed answer: {e.__class__.__name__}") from e


async def _synthesize(url: str, text: str, voice: str, rate: str, timeout: float) -> CueAudio:
    # Microsoft's endpoint: edge-tts' own connection; any other: a connector of this request's own.
    connector = None if url == WSS_URL else EndpointConnector(url)
    comm = edge_tts.Communicate(
        text,
        voice,
        rate=rate,
        boundary="SentenceBoundary",
        connector=connector,
        connect_timeout=max(1, int(timeout)),
        receive_timeout=max(1, int(timeout)),
    )
    audio = bytearray()
    boundaries: list[Boundary] = []
    cap = max_audio_bytes(text, rate)
    try:
        async for chunk in comm.stream():
            if chunk["type"] == "audio":
                audio += chunk["data"]
                if len(audio) > cap:
                    raise TransientEngineError(
                        "too-long", f"more than {cap // 1000} kB of audio for {len(text)} characters"
                    )
            elif chunk["type"] in ("SentenceBoundary", "WordBoundary"):
                boundaries.append(
                    Boundary(chunk["offset"] / TICKS_PER_MS, chunk["duration"] / TICKS_PER_MS, chunk["text"])
                )
    finally:
        if connector is not None:
            await connector.shut()
    # edge-tts accepts a stream that ends without turn.end; a connection closed
    # mid-stream would leave a cut-off sentence, so compare with the boundaries.
    if boundaries:
        spoken_until = boundaries[-1].offset_ms + boundaries[-1].duration_ms
        received_ms = len(audio) / MP3_BYTES_PER_MS
        if received_ms + TRUNCATION_SLACK_MS < spoken_until:
            raise TransientEngineError("truncated", f"stream ended after {received_ms:.0f} ms of {spoken_until:.0f} ms")
    if not playable(bytes(audio[:4]), "mp3"):
        raise TransientEngineError("bad-audio", "the service sent audio that is not MP3")
    return CueAudio(bytes(audio), "mp3", tuple(boundaries))


async def probe(url: str | None, timeout: float = 4.0) -> str | None:
    """Open and close one websocket to the endpoint; None if it answers, else why not."""
    full = (
        f"{endpoint_url(url)}&ConnectionId=probe"
        f"&Sec-MS-GEC={DRM.generate_sec_ms_gec()}&Sec-MS-GEC-Version={SEC_MS_GEC_VERSION}"
    )
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout), trust_env=True) as session,
            session.ws_connect(full, headers=DRM.headers_with_muid(WSS_HEADERS), ssl=_ssl_context()),
        ):
            return None
    except asyncio.TimeoutError:
        return f"no answer within {timeout:g} s"
    except aiohttp.WSServerHandshakeError as e:
        return f"the service refused the connection (HTTP {e.status})"
    except (aiohttp.ClientError, OSError) as e:
        return f"cannot connect ({e.__class__.__name__})"


def _ssl_context() -> ssl.SSLContext:
    # The same certificate bundle edge-tts trusts, so the probe and requests agree.
    return ssl.create_default_context(cafile=certifi.where())
