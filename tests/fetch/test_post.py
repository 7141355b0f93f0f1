"""``post_form``, the one POST bbabo makes (a WebSub hub): guarded like every GET, never
redirected, failures as the same stable error codes; and the Link header of a GET answer."""

from __future__ import annotations

import httpx
import pytest

from bbabo import fetch
from bbabo.errors import Forbidden, NotFound, PermanentError
from bbabo.fetch import FetchOptions, post_form
from fakeweb import FakeWeb, Reply


def _public(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]


def _client(handler: httpx.MockTransport) -> httpx.Client:
    return fetch.make_client(FetchOptions(), transport=handler)


def test_the_form_is_posted_and_the_answer_kept_short() -> None:
    seen: list[httpx.Request] = []

    def hub(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, text="accepted " + "x" * 10_000)

    with _client(httpx.MockTransport(hub)) as client:
        answer = post_form(client, "https://hub.example/", {"hub.mode": "subscribe",
                                                           "hub.topic": "https://n.example/f"},
                           FetchOptions(), resolver=_public)
    assert answer.status == 202 and answer.text == ""  # past the cap: the status says enough
    assert seen[0].method == "POST" and seen[0].content == (
        b"hub.mode=subscribe&hub.topic=https%3A%2F%2Fn.example%2Ff")
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded"


def test_redirects_and_errors_fail_with_stable_codes() -> None:
    answers = iter([httpx.Response(307, headers={"Location": "https://elsewhere.example/"}),
                    httpx.Response(404), httpx.Response(422)])
    with _client(httpx.MockTransport(lambda request: next(answers))) as client:
        def post() -> None:
            post_form(client, "https://hub.example/", {}, FetchOptions(), resolver=_public)

        with pytest.raises(PermanentError) as redirected:
            post()
        assert redirected.value.code == "fetch.redirected_post"
        with pytest.raises(NotFound):
            post()
        with pytest.raises(PermanentError):
            post()


def test_a_hub_on_a_private_address_is_refused() -> None:
    with fetch.make_client(FetchOptions()) as client, pytest.raises(Forbidden) as refused:
        post_form(client, "http://127.0.0.1:9/hub", {"hub.mode": "subscribe"}, FetchOptions())
    assert refused.value.code == "fetch.blocked_address"


def test_the_link_header_is_read(fakeweb: FakeWeb, client: httpx.Client,
                                 options: FetchOptions) -> None:
    fakeweb.route("/feed", Reply(body=b"<rss/>", headers={
        "Link": '<https://hub.example/>; rel="hub", </feed>; rel="self", <x>; rel="alternate"',
        "Cache-Control": "max-age=300", "Expires": "Sun, 06 Dec 2026 13:00:00 GMT"}))
    page = fetch.fetch_page(client, fakeweb.url("/feed"), options)
    assert dict(page.links) == {"hub": "https://hub.example/", "self": fakeweb.url("/feed"),
                                "alternate": fakeweb.url("/x")}
    assert (page.cache_control, page.expires) == ("max-age=300", "Sun, 06 Dec 2026 13:00:00 GMT")
