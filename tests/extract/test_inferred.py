"""Title, author and date from trafilatura's pieces: the same answers as its
``extract_metadata``, with the byline and date searches run only when their answer matters."""

from __future__ import annotations

from copy import copy
from datetime import UTC, datetime

import pytest
from trafilatura.metadata import extract_metadata

from bbabo.extract import extract_article, inferred
from bbabo.extract.inferred import DATE_PARAMS, infer_metadata
from bbabo.extract.metadata import parse_html, read_metadata
from bbabo.model import FetchedPage
from fakeweb import SITE_ROOT

URL = "https://news.example/story"
BODY = ("<p>" + "Some sentence of real running text in the body of the story. " * 6 + "</p>"
        "<p>" + "Another sentence that adds to the body text here and there. " * 4 + "</p>")
META_AUTHOR = '<meta name="author" content="Jane Roe">'
JSON_LD_AUTHOR = ('<script type="application/ld+json">{"@context": "https://schema.org", '
                  '"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ann Lee"}}'
                  "</script>")
BYLINE = '<p class="byline">By Dana Smith</p>'
OWN_DATE = '<meta property="article:published_time" content="2024-03-14T07:30:00Z">'


def _html(head: str = "", body: str = "") -> str:
    return (f"<html><head><title>Page title</title>{head}</head><body><article>"
            f"<h1>A headline</h1>{body}{BODY}</article></body></html>")


def _page(html: str, url: str = URL) -> FetchedPage:
    return FetchedPage(url=url, final_url=url, status=200, content_type="text/html",
                       encoding="utf-8", body=html.encode(), fetched_at=datetime.now(UTC))


def _refuse(*_: object, **__: object) -> None:
    raise AssertionError("this search should not run")


def test_visible_byline_gives_the_author_when_none_is_declared() -> None:
    article = extract_article(_page(_html(body=BYLINE)))
    assert article.author == "Dana Smith"


def test_one_word_meta_author_gives_way_to_the_byline() -> None:
    # trafilatura distrusts a one-word <meta> author; bbabo keeps it only as the last resort.
    handle = '<meta name="author" content="newsdesk">'
    assert extract_article(_page(_html(handle, BYLINE))).author == "Dana Smith"
    assert extract_article(_page(_html(handle))).author == "newsdesk"


@pytest.mark.parametrize(("head", "author"), [
    (META_AUTHOR, "Jane Roe"),
    (JSON_LD_AUTHOR, "Ann Lee"),
    (META_AUTHOR + JSON_LD_AUTHOR, "Jane Roe; Ann Lee"),  # JSON-LD adds to <meta>
])
def test_declared_author_wins_and_the_byline_search_is_skipped(
        monkeypatch: pytest.MonkeyPatch, head: str, author: str) -> None:
    monkeypatch.setattr(inferred, "extract_author", _refuse)
    assert extract_article(_page(_html(head, BYLINE))).author == author


def test_byline_search_runs_when_nothing_is_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inferred, "extract_author", _refuse)
    with pytest.raises(AssertionError, match="should not run"):
        extract_article(_page(_html(body=BYLINE)))


@pytest.mark.parametrize(("body", "url", "day"), [
    ('<abbr class="published" title="2018-08-09">9 Aug</abbr>', URL, datetime(2018, 8, 9)),
    ("<p>Posted on 2017-05-06 by staff</p>", URL, datetime(2017, 5, 6)),
    ("", "https://news.example/2016/03/04/story.html", datetime(2016, 3, 4)),
])
def test_date_the_pages_declarations_miss_comes_from_htmldate(
        body: str, url: str, day: datetime) -> None:
    html = _html(body=body)
    assert read_metadata(parse_html(html), url).published_at is None
    assert extract_article(_page(html, url)).published_at == day.replace(tzinfo=UTC)


def test_declared_date_skips_the_date_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inferred, "find_date", _refuse)
    article = extract_article(_page(_html(OWN_DATE, "<p>Posted on 2017-05-06 by staff</p>")))
    assert article.published_at == datetime(2024, 3, 14, 7, 30, tzinfo=UTC)


def test_title_from_declarations_else_from_the_page() -> None:
    declared = '<meta name="title" content="Fish &amp;amp; chips   today">'
    assert extract_article(_page(_html(declared))).title == "Fish & chips today"
    assert extract_article(_page(_html())).title == "A headline"  # the page's one <h1>


def _samples() -> list[tuple[str, str]]:
    pages = [(path.read_bytes().decode("utf-8", "replace"), "https://herald.example/" + path.name)
             for path in sorted(SITE_ROOT.rglob("*.html"))]
    heads = ["", META_AUTHOR, JSON_LD_AUTHOR, '<meta name="author" content="newsdesk">',
             '<meta property="og:url" content="https://news.example/2021/06/07/story">',
             '<link rel="canonical" href="/2020/01/02/story.html">',
             '<meta name="date" content="June 3, 2019">']
    bodies = ["", BYLINE, '<span class="author">Eve Adams</span><time datetime="2022-02-03">x'
              "</time>", "<h1>Second headline</h1>"]
    pages += [(_html(head, body), URL) for head in heads for body in bodies]
    return pages


def test_same_answers_as_trafilaturas_extract_metadata() -> None:
    for html, url in _samples():
        root = parse_html(html)
        assert root is not None
        expected = extract_metadata(copy(root), url, dict(DATE_PARAMS))
        found = infer_metadata(root, url, with_date=True)
        assert (found.title, found.author, found.date) == (
            expected.title, expected.author, expected.date), url
