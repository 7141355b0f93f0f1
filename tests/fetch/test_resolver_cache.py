"""CachingResolver: one DNS question per host for a while, not one per page, and no weaker guard
for it (the cached addresses are checked on every request, and so is the connected peer)."""

from __future__ import annotations

import pytest

from bbabo.errors import FetchConnectError, Forbidden
from bbabo.fetch import CachingResolver, FetchOptions, check_url_allowed, fetch_page, make_client
from fakeweb import FakeWeb

GUARDED = FetchOptions(timeout_s=2.0, allow_private_networks=False)


class FakeDNS:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        answer = self.answers[host]
        if not answer:
            raise OSError("no such host")
        return list(answer)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_reused_until_it_expires() -> None:
    dns, clock = FakeDNS({"news.example": ["93.184.216.34"]}), Clock()
    cached = CachingResolver(dns, ttl_s=60, clock=clock)
    for _ in range(3):
        assert cached("news.example", 443) == ["93.184.216.34"]
    assert dns.asked == [("news.example", 443)]
    cached("news.example", 80)  # another port is another question
    clock.now += 61
    cached("news.example", 443)
    assert dns.asked == [("news.example", 443), ("news.example", 80), ("news.example", 443)]


def test_failures_are_not_remembered() -> None:
    dns = FakeDNS({"news.example": []})
    cached = CachingResolver(dns, clock=Clock())
    for _ in range(2):
        with pytest.raises(FetchConnectError):
            check_url_allowed("https://news.example/", allow_private=False, resolver=cached)
    assert len(dns.asked) == 2
    dns.answers["news.example"] = ["93.184.216.34"]
    check_url_allowed("https://news.example/", allow_private=False, resolver=cached)


def test_a_cached_private_address_is_refused_every_time() -> None:
    dns = FakeDNS({"intranet.example": ["10.0.0.7"]})
    cached = CachingResolver(dns, clock=Clock())
    for _ in range(3):
        with pytest.raises(Forbidden):
            check_url_allowed("http://intranet.example/", allow_private=False, resolver=cached)
    assert len(dns.asked) == 1


def test_the_cache_is_bounded() -> None:
    dns = FakeDNS({f"h{n}.example": ["93.184.216.34"] for n in range(10)})
    clock = Clock()
    cached = CachingResolver(dns, ttl_s=60, max_hosts=4, clock=clock)
    for n in range(10):
        cached(f"h{n}.example", 443)
    assert len(cached._known) <= 4
    cached("h9.example", 443)
    assert dns.asked.count(("h9.example", 443)) == 1  # the newest answer is kept


def test_the_peer_is_still_checked_on_every_request(fakeweb: FakeWeb) -> None:
    # DNS says "public" once and is believed for a minute, but each connection goes to
    # 127.0.0.1 (as after DNS rebinding): every request is refused at the peer check.
    dns = FakeDNS({"localhost": ["93.184.216.34"]})
    cached = CachingResolver(dns, clock=Clock())
    url = fakeweb.url("/index.html").replace("127.0.0.1", "localhost")
    with make_client(GUARDED) as client:
        for _ in range(2):
            with pytest.raises(Forbidden) as caught:
                fetch_page(client, url, GUARDED, resolver=cached)
            assert "127.0.0.1" in str(caught.value)
    assert len(dns.asked) == 1
