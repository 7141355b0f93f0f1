"""Section pages, source pages, and the ``.json`` twin of every page type."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from harness import Client, Seeder

from bbabo.model import QAFlag
from bbabo.web.routes.sections import PAGE_SIZE


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]*)</a></h2>', html)


@pytest.fixture
def stories(seed: Seeder) -> dict[str, int]:
    storm = seed.article("Storm hits the coast", lang="en", age=timedelta(hours=2))
    cup = seed.article("Cup final tonight", lang="en", section="sport", source="Sport Daily")
    derby = seed.article("Дерби в Москве", section="sport", source="Sport Daily",
                         age=timedelta(hours=1))
    seed.translation(derby, "en", "Derby in Moscow")
    return {"storm": storm, "cup": cup, "derby": derby}


def test_section_page_lists_that_section_in_that_language(client: Client,
                                                          stories: dict[str, int]) -> None:
    response = client.get("/en/sport/")
    assert response.status_code == 200
    html = response.text
    assert _titles(html) == ["Cup final tonight", "Derby in Moscow"]
    assert "<h1>Sport</h1>" in html and "<title>Sport · Bbabo NET</title>" in html
    assert '<link rel="canonical" href="http://testserver/en/sport/">' in html
    assert '<link rel="alternate" hreflang="pl" href="http://testserver/pl/sport/">' in html
    assert '<a href="/en/sport/" aria-current="true">Sport</a>' in html  # the menu
    polish = client.get("/pl/sport/").text
    assert "<h1>Sport</h1>" in polish and "Nie ma" not in polish
    assert "W tym dziale nie ma jeszcze artykułów." in polish
    assert "<h1>Новости</h1>" in client.get("/ru/news/").text


def test_section_pages_advertise_the_section_feeds(client: Client,
                                                   stories: dict[str, int]) -> None:
    html = client.get("/en/sport/").text
    for name, kind in (("feed.xml", "application/rss+xml"), ("atom.xml", "application/atom+xml"),
                       ("feed.json", "application/feed+json")):
        assert f'<link rel="alternate" type="{kind}" title="Bbabo NET · Sport' in html
        assert f'href="/en/sport/{name}">' in html
        assert f'<link rel="alternate" type="{kind}" title="Bbabo NET (' in html  # language's
    assert 'href="/en/sport/feed.xml"' not in client.get("/en/").text


def test_section_pages_are_paged(client: Client, seed: Seeder) -> None:
    for n in range(PAGE_SIZE + 2):
        seed.article(f"Match {n}", lang="en", section="sport", age=timedelta(minutes=n))
    first = client.get("/en/sport/").text
    assert len(_titles(first)) == PAGE_SIZE
    assert 'rel="next" href="/en/sport/page/2/"' in first
    second = client.get("/en/sport/page/2/").text
    assert _titles(second) == [f"Match {PAGE_SIZE}", f"Match {PAGE_SIZE + 1}"]
    assert 'rel="prev" href="/en/sport/"' in second
    assert client.get("/en/sport/page/3/").status_code == 404
    moved = client.get("/en/sport/?page=2")
    assert moved.status_code == 301 and moved.headers["location"] == "/en/sport/page/2/"


@pytest.mark.parametrize("path", ["/en/weather/", "/xx/sport/", "/en/sport/page/0/",
                                  "/en/weather", "/en/weather/index.json"])
def test_unknown_sections_are_404(client: Client, stories: dict[str, int], path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_section_without_its_slash_is_redirected(client: Client,
                                                   stories: dict[str, int]) -> None:
    response = client.get("/en/sport")
    assert response.status_code == 301 and response.headers["location"] == "/en/sport/"


def test_source_page(client: Client, stories: dict[str, int]) -> None:
    html = client.get("/en/").text
    match = re.search(r'<p class="source"><a href="(/en/source/\d+)">Sport Daily</a></p>', html)
    assert match is not None
    page = client.get(match.group(1))
    assert page.status_code == 200
    assert "<h1>Sport Daily</h1>" in page.text
    assert _titles(page.text) == ["Cup final tonight", "Derby in Moscow"]
    assert "Articles from this source" in page.text
    twin = client.get(match.group(1) + ".json").json()
    assert twin["source"]["name"] == "Sport Daily"
    assert [card["title"] for card in twin["cards"]] == ["Cup final tonight", "Derby in Moscow"]
    ru = client.get(match.group(1).replace("/en/", "/ru/")).text
    assert _titles(ru) == ["Дерби в Москве"] and "Статьи этого источника" in ru


@pytest.mark.parametrize("path", ["/en/source/999", "/en/source/abc", "/xx/source/1",
                                  "/en/source/1/page/2/", "/en/source/99999999999999999999"])
def test_unknown_sources_are_404(client: Client, stories: dict[str, int], path: str) -> None:
    assert client.get(path).status_code == 404


def test_article_json_twin(client: Client, stories: dict[str, int]) -> None:
    path = f"/en/sport/{stories['derby']}-derby-in-moscow"
    response = client.get(path + ".json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["url"] == f"http://testserver{path}" and body["lang"] == "en"
    article = body["article"]
    assert article["title"] == "Derby in Moscow" and article["section"] == "Sport"
    assert article["translated_from"] == "Translated by machine from Russian."
    assert article["original_href"] == f"/ru/sport/{stories['derby']}-derbi-v-moskve"
    assert article["flagged"] is False
    assert [alt["lang"] for alt in body["alternates"]] == ["ru", "en"]
    # An outdated slug redirects to the twin at the current address.
    moved = client.get(f"/en/sport/{stories['derby']}-old.json")
    assert moved.status_code == 301 and moved.headers["location"] == path + ".json"
    missing = client.get("/en/sport/999-nothing.json")
    assert missing.status_code == 404 and missing.json() == {"error": "Not Found"}


def test_section_json_twin(client: Client, stories: dict[str, int]) -> None:
    body = client.get("/en/sport/index.json").json()
    assert body["heading"] == "Sport" and body["url"] == "http://testserver/en/sport/"
    assert [card["title"] for card in body["cards"]] == ["Cup final tonight", "Derby in Moscow"]


def test_flagged_translations_are_left_out_of_sitemaps(client: Client, seed: Seeder) -> None:
    article_id = seed.article("Кот спас пожарного")
    seed.translation(article_id, "en", "Cat saves firefighter",
                     qa=(QAFlag(check="numbers", paragraph=0, detail="10 became 100"),))
    seed.translation(article_id, "pl", "Kot uratował strażaka")
    english = client.get("/sitemaps/en.xml").text
    assert "cat-saves-firefighter" not in english
    polish = client.get("/sitemaps/pl.xml").text
    assert "kot-uratowal-strazaka" in polish and "cat-saves-firefighter" not in polish
    news = client.get("/sitemaps/news.xml").text
    assert "kot-uratowal-strazaka" in news and "cat-saves-firefighter" not in news


def test_a_section_named_like_a_fixed_path_gets_its_own_address(
        client: Client, seed: Seeder) -> None:
    article_id = seed.article("Where to look", lang="en", section="search")
    assert f'href="/en/search-section/{article_id}-where-to-look"' in client.get("/en/").text
    assert client.get("/en/search-section/").status_code == 200
