from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bbabo.errors import NotAnArticle
from bbabo.extract import extract_article
from bbabo.fetch import FetchOptions, fetch_page, make_client
from bbabo.model import ExtractedArticle, FetchedPage
from fakeweb import SITE_ROOT, FakeWeb

BOILERPLATE = {
    "en-harbour-bridge.html": ["Subscribe", "Advertisement", "Share on", "Related stories",
                               "Bridge repair costs soar", "Most read", "Comments",
                               "bridgewatcher", "commute has been a nightmare", "All rights",
                               "Breaking", "Privacy policy", "dataLayer",
                               "transport correspondent"],
    "pl-budzet-miasta.html": ["cookie", "REKLAMA", "Udostępnij", "Zobacz także", "Korki na moście",
                              "Komentarze", "podwyżki biletów", "Wszelkie prawa", "Strona główna"],
    "ru-bolnica-cp1251.html": ["Реклама", "Пластиковые окна", "Рубрики", "Поделиться",
                               "Читайте также", "Ремонт дорог", "Комментарии", "Спасибо всем",
                               "При перепечатке", "Главная"],
}


def _page(name: str, url: str, encoding: str | None = "utf-8") -> FetchedPage:
    return FetchedPage(url=url, final_url=url, status=200, content_type="text/html",
                       encoding=encoding, body=(SITE_ROOT / name).read_bytes(),
                       fetched_at=datetime.now(UTC))


def _assert_clean(article: ExtractedArticle, name: str) -> None:
    everything = "\n".join((article.title, *article.paragraphs)).casefold()
    for phrase in BOILERPLATE[name]:
        assert phrase.casefold() not in everything, phrase
    assert not any("<" in p or ">" in p for p in article.paragraphs)


def test_english_article() -> None:
    url = "https://herald.example/news/2024/03/harbour-bridge-reopens?utm_source=rss"
    article = extract_article(_page("articles/en-harbour-bridge.html", url))

    assert article.url == url
    assert article.title == "Harbour bridge reopens after two-year repair"
    assert article.canonical_url == "https://herald.example/news/2024/03/harbour-bridge-reopens"
    assert article.author == "Margaret Ellison"
    assert article.published_at == datetime(2024, 3, 14, 7, 30, tzinfo=UTC)
    assert article.lang_hint == "en"
    assert article.image_url == "https://herald.example/img/2024/03/bridge-large.jpg"
    paragraphs = article.paragraphs
    assert paragraphs[0].startswith("The Northport harbour bridge reopened to traffic")
    assert paragraphs[3] == "Cost rose by a third"  # the sub-heading stays, in place
    assert paragraphs[5] == "The work included:"
    assert paragraphs[6:9] == (
        "replacing both damaged supports with new weathering-steel columns;",
        "resurfacing the full length of the deck;",
        "installing sensors that report strain and vibration to engineers every minute.",
    )
    assert paragraphs[-1].startswith("A cycle lane separated from traffic")
    assert len(paragraphs) == 11
    assert article.text.count("\n\n") == 10
    _assert_clean(article, "en-harbour-bridge.html")


def test_polish_article() -> None:
    url = "https://gazeta.example/a/123"
    article = extract_article(_page("articles/pl-budzet-miasta.html", url))

    assert article.title == "Rada miasta przyjęła budżet na przyszły rok"
    assert article.canonical_url == "https://gazeta.example/wiadomosci/rada-miasta-przyjela-budzet"
    assert article.author == "Katarzyna Wójcik"
    assert article.published_at == datetime(2024, 12, 19, 17, 45, tzinfo=UTC)
    assert article.lang_hint == "pl"
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("Radni przyjęli w czwartek wieczorem budżet")
    assert article.paragraphs[-1].endswith("budowa tramwaju ruszy najpóźniej latem.")
    _assert_clean(article, "pl-budzet-miasta.html")


def test_russian_windows_1251_article_through_fetch(fakeweb: FakeWeb) -> None:
    options = FetchOptions(timeout_s=2.0, allow_private_networks=True)
    with make_client(options) as client:
        page = fetch_page(client, fakeweb.url("/articles/ru-bolnica-cp1251.html"), options)
    article = extract_article(page)

    assert article.title == "В Приморске открыли новую детскую больницу"
    assert article.canonical_url == "http://vestnik.example/news/2024/09/novaya-bolnica.html"
    assert article.published_at == datetime(2024, 9, 2, 8, 0, tzinfo=UTC)
    assert article.lang_hint == "ru"  # from og:locale; the page has no <html lang>
    body = [p for p in article.paragraphs if len(p) > 60]
    assert [p.split()[0:2] for p in body] == [
        ["В", "понедельник"], ["В", "больнице"], ["Главный", "врач"], ["Жители", "района"],
        ["Губернатор", "области"],
    ]
    _assert_clean(article, "ru-bolnica-cp1251.html")


def test_canonical_falls_back_to_og_url_then_final_url() -> None:
    html = ("<html><head><title>T</title>{}</head><body><article><h1>A headline</h1>"
            + "<p>" + "Some sentence of real running text in the body. " * 6 + "</p>"
            + "<p>" + "Another sentence that adds to the body text here. " * 4 + "</p>"
            + "</article></body></html>")
    def page(head: str) -> FetchedPage:
        return FetchedPage(url="https://a.example/x", final_url="https://a.example/final",
                           status=200, content_type="text/html; charset=utf-8", encoding="utf-8",
                           body=html.format(head).encode(), fetched_at=datetime.now(UTC))

    og = page('<meta property="og:url" content="https://a.example/og">')
    assert extract_article(og).canonical_url == "https://a.example/og"
    bare = extract_article(page(""))
    assert bare.canonical_url == "https://a.example/final"
    assert bare.lang_hint is None and bare.published_at is None and bare.image_url is None


@pytest.mark.parametrize("name", ["sections/world.html", "index.html"])
def test_pages_that_are_not_articles(name: str) -> None:
    with pytest.raises(NotAnArticle) as caught:
        extract_article(_page(name, "https://herald.example/" + name))
    assert caught.value.code == "extract.not_article"


def test_not_html_and_empty() -> None:
    now = datetime.now(UTC)
    pdf = FetchedPage(url="https://a.example/f.pdf", final_url="https://a.example/f.pdf",
                      status=200, content_type="application/pdf", body=b"%PDF-1.4", fetched_at=now)
    with pytest.raises(NotAnArticle) as caught:
        extract_article(pdf)
    assert caught.value.code == "extract.not_html"
    empty = FetchedPage(url="https://a.example/", final_url="https://a.example/", status=304,
                        fetched_at=now)
    with pytest.raises(NotAnArticle):
        extract_article(empty)


def test_lang_hint_from_content_language_and_unknown_tags() -> None:
    text = "<p>" + "Ein ganz gewöhnlicher Satz mit etwas Inhalt für den Test. " * 6 + "</p>"
    def lang(head: str, html_attrs: str = "") -> str | None:
        body = f"<html {html_attrs}><head><title>Titel</title>{head}</head><body>{text}</body>"
        page = FetchedPage(url="https://a.example/", final_url="https://a.example/", status=200,
                           content_type="text/html", encoding="utf-8", body=body.encode(),
                           fetched_at=datetime.now(UTC))
        return extract_article(page).lang_hint

    assert lang('<meta http-equiv="content-language" content="de-AT, en">') == "de"
    assert lang("", 'lang="xx-unknown"') is None
    assert lang('<meta property="og:locale" content="de_DE">', 'lang="tlh"') == "de"


def test_trafilatura_raises_no_warnings(recwarn: pytest.WarningsRecorder) -> None:
    extract_article(_page("articles/en-harbour-bridge.html", "https://herald.example/a"))
    assert not recwarn.list
