"""``fetch_page``: one checked, capped, conditional GET, following redirects.

Redirects are followed here rather than by httpx so that the address guard sees every hop.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import httpx

from bbabo.errors import PermanentError
from bbabo.fetch.charset import detect_encoding
from bbabo.fetch.deadline import deadline
from bbabo.fetch.exchange import exchange, read_capped, redirect_target
from bbabo.fetch.gate import Gate
from bbabo.fetch.guard import Resolver, check_url_allowed
from bbabo.fetch.options import DEFAULT_USER_AGENT, FetchOptions, make_client
from bbabo.fetch.result import raise_for_status
from bbabo.fetch.retry import call_with_retries
from bbabo.model import FetchedPage

__all__ = ["FetchOptions", "Gate", "make_client", "fetch_page", "DEFAULT_USER_AGENT",
           "MAX_VALIDATOR_CHARS"]

log = logging.getLogger(__name__)

MAX_VALIDATOR_CHARS = 1024
"""Longer ETag / Last-Modified values are not kept (real ones are under 100 characters)."""
_HEADER_VALUE = re.compile(r"[\x20-\x7e\t]+")


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
    while True:
        allow_private = options.allows_private(current)
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
            exchange(client, "GET", current, headers=headers, timeout_s=options.timeout_s,
                     allow_private=allow_private) as response:
        target = redirect_target(response, current)
        if target is not None:
            return None, target
        page = _read_page(response, url, current, hops, options, started)
    log.debug("fetched", extra={"url": url, "status": page.status,
                                "duration_ms": _ms_since(started)})
    return page, None


@contextmanager
def _gated(gate: Gate | None, url: str) -> Iterator[None]:
    if gate is None:
        yield
        return
    with gate.hop(url):
        yield


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
    body = b"" if response.status_code == 304 else read_capped(
        response, options.max_bytes, deadline_at=started + options.timeout_s)
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
        cache_control=response.headers.get("cache-control"),
        expires=response.headers.get("expires"),
        links=_links(response),
    )


def _links(response: httpx.Response) -> tuple[tuple[str, str], ...]:
    """The ``Link`` header's (rel, absolute URL) pairs, e.g. a feed's WebSub hub and self."""
    if "link" not in response.headers:
        return ()
    found = []
    for link in response.links.values():
        for rel in str(link.get("rel", "")).lower().split():
            try:
                url = str(response.url.join(link.get("url", "").strip()))
            except httpx.InvalidURL:
                continue
            if url.startswith(("http://", "https://")):
                found.append((rel, url))
    return tuple(found)


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


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
