"""Conditional GET for every page: an ETag from the body's hash, and 304 when it still matches.

Hashing the body is the one validator that is always right, whatever the page depends on; it
is computed once per rendering, and the page cache (``pagecache``) keeps it with the page.
The ETag is weak because gzip runs outside this middleware and a compressed and an identity
response share it; weak comparison is what If-None-Match uses."""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ETagMiddleware", "DEFAULT_CACHE_CONTROL", "etag_of", "etag_matches"]

# Pages change as news arrives: a minute in shared caches spares the database under load
# without leaving readers behind. Routes that change less often set their own.
DEFAULT_CACHE_CONTROL = "public, max-age=60"

# Headers a 304 keeps (RFC 9110 §15.4.5); the body's own headers go.
_KEPT_ON_304 = ("cache-control", "etag", "vary", "content-location", "expires", "date")


def etag_of(body: bytes) -> str:
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def etag_matches(etag: str, if_none_match: str) -> bool:
    """Weak comparison against an If-None-Match list (``*`` matches any)."""
    if if_none_match.strip() == "*":
        return True
    ours = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == ours for tag in if_none_match.split(","))


class ETagMiddleware:
    """Buffers successful GET and HEAD responses that carry no validator of their own.

    Static files bring their own ETag and stream from disk, so they pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in {"GET", "HEAD"}:
            await self.app(scope, receive, send)
            return
        if_none_match = Headers(scope=scope).get("if-none-match")
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                if message["status"] == 200 and "etag" not in headers:
                    start = message
                    return
            elif start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await _finish(send, start, b"".join(chunks), if_none_match)
                return
            await send(message)

        await self.app(scope, receive, buffered)


async def _finish(send: Send, start: Message, body: bytes, if_none_match: str | None) -> None:
    headers = MutableHeaders(scope=start)
    etag = etag_of(body)
    headers["etag"] = etag
    headers.setdefault("cache-control", DEFAULT_CACHE_CONTROL)
    if if_none_match is not None and etag_matches(etag, if_none_match):
        kept = [(name, value) for name, value in start["headers"]
                if name.decode("latin-1").lower() in _KEPT_ON_304]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send(start)
    await send({"type": "http.response.body", "body": body})
