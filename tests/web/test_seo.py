"""What search engines read: hreflang, canonical, OpenGraph, JSON-LD, robots.txt, sitemaps."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from harness import Client, Seeder

from bbabo.web.routes import crawlers

BASE = "http://testserver"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml",
      "n": "http://www.google.com/schemas/sitemap-news/0.9"}


@pytest.fixture
def story(seed: Seeder) -> int:
    article_id = seed.article("Путин встретится с Токаевым", source="Газета.Ru",
                              url="https://www.gazeta.example/politics/1.shtml",
                              paragraphs=("Президент прибыл.", "Встреча в понедельник."),
                              age=timedelta(hours=3))
    seed.translation(article_id, "en", "Putin to meet Tokayev",
                     paragraphs=("The president arrived.", "They meet on Monday."))
    seed.translation(article_id, "pl", "Putin spotka się z Tokajewem")
    return article_id


EN_PATH = "/en/news/{id}-putin-to-meet-tokayev"
RU_PATH = "/ru/news/{id}-putin-vstretitsya-s-tokaevym"
PL_PATH = "/pl/news/{id}-putin-spotka-sie-z-tokajewem"


def _links(html: str, rel: str) -> list[tuple[str, str]]:
    return re.findall(rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">', html)


def _meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html))


def _jsonld(html: str) -> dict[str, object]:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    data = json.loads(block)
    assert isinstance(data, dict)
    return data


def test_article_lists_every_language_version_and_x_default(client: Client, story: int) -> None:
    html = client.get(PL_PATH.format(id=story)).text
    assert _links(html, "alternate") == [
        ("ru", BASE + RU_PATH.format(id=story)), ("en", BASE + EN_PATH.format(id=story)),
        ("pl", BASE + PL_PATH.format(id=story)),
        ("x-default", BASE + EN_PATH.format(id=story)),  # the site's default language
    ]
    assert f'<link rel="canonical" href="{BASE}{PL_PATH.format(id=story)}">' in html


def test_x_default_is_the_original_when_the_default_language_is_missing(
        client: Client, seed: Seeder) -> None:
    article_id = seed.article("Только по-русски")
    seed.translation(article_id, "pl", "Tylko po rosyjsku")
    html = client.get(f"/pl/news/{article_id}-tylko-po-rosyjsku").text
    assert ("x-default", f"{BASE}/ru/news/{article_id}-tolko-po-russki") in _links(html,
                                                                                  "alternate")


def test_home_pages_have_alternates_and_x_default(client: Client) -> None:
    links = _links(client.get("/ru/").text, "alternate")
    assert ("uk", f"{BASE}/uk/") in links
    assert links[-1] == ("x-default", f"{BASE}/")


def test_article_opengraph_and_twitter_meta(client: Client, story: int) -> None:
    meta = _meta(client.get(EN_PATH.format(id=story)).text)
    assert meta == {
        "viewport": "width=device-width, initial-scale=1",
        "description": "The president arrived. They meet on Monday.",
        "og:type": "article", "og:title": "Putin to meet Tokayev",
        "og:description": "The president arrived. They meet on Monday.",
        "og:url": BASE + EN_PATH.format(id=story), "og:site_name": "Bbabo NET",
        "article:published_time": "2024-01-10T11:05:00Z",
        "article:modified_time": "2024-01-10T14:05:00Z", "article:section": "News",
        "twitter:card": "summary", "twitter:title": "Putin to meet Tokayev",
        "twitter:description": "The president arrived. They meet on Monday.",
    }


def test_long_descriptions_are_cut_at_a_word(client: Client, seed: Seeder) -> None:
    article_id = seed.article("Long", lang="en", paragraphs=("word " * 100,))
    description = _meta(client.get(f"/en/news/{article_id}-long").text)["description"]
    assert len(description) <= 200 and description.endswith("word…")


def test_home_opengraph_meta(client: Client) -> None:
    meta = _meta(client.get("/pl/").text)
    assert meta["og:type"] == "website"
    assert meta["og:title"] == "Najnowsze wiadomości"
    assert meta["og:url"] == f"{BASE}/pl/"


def test_translation_json_ld_names_its_original(client: Client, story: int) -> None:
    data = _jsonld(client.get(EN_PATH.format(id=story)).text)
    assert data == {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Putin to meet Tokayev",
        "description": "The president arrived. They meet on Monday.",
        "url": BASE + EN_PATH.format(id=story), "mainEntityOfPage": BASE + EN_PATH.format(id=story),
        "inLanguage": "en", "articleSection": "News",
        "datePublished": "2024-01-10T11:05:00Z", "dateModified": "2024-01-10T14:05:00Z",
        "author": {"@type": "Organization", "name": "Газета.Ru"},
        "publisher": {"@type": "Organization", "name": "Bbabo NET", "url": f"{BASE}/"},
        "isBasedOn": {"@type": "NewsArticle", "headline": "Путин встретится с Токаевым",
                      "inLanguage": "ru", "url": "https://www.gazeta.example/politics/1.shtml"},
    }


def test_original_json_ld_has_no_is_based_on(client: Client, story: int) -> None:
    data = _jsonld(client.get(RU_PATH.format(id=story)).text)
    assert data["inLanguage"] == "ru" and data["headline"] == "Путин встретится с Токаевым"
    assert data["datePublished"] == data["dateModified"] == "2024-01-10T11:05:00Z"
    assert "isBasedOn" not in data


def test_json_ld_headline_is_shortened(client: Client, seed: Seeder) -> None:
    article_id = seed.article("Headline " * 20, lang="en")
    page = client.get(f"/en/news/{article_id}").headers["location"]
    headline = _jsonld(client.get(page).text)["headline"]
    assert isinstance(headline, str) and len(headline) <= 110 and headline.endswith("…")


def test_robots_txt_points_to_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /api/" in lines
    assert lines[-1] == f"Sitemap: {BASE}/sitemap.xml"


def test_sitemap_index_lists_a_sitemap_per_language_and_the_news(
        client: Client, story: int, seed: Seeder) -> None:
    seed.article("Қазақстан", lang="kk")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    locations = [e.text for e in ET.fromstring(response.content).findall("s:sitemap/s:loc", NS)]
    assert locations == [f"{BASE}/sitemaps/{code}.xml"
                         for code in ("ar", "en", "kk", "pl", "ru", "uk")] + [
        f"{BASE}/sitemaps/news.xml"]


def test_language_sitemap_has_every_article_with_its_alternates(
        client: Client, story: int, seed: Seeder) -> None:
    seed.article("Only Russian", age=timedelta(days=30))
    response = client.get("/sitemaps/en.xml")
    assert response.status_code == 200
    urls = ET.fromstring(response.content).findall("s:url", NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        f"{BASE}/en/", BASE + EN_PATH.format(id=story)]
    article = urls[1]
    assert article.findtext("s:lastmod", namespaces=NS) == "2024-01-10T14:05:00Z"
    alternates = [(link.get("hreflang"), link.get("href"))
                  for link in article.findall("x:link", NS)]
    assert alternates == [
        ("ru", BASE + RU_PATH.format(id=story)), ("en", BASE + EN_PATH.format(id=story)),
        ("pl", BASE + PL_PATH.format(id=story)), ("x-default", BASE + EN_PATH.format(id=story)),
    ]
    home_alternates = [link.get("hreflang") for link in urls[0].findall("x:link", NS)]
    assert home_alternates == ["en", "pl", "ru", "uk", "ar", "x-default"]


def test_language_sitemaps_are_paged(client: Client, seed: Seeder,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crawlers, "SITEMAP_SIZE", 2)
    ids = [seed.article(f"Story {n}", lang="pl") for n in range(3)]
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [e.text for e in index.findall("s:sitemap/s:loc", NS)]
    assert f"{BASE}/sitemaps/pl.xml" in locations and f"{BASE}/sitemaps/pl/2.xml" in locations
    assert f"{BASE}/sitemaps/pl/3.xml" not in locations
    second = ET.fromstring(client.get("/sitemaps/pl/2.xml").content)
    assert [u.findtext("s:loc", namespaces=NS) for u in second.findall("s:url", NS)] == [
        f"{BASE}/pl/news/{ids[2]}-story-2"]
    assert client.get("/sitemaps/pl/3.xml").status_code == 404
    moved = client.get("/sitemaps/pl.xml?page=2")  # the address sitemap pages had before
    assert moved.status_code == 301 and moved.headers["location"] == "/sitemaps/pl/2.xml"


@pytest.mark.parametrize("path", ["/sitemaps/xx.xml", "/sitemaps/en.xml?page=0",
                                  "/sitemaps/EN.xml", "/sitemaps/en/2.xml",
                                  "/sitemaps/en/0.xml", "/sitemaps/en/x.xml"])
def test_unknown_sitemaps_are_404(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_news_sitemap_holds_the_last_48_hours_in_every_language(
        client: Client, story: int, seed: Seeder) -> None:
    fresh = seed.article("Fresh & new", lang="en", age=timedelta(hours=47))
    seed.article("Stale", lang="en", age=timedelta(hours=49))
    response = client.get("/sitemaps/news.xml")
    assert response.status_code == 200
    urls = ET.fromstring(response.content).findall("s:url", NS)
    found = [(u.findtext("s:loc", namespaces=NS),
              u.findtext("n:news/n:publication/n:language", namespaces=NS),
              u.findtext("n:news/n:title", namespaces=NS),
              u.findtext("n:news/n:publication_date", namespaces=NS)) for u in urls]
    assert found == [
        (BASE + RU_PATH.format(id=story), "ru", "Путин встретится с Токаевым",
         "2024-01-10T11:05:00Z"),
        (BASE + EN_PATH.format(id=story), "en", "Putin to meet Tokayev", "2024-01-10T11:05:00Z"),
        (BASE + PL_PATH.format(id=story), "pl", "Putin spotka się z Tokajewem",
         "2024-01-10T11:05:00Z"),
        (f"{BASE}/en/news/{fresh}-fresh-new", "en", "Fresh & new", "2024-01-08T15:05:00Z"),
    ]
    assert {u.findtext("n:news/n:publication/n:name", namespaces=NS) for u in urls} == {
        "Bbabo NET"}
