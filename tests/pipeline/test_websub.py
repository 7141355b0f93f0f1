"""WebSub end to end against a real hub on 127.0.0.1 (Flask-WebSub, tests/websub_hub.py) and
the real site served by uvicorn: a feed naming its hub is subscribed with a secret, the hub
verifies our intent, a signed delivery's entries enter the fetch queue and are ingested like a
poll's; unsigned, wrongly signed, oversized and unknown deliveries are dropped; the lease is
renewed before it runs out; disabling or removing the source unsubscribes it; polling goes on,
less often, while the hub pushes."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from bbabo import fetch, sources
from bbabo.config import Settings
from bbabo.langid import LanguageDetector
from bbabo.pipeline.crawl import CrawlOptions, crawl
from bbabo.pipeline.refresh import refresh_source
from bbabo.pipeline.websub import WebSubOptions, maintain
from bbabo.store import open_store
from bbabo.store.websub import ACTIVE
from bbabo.web.app import create_app
from fakeweb import FakeWeb, Reply
from tasks.synthetic_site import article_html
from web.browser import serve_in_thread
from websub_hub import LocalHub

OPTIONS = fetch.FetchOptions(timeout_s=10, allow_private_networks=True, retry=fetch.NO_RETRY)


def _now() -> datetime:
    return datetime.now(UTC)


class NewsSite:
    """A feed whose entries grow, naming its hub in the Link header (and in the body)."""

    def __init__(self, web: FakeWeb, hub: str) -> None:
        self.web, self.hub, self.count = web, hub, 0
        self.topic = web.url("/push/feed.xml")
        web.route("/push/feed.xml", lambda request: Reply(
            headers={"Content-Type": "application/rss+xml",
                     "Link": f'<{hub}>; rel="hub", <{self.topic}>; rel="self"'},
            body=self.feed()))
        self.add()

    def add(self) -> str:
        self.count += 1
        path = f"/push/a/{self.count}.html"
        self.web.route(path, body=article_html(self.count),
                       headers={"Content-Type": "text/html; charset=utf-8"})
        return self.web.url(path)

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>Story {i}</title><link>{self.web.url(f'/push/a/{i}.html')}</link>"
            f"<pubDate>{format_datetime(_now() - timedelta(minutes=self.count - i), usegmt=True)}"
            f"</pubDate></item>" for i in range(1, self.count + 1))
        return (f'<?xml version="1.0"?><rss version="2.0" '
                f'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Push</title>'
                f'<atom:link rel="hub" href="{self.hub}"/>{items}</channel></rss>').encode()


@pytest.fixture
def world(tmp_path: Path, fakeweb: FakeWeb) -> Iterator[dict[str, Any]]:
    store = open_store(f"sqlite:///{tmp_path}/bbabo.db")
    delivered: list[float] = []
    app = create_app(Settings(), store, on_delivery=lambda: delivered.append(time.monotonic()))
    with LocalHub(tmp_path, algorithm="sha384", min_lease_s=1, max_lease_s=4) as hub, \
            serve_in_thread(app) as base_url, fetch.make_client(OPTIONS) as http:
        yield {"store": store, "hub": hub, "http": http, "site": NewsSite(fakeweb, hub.url),
               "options": WebSubOptions(public_url=base_url), "delivered": delivered,
               "base_url": base_url}
    store.close()


def _maintain(w: dict[str, Any]) -> Any:
    return maintain(store=w["store"], http=w["http"], fetch_options=OPTIONS,
                    options=w["options"], now=_now())


def _subscribe(w: dict[str, Any]) -> int:
    store, site = w["store"], w["site"]
    source = store.sources.add(url=site.topic, now=_now() - timedelta(hours=1))
    refresh_source(source, store=store, http=w["http"], options=OPTIONS, now=_now())
    assert store.sources.get(source.id).websub_hub == w["hub"].url
    report = _maintain(w)
    assert report.subscribed == 1 and report.failed == 0
    sub = store.websub.for_source(source.id)
    # Flask-WebSub verified our intent before it answered: the subscription is live.
    assert sub is not None and sub.state == ACTIVE and sub.lease_until is not None
    assert [url for url, _ in w["hub"].callbacks(site.topic)] == [
        f"{w['base_url']}/-/websub/{sub.token}"]
    return int(source.id)


def test_subscribe_receive_signed_news_and_ingest_it(world: dict[str, Any],
                                                     caplog: pytest.LogCaptureFixture) -> None:
    store, site, hub = world["store"], world["site"], world["hub"]
    source_id = _subscribe(world)
    polled = [p.url for p in store.pages.pending()]  # story 1, from the poll
    url = site.add()
    started = time.monotonic()
    assert hub.publish(site.topic).status_code == 202
    # Delivered, signed (sha384), checked and queued before the hub answered the publisher.
    assert [p.url for p in store.pages.pending()] == [*polled, url]
    assert world["delivered"] and world["delivered"][0] - started < 5
    sub = store.websub.for_source(source_id)
    assert sub is not None and sub.deliveries == 1 and sub.rejected == 0
    # The normal ingest path: the crawl's fetch queue, politeness, extraction, dedup.
    report = crawl(store=store, http=world["http"], options=OPTIONS, detector=LanguageDetector(),
                   clock=_now, due_only=True, crawl_options=CrawlOptions(host_delay_s=0))
    assert [p.outcome.value for p in report.pages] == ["new", "new"]
    # Delivered again (a hub retrying): nothing new is queued.
    hub.publish(site.topic)
    assert store.pages.pending() == []
    # While the hub pushes, polling is only the safety net: an hour at least.
    refresh_source(store.sources.get(source_id), store=store, http=world["http"],
                   options=OPTIONS, now=_now())
    due = store.sources.get(source_id).next_check_at
    assert due is not None and due - _now() >= timedelta(minutes=59)

    callback = f"{world['base_url']}/-/websub/{sub.token}"
    forged = site.add()
    body = site.feed()
    caplog.set_level(logging.WARNING, logger="bbabo.pipeline.websub")
    answers = [
        httpx.post(callback, content=body).status_code,  # unsigned
        httpx.post(callback, content=body,
                   headers={"X-Hub-Signature": sources.websub.sign("guess", body)}).status_code,
        httpx.post(callback, content=body,
                   headers={"X-Hub-Signature": "md5=" + "0" * 32}).status_code,
        httpx.post(callback, content=b"x" * (3 * 1024 * 1024)).status_code,  # too large
        httpx.post(f"{world['base_url']}/-/websub/not-a-token", content=body).status_code,
    ]
    assert answers == [202, 202, 202, 413, 410]
    assert forged not in [p.url for p in store.pages.pending()]
    sub = store.websub.for_source(source_id)
    assert sub is not None and sub.rejected == 3 and sub.deliveries == 2
    dropped = [r for r in caplog.records if "delivery dropped" in r.getMessage()]
    assert [r.getMessage() for r in dropped] == [
        "WebSub delivery dropped: unsigned", "WebSub delivery dropped: wrong signature",
        "WebSub delivery dropped: wrong signature"]
    assert all(sub.secret not in r.getMessage() for r in caplog.records)
    # The right signature under each method the spec allows is accepted.
    for method in ("sha1", "sha256", "sha512"):
        signed = httpx.post(callback, content=body, headers={
            "X-Hub-Signature": sources.websub.sign(sub.secret, body, method)})
        assert signed.status_code == 202
    assert forged in [p.url for p in store.pages.pending()]


def test_verification_is_only_for_what_we_asked(world: dict[str, Any]) -> None:
    store = world["store"]
    source_id = _subscribe(world)
    sub = store.websub.for_source(source_id)
    assert sub is not None
    callback = f"{world['base_url']}/-/websub/{sub.token}"
    other_topic = httpx.get(callback, params={"hub.mode": "subscribe", "hub.topic": "x",
                                              "hub.challenge": "c1"})
    not_asked = httpx.get(callback, params={"hub.mode": "unsubscribe",
                                            "hub.topic": sub.topic_url, "hub.challenge": "c2"})
    assert (other_topic.status_code, not_asked.status_code) == (404, 404)
    assert store.websub.for_source(source_id) is not None


def test_the_lease_is_renewed_and_unsubscribed_on_disable_and_remove(
        world: dict[str, Any]) -> None:
    store, site, hub = world["store"], world["site"], world["hub"]
    source_id = _subscribe(world)  # the hub grants at most 4 s
    first = store.websub.for_source(source_id)
    assert first is not None and first.lease_until is not None and first.verified_at is not None
    assert _maintain(world).renewed == 0  # not yet
    time.sleep(3.3)  # past 80 % of the lease
    assert _maintain(world).renewed == 1
    renewed = store.websub.for_source(source_id)
    assert renewed is not None and renewed.verified_at is not None
    assert renewed.verified_at > first.verified_at and renewed.lease_until > first.lease_until
    assert renewed.token == first.token and hub.callbacks(site.topic)

    store.sources.set_enabled(source_id, False, now=_now())
    assert _maintain(world).unsubscribed == 1
    # The hub verified the unsubscription with us and dropped it; so did we.
    assert hub.callbacks(site.topic) == [] and store.websub.list() == []

    store.sources.set_enabled(source_id, True, now=_now())
    assert _maintain(world).subscribed == 1 and hub.callbacks(site.topic)
    store.sources.remove(source_id)
    assert _maintain(world).unsubscribed == 1
    assert hub.callbacks(site.topic) == [] and store.websub.list() == []


def test_no_public_address_no_subscription() -> None:
    from bbabo.cli.context import AppContext
    from bbabo.cli.serve import _websub

    app = AppContext()
    app._settings = Settings(database_url="sqlite://")
    assert _websub(app, OPTIONS) is None
