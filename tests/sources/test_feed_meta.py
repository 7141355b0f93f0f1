"""What a feed says about itself: its WebSub hub and self URL (Atom, RSS with atom:link, JSON
Feed's ``hubs``) and RSS ``<ttl>``; and the check of a delivery's ``X-Hub-Signature``."""

from __future__ import annotations

import json

import pytest

from bbabo.sources import check_signature, read_feed
from bbabo.sources.websub import sign

ITEM = "<item><title>a</title><link>https://n.example/a</link></item>"


def test_rss_with_atom_links_and_ttl() -> None:
    body = (f'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f'<channel><title>x</title><ttl>30</ttl><atom:link rel="self" href="/feed.xml"/>'
            f'<atom:link rel="hub" href="https://hub.example/"/>{ITEM}</channel></rss>').encode()
    feed = read_feed(body, "https://n.example/feed.xml")
    assert (feed.hub, feed.self_url, feed.ttl_s) == (
        "https://hub.example/", "https://n.example/feed.xml", 1800)
    assert [e.url for e in feed.entries] == ["https://n.example/a"]


def test_atom_hub_and_nonsense_ttl() -> None:
    body = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
            b'<link rel="hub" href="https://hub.example/h"/><id>1</id>'
            b'<link rel="self" href="https://n.example/atom"/></feed>')
    feed = read_feed(body, "https://n.example/atom")
    assert (feed.hub, feed.self_url, feed.ttl_s) == (
        "https://hub.example/h", "https://n.example/atom", None)
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><ttl>soon</ttl>'
           f"{ITEM}</channel></rss>").encode()
    assert read_feed(rss, "https://n.example/").ttl_s is None
    assert read_feed(rss, "https://n.example/").hub is None


def test_json_feed_hubs() -> None:
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "x",
                       "feed_url": "https://n.example/feed.json",
                       "hubs": [{"type": "rssCloud", "url": "https://cloud.example/"},
                                {"type": "WebSub", "url": "https://hub.example/"}],
                       "items": [{"id": "1", "url": "https://n.example/a"}]}).encode()
    feed = read_feed(body, "https://n.example/feed.json")
    assert (feed.hub, feed.self_url) == ("https://hub.example/", "https://n.example/feed.json")


@pytest.mark.parametrize("method", ["sha1", "sha256", "sha384", "sha512"])
def test_signatures_of_every_method_the_spec_allows(method: str) -> None:
    body, secret = b"<feed/>", "s3cret"
    header = sign(secret, body, method)
    assert header.startswith(f"{method}=") and check_signature(secret, body, header)
    assert check_signature(secret, body, header.upper().replace(method.upper(), method))
    assert not check_signature("other", body, header)
    assert not check_signature(secret, body + b" ", header)


@pytest.mark.parametrize("header", [None, "", "sha256", "md5=abc", "sha256=", "=abc"])
def test_missing_or_malformed_signatures_fail(header: str | None) -> None:
    assert not check_signature("s3cret", b"<feed/>", header)
