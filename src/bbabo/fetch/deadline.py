"""A deadline for a whole exchange: connect, TLS, request, headers and body.

httpx's timeouts bound each network wait, never their sum: a server that sends one header line
every few seconds is never cut off (the body has a check of its own in ``fetch_page``, the
headers had none). The transport made here wraps each socket so that every connect, read and
write waits at most until the deadline the calling thread set with ``deadline(seconds)``, and
fails at once past it. Outside such a block the socket behaves as httpx configured it.
"""

from __future__ import annotations

import ssl
import time
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpcore
import httpx

__all__ = ["deadline", "make_transport"]

_DEADLINE: ContextVar[float | None] = ContextVar("bbabo_fetch_deadline", default=None)


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Network waits in this block (of this thread) end ``seconds`` from now at the latest;
    ``None`` lifts an outer deadline (a long download's body)."""
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def make_transport() -> httpx.HTTPTransport:
    """An ``httpx.HTTPTransport`` whose connections honour ``deadline``."""
    # No certificate settings from the environment, as the client takes no proxies from it.
    ssl_context = httpx.create_ssl_context(trust_env=False)
    transport = httpx.HTTPTransport(verify=ssl_context)
    # httpx has no public way to give httpcore a network backend, so the pool it built is
    # replaced by the same pool (httpx's default limits) over the deadline backend.
    # tests/fetch/test_client.py checks that the deadline holds: an httpx that changes this
    # fails there, not silently.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context, max_connections=100, max_keepalive_connections=20,
        keepalive_expiry=5.0, network_backend=_Backend(httpcore.SyncBackend()))
    return transport


def _bounded(timeout: float | None, expired: type[Exception]) -> float | None:
    end = _DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise expired("the deadline for this exchange has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _Stream(self._stream.start_tls(ssl_context, server_hostname,
                                              _bounded(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                    ) -> httpcore.NetworkStream:
        return _Stream(self._backend.connect_tcp(
            host, port, _bounded(timeout, httpcore.ConnectTimeout), local_address,
            socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                            ) -> httpcore.NetworkStream:
        return _Stream(self._backend.connect_unix_socket(
            path, _bounded(timeout, httpcore.ConnectTimeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)
