"""One HTTP exchange, made the way bbabo makes every one: httpx failures mapped to bbabo errors,
the connected peer checked before anything of the answer is used, and the body decoded in
bounded steps and capped while it streams."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from bbabo.errors import FetchTimeout, PermanentError, TooLarge
from bbabo.fetch.decode import decoded_chunks
from bbabo.fetch.guard import check_peer_allowed
from bbabo.fetch.result import REDIRECT_STATUSES, map_transport_error

__all__ = ["exchange", "read_capped", "redirect_target"]


@contextmanager
def exchange(client: httpx.Client, method: str, url: str, *, headers: dict[str, str],
             timeout_s: float, allow_private: bool,
             json: Any = None, data: dict[str, str] | None = None) -> Iterator[httpx.Response]:
    """The response to one request (``json`` or form ``data`` its body, if any), its body not
    yet read; httpx errors raised inside the block (while reading the body) come out as bbabo
    errors too."""
    try:
        # The timeout given to this call rules, whatever the client was built with.
        with client.stream(method, url, headers=headers, json=json, data=data,
                           timeout=httpx.Timeout(timeout_s)) as response:
            # Checked before the status, headers or body are used, so that a host which
            # rebound to a private address between the check and the connection yields nothing.
            check_peer_allowed(url, _peer_address(response), allow_private=allow_private)
            yield response
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise map_transport_error(exc, url) from exc


def redirect_target(response: httpx.Response, current: str) -> str | None:
    """The absolute URL a redirect answer points to; None for any other answer."""
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_STATUSES or not location:
        return None
    try:
        return str(httpx.URL(current).join(location.strip()))
    except httpx.InvalidURL as exc:
        raise PermanentError(f"bad redirect location {location!r}: {exc}",
                             code="fetch.bad_url") from None


def read_capped(response: httpx.Response, max_bytes: int, *,
                deadline_at: float | None = None) -> bytes:
    """The decoded body; TooLarge past ``max_bytes``, FetchTimeout past ``deadline_at``
    (``time.monotonic()``)."""
    declared = response.headers.get("content-length", "").strip()
    # isascii: "²".isdigit() is true, and int("²") fails.
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{response.url} declares {declared} bytes, over {max_bytes}")
    body = bytearray()
    for chunk in decoded(response):
        body += chunk
        if len(body) > max_bytes:
            raise TooLarge(f"{response.url} sent more than {max_bytes} bytes")
        if deadline_at is not None and time.monotonic() > deadline_at:
            # The transport's deadline does this for bbabo's own clients; this also bounds a
            # test's transport or one a caller built.
            raise FetchTimeout(f"{response.url} took too long")
    return bytes(body)


def decoded(response: httpx.Response) -> Iterator[bytes]:
    """The body, decoded by ``bbabo.fetch.decode`` a bounded step at a time, not by httpx
    (which inflates each network chunk whole): a cap on what this yields stops a compression
    bomb after at most one step per encoding."""
    if response.is_stream_consumed:
        # An in-memory response (a test's MockTransport): httpx has read and decoded it.
        return iter([response.content])
    encoding = response.headers.get("content-encoding", "")
    return decoded_chunks(response.iter_raw(), encoding, url=str(response.url))


def _peer_address(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    address = stream.get_extra_info("server_addr")
    return str(address[0]) if address else None
