"""Status codes and Retry-After become bbabo errors with stable codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from bbabo.errors import (
    BbaboError,
    Forbidden,
    HTTPStatusError,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
    UpstreamError,
)
from bbabo.fetch import FetchOptions, fetch_page, parse_retry_after
from fakeweb import FakeWeb, Reply

NOW = datetime(2024, 3, 14, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("status", "error", "code"), [
    (404, NotFound, "fetch.not_found"),
    (410, NotFound, "fetch.gone"),
    (401, Forbidden, "fetch.unauthorized"),
    (403, Forbidden, "fetch.forbidden"),
    (429, RateLimited, "fetch.rate_limited"),
    (500, UpstreamError, "fetch.upstream"),
    (502, UpstreamError, "fetch.upstream"),
    (503, UpstreamError, "fetch.upstream"),
    (418, HTTPStatusError, "fetch.http_status"),
    (300, HTTPStatusError, "fetch.http_status"),
    (302, HTTPStatusError, "fetch.http_status"),  # a redirect without Location
])
def test_status_mapping(fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions,
                        status: int, error: type[BbaboError], code: str) -> None:
    fakeweb.route("/status", status=status, body=b"nope")
    with pytest.raises(error) as caught:
        fetch_page(client, fakeweb.url("/status"), options)
    assert caught.value.code == code
    assert isinstance(caught.value, TransientError if status in (429, 500, 502, 503)
                      else PermanentError)


def test_success_statuses_other_than_200(fakeweb: FakeWeb, client: httpx.Client,
                                         options: FetchOptions) -> None:
    fakeweb.route("/created", status=203, body=b"<p>ok</p>", headers={"Content-Type": "text/html"})
    fakeweb.route("/empty", status=204)
    assert fetch_page(client, fakeweb.url("/created"), options).status == 203
    empty = fetch_page(client, fakeweb.url("/empty"), options)
    assert empty.status == 204 and empty.body == b""


def test_retry_after_seconds(fakeweb: FakeWeb, client: httpx.Client,
                             options: FetchOptions) -> None:
    fakeweb.route("/busy", Reply(status=429, headers={"Retry-After": "120"}))
    with pytest.raises(RateLimited) as caught:
        fetch_page(client, fakeweb.url("/busy"), options)
    assert caught.value.retry_after == 120.0


def test_retry_after_http_date(fakeweb: FakeWeb, client: httpx.Client,
                               options: FetchOptions) -> None:
    later = datetime.now(UTC) + timedelta(seconds=300)
    fakeweb.route("/busy", Reply(status=429, headers={"Retry-After": format_datetime(later, True)}))
    with pytest.raises(RateLimited) as caught:
        fetch_page(client, fakeweb.url("/busy"), options)
    assert caught.value.retry_after is not None and 290 <= caught.value.retry_after <= 300


def test_rate_limited_without_retry_after(fakeweb: FakeWeb, client: httpx.Client,
                                          options: FetchOptions) -> None:
    fakeweb.route("/busy", status=429)
    with pytest.raises(RateLimited) as caught:
        fetch_page(client, fakeweb.url("/busy"), options)
    assert caught.value.retry_after is None


@pytest.mark.parametrize(("value", "expected"), [
    ("0", 0.0),
    (" 3600 ", 3600.0),
    ("Thu, 14 Mar 2024 12:01:30 GMT", 90.0),
    ("Thu, 14 Mar 2024 11:00:00 GMT", 0.0),  # already past
    ("Thursday, 14-Mar-24 12:00:10 GMT", 10.0),  # RFC 850 form
    ("soon", None),
    ("-5", None),
    ("", None),
    (None, None),
])
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected
