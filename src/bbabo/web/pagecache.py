"""Rendered pages kept in memory and answered without running the app while the data they
were made from is unchanged.

Every request reads the store's data version (one row, bumped by triggers on every change to
an article, translation or source); an entry made under another version is rendered again.
So a new article, a new translation or a re-titled source shows at once, with no list of which
pages depend on what. Entries also expire after ``ttl`` seconds, for what depends on the clock
(the news sitemap's 48 hours).

The cache sits outside the other middleware: it asks the app for the identity body with no
validators, keeps it with a gzipped copy, and itself answers 304 and gzip, so a hit costs a
dict lookup and the version read. Search results are not kept: their addresses are endless.
Entries are keyed on the path and the query parameters pages read (``KNOWN_PARAMETERS``), so
whatever else a client adds, or puts in its Host header, costs no render of its own."""

from __future__ import annotations

import asyncio
import gzip
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bbabo.web.caching import etag_matches

__all__ = ["PageCache", "UNCACHED", "accepts_gzip", "KNOWN_PARAMETERS"]

Header = tuple[bytes, bytes]

# Search pages, the static files (which bring their own validators), the machine endpoints
# (never cached: they say no-store, and passing them through keeps their gzip) and the operator
# console (per user, behind a sign-in: never kept, whatever its headers say).
UNCACHED = re.compile(
    r"^/(?:[^/]+/search|api/v1/search|static/.*|healthz|metrics|-/.*|admin|admin/.*)$")
_DROPPED = (b"accept-encoding", b"if-none-match", b"if-modified-since")
_COMPRESSIBLE = re.compile(rb"^(?:text/|application/(?:[\w.+-]*\+)?(?:json|xml|javascript))")
_MIN_GZIP = 500
_VARY = (b"vary", b"Accept-Encoding")


@dataclass(frozen=True, slots=True)
class _Captured:
    status: int
    headers: list[Header]
    body: bytes


@dataclass(frozen=True, slots=True)
class _Entry:
    version: int
    expires: float
    etag: str
    identity: list[Header]
    body: bytes
    gzipped: list[Header] | None
    gzip_body: bytes
    not_modified: list[Header]

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzip_body)


KNOWN_PARAMETERS = frozenset({b"page", b"lang", b"section", b"source", b"since", b"cursor",
                              b"limit"})
"""The query parameters cached pages read (listings' old ``?page=``, the API's filters and
cursors); a test checks that no route reads another."""


def _known_query(query: bytes) -> bytes:
    """``query`` with only the known parameters, in a fixed order (repeats keep theirs)."""
    parts: list[bytes] = sorted((part for part in query.split(b"&")
                                 if _name(part) in KNOWN_PARAMETERS), key=_name)
    return b"&".join(parts)


def _name(parameter: bytes) -> bytes:
    return parameter.split(b"=", 1)[0]


def accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.split(","):
        coding, _, params = part.partition(";")
        if coding.strip().lower() in {"gzip", "*"}:
            quality = params.strip().removeprefix("q=")
            try:
                return not params or float(quality) > 0
            except ValueError:
                return False
    return False


def _cacheable(captured: _Captured) -> bool:
    headers = Headers(raw=captured.headers)
    control = headers.get("cache-control", "")
    return (captured.status == 200 and "etag" in headers and "set-cookie" not in headers
            and not any(word in control for word in ("no-store", "private", "no-cache")))


def _entry(captured: _Captured, version: int, expires: float) -> _Entry:
    kept = [(name, value) for name, value in captured.headers
            if name.lower() not in (b"content-length", b"content-encoding", b"vary")]
    headers = Headers(raw=captured.headers)
    compressible = (len(captured.body) >= _MIN_GZIP
                    and _COMPRESSIBLE.match(headers.get("content-type", "").encode()) is not None)
    vary = [_VARY] if compressible else []
    identity = [*kept, *vary, (b"content-length", str(len(captured.body)).encode())]
    gzipped, packed = None, b""
    if compressible:
        packed = gzip.compress(captured.body, compresslevel=6, mtime=0)
        gzipped = [*kept, *vary, (b"content-encoding", b"gzip"),
                   (b"content-length", str(len(packed)).encode())]
    not_modified = [(name, value) for name, value in [*kept, *vary]
                    if name.lower() != b"content-type"]
    return _Entry(version=version, expires=expires, etag=headers["etag"], identity=identity,
                  body=captured.body, gzipped=gzipped, gzip_body=packed,
                  not_modified=not_modified)


class PageCache:
    def __init__(self, app: ASGIApp, *, version: Callable[[], int], max_entries: int = 4096,
                 max_bytes: int = 128 * 2**20, ttl: float = 60.0, check_every: float = 0.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``check_every``: seconds a read of the data version is trusted. Under load this
        spares the database a query per request (a third of a hit's cost) at the price of
        showing a change that much later."""
        self.app = app
        self._read_version = version
        self._check_every = check_every
        self._known: tuple[int, float] | None = None
        self._max_entries, self._max_bytes, self._ttl = max_entries, max_bytes, ttl
        self._clock = clock
        self._entries: OrderedDict[tuple[bytes, ...], _Entry] = OrderedDict()
        self._bytes = 0
        # One render per page at a time: followers wait for the leader's result.
        self._inflight: dict[tuple[bytes, ...], asyncio.Future[_Captured | _Entry]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] not in {"GET", "HEAD"}
                or UNCACHED.match(scope["path"])):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        # Neither the Host header nor parameters no page reads make another page: the site's
        # links are built on its configured address, and ``?x=1``, ``?x=2``... must not each
        # cost a render and push a real page out of the cache.
        query = _known_query(bytes(scope["query_string"]))
        key = (scope["path"].encode(), query)
        scope = {**scope, "query_string": query}
        version = self._version()
        entry = self._entries.get(key)
        if entry is not None and entry.version == version and entry.expires > self._clock():
            self._entries.move_to_end(key)
            await _send_entry(entry, headers, scope["method"], send)
            return
        result = await self._render(key, version, scope, receive)
        if isinstance(result, _Entry):
            await _send_entry(result, headers, scope["method"], send)
        else:
            await _send_captured(result, scope["method"], send)

    def _version(self) -> int:
        now = self._clock()
        if self._known is not None and now - self._known[1] < self._check_every:
            return self._known[0]
        version = self._read_version()
        self._known = (version, now)
        return version

    async def _render(self, key: tuple[bytes, ...], version: int, scope: Scope,
                      receive: Receive) -> _Captured | _Entry:
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[_Captured | _Entry] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            captured = await self._capture(scope, receive)
            result: _Captured | _Entry = captured
            if _cacheable(captured):
                result = _entry(captured, version, self._clock() + self._ttl)
                self._store(key, result)
            future.set_result(result)
            return result
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        finally:
            del self._inflight[key]

    async def _capture(self, scope: Scope, receive: Receive) -> _Captured:
        # Always a GET without validators or compression: the entry serves HEAD, 304 and gzip.
        inner = {**scope, "method": "GET",
                 "headers": [(k, v) for k, v in scope["headers"] if k.lower() not in _DROPPED]}
        status, headers, chunks = 500, [], []

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner, receive, capture)
        return _Captured(status=status, headers=headers, body=b"".join(chunks))

    def _store(self, key: tuple[bytes, ...], entry: _Entry) -> None:
        if entry.size > self._max_bytes // 8:
            return
        old = self._entries.pop(key, None)
        self._bytes += entry.size - (old.size if old else 0)
        self._entries[key] = entry
        while len(self._entries) > self._max_entries or self._bytes > self._max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= evicted.size


async def _send_entry(entry: _Entry, headers: Headers, method: str, send: Send) -> None:
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None and etag_matches(entry.etag, if_none_match):
        await send({"type": "http.response.start", "status": 304,
                    "headers": entry.not_modified})
        await send({"type": "http.response.body", "body": b""})
        return
    zipped = entry.gzipped is not None and accepts_gzip(headers.get("accept-encoding", ""))
    raw, body = (entry.gzipped, entry.gzip_body) if zipped else (entry.identity, entry.body)
    await send({"type": "http.response.start", "status": 200, "headers": raw})
    await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})


async def _send_captured(captured: _Captured, method: str, send: Send) -> None:
    await send({"type": "http.response.start", "status": captured.status,
                "headers": captured.headers})
    await send({"type": "http.response.body",
                "body": b"" if method == "HEAD" else captured.body})
