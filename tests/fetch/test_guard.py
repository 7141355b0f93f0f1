"""The address guard, tested as a function with fake resolvers: nothing here connects."""

from __future__ import annotations

import socket

import pytest

from bbabo.errors import FetchConnectError, Forbidden, PermanentError
from bbabo.fetch import check_url_allowed, is_blocked_address

BLOCKED = ["10.0.0.1", "127.0.0.1", "169.254.169.254", "::1", "::ffff:127.0.0.1",
           "192.168.1.10", "172.16.5.4", "100.64.0.1", "0.0.0.0", "224.0.0.251",
           "255.255.255.255", "240.0.0.1", "fe80::1", "fc00::1", "ff02::1", "::",
           "2002:a00:1::1", "64:ff9b::a00:1", "::ffff:10.0.0.1", "not-an-ip"]
PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34"]


def resolving_to(*addresses: str) -> tuple[list[tuple[str, int]], object]:
    calls: list[tuple[str, int]] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append((host, port))
        return list(addresses)

    return calls, resolver


def never_called(host: str, port: int) -> list[str]:
    raise AssertionError(f"resolver called for {host}")


@pytest.mark.parametrize("address", BLOCKED)
def test_blocked_addresses(address: str) -> None:
    assert is_blocked_address(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address: str) -> None:
    assert not is_blocked_address(address)


@pytest.mark.parametrize("address", ["10.0.0.1", "127.0.0.1", "169.254.169.254", "::1",
                                     "::ffff:127.0.0.1"])
def test_name_resolving_to_a_private_address(address: str) -> None:
    _, resolver = resolving_to(address)
    with pytest.raises(Forbidden) as caught:
        check_url_allowed("https://news.example/feed", allow_private=False, resolver=resolver)
    assert caught.value.code == "fetch.blocked_address"


def test_any_private_address_among_several_blocks() -> None:
    _, resolver = resolving_to("93.184.216.34", "10.0.0.1")
    with pytest.raises(Forbidden):
        check_url_allowed("https://news.example/", allow_private=False, resolver=resolver)


def test_public_name_is_allowed_and_resolved_with_its_port() -> None:
    calls, resolver = resolving_to("93.184.216.34")
    check_url_allowed("https://news.example/feed", allow_private=False, resolver=resolver)
    check_url_allowed("http://news.example:8080/feed", allow_private=False, resolver=resolver)
    check_url_allowed("http://bücher.example/", allow_private=False, resolver=resolver)
    assert calls == [("news.example", 443), ("news.example", 8080),
                     ("xn--bcher-kva.example", 80)]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/", "http://[::1]/",
                                 "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/latest",
                                 "http://10.0.0.1/"])
def test_ip_literals_are_checked_without_resolving(url: str) -> None:
    with pytest.raises(Forbidden):
        check_url_allowed(url, allow_private=False, resolver=never_called)


def test_public_ip_literal() -> None:
    check_url_allowed("http://93.184.216.34/", allow_private=False, resolver=never_called)


def test_allow_private_resolves_nothing() -> None:
    check_url_allowed("http://10.0.0.1/", allow_private=True, resolver=never_called)
    check_url_allowed("http://intranet.local/", allow_private=True, resolver=never_called)


def test_dns_failure() -> None:
    def failing(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchConnectError) as caught:
        check_url_allowed("https://nowhere.example/", allow_private=False, resolver=failing)
    assert caught.value.code == "fetch.dns"
    _, empty = resolving_to()
    with pytest.raises(FetchConnectError):
        check_url_allowed("https://nowhere.example/", allow_private=False, resolver=empty)


@pytest.mark.parametrize("url", ["ftp://news.example/", "file:///etc/passwd", "gopher://x/",
                                 "http:///path-only"])
def test_bad_urls(url: str) -> None:
    with pytest.raises(PermanentError) as caught:
        check_url_allowed(url, allow_private=True, resolver=never_called)
    assert caught.value.code == "fetch.bad_url"


def test_an_allowed_origin_is_exempt_but_nothing_else(fakeweb) -> None:  # type: ignore[no-untyped-def]
    from bbabo.fetch import FetchOptions, fetch_page, make_client

    origin = fakeweb.url("/").rstrip("/")
    options = FetchOptions(allowed_origins=frozenset({origin}))
    with make_client(options) as client:
        page = fetch_page(client, fakeweb.url("/index.html"), options)
        assert page.status == 200
        other = FetchOptions(allowed_origins=frozenset({"http://127.0.0.1:1"}))
        with pytest.raises(Forbidden):
            fetch_page(client, fakeweb.url("/index.html"), other)


def test_a_revocable_origin_is_exempt_only_while_it_is_returned() -> None:
    from bbabo.fetch import FetchOptions

    current = frozenset({"http://127.0.0.1:8001"})
    options = FetchOptions(allowed_origins=frozenset({"http://127.0.0.1:8002"}),
                           revocable_origins=lambda: current)
    assert options.allows_private("http://127.0.0.1:8001/feed.xml")
    assert options.allows_private("http://127.0.0.1:8002/")
    current = frozenset()
    assert not options.allows_private("http://127.0.0.1:8001/feed.xml")
    assert options.allows_private("http://127.0.0.1:8002/")  # a fixed allowance stays
