"""A small aiohttp server on 127.0.0.1 in a background thread: the base of the local
stand-ins for online services (Edge's websocket protocol, Azure's REST API)."""

from __future__ import annotations

import asyncio
import threading
from types import TracebackType
from typing import TypeVar

from aiohttp import web

S = TypeVar("S", bound="LoopbackServer")


class LoopbackServer:
    """Use as a context manager; subclasses add their routes in `_routes` and set `port`
    (0: any free port, read back once started)."""

    port: int
    name = "loopback"

    def _init_loopback(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def _routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def __enter__(self: S) -> S:
        self._thread = threading.Thread(target=self._serve, name=self.name, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"{self.name} server did not start")
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
        self._routes(app)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", self.port)
        loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            # Stalled handlers (fault injection) are still waiting: end them quietly.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(runner.cleanup())
            loop.close()
