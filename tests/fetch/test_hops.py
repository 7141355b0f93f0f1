"""The guard runs before every hop, and the peer address is checked after connecting."""

from __future__ import annotations

import httpx
import pytest

from bbabo.errors import Forbidden
from bbabo.fetch import FetchOptions, fetch_page, make_client
from fakeweb import FakeWeb

DNS = {"news.example": ["93.184.216.34"], "cdn.example": ["2606:4700::6810:84e5"],
       "internal.example": ["10.0.0.1"]}
GUARDED = FetchOptions(timeout_s=2.0, allow_private_networks=False)


def fake_dns(host: str, port: int) -> list[str]:
    return DNS[host]


def recording_transport(routes: dict[str, httpx.Response]) -> tuple[list[str], httpx.MockTransport]:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return routes[str(request.url)]

    return seen, httpx.MockTransport(handle)


def test_public_redirect_chain_is_followed() -> None:
    seen, transport = recording_transport({
        "https://news.example/feed": httpx.Response(301, headers={"Location": "https://cdn.example/f"}),
        "https://cdn.example/f": httpx.Response(200, content=b"<rss/>"),
    })
    with make_client(GUARDED, transport=transport) as client:
        page = fetch_page(client, "https://news.example/feed", GUARDED, resolver=fake_dns)
    assert page.final_url == "https://cdn.example/f" and page.body == b"<rss/>"
    assert seen == ["https://news.example/feed", "https://cdn.example/f"]


@pytest.mark.parametrize("location", ["http://internal.example/admin",
                                      "http://169.254.169.254/latest/meta-data/",
                                      "http://[::1]:8080/", "http://127.0.0.1/"])
def test_redirect_to_a_blocked_host_is_never_requested(location: str) -> None:
    seen, transport = recording_transport({
        "https://news.example/feed": httpx.Response(302, headers={"Location": location}),
    })
    with make_client(GUARDED, transport=transport) as client, pytest.raises(Forbidden) as caught:
        fetch_page(client, "https://news.example/feed", GUARDED, resolver=fake_dns)
    assert caught.value.code == "fetch.blocked_address"
    assert seen == ["https://news.example/feed"]


def test_first_hop_is_checked_too() -> None:
    seen, transport = recording_transport({})
    with make_client(GUARDED, transport=transport) as client, pytest.raises(Forbidden):
        fetch_page(client, "http://internal.example/", GUARDED, resolver=fake_dns)
    assert seen == []


def test_loopback_fakeweb_is_refused_by_default(fakeweb: FakeWeb) -> None:
    with make_client(GUARDED) as client, pytest.raises(Forbidden):
        fetch_page(client, fakeweb.url("/index.html"), GUARDED)
    assert fakeweb.requests == []


def test_rebinding_is_caught_at_the_peer(fakeweb: FakeWeb) -> None:
    # The resolver says "public" but the connection goes to 127.0.0.1, as after DNS rebinding.
    def lying_dns(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    url = fakeweb.url("/index.html").replace("127.0.0.1", "localhost")
    with make_client(GUARDED) as client, pytest.raises(Forbidden) as caught:
        fetch_page(client, url, GUARDED, resolver=lying_dns)
    assert "127.0.0.1" in str(caught.value)


def test_rebinding_is_caught_on_a_redirect_hop_too(fakeweb: FakeWeb) -> None:
    fakeweb.redirect("/r", "/index.html")

    def lying_dns(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    url = fakeweb.url("/r").replace("127.0.0.1", "localhost")
    with make_client(GUARDED) as client, pytest.raises(Forbidden):
        fetch_page(client, url, GUARDED, resolver=lying_dns)
    assert [r.path for r in fakeweb.requests] == ["/r"]  # the Location was never followed
