"""The Edge connection budget shared by every worker on every machine, and the shared
back-off after the service throttles, kept in the queue's Redis-compatible server.

Each open request holds a lease: a member of a sorted set scored by when it expires, so a
worker killed mid-request gives its slots back when its leases run out. One Lua script
takes a slot atomically, with the server's clock, and refuses while a back-off window that
any worker set is open."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from .engine import TransientEngineError

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local wait = tonumber(redis.call('GET', KEYS[2]) or '0') - now
if wait > 0 then return -wait end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  return 1
end
return 0
"""
_BACK_OFF = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
if until_ > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], until_, 'PX', ARGV[1])
end
return until_
"""


#: How long a request waits for the shared budget's server to come back before it fails (and is retried).
UNREACHABLE_S = 30.0


class SharedGate:
    """At most `limit` Edge requests at once across all workers sharing `url`'s server."""

    def __init__(self, url: str, limit: int, lease_s: float = 60.0, prefix: str = "tingjian:edge") -> None:
        self.url = url
        self.limit = limit
        self.lease_ms = int(lease_s * 1000)
        self.leases = f"{prefix}:leases"
        self.backoff = f"{prefix}:backoff"

    def _redis(self) -> Any:
        """A client for one use: a worker runs each job on an event loop of its own, and a
        client kept across loops would leak its connections (one set per job, for days)."""
        import redis.asyncio as aioredis

        return aioredis.from_url(self.url)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the shared slots for the duration of a request."""
        from redis.exceptions import RedisError

        async with self._redis() as client:
            token = await self._take(client)
            try:
                yield
            finally:
                with contextlib.suppress(RedisError):  # else the lease expires by itself
                    await client.zrem(self.leases, token)

    async def _take(self, client: Any) -> str:
        """Take a slot (its lease token), waiting while the budget is spent or a back-off
        window is open, and a while for a restarting server."""
        from redis.exceptions import RedisError

        token = uuid.uuid4().hex
        deadline = time.monotonic() + UNREACHABLE_S
        while True:
            try:
                got = int(await client.eval(_ACQUIRE, 2, self.leases, self.backoff, self.limit, token, self.lease_ms))
            except RedisError as e:
                if time.monotonic() > deadline:
                    raise TransientEngineError("connection", f"the shared budget's server is unreachable: {e}") from e
                await asyncio.sleep(0.5)
                continue
            if got == 1:
                return token
            # Back off (the window's length when one is open), with jitter so waiters spread out.
            await asyncio.sleep((-got / 1000 if got < 0 else 0.05) + random.uniform(0, 0.05))

    async def throttled(self, seconds: float) -> None:
        """Every worker waits `seconds` before its next request (the service said 429/503)."""
        from redis.exceptions import RedisError

        with contextlib.suppress(RedisError):  # without the server, this worker still backs off itself
            async with self._redis() as client:
                await client.eval(_BACK_OFF, 1, self.backoff, int(seconds * 1000))
