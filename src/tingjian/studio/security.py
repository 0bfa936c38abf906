"""What keeps the studio safe: a password when it listens beyond this machine (a login
page, an HttpOnly SameSite=Strict session cookie, or HTTP Basic for scripts), requests
from other sites refused (Origin / Sec-Fetch-Site, and a token in every form), and a
limit on what a request may upload."""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "tj_session"
CSRF_COOKIE = "tj_csrf"
#: Pages and files anyone may fetch: the login page and the page's own CSS/JS.
PUBLIC_PREFIXES = ("/login", "/static/")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_loopback(host: str) -> bool:
    """Whether `host` only listens on this machine (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Guard:
    """The studio's password (None: open, loopback only) and its logged-in sessions."""

    password: str | None = None
    sessions: set[str] = field(default_factory=set)

    def login(self, password: str) -> str | None:
        """A new session token for the right password, else None."""
        if self.password is None or not hmac.compare_digest(password.encode(), self.password.encode()):
            return None
        token = secrets.token_urlsafe(32)
        self.sessions.add(token)
        return token

    def logout(self, token: str | None) -> None:
        self.sessions.discard(token or "")

    def allows(self, headers: dict[str, str], cookies: dict[str, str]) -> bool:
        """Whether a request is logged in (or needs no login)."""
        if self.password is None:
            return True
        if cookies.get(SESSION_COOKIE, "") in self.sessions:
            return True
        auth = headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            try:
                _, _, given = base64.b64decode(auth[6:]).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return False
            return hmac.compare_digest(given.encode(), self.password.encode())
        return False


def cross_site(method: str, headers: dict[str, str]) -> bool:
    """A state-changing request a browser sent from another site (Origin not this host, or
    Sec-Fetch-Site says so). Scripts send neither header and are not refused here."""
    if method not in UNSAFE_METHODS:
        return False
    if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != headers.get("host", "")


def csrf_ok(cookies: dict[str, str], token: str) -> bool:
    """The form's token matches the browser's CSRF cookie (double submit)."""
    expected = cookies.get(CSRF_COOKIE, "")
    return bool(expected) and hmac.compare_digest(expected.encode(), token.encode())


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    out = {}
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


class TooLarge(Exception):
    """A request body went over the limit while it was being read."""


class GuardMiddleware:
    """Login, cross-site refusal and the upload limit, before any route runs."""

    def __init__(self, app: ASGIApp, guard: Guard, max_body: int) -> None:
        self.app = app
        self.guard = guard
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path: str = scope.get("path", "/")
        api = path.startswith("/api/")
        if cross_site(scope["method"], headers):
            await _reply(send, 403, "来自其他网站的请求被拒绝。", api)
            return
        if not path.startswith(PUBLIC_PREFIXES) and not self.guard.allows(headers, _cookies(headers)):
            if api or scope["method"] != "GET":
                await _reply(send, 401, "请先登录。", True, {"www-authenticate": 'Basic realm="tingjian studio"'})
            else:
                await _redirect(send, "/login?next=" + quote(path))
            return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _reply(send, 413, _too_large(self.max_body), api)
            return
        await self._limited(scope, receive, send, api)

    async def _limited(self, scope: Scope, receive: Receive, send: Send, api: bool) -> None:
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise TooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except TooLarge:
            if not started:
                await _reply(send, 413, _too_large(self.max_body), api)


def _too_large(limit: int) -> str:
    return f"文章或上传的文件太大：上限 {limit // 2**20} MB。"


async def _reply(send: Send, status: int, message: str, as_json: bool, extra: dict[str, str] | None = None) -> None:
    if as_json:
        body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
        kind = b"application/json"
    else:
        body = (
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>听见 制作室</title>'
            f'<main><h1>{status}</h1><p>{message}</p><p><a href="/">返回首页</a></p></main></html>'
        ).encode()
        kind = b"text/html; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303, "headers": [(b"location", location.encode())]})
    await send({"type": "http.response.body", "body": b""})
