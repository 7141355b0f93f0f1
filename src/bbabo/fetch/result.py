"""What an HTTP answer or failure means for bbabo: one error class and one stable code each,
so the pipeline, the task policy and the operator all see the same reason (miniflux
``response_handler.go``)."""

from __future__ import annotations

import email.utils
import ssl
from datetime import UTC, datetime

import httpx

from bbabo.errors import (
    BbaboError,
    FetchConnectError,
    FetchTimeout,
    Forbidden,
    HTTPStatusError,
    NotFound,
    PermanentError,
    RateLimited,
    UpstreamError,
)

__all__ = ["raise_for_status", "map_transport_error", "parse_retry_after", "REDIRECT_STATUSES"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def raise_for_status(status: int, url: str, headers: httpx.Headers, *, now: datetime) -> None:
    """Raise the bbabo error for a status that is neither success, 304 nor a redirect."""
    if 200 <= status < 300 or status == 304:
        return
    where = f"HTTP {status} for {url}"
    if status in (404, 410):
        raise NotFound(where, code="fetch.gone" if status == 410 else "fetch.not_found")
    if status in (401, 403):
        raise Forbidden(where, code="fetch.unauthorized" if status == 401 else "fetch.forbidden")
    if status == 429:
        retry_after = parse_retry_after(headers.get("retry-after"), now=now)
        raise RateLimited(where, retry_after=retry_after)
    if 500 <= status < 600:
        raise UpstreamError(where)
    raise HTTPStatusError(where, code="fetch.http_status")


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), None if absent."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():  # not "²", which isdigit() accepts and float refuses
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def map_transport_error(exc: httpx.HTTPError | httpx.InvalidURL, url: str) -> BbaboError:
    """The bbabo error for an httpx failure that happened before a status arrived."""
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeout(f"timed out fetching {url}: {type(exc).__name__}")
    if isinstance(exc, httpx.ConnectError):
        code = "fetch.tls" if _caused_by_tls(exc) else "fetch.connect"
        return FetchConnectError(f"cannot connect for {url}: {exc}", code=code)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return PermanentError(f"bad URL {url}: {exc}", code="fetch.bad_url")
    if isinstance(exc, httpx.DecodingError):
        return UpstreamError(f"undecodable response body from {url}: {exc}",
                             code="fetch.decoding")
    if isinstance(exc, httpx.TooManyRedirects):
        return PermanentError(str(exc), code="fetch.too_many_redirects")
    # ReadError, WriteError, RemoteProtocolError...: the peer broke the exchange midway.
    return FetchConnectError(f"network error fetching {url}: {exc!r}", code="fetch.network")


def _caused_by_tls(exc: BaseException) -> bool:
    current: BaseException | None = exc
    visited: set[int] = set()
    while current is not None and id(current) not in visited:
        if isinstance(current, ssl.SSLError):
            return True
        visited.add(id(current))
        current = current.__cause__ or current.__context__
    return False
