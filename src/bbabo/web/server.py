"""How uvicorn serves the site when it faces the network itself, with no proxy in front.

uvicorn (0.55) bounds neither the size of a request's head nor the time a client may take to send
it: with httptools, a client streaming header bytes grows the server's memory without end, and
one sending a header line every few seconds (slowloris) holds its connection for ever, and a
thousand of them hold the server. nginx bounds both (``large_client_header_buffers``,
``client_header_timeout``); ``BoundedHttpToolsProtocol`` does the same inside uvicorn, and
``server_limits`` gives the rest of uvicorn's own limits (``bbabo serve`` and ``bbabo run`` use
both; so can ``uvicorn --factory bbabo.web.asgi:create``, see README "Speed").
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["BoundedHttpToolsProtocol", "server_limits", "MAX_HEAD_BYTES", "HEAD_TIMEOUT_S",
           "MAX_CONNECTIONS", "KEEP_ALIVE_S"]

MAX_HEAD_BYTES = 64 * 1024
"""A request line and headers larger than this are refused (431). nginx accepts 4 × 8 KB by
default, Apache 100 lines of 8 KB; browsers send 1-2 KB, more only with big cookies."""
HEAD_TIMEOUT_S = 10.0
"""A request's head must arrive within this long of its first byte (or of the connection's
opening): 408 and closed otherwise. A real client sends its head in one packet."""
MAX_CONNECTIONS = 1000
"""Beyond this many open connections (or requests in progress) uvicorn answers 503."""
KEEP_ALIVE_S = 5
"""An idle keep-alive connection is closed after this long (uvicorn's default, made explicit)."""

_LINGER_S = 2.0
_STATUS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


def server_limits() -> dict[str, Any]:
    """The ``uvicorn.Config`` arguments that bound what one client can hold of the server."""
    return {"http": BoundedHttpToolsProtocol, "limit_concurrency": MAX_CONNECTIONS,
            "timeout_keep_alive": KEEP_ALIVE_S}


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a request head bounded in bytes (``MAX_HEAD_BYTES``)
    and in time (``HEAD_TIMEOUT_S``)."""

    _head_timer: asyncio.TimerHandle | None = None
    _head_bytes = 0
    _refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._end_head()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # lingering after a refusal: what comes is read and dropped
        super().data_received(data)
        if self._head_timer is None or self.transport.is_closing():
            return
        # Still inside a head (the parser holds a partial header line itself, so count bytes
        # as they arrive rather than headers as they complete).
        self._head_bytes += len(data)
        if self._head_bytes > MAX_HEAD_BYTES:
            self._refuse(431)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._head_timer is None:
            self._start_head()

    def on_headers_complete(self) -> None:
        self._end_head()
        super().on_headers_complete()

    def _start_head(self) -> None:
        self._head_bytes = 0
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT_S, self._head_too_slow)

    def _end_head(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self._head_bytes:
            self._refuse(408)
        else:
            self.transport.close()  # nothing asked: nothing to answer

    def _refuse(self, status: int) -> None:
        self._end_head()
        reason = _STATUS[status]
        body = reason + b"\n"
        self.transport.write(b"".join([
            b"HTTP/1.1 %d %s\r\n" % (status, reason),
            *(name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers),
            b"content-type: text/plain; charset=utf-8\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n", body]))
        # Closed with the client's bytes still coming, the connection would be reset and the
        # answer lost with it: end the sending side, read and drop for a moment, then close
        # (nginx's lingering close).
        self._refused = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(_LINGER_S, self.transport.close)
