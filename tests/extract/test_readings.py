"""How bbabo reads a page with trafilatura, each rule found on real pages
(``bench/extraction.py``, tuned on the tune half of trafilatura's evaluation set and on
Mozilla Readability's test pages): the page is read as trafilatura parses it and left as it
came, boilerplate is dropped from trafilatura's blocks afterwards, a page where the balanced
reading finds too little gets its recall-mode reading, a page that declares itself an article
is kept however short, and a page that names no title gets one from its text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import lxml.html
import pytest
import trafilatura

from bbabo.errors import NotAnArticle
from bbabo.extract import extract_article
from bbabo.extract.body import Block
from bbabo.extract.lead import find_lead
from bbabo.extract.metadata import parse_html, read_metadata
from bbabo.model import ExtractedArticle, FetchedPage

URL = "https://news.example/2026/12/bridge"
P1 = ("The city council approved the reconstruction of the old harbour bridge on Tuesday, "
      "after two years of debate about its cost and about the traffic during the works. ")
P2 = ("Engineers expect the first lane to reopen in the spring, and the mayor promised that "
      "ferries would run every twenty minutes until then, paid for by the city. ")
SHORT = "The harbour bridge closes on Monday for two years; ferries replace it."


def _page(html: str) -> FetchedPage:
    return FetchedPage(url=URL, final_url=URL, status=200, content_type="text/html",
                       encoding="utf-8", body=html.encode(), fetched_at=datetime.now(UTC))


def _extract(body: str, head: str = "<title>Bridge vote</title>") -> ExtractedArticle:
    return extract_article(_page(f"<html><head>{head}</head><body>{body}</body></html>"))


def _article(*paragraphs: str) -> str:
    return ("<nav><a href='/'>Home</a> <a href='/city/'>City</a></nav><main><h1>Bridge vote</h1>"
            "<div class='story'>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></main>")


def test_a_comment_inside_a_paragraph_costs_nothing() -> None:
    # React pages write "<!-- -->" between text pieces; lxml kept the comment node and
    # trafilatura dropped the rest of the paragraph (or all of it).
    split = P2.replace("twenty minutes", "twenty <!-- --> minutes")
    paragraphs = _extract(_article(P1 * 2, split * 2, P1)).paragraphs
    assert any("ferries would run every twenty minutes until then" in p for p in paragraphs)


def test_boilerplate_blocks_are_dropped_after_trafilatura_reads_the_page() -> None:
    promo = '<div class="promo">Subscribe to our newsletter for the full story every morning</div>'
    paragraphs = _extract(_article(P1 * 2, P2 * 2).replace("</div></main>",
                                                           promo + "</div></main>")).paragraphs
    assert not any("Subscribe" in p for p in paragraphs)
    assert any(P2.strip() in p for p in paragraphs)


def test_a_pull_quote_does_not_cost_the_paragraph_it_repeats() -> None:
    quote = "Ferries would run every twenty minutes, paid for by the city."
    body = _article(P1 * 2, quote, P2 * 2).replace(
        "<div class='story'>", f"<div class='story'><aside class='pullquote'>{quote}</aside>")
    paragraphs = _extract(body).paragraphs
    assert quote in paragraphs


@pytest.mark.parametrize("head", [
    '<meta property="og:type" content="article">',
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"], '
    '"headline": "Bridge vote"}]}</script>',
])
def test_a_declared_article_is_kept_however_short(head: str) -> None:
    body = f"<main><h1>Bridge vote</h1><p>{SHORT}</p></main>"
    article = _extract(body, "<title>Bridge vote</title>" + head)
    assert article.paragraphs == (SHORT,)
    with pytest.raises(NotAnArticle):  # the same page without the declaration is too short
        _extract(body)


def test_one_article_element_declares_an_article_and_many_do_not() -> None:
    one = parse_html(f"<html><body><article><p>{SHORT}</p></article></body></html>")
    many = parse_html("<html><body>" + f"<article><p>{SHORT}</p></article>" * 3
                      + "</body></html>")
    website = parse_html('<html><head><meta property="og:type" content="website"></head>'
                         "<body><p>x</p></body></html>")
    assert one is not None and many is not None and website is not None
    assert read_metadata(one, URL).declares_article
    assert not read_metadata(many, URL).declares_article
    assert not read_metadata(website, URL).declares_article
    assert _extract(f"<main><article><h1>Bridge vote</h1><p>{SHORT}</p></article></main>"
                    ).paragraphs == (SHORT,)


def test_a_declared_page_of_links_is_still_no_article() -> None:
    links = "".join(f'<li><a href="/2026/12/{n}">Headline of a story about the harbour '
                    f"number {n}</a></li>" for n in range(20))
    with pytest.raises(NotAnArticle):
        _extract(f"<main><h1>City</h1><ul>{links}</ul></main>",
                 '<title>City</title><meta property="og:type" content="article">')


def test_too_little_in_the_balanced_reading_asks_for_the_recall_reading(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = trafilatura.bare_extraction
    modes: list[bool] = []

    def balanced_finds_only_a_slogan(*args: Any, **kwargs: Any) -> Any:
        modes.append(bool(kwargs.get("favor_recall")))
        if kwargs.get("favor_recall"):
            return real(*args, **kwargs)
        return real(lxml.html.document_fromstring(
            "<html><body><p>Your daily touchpoint with the digital industry.</p></body></html>"),
            **{k: v for k, v in kwargs.items() if k != "url"})

    monkeypatch.setattr(trafilatura, "bare_extraction", balanced_finds_only_a_slogan)
    paragraphs = _extract(_article(P1 * 2, P2 * 2)).paragraphs
    assert modes == [False, True]
    assert any(P1.strip() in p for p in paragraphs)


def test_an_article_found_at_once_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    real = trafilatura.bare_extraction
    calls: list[dict[str, Any]] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    _extract(_article(P1 * 2, P2 * 2))
    assert len(calls) == 1 and not calls[0].get("favor_recall")


def test_a_page_without_any_title_gets_one_from_its_text() -> None:
    body = "".join(f"<p>{p}</p>" for p in (P1 * 2, P2 * 2))
    article = _extract(body, head="")
    assert article.title.startswith("The city council approved the reconstruction")
    assert article.title.endswith("…") and len(article.title) <= 121
    assert article.paragraphs[0].startswith(P1.strip())


def test_a_page_without_title_but_with_a_heading_takes_the_heading() -> None:
    body = "<h2>Harbour bridge to be rebuilt</h2>" + "".join(f"<p>{p}</p>" for p in (P1, P2))
    article = _extract(body, head="")
    assert article.title == "Harbour bridge to be rebuilt"
    assert article.title not in article.paragraphs


def test_the_lead_is_read_without_the_code_of_inline_scripts() -> None:
    lead = ("Two years of debate end with a vote: the harbour bridge will be rebuilt, and "
            "ferries will carry commuters across the river while it is closed.")
    root = lxml.html.document_fromstring(
        f'<html><body><main><div class="article-lead">{lead}<script>var ads = "slot-1";'
        f'</script></div><div class="body"><p>{P1}</p></div></main></body></html>')
    found = find_lead(root, [Block(P1.strip(), prose=True)], None)
    assert found == Block(lead, prose=True)


@pytest.mark.parametrize("markup", [
    "{lead}",  # the lead's start in one text node: found from that node
    "<b>BERLIN</b> – {rest}",  # its start split over elements: found by looking at all
])
def test_the_lead_matching_the_description_is_found_however_it_is_marked_up(
        markup: str) -> None:
    lead = ("BERLIN – Two years of debate end with a vote: the harbour bridge will be rebuilt, "
            "and ferries will carry commuters across the river while it is closed.")
    rest = lead.removeprefix("BERLIN – ")
    html = (f"<html><body><main><div class='hero'><p>{markup.format(lead=lead, rest=rest)}</p>"
            f"</div><div class='body'><p>{P1}</p></div></main></body></html>")
    root = lxml.html.document_fromstring(html)
    found = find_lead(root, [Block(P1.strip(), prose=True)], lead[:100] + "…")
    assert found == Block(lead, prose=True)
    assert find_lead(root, [Block(P1.strip(), prose=True)], "Nothing on this page says this, "
                     "not in one text node and not over several.") is None
