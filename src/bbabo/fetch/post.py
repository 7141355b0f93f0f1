"""``post_form``: one checked POST of a form, for talking to a WebSub hub.

A hub's address comes from a feed, that is from someone else's server, so the request goes
through the same address guard as every GET (before connecting, and against the address
actually connected to: ``exchange``), is not redirected (a subscription request has no
business moving), and its answer is read only up to a small cap: what matters is the status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from bbabo.errors import PermanentError, TooLarge
from bbabo.fetch.exchange import exchange, read_capped
from bbabo.fetch.guard import Resolver, check_url_allowed
from bbabo.fetch.options import FetchOptions
from bbabo.fetch.result import raise_for_status

__all__ = ["post_form", "PostAnswer", "ANSWER_BYTES"]

ANSWER_BYTES = 4096
"""How much of the answer is kept: enough for a hub's error message."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PostAnswer:
    status: int
    text: str


def post_form(client: httpx.Client, url: str, fields: Mapping[str, str],
              options: FetchOptions, *, resolver: Resolver | None = None) -> PostAnswer:
    """POST ``fields`` as ``application/x-www-form-urlencoded``; a 2xx answer is returned, any
    other status or a transport failure raises the bbabo error for it (as ``fetch_page``)."""
    allow_private = options.allows_private(url)
    check_url_allowed(url, allow_private=allow_private, resolver=resolver)
    with exchange(client, "POST", url, headers={"User-Agent": options.user_agent},
                  timeout_s=options.timeout_s, allow_private=allow_private,
                  data=dict(fields)) as response:
        if 300 <= response.status_code < 400:
            raise PermanentError(f"HTTP {response.status_code} for {url}: a form POST is "
                                 "not redirected", code="fetch.redirected_post")
        raise_for_status(response.status_code, url, response.headers, now=datetime.now(UTC))
        try:
            text = read_capped(response, ANSWER_BYTES)
        except TooLarge:
            text = b""  # a long answer to a request that succeeded: its status says enough
        return PostAnswer(status=response.status_code, text=text.decode("utf-8", "replace"))
