"""``/{lang}/search`` and ``/api/v1/search`` over the full-text index: results, snippets with
marks, hostile queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from harness import Client, Seeder

from bbabo.web.routes.search import RESULTS_PER_PAGE


@pytest.fixture
def story(seed: Seeder) -> int:
    article_id = seed.article("Путин встретится с Токаевым",
                              paragraphs=("Вступление.", "Президент прибыл в Москву вчера."),
                              age=timedelta(hours=2))
    seed.translation(article_id, "en", "Putin to meet Tokayev",
                     paragraphs=("The president arrived in Moscow.",))
    seed.article("Погода в Москве", paragraphs=("Снег.",), age=timedelta(hours=1))
    return article_id


def _results(html: str) -> list[str]:
    return re.findall(r'<h2><a href="([^"]+)">', html)


def test_search_page_lists_matches_with_marked_snippets(client: Client, story: int) -> None:
    response = client.get("/en/search?q=moscow")
    assert response.status_code == 200
    html = response.text
    assert _results(html) == [f"/en/news/{story}-putin-to-meet-tokayev"]
    assert ('<p class="snippet">The president arrived in <mark>Moscow</mark>.</p>') in html
    assert "<title>Results for “moscow” · Bbabo NET</title>" in html
    assert 'value="moscow"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_title_matches_come_first_and_are_marked(client: Client, story: int) -> None:
    html = client.get("/ru/search?q=москв").text
    assert len(_results(html)) == 2
    assert _results(html)[1] == f"/ru/news/{story}-putin-vstretitsya-s-tokaevym"
    assert "Погода в <mark>Москве</mark></a></h2>" in html
    # The snippet comes from the paragraph that matched, not the first one.
    assert "Президент прибыл в <mark>Москву</mark> вчера." in html
    assert "Результаты по запросу «москв»" in html


def test_empty_query_shows_the_form_and_no_results(client: Client, story: int) -> None:
    for path in ("/en/search", "/en/search?q=", "/en/search?q=+++"):
        html = client.get(path).text
        assert "Type one or more words to find articles in this language." in html
        assert _results(html) == [] and "Nothing found" not in html


def test_no_results(client: Client, story: int) -> None:
    html = client.get("/pl/search?q=zzzz").text
    assert "Nic nie znaleziono dla „zzzz”." in html


@pytest.mark.parametrize("query", ["%", "_", "'", '"', "\\", "%_%", "<script>alert(1)</script>",
                                   '"><img src=x onerror=alert(1)>', "x" * 1000, "a\x00b"])
def test_hostile_queries_are_harmless(client: Client, story: int, query: str) -> None:
    response = client.get("/en/search", params={"q": query})
    assert response.status_code == 200
    assert _results(response.text) == []
    assert "<script>" not in response.text and "<img" not in response.text
    api = client.get("/api/v1/search", params={"q": query, "lang": "en"})
    assert api.status_code == 200 and api.json()["results"] == []


def test_the_query_is_echoed_escaped(client: Client) -> None:
    html = client.get("/en/search", params={"q": '"><img src=x>'}).text
    assert 'value="&#34;&gt;&lt;img src=x&gt;"' in html


def test_matched_text_is_escaped_before_it_is_marked(client: Client, seed: Seeder) -> None:
    seed.article("Tags <b>bold</b> & more", lang="en", paragraphs=("x <i>bold</i> y",))
    html = client.get("/en/search?q=bold").text
    assert "Tags &lt;b&gt;<mark>bold</mark>&lt;/b&gt; &amp; more" in html
    assert "x &lt;i&gt;<mark>bold</mark>&lt;/i&gt; y" in html
    assert "<b>" not in html and "<i>" not in html


def test_results_are_paged(client: Client, seed: Seeder) -> None:
    for n in range(RESULTS_PER_PAGE + 2):
        seed.article(f"Match {n}", lang="en", age=timedelta(minutes=n))
    first = client.get("/en/search?q=match").text
    assert len(_results(first)) == RESULTS_PER_PAGE
    assert 'rel="next" href="/en/search?q=match&amp;page=2"' in first
    assert "<mark>Match</mark>" in first
    second = client.get("/en/search?q=match&page=2").text
    assert len(_results(second)) == 2
    assert 'rel="prev" href="/en/search?q=match"' in second


@pytest.mark.parametrize("path", ["/xx/search?q=a", "/en/search?page=0", "/en/search?page=x"])
def test_bad_language_or_page_is_404(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_every_page_has_the_search_box(client: Client) -> None:
    html = client.get("/pl/").text
    assert '<form class="site-search" action="/pl/search" method="get" role="search">' in html


def test_search_api(client: Client, story: int) -> None:
    response = client.get("/api/v1/search", params={"q": " Moscow ", "lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "Moscow" and body["lang"] == "en" and body["next_page"] is None
    [result] = body["results"]
    assert result["id"] == story and result["title"] == "Putin to meet Tokayev"
    assert result["url"] == f"http://testserver/en/news/{story}-putin-to-meet-tokayev"
    assert result["snippet"] == "The president arrived in Moscow."
    assert result["snippet_html"] == "The president arrived in <mark>Moscow</mark>."
    assert result["title_html"] == "Putin to meet Tokayev"


def test_search_api_defaults_and_paging(client: Client, seed: Seeder) -> None:
    for n in range(3):
        seed.article(f"Match {n}", lang="en", age=timedelta(minutes=n))
    body = client.get("/api/v1/search?q=match&limit=2").json()
    assert body["lang"] == "en"  # the site's default language
    assert [r["title"] for r in body["results"]] == ["Match 0", "Match 1"]
    assert body["results"][0]["title_html"] == "<mark>Match</mark> 0"
    assert body["next_page"] == 2
    last = client.get("/api/v1/search?q=match&limit=2&page=2").json()
    assert [r["title"] for r in last["results"]] == ["Match 2"] and last["next_page"] is None
    assert client.get("/api/v1/search").json()["results"] == []
    bad = client.get("/api/v1/search?q=a&lang=xx")
    assert bad.status_code == 400 and bad.json() == {"error": "lang: unknown language code 'xx'"}


def test_queries_in_other_scripts(client: Client, seed: Seeder) -> None:
    article_id = seed.article("东京都知事选举结果", lang="zh", paragraphs=("东京都今天举行选举。",))
    html = client.get("/zh/search", params={"q": "选举"}).text
    assert _results(html) == [f"/zh/news/{article_id}"]
    assert "东京都知事<mark>选举</mark>结果" in html


def test_search_results_are_never_kept_in_the_page_cache(client: Client, seed: Seeder) -> None:
    assert _results(client.get("/en/search?q=fresh").text) == []
    seed.article("Fresh news", lang="en")
    assert len(_results(client.get("/en/search?q=fresh").text)) == 1
