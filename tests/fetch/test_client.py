"""fetch_page against the real fakeweb server: conditional GET, redirects, caps, timeouts."""

from __future__ import annotations

import itertools
import socket
import time
from dataclasses import replace

import httpx
import pytest

import bbabo
from bbabo.errors import FetchConnectError, FetchTimeout, PermanentError, TooLarge
from bbabo.fetch import NO_RETRY, FetchOptions, fetch_page, make_client
from bombs import header_drip
from fakeweb import SITE_ROOT, FakeWeb, Reply


def test_plain_get(fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions) -> None:
    url = fakeweb.url("/feeds/rss.xml")
    page = fetch_page(client, url, options)

    assert page.status == 200
    assert page.url == page.final_url == url
    assert page.body == (SITE_ROOT / "feeds" / "rss.xml").read_bytes()
    assert page.content_type == "application/xml"
    assert page.encoding == "utf-8"
    assert page.etag and page.last_modified
    assert page.redirects == ()
    assert page.fetched_at.utcoffset() is not None and page.fetched_at.utcoffset().seconds == 0


def test_request_headers(fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions) -> None:
    fetch_page(client, fakeweb.url("/index.html"), options)
    [request] = fakeweb.requests
    assert request.headers["user-agent"] == (
        f"bbabo/{bbabo.__version__} (+https://github.com/bbabo/bbabo)"
    )
    assert request.headers["accept-encoding"].startswith("gzip, deflate")
    assert "if-none-match" not in request.headers and "cookie" not in request.headers


def test_conditional_get_returns_304_with_empty_body(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    url = fakeweb.url("/feeds/atom.xml")
    first = fetch_page(client, url, options)

    by_etag = fetch_page(client, url, options, etag=first.etag)
    by_date = fetch_page(client, url, options, last_modified=first.last_modified)

    for page in (by_etag, by_date):
        assert page.status == 304 and page.body == b"" and page.encoding is None
        assert page.etag == first.etag and page.last_modified == first.last_modified
    assert fakeweb.requests[1].headers["if-none-match"] == first.etag
    assert fakeweb.requests[2].headers["if-modified-since"] == first.last_modified
    changed = fetch_page(client, url, options, etag='"stale"')
    assert changed.status == 200 and changed.body


def test_304_keeps_the_validators_sent(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    fakeweb.route("/bare304", status=304)
    page = fetch_page(client, fakeweb.url("/bare304"), options, etag='"v1"',
                      last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert (page.etag, page.last_modified) == ('"v1"', "Mon, 01 Jan 2024 00:00:00 GMT")


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_chain(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions, status: int
) -> None:
    fakeweb.redirect("/old", "/hop/two", status=status)  # absolute path
    fakeweb.redirect("/hop/two", "three", status=status)  # relative to /hop/
    fakeweb.redirect("/hop/three", fakeweb.url("/feeds/rss.xml"), status=status)

    page = fetch_page(client, fakeweb.url("/old"), options)

    assert page.status == 200 and page.url == fakeweb.url("/old")
    assert page.redirects == (
        fakeweb.url("/hop/two"), fakeweb.url("/hop/three"), fakeweb.url("/feeds/rss.xml")
    )
    assert page.final_url == fakeweb.url("/feeds/rss.xml")


def test_redirect_loop(fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions) -> None:
    fakeweb.redirect("/a", "/b")
    fakeweb.redirect("/b", "/c")
    fakeweb.redirect("/c", "/a")
    with pytest.raises(PermanentError) as caught:
        fetch_page(client, fakeweb.url("/a"), options)
    assert caught.value.code == "fetch.redirect_loop"
    assert len(fakeweb.requests) == 3


def test_self_redirect_is_a_loop(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    fakeweb.redirect("/self", "/self")
    with pytest.raises(PermanentError, match="loop"):
        fetch_page(client, fakeweb.url("/self"), options)


def _chain(fakeweb: FakeWeb, hops: int) -> str:
    for n in range(hops):
        target = f"/chain/{n + 1}" if n + 1 < hops else "/index.html"
        fakeweb.redirect(f"/chain/{n}", target)
    return fakeweb.url("/chain/0")


def test_ten_redirects_are_followed(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    page = fetch_page(client, _chain(fakeweb, 10), options)
    assert len(page.redirects) == 10 and page.final_url == fakeweb.url("/index.html")


def test_eleven_redirects_are_too_many(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    with pytest.raises(PermanentError) as caught:
        fetch_page(client, _chain(fakeweb, 11), options)
    assert caught.value.code == "fetch.too_many_redirects"
    assert len(fakeweb.requests) == 11  # the eleventh target was never requested


def test_max_redirects_option(fakeweb: FakeWeb, client: httpx.Client,
                              options: FetchOptions) -> None:
    with pytest.raises(PermanentError, match="more than 2"):
        fetch_page(client, _chain(fakeweb, 3), replace(options, max_redirects=2))


def test_redirect_to_another_scheme_is_refused(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    fakeweb.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(PermanentError) as caught:
        fetch_page(client, fakeweb.url("/to-file"), options)
    assert caught.value.code == "fetch.bad_url"


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "file:///etc/passwd",
                                 "javascript:alert(1)", "http://", "not a url"])
def test_bad_urls(client: httpx.Client, options: FetchOptions, url: str) -> None:
    with pytest.raises(PermanentError) as caught:
        fetch_page(client, url, options)
    assert caught.value.code == "fetch.bad_url"


def test_size_cap_while_streaming_chunked(fakeweb: FakeWeb, client: httpx.Client) -> None:
    # An endless chunked body: only aborting mid-stream lets this test finish.
    fakeweb.route("/endless", Reply(headers={"Content-Type": "text/html"},
                                    body=itertools.repeat(b"x" * 4096)))
    small = FetchOptions(timeout_s=5, max_bytes=50_000, allow_private_networks=True)
    with pytest.raises(TooLarge) as caught:
        fetch_page(client, fakeweb.url("/endless"), small)
    assert caught.value.code == "fetch.too_large"


def test_size_cap_from_content_length(fakeweb: FakeWeb, client: httpx.Client) -> None:
    fakeweb.route("/big", body=b"y" * 20_000)
    with pytest.raises(TooLarge, match="declares"):
        fetch_page(client, fakeweb.url("/big"), FetchOptions(max_bytes=10_000,
                                                             allow_private_networks=True))
    exact = fetch_page(client, fakeweb.url("/big"), FetchOptions(max_bytes=20_000,
                                                                 allow_private_networks=True))
    assert len(exact.body) == 20_000


def test_gzip_is_decoded_and_the_cap_counts_decoded_bytes(
    fakeweb: FakeWeb, client: httpx.Client
) -> None:
    fakeweb.route("/gz", Reply(headers={"Content-Type": "text/plain; charset=utf-8"},
                               body="zażółć ".encode() * 100, gzip=True))
    fakeweb.route("/bomb", Reply(body=b"\0" * 5_000_000, gzip=True))
    opts = FetchOptions(max_bytes=100_000, allow_private_networks=True)

    page = fetch_page(client, fakeweb.url("/gz"), opts)
    assert page.text().startswith("zażółć zażółć")
    with pytest.raises(TooLarge):
        fetch_page(client, fakeweb.url("/bomb"), opts)


def test_slow_server_times_out(fakeweb: FakeWeb, client: httpx.Client) -> None:
    fakeweb.route("/slow", Reply(body=b"late", delay=3.0))
    with pytest.raises(FetchTimeout) as caught:
        fetch_page(client, fakeweb.url("/slow"),
                   FetchOptions(timeout_s=0.3, allow_private_networks=True, retry=NO_RETRY))
    assert caught.value.code == "fetch.timeout"


def test_dripping_server_hits_the_overall_deadline(fakeweb: FakeWeb) -> None:
    # Each chunk arrives well inside the read timeout; only the per-hop deadline stops this.
    fakeweb.route("/drip", Reply(body=itertools.repeat(b"."), chunk_delay=0.05))
    opts = FetchOptions(timeout_s=0.5, allow_private_networks=True, retry=NO_RETRY)
    with make_client(opts) as client, pytest.raises(FetchTimeout):
        fetch_page(client, fakeweb.url("/drip"), opts)


def test_connection_refused(client: httpx.Client, options: FetchOptions) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchConnectError) as caught:
        fetch_page(client, f"http://127.0.0.1:{port}/", options)
    assert caught.value.code == "fetch.connect"


def test_cookies_are_not_kept(fakeweb: FakeWeb, client: httpx.Client,
                              options: FetchOptions) -> None:
    fakeweb.route("/set", headers={"Set-Cookie": "session=abc; Path=/"}, body=b"ok")
    fetch_page(client, fakeweb.url("/set"), options)
    fetch_page(client, fakeweb.url("/index.html"), options)
    assert "cookie" not in fakeweb.requests[1].headers


def test_dripping_headers_hit_the_per_hop_deadline(fakeweb: FakeWeb) -> None:
    # One header line every 0.2 s: every read succeeds within the read timeout, and the blank
    # line that ends the headers never comes. The deadline covers headers, not only the body.
    fakeweb.route("/drip-headers", Reply(raw=header_drip(lines=40), chunk_delay=0.2))
    opts = FetchOptions(timeout_s=1.0, allow_private_networks=True, retry=NO_RETRY)
    started = time.monotonic()
    with make_client(opts) as client, pytest.raises(FetchTimeout) as caught:
        fetch_page(client, fakeweb.url("/drip-headers"), opts)
    assert caught.value.code == "fetch.timeout"
    assert time.monotonic() - started < 1.8


def test_the_deadline_covers_each_hop_not_the_client(fakeweb: FakeWeb) -> None:
    # After a timed-out hop, the same client fetches normally: no deadline is left behind.
    fakeweb.route("/drip-headers", Reply(raw=header_drip(lines=20), chunk_delay=0.2))
    opts = FetchOptions(timeout_s=0.5, allow_private_networks=True, retry=NO_RETRY)
    with make_client(opts) as client:
        with pytest.raises(FetchTimeout):
            fetch_page(client, fakeweb.url("/drip-headers"), opts)
        fakeweb.route("/slowish", Reply(body=b"ok", delay=0.3))
        for _ in range(3):  # three hops of 0.3 s each: more than one deadline in all
            assert fetch_page(client, fakeweb.url("/slowish"), opts).body == b"ok"


def test_validators_that_are_no_valid_header_value_are_neither_kept_nor_sent(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    fakeweb.route("/bad-etag", headers={"ETag": '"caf\xe9"', "Last-Modified": "x" * 5000},
                  body=b"<rss/>")
    page = fetch_page(client, fakeweb.url("/bad-etag"), options)
    assert page.status == 200 and page.etag is None and page.last_modified is None
    # One stored before this check existed is not sent (it would fail to encode).
    again = fetch_page(client, fakeweb.url("/bad-etag"), options, etag='"caf\xe9"',
                       last_modified="Mon, 01 Jan 2024 00:00:00 GMT\r\nX-Injected: 1")
    assert again.status == 200
    sent = fakeweb.requests[-1].headers
    assert "if-none-match" not in sent and "if-modified-since" not in sent
    assert "x-injected" not in sent
