"""A local server speaking Azure Speech's text-to-speech REST API (POST
/cognitiveservices/v1 with SSML), for tests: it checks the key, answers with a real MP3
whose length follows the text, records each request's SSML, and can throttle the first
requests (429) like the real service."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

from aiohttp import web

from .fake_edge import speechlike_mp3
from .loopback import LoopbackServer

_TAGS = re.compile(r"<[^>]+>")


@dataclass
class FakeAzureServer(LoopbackServer):
    """Run it on 127.0.0.1 in a background thread (a context manager); `.url` is the endpoint."""

    name = "fake-azure"

    key: str = "test-key"
    throttle_first: int = 0
    requests: list[str] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._init_loopback()
        self._seen = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cognitiveservices/v1"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Ocp-Apim-Subscription-Key") != self.key:
            return web.Response(status=401, text="Access denied due to invalid subscription key.")
        if request.headers.get("Content-Type", "").split(";")[0] != "application/ssml+xml":
            return web.Response(status=400, text="SSML expected")
        body = (await request.read()).decode("utf-8")
        self._seen += 1
        if self._seen <= self.throttle_first:
            return web.Response(status=429, text="Too many requests")
        self.requests.append(body)
        text = _TAGS.sub("", body)
        mp3, _ = await asyncio.to_thread(speechlike_mp3, text)
        return web.Response(body=mp3, content_type="audio/mpeg")

    def _routes(self, app: web.Application) -> None:
        app.router.add_post("/cognitiveservices/v1", self._handle)
