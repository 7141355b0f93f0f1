"""Control characters from the web (issue 12): one stray ``\\x01`` or ``\\x1b`` in a page used to
drop the whole article (lxml refused it inside trafilatura, which then found "no main text"),
and a ``\\x0b``/``\\x0c`` in a title raised a ValueError out of extraction, leaving the page
pending. Now they are removed before parsing and from every string kept, through
``extract_article`` and through ingest into the store."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import httpx
import pytest

from bbabo import fetch
from bbabo.extract import extract_article
from bbabo.extract.text import clean, strip_controls
from bbabo.langid import LanguageDetector
from bbabo.model import FeedEntry, FetchedPage
from bbabo.pipeline.ingest import IngestOutcome, ingest_page
from bbabo.store import Store
from fakeweb import FakeWeb, Reply

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
# Every character XML 1.0 refuses, and the two C0 separators that are whitespace in Python.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
SENTENCE = "The council met on Tuesday to discuss the new bridge over the river Sosna. "
CONTROLS = ["\x01", "\x1b", "\x0b", "\x0c", "\x7f", "\x08"]


def _html(title: str, middle: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{SENTENCE * 4}</p><p>{middle}</p><p>{SENTENCE * 3}</p>"
            "</article></body></html>")


def _page(html: str) -> FetchedPage:
    url = "https://news.example/a/1"
    return FetchedPage(url=url, final_url=url, status=200, content_type="text/html",
                       encoding="utf-8", body=html.encode(), fetched_at=NOW)


@pytest.mark.parametrize("control", CONTROLS, ids=[hex(ord(c)) for c in CONTROLS])
def test_one_control_character_in_the_text_keeps_the_article(control: str) -> None:
    article = extract_article(_page(_html("Bridge talks", f"Residents{control} asked for a vote.")))
    assert article.title == "Bridge talks"
    assert any("asked for a vote" in p for p in article.paragraphs)
    assert not _NOT_XML.search(article.text)


@pytest.mark.parametrize("control", CONTROLS, ids=[hex(ord(c)) for c in CONTROLS])
def test_a_control_character_in_the_title_is_no_error(control: str) -> None:
    article = extract_article(_page(_html(f"Bridge{control}talks", "Residents asked for a vote.")))
    # Vertical tab and form feed separate words; the others are simply dropped.
    expected = "Bridge talks" if control in "\x0b\x0c" else "Bridgetalks"
    assert article.title == expected
    assert len(article.paragraphs) == 3


def test_escaped_controls_in_json_ld_are_removed_too() -> None:
    # "\u000b" in JSON is a vertical tab only once decoded: after the page was cleaned.
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": "Bridge\u000btalks\u0001 today",
                     "author": {"@type": "Person", "name": "Anna\u000cKowalska"}})
    html = (f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
            f"<article><p>{SENTENCE * 4}</p><p>{SENTENCE * 3}</p></article></body></html>")
    article = extract_article(_page(html))
    assert article.title == "Bridge talks today"
    assert article.author == "Anna Kowalska"


def test_clean_and_strip_controls() -> None:
    assert strip_controls("plain text\twith\nlines") == "plain text\twith\nlines"
    assert strip_controls("a\x0bb\x0cc\x01d\x1be\x00f\ufffe") == "a b cdef"
    assert clean("  Mit\u00adtel\u00adal\u00adter \x0b\u200b ist e\u0301 ") == "Mittelalter ist é"


@pytest.fixture
def http() -> httpx.Client:
    options = fetch.FetchOptions(timeout_s=2.0, allow_private_networks=True,
                                 retry=fetch.NO_RETRY)
    with fetch.make_client(options) as client:
        yield client  # type: ignore[misc]


def test_control_characters_go_through_ingest_into_the_store(
        fakeweb: FakeWeb, store: Store, http: httpx.Client) -> None:
    options = fetch.FetchOptions(timeout_s=2.0, allow_private_networks=True,
                                 retry=fetch.NO_RETRY)
    html = _html("Bridge\x0btalks\x1b[31m resume", "Residents\x01 asked for a vote.")
    fakeweb.route("/a/controls.html", Reply(headers={"Content-Type": "text/html; charset=utf-8"},
                                            body=html.encode()))
    url = fakeweb.url("/a/controls.html")
    source = store.sources.add(url=fakeweb.url("/feed.xml"), now=NOW)
    store.pages.enqueue(source.id, [FeedEntry(url=url)], now=NOW)
    (pending,) = store.pages.pending()

    result = ingest_page(pending, source, store=store, http=http, options=options,
                         detector=LanguageDetector(["en", "de"]), now=NOW)

    assert result.outcome is IngestOutcome.new
    assert store.pages.get_state(url) == ("done", None, None)
    assert result.article_id is not None
    assert store.articles.find_by_urls([url]) == result.article_id
    stored = store.articles.get(result.article_id)
    assert stored.title == "Bridge talks[31m resume"
    assert "Residents asked for a vote." in stored.paragraphs
    assert not _NOT_XML.search(stored.title + "".join(stored.paragraphs))
