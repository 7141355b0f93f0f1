from __future__ import annotations

import pytest

from bbabo.dedup import normalize_url


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://Example.COM/News/Story", "http://example.com/News/Story"),  # path case kept
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("http://example.com:443/a", "http://example.com:443/a"),  # not the default for http
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com/a?", "https://example.com/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/a?b=2&a=1&c=3", "https://example.com/a?a=1&b=2&c=3"),
    ("https://example.com/a?tag=x&tag=a", "https://example.com/a?tag=x&tag=a"),  # order kept
    ("https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x&id=7",
     "https://example.com/a?id=7"),
    ("https://example.com/a?fbclid=1&gclid=2&yclid=3&mc_cid=4&mc_eid=5&_ga=6&ref_src=7&p=1",
     "https://example.com/a?p=1"),
    ("https://example.com/a?msclkid=1&igshid=2&pk_campaign=3&_hsenc=4",
     "https://example.com/a"),
    ("https://example.com/a?q=caf%C3%A9+au+lait&page=2",
     "https://example.com/a?page=2&q=caf%C3%A9+au+lait"),  # values untouched
    ("https://example.com/a?flag&b=1", "https://example.com/a?b=1&flag"),
    ("https://Example.com./a", "https://example.com/a"),
    ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
    ("https://user:Pass@Example.com/a", "https://user:Pass@example.com/a"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("https://example.com/a;params?x=1", "https://example.com/a;params?x=1"),
])
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_is_idempotent_and_merges_variants() -> None:
    variants = [
        "https://news.example/2024/story?utm_source=twitter#top",
        "HTTPS://NEWS.EXAMPLE:443/2024/story?fbclid=abc",
        "https://news.example/2024/story",
    ]
    normalized = {normalize_url(v) for v in variants}
    assert normalized == {"https://news.example/2024/story"}
    once = normalize_url("https://x.example/p?b=1&a=2&utm_x=3")
    assert normalize_url(once) == once
