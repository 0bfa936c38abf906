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
        self._client: Any = None

    def _redis(self) -> Any:
        if self._client is None:
            import redis.asyncio as aioredis

            self._client = aioredis.from_url(self.url)
        return self._client

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the shared slots for the duration of a request."""
        from redis.exceptions import RedisError

        client = self._redis()
        token = uuid.uuid4().hex
        deadline = time.monotonic() + UNREACHABLE_S
        while True:
            try:
                got = int(await client.eval(_ACQUIRE, 2, self.leases, self.backoff, self.limit, token, self.lease_ms))
            except RedisError as e:  # the server restarting: wait for it, a while
                if time.monotonic() > deadline:
                    raise TransientEngineError("connection", f"the shared budget's server is unreachable: {e}") from e
                await asyncio.sleep(0.5)
                continue
            if got == 1:
                break
            # Back off (the window's length when one is open), with jitter so waiters spread out.
            await asyncio.sleep((-got / 1000 if got < 0 else 0.05) + random.uniform(0, 0.05))
        try:
            yield
        finally:
            with contextlib.suppress(RedisError):  # the lease expires by itself
                await client.zrem(self.leases, token)

    async def throttled(self, seconds: float) -> None:
        """Every worker waits `seconds` before its next request (the service said 429/503)."""
        from redis.exceptions import RedisError

        with contextlib.suppress(RedisError):  # without the server, this worker still backs off itself
            await self._redis().eval(_BACK_OFF, 1, self.backoff, int(seconds * 1000))

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
