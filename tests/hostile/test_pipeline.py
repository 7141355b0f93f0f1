"""Hostile sources polled through the pipeline with a real store: what is stored from one poll
never breaks the next, and one poll queues a bounded number of pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bbabo import fetch
from bbabo.pipeline.refresh import RefreshOutcome, refresh_source
from bbabo.sources.feeds import MAX_FEED_ITEMS
from bbabo.store import Store, open_store
from bombs import huge_feed
from fakeweb import FakeWeb, Reply

from .server import rss

OPTIONS = fetch.FetchOptions(timeout_s=2, allow_private_networks=True, retry=fetch.NO_RETRY)
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    opened = open_store(sqlite_url)
    yield opened
    opened.close()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with fetch.make_client(OPTIONS) as client:
        yield client


def test_a_non_ascii_etag_never_breaks_the_next_poll(fakeweb: FakeWeb, store: Store,
                                                     http: httpx.Client) -> None:
    fakeweb.route("/feed", Reply(headers={"ETag": '"caf\xe9"'},
                                 body=rss([fakeweb.url("/a")])))
    source = store.sources.add(url=fakeweb.url("/feed"), now=NOW)
    for poll in range(2):
        result = refresh_source(store.sources.get(source.id), store=store, http=http,
                                options=OPTIONS, now=NOW + timedelta(hours=poll))
        assert result.outcome is RefreshOutcome.updated, result
    assert store.sources.get(source.id).etag is None
    # One stored before validators were checked is not sent back either.
    store.sources.record_success(source.id, now=NOW, next_check_at=NOW, etag='"caf\xe9"',
                                 last_modified="\x01")
    result = refresh_source(store.sources.get(source.id), store=store, http=http,
                            options=OPTIONS, now=NOW + timedelta(hours=3))
    assert result.outcome is RefreshOutcome.updated, result
    assert "if-none-match" not in fakeweb.requests[-1].headers


def test_one_poll_of_a_100000_entry_feed_queues_a_bounded_number_of_pages(
    fakeweb: FakeWeb, store: Store, http: httpx.Client
) -> None:
    fakeweb.route("/huge", body=huge_feed(100_000, base="http://news.example"))
    source = store.sources.add(url=fakeweb.url("/huge"), now=NOW)
    result = refresh_source(source, store=store, http=http, options=OPTIONS, now=NOW)
    assert result.outcome is RefreshOutcome.updated
    assert result.new_pages == MAX_FEED_ITEMS
