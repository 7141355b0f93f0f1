"""The HTTP client bbabo fetches with, and ``fetch_page``: one checked, capped, conditional GET.

Redirects are followed here rather than by httpx so that the address guard sees every hop.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

import bbabo
from bbabo.errors import FetchTimeout, PermanentError, TooLarge
from bbabo.fetch.charset import detect_encoding
from bbabo.fetch.deadline import deadline, make_transport
from bbabo.fetch.decode import decoded_chunks
from bbabo.fetch.gate import Gate
from bbabo.fetch.guard import Resolver, check_peer_allowed, check_url_allowed
from bbabo.fetch.result import (
    REDIRECT_STATUSES,
    map_transport_error,
    raise_for_status,
)
from bbabo.fetch.retry import RetryPolicy, call_with_retries
from bbabo.model import FetchedPage

__all__ = ["FetchOptions", "Gate", "make_client", "fetch_page", "DEFAULT_USER_AGENT"]

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"bbabo/{bbabo.__version__} (+https://github.com/bbabo/bbabo)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/feed+json,application/xml;q=0.9,*/*;q=0.8"
)

MAX_VALIDATOR_CHARS = 1024
"""Longer ETag / Last-Modified values are not kept (real ones are under 100 characters)."""
_HEADER_VALUE = re.compile(r"[\x20-\x7e\t]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    """How bbabo fetches. ``timeout_s`` bounds each network wait and each hop as a whole."""

    timeout_s: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    allow_private_networks: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    max_redirects: int = 10
    # Exact origins ("http://127.0.0.1:8001") exempt from the address guard, such as the demo
    # corpus server: narrower than allowing every private network.
    allowed_origins: frozenset[str] = frozenset()
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def __post_init__(self) -> None:
        if self.timeout_s <= 0 or self.max_bytes <= 0 or self.max_redirects < 0:
            raise ValueError(f"invalid fetch options: {self!r}")


def make_client(
    options: FetchOptions, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """A client for ``fetch_page``; the caller owns it and closes it."""
    return httpx.Client(
        headers={
            "User-Agent": options.user_agent,
            "Accept": _ACCEPT,
            "Accept-Encoding": "gzip, deflate, br",
        },
        timeout=httpx.Timeout(options.timeout_s),
        follow_redirects=False,
        # Its connections honour the per-hop deadline that ``fetch_page`` sets.
        transport=transport or make_transport(),
        # No proxies or .netrc from the environment: credentials must never reach feed hosts,
        # and a proxy would hide the peer address the guard checks.
        trust_env=False,
        # Stateless fetching: one site's cookies must not follow bbabo to the next request.
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
    )


def fetch_page(
    client: httpx.Client,
    url: str,
    options: FetchOptions,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    resolver: Resolver | None = None,
    gate: Gate | None = None,
) -> FetchedPage:
    """GET ``url``, following redirects, and return the answer.

    A 304 (when ``etag``/``last_modified`` were given) comes back as a page with an empty body.
    ``redirects`` lists the URLs redirected to, in order; the last one is ``final_url``.
    A 429, 5xx or timeout is retried as ``options.retry`` says. ``gate`` (the crawl's
    politeness) is passed before every hop. Failures raise bbabo errors with stable codes
    (see ``bbabo.fetch.result``).
    """
    def once() -> FetchedPage:
        return _fetch_once(client, url, options, etag, last_modified, resolver, gate)

    on_wait = (lambda seconds: gate.defer(url, seconds)) if gate is not None else None
    return call_with_retries(once, options.retry, url=url, on_wait=on_wait)


def _fetch_once(
    client: httpx.Client,
    url: str,
    options: FetchOptions,
    etag: str | None,
    last_modified: str | None,
    resolver: Resolver | None,
    gate: Gate | None,
) -> FetchedPage:
    headers = _request_headers(options, etag, last_modified)
    current = url
    hops: list[str] = []
    allowed = {_origin(o) for o in options.allowed_origins}
    while True:
        allow_private = options.allow_private_networks or _origin(current) in allowed
        check_url_allowed(current, allow_private=allow_private, resolver=resolver)
        # Politeness and robots.txt apply before each hop, for the same reason the guard does:
        # a redirect may lead to another host.
        with _gated(gate, current):
            page, target = _hop(client, url, current, headers, tuple(hops), options,
                                allow_private)
        if page is not None:
            return _keep_validators(page, etag, last_modified)
        assert target is not None
        if target == url or target in hops:
            raise PermanentError(f"redirect loop at {target}", code="fetch.redirect_loop")
        if len(hops) >= options.max_redirects:
            raise PermanentError(f"more than {options.max_redirects} redirects from {url}",
                                 code="fetch.too_many_redirects")
        log.debug("redirected", extra={"url": current, "location": target})
        hops.append(target)
        current = target


def _hop(
    client: httpx.Client,
    url: str,
    current: str,
    headers: dict[str, str],
    hops: tuple[str, ...],
    options: FetchOptions,
    allow_private: bool,
) -> tuple[FetchedPage | None, str | None]:
    """One request: the page it answered, or the URL it redirects to."""
    started = time.monotonic()
    # One deadline for the whole hop: connecting, the headers (however slowly they drip) and
    # the body; each network wait is also bounded by the timeout on its own.
    with deadline(options.timeout_s), \
            _exchange(client, current, headers, options.timeout_s) as response:
        # Checked before the status, headers or body are used, so that a host which rebound
        # to a private address between the check and the connection yields nothing.
        check_peer_allowed(current, _peer_address(response), allow_private=allow_private)
        target = _redirect_target(response, current)
        if target is not None:
            return None, target
        page = _read_page(response, url, current, hops, options, started)
    log.debug("fetched", extra={"url": url, "status": page.status,
                                "duration_ms": _ms_since(started)})
    return page, None


def _origin(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return ""
    port = parsed.port or {"http": 80, "https": 443}.get(parsed.scheme, 0)
    return f"{parsed.scheme}://{parsed.host}:{port}"


@contextmanager
def _gated(gate: Gate | None, url: str) -> Iterator[None]:
    if gate is None:
        yield
        return
    with gate.hop(url):
        yield


@contextmanager
def _exchange(
    client: httpx.Client, url: str, headers: dict[str, str], timeout_s: float
) -> Iterator[httpx.Response]:
    try:
        # The options given to this call rule, whatever the client was built with.
        with client.stream("GET", url, headers=headers,
                           timeout=httpx.Timeout(timeout_s)) as response:
            yield response
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise map_transport_error(exc, url) from exc


def _redirect_target(response: httpx.Response, current: str) -> str | None:
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_STATUSES or not location:
        return None
    try:
        return str(httpx.URL(current).join(location.strip()))
    except httpx.InvalidURL as exc:
        raise PermanentError(f"bad redirect location {location!r}: {exc}",
                             code="fetch.bad_url") from None


def _read_page(
    response: httpx.Response,
    url: str,
    final_url: str,
    hops: tuple[str, ...],
    options: FetchOptions,
    started: float,
) -> FetchedPage:
    now = datetime.now(UTC)
    raise_for_status(response.status_code, final_url, response.headers, now=now)
    content_type = response.headers.get("content-type", "")
    body = b"" if response.status_code == 304 else _read_capped(response, options, started)
    return FetchedPage(
        url=url,
        final_url=final_url,
        status=response.status_code,
        content_type=content_type,
        encoding=detect_encoding(body, content_type) if body else None,
        etag=_validator(response.headers.get("etag")),
        last_modified=_validator(response.headers.get("last-modified")),
        body=body,
        fetched_at=now,
        redirects=hops,
    )


def _read_capped(response: httpx.Response, options: FetchOptions, started: float) -> bytes:
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > options.max_bytes:
        raise TooLarge(f"{response.url} declares {declared} bytes, over {options.max_bytes}")
    body = bytearray()
    # Decoded here, a bounded step at a time, not by httpx (which inflates each network chunk
    # whole): the cap then stops a compression bomb after at most one step per encoding.
    for chunk in _decoded(response):
        body += chunk
        if len(body) > options.max_bytes:
            raise TooLarge(f"{response.url} sent more than {options.max_bytes} bytes")
        if time.monotonic() - started > options.timeout_s:
            # A server dripping bytes never trips the per-read timeout; this bounds the whole.
            raise FetchTimeout(f"{response.url} took longer than {options.timeout_s}s")
    return bytes(body)


def _decoded(response: httpx.Response) -> Iterator[bytes]:
    if response.is_stream_consumed:
        # An in-memory response (a test's MockTransport): httpx has read and decoded it.
        return iter([response.content])
    encoding = response.headers.get("content-encoding", "")
    return decoded_chunks(response.iter_raw(), encoding, url=str(response.url))


def _keep_validators(page: FetchedPage, etag: str | None, last_modified: str | None) -> FetchedPage:
    # A 304 may omit the validators; the ones sent are still the current ones.
    if page.status != 304 or (page.etag and page.last_modified):
        return page
    return replace(page, etag=page.etag or etag, last_modified=page.last_modified or last_modified)


def _request_headers(
    options: FetchOptions, etag: str | None, last_modified: str | None
) -> dict[str, str]:
    headers = {"User-Agent": options.user_agent}
    # Checked again when sent: a validator stored before it was checked on arrival must not
    # fail the request (UnicodeEncodeError) or smuggle a header in.
    if etag := _validator(etag):
        headers["If-None-Match"] = etag
    if last_modified := _validator(last_modified):
        headers["If-Modified-Since"] = last_modified
    return headers


def _validator(value: str | None) -> str | None:
    """An ETag or Last-Modified value worth storing and sending back: printable ASCII of a
    sane length, else None (the feed is then fetched unconditionally, which is harmless)."""
    if not value or len(value) > MAX_VALIDATOR_CHARS or not _HEADER_VALUE.fullmatch(value):
        return None
    return value


def _peer_address(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    address = stream.get_extra_info("server_addr")
    return str(address[0]) if address else None


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
