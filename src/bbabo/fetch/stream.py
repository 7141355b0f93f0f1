"""Outbound HTTP that is not a page fetch, through the same guard, deadline and decoding as
``fetch_page``: ``open_stream`` for a download bigger than any page (model packages), ``send``
for one call to an HTTP API (LibreTranslate)."""

from __future__ import annotations

import json as jsonlib
import logging
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from bbabo.errors import PermanentError
from bbabo.fetch.deadline import deadline
from bbabo.fetch.exchange import exchange, read_capped, redirect_target
from bbabo.fetch.guard import Resolver, check_url_allowed
from bbabo.fetch.options import FetchOptions

__all__ = ["Answer", "open_stream", "send"]

log = logging.getLogger(__name__)


@contextmanager
def open_stream(client: httpx.Client, url: str, options: FetchOptions, *,
                headers: dict[str, str] | None = None,
                resolver: Resolver | None = None) -> Iterator[httpx.Response]:
    """GET ``url``, following up to ``options.max_redirects`` redirects, and yield the final
    response with its body unread.

    The address guard runs before every hop and the connected peer is checked; connecting and
    the headers of each hop must come within ``options.timeout_s`` together. The body is the
    caller's to read, at its own pace: each network read is bounded by the timeout, not their
    sum, since a download may take minutes. The status is not checked. Failures raise bbabo
    errors with ``fetch.*`` codes.
    """
    current, hops = url, 0
    while True:
        allow_private = options.allows_private(current)
        check_url_allowed(current, allow_private=allow_private, resolver=resolver)
        with ExitStack() as stack:
            with deadline(options.timeout_s):
                response = stack.enter_context(exchange(
                    client, "GET", current, headers=headers or {},
                    timeout_s=options.timeout_s, allow_private=allow_private))
            target = redirect_target(response, current)
            if target is None:
                yield response
                return
        hops += 1
        if target == current or hops > options.max_redirects:
            raise PermanentError(f"too many redirects (or a loop) from {url}",
                                 code="fetch.too_many_redirects")
        log.debug("redirected", extra={"url": current, "location": target})
        current = target


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """What an API answered: any status, its headers and its (decoded, capped) body."""

    status: int
    headers: httpx.Headers = field(repr=False)
    body: bytes = field(repr=False)

    def json(self) -> Any:
        """The body as JSON; ValueError if it is not."""
        return jsonlib.loads(self.body)


def send(client: httpx.Client, method: str, url: str, options: FetchOptions, *,
         json: Any = None, headers: dict[str, str] | None = None,
         resolver: Resolver | None = None) -> Answer:
    """One request to an HTTP API, redirects not followed, the status not checked.

    The address guard applies as ``options`` say; the whole exchange must end within
    ``options.timeout_s`` and the body within ``options.max_bytes``. Network failures raise
    bbabo errors with ``fetch.*`` codes.
    """
    allow_private = options.allows_private(url)
    check_url_allowed(url, allow_private=allow_private, resolver=resolver)
    started = time.monotonic()
    with deadline(options.timeout_s), exchange(
            client, method, url, headers=headers or {}, timeout_s=options.timeout_s,
            allow_private=allow_private, json=json) as response:
        body = read_capped(response, options.max_bytes,
                           deadline_at=started + options.timeout_s)
        return Answer(status=response.status_code, headers=response.headers, body=body)
