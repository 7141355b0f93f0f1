"""A refresh against a real HTTP server: the next poll follows the entries' pace and the feed's
caching headers, an unchanged feed costs one conditional request and keeps what was learned,
and the WebSub hub a feed names (in its body or in a Link header) is recorded."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from bbabo import fetch
from bbabo.pipeline.refresh import RefreshOutcome, refresh_source
from bbabo.pipeline.schedule import PollPolicy
from bbabo.store import Store
from fakeweb import FakeWeb, Reply, Request

OPTIONS = fetch.FetchOptions(timeout_s=2, allow_private_networks=True, retry=fetch.NO_RETRY)
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with fetch.make_client(OPTIONS) as client:
        yield client


def _rss(gap: timedelta, *, count: int = 12, channel_extra: str = "") -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://news.example/{i}</link>"
        f"<pubDate>{format_datetime(NOW - gap * i, usegmt=True)}</pubDate></item>"
        for i in range(count))
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f"<channel><title>News</title>{channel_extra}{items}</channel></rss>").encode()


def _serve(fakeweb: FakeWeb, path: str, body: bytes, **headers: str) -> None:
    etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'

    def handle(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag, **headers})
        return Reply(headers={"ETag": etag, "Content-Type": "application/rss+xml", **headers},
                     body=body)

    fakeweb.route(path, handle)


def _poll(store: Store, http: httpx.Client, source_id: int, now: datetime,
          policy: PollPolicy | None = None) -> tuple[RefreshOutcome, float]:
    result = refresh_source(store.sources.get(source_id), store=store, http=http,
                            options=OPTIONS, now=now, policy=policy)
    source = store.sources.get(source_id)
    assert source.next_check_at is not None
    return result.outcome, (source.next_check_at - now).total_seconds()


def test_the_next_poll_follows_the_pace_and_an_unchanged_feed_is_one_304(
        store: Store, http: httpx.Client, fakeweb: FakeWeb) -> None:
    _serve(fakeweb, "/hourly.xml", _rss(timedelta(hours=1)))
    _serve(fakeweb, "/daily.xml", _rss(timedelta(days=1), count=6))
    hourly = store.sources.add(url=fakeweb.url("/hourly.xml"), now=NOW)
    daily = store.sources.add(url=fakeweb.url("/daily.xml"), now=NOW)
    assert _poll(store, http, hourly.id, NOW) == (RefreshOutcome.updated, 450)
    assert _poll(store, http, daily.id, NOW) == (RefreshOutcome.updated, 3 * 3600)
    assert store.sources.get(hourly.id).poll_interval_s == 450

    requests_before = len(fakeweb.requests)
    later = NOW + timedelta(minutes=8)
    assert _poll(store, http, hourly.id, later) == (RefreshOutcome.not_modified, 450)
    assert len(fakeweb.requests) == requests_before + 1
    assert fakeweb.requests[-1].headers.get("if-none-match")
    # The operator's floor wins over the pace.
    assert _poll(store, http, hourly.id, later, PollPolicy(floor_s=900))[1] == 900


def test_caching_headers_and_ttl_lengthen_the_interval(store: Store, http: httpx.Client,
                                                       fakeweb: FakeWeb) -> None:
    _serve(fakeweb, "/cached.xml", _rss(timedelta(hours=1)), **{"Cache-Control": "max-age=1800"})
    _serve(fakeweb, "/ttl.xml", _rss(timedelta(hours=1), channel_extra="<ttl>60</ttl>"))
    cached = store.sources.add(url=fakeweb.url("/cached.xml"), now=NOW)
    ttl = store.sources.add(url=fakeweb.url("/ttl.xml"), now=NOW)
    assert _poll(store, http, cached.id, NOW)[1] == 1800
    assert _poll(store, http, ttl.id, NOW)[1] == 3600
    # The 304 repeats the header: still honoured, and the learned pace is kept underneath.
    assert _poll(store, http, cached.id, NOW + timedelta(minutes=30)) == (
        RefreshOutcome.not_modified, 1800)
    assert store.sources.get(cached.id).poll_interval_s == 450


def test_the_hub_a_feed_names_is_recorded(store: Store, http: httpx.Client,
                                          fakeweb: FakeWeb) -> None:
    in_body = ('<atom:link rel="hub" href="https://hub.example/"/>'
               '<atom:link rel="self" href="https://news.example/feed.xml"/>')
    _serve(fakeweb, "/body.xml", _rss(timedelta(hours=1), channel_extra=in_body))
    _serve(fakeweb, "/header.xml", _rss(timedelta(hours=1)),
           Link='<https://hub.example/h>; rel="hub", <https://news.example/h.xml>; rel="self"')
    _serve(fakeweb, "/none.xml", _rss(timedelta(hours=1)))
    found = {}
    for path in ("/body.xml", "/header.xml", "/none.xml"):
        source = store.sources.add(url=fakeweb.url(path), now=NOW)
        _poll(store, http, source.id, NOW)
        polled = store.sources.get(source.id)
        found[path] = (polled.websub_hub, polled.websub_topic)
    assert found == {"/body.xml": ("https://hub.example/", "https://news.example/feed.xml"),
                     "/header.xml": ("https://hub.example/h", "https://news.example/h.xml"),
                     "/none.xml": (None, None)}
