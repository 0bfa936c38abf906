"""A local server speaking Azure Speech's text-to-speech REST API (POST
/cognitiveservices/v1 with SSML), for tests: it checks the key, answers with a real MP3
whose length follows the text, records each request's SSML, and can throttle the first
requests (429) like the real service."""

from __future__ import annotations

import asyncio
import re
import threading
from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web

from .fake_edge import speechlike_mp3

_TAGS = re.compile(r"<[^>]+>")


@dataclass
class FakeAzureServer:
    """Run it on 127.0.0.1 in a background thread (a context manager); `.url` is the endpoint."""

    key: str = "test-key"
    throttle_first: int = 0
    requests: list[str] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
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

    def __enter__(self) -> FakeAzureServer:
        self._thread = threading.Thread(target=self._serve, name="fake-azure", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fake Azure server did not start")
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        app = web.Application()
        app.router.add_post("/cognitiveservices/v1", self._handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", self.port)
        loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()
