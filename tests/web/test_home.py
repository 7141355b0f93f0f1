"""``/`` and ``/{lang}/``: the newest articles readable in a language."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from harness import NOW, Client, Seeder

from bbabo.config import Settings
from bbabo.model import ExtractedArticle, LanguageGuess
from bbabo.store import Store
from bbabo.web.app import create_app
from bbabo.web.routes.home import PAGE_SIZE


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]*)</a></h2>', html)


def test_root_redirects_to_the_default_language(client: Client) -> None:
    response = client.get("/")
    assert response.status_code in {302, 307}
    assert response.headers["location"] == "/en/"


def test_lists_originals_and_translations_in_that_language(client: Client, seed: Seeder) -> None:
    ru = seed.article("Путин встретится с Токаевым", age=timedelta(hours=2))
    seed.translation(ru, "en", "Putin to meet Tokayev")
    seed.article("Storm hits the coast", lang="en", source="Coast News", url="https://c.example/1")
    seed.article("Только по-русски", age=timedelta(hours=1))

    en = client.get("/en/")
    assert en.status_code == 200
    assert _titles(en.text) == ["Storm hits the coast", "Putin to meet Tokayev"]
    assert f'href="/en/news/{ru}-putin-to-meet-tokayev"' in en.text
    assert "Coast News" in en.text and "Lenta Example" in en.text
    assert ('<time datetime="2024-01-10T12:05:00Z">January 10, 2024, 12:05\u202fPM UTC</time>'
            in en.text)

    ru_page = client.get("/ru/")
    assert _titles(ru_page.text) == ["Только по-русски", "Путин встретится с Токаевым"]
    assert f'href="/ru/news/{ru}-putin-vstretitsya-s-tokaevym"' in ru_page.text
    assert "Новости" in ru_page.text  # the section, named in the page's language


def test_empty_language_page_still_renders(client: Client) -> None:
    response = client.get("/pl/")
    assert response.status_code == 200
    assert "Nie ma jeszcze artykułów." in response.text


def test_a_language_outside_the_targets_has_a_page_once_it_has_articles(
        client: Client, seed: Seeder) -> None:
    assert client.get("/kk/").status_code == 404
    seed.article("Қазақстан жаңалықтары", lang="kk")
    response = client.get("/kk/")
    assert response.status_code == 200
    assert "Қазақстан жаңалықтары" in response.text
    assert 'hreflang="kk"' in response.text  # the switcher includes the page's own language


@pytest.mark.parametrize("path", ["/xx/", "/EN/", "/en-GB/", "/static-not/", "/favicon.ico"])
def test_unknown_languages_are_404_pages(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Page not found" in response.text
    assert '<html lang="en" dir="ltr">' in response.text


def test_language_switcher_spans_the_target_languages(client: Client) -> None:
    html = client.get("/pl/").text
    for code in ("en", "pl", "ru", "uk", "ar"):
        assert f'<a href="/{code}/" hreflang="{code}"' in html
    assert 'aria-current="page">Polski</a>' in html
    assert '<link rel="alternate" hreflang="ru" href="http://testserver/ru/">' in html


def test_pages_through_older_articles(client: Client, seed: Seeder) -> None:
    for n in range(PAGE_SIZE + 3):
        seed.article(f"Новость {n}", age=timedelta(minutes=n))

    first = client.get("/ru/")
    assert len(_titles(first.text)) == PAGE_SIZE
    assert _titles(first.text)[0] == "Новость 0"
    assert 'rel="next" href="/ru/page/2/"' in first.text
    assert 'rel="prev"' not in first.text

    second = client.get("/ru/page/2/")
    assert _titles(second.text) == [f"Новость {n}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    assert 'rel="prev" href="/ru/"' in second.text
    assert 'rel="next"' not in second.text
    assert "<title>Последние новости · Страница 2 · Bbabo NET</title>" in second.text
    assert '<link rel="canonical" href="http://testserver/ru/page/2/">' in second.text

    assert client.get("/ru/page/3/").status_code == 404


def test_old_page_links_redirect_to_page_folders(client: Client) -> None:
    response = client.get("/ru/?page=2")
    assert response.status_code == 301 and response.headers["location"] == "/ru/page/2/"
    assert client.get("/ru/?page=x").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "٣", "9999999"])
def test_bad_page_numbers_are_404(client: Client, page: str) -> None:
    assert client.get(f"/en/page/{page}/").status_code == 404
    assert client.get(f"/en/?page={page}").status_code == 404


def test_sections_have_blocks_on_the_home_page(client: Client, seed: Seeder) -> None:
    news = seed.article("Storm hits the coast", lang="en", age=timedelta(hours=1))
    sport = seed.article("Cup final tonight", lang="en", section="sport")
    html = client.get("/en/").text
    assert _titles(html) == ["Cup final tonight", "Storm hits the coast"]
    blocks = re.findall(r'<section class="block">(.*?)</section>', html, re.DOTALL)
    assert len(blocks) == 2
    assert '<h2 class="block-title"><a href="/en/news/">News</a></h2>' in blocks[0]
    assert f'<a href="/en/news/{news}-storm-hits-the-coast">Storm hits the coast</a>' in blocks[0]
    assert '<h2 class="block-title"><a href="/en/sport/">Sport</a></h2>' in blocks[1]
    assert f'href="/en/sport/{sport}-cup-final-tonight"' in blocks[1]
    # The menu names every section, in the page's language.
    nav = re.search(r'<nav class="sections".*?</nav>', client.get("/pl/").text, re.DOTALL)
    assert nav is not None
    assert '<a href="/pl/news/">Wiadomości</a>' in nav.group(0)


def test_one_section_needs_no_block(client: Client, seed: Seeder) -> None:
    seed.article("Storm hits the coast", lang="en")
    assert '<section class="block">' not in client.get("/en/").text


def test_home_page_json_twin(client: Client, seed: Seeder) -> None:
    article_id = seed.article("Storm hits the coast", lang="en")
    seed.article("Cup final tonight", lang="en", section="sport", age=timedelta(hours=1))
    response = client.get("/en/index.json")
    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == "en" and body["heading"] == "Latest news"
    assert body["url"] == "http://testserver/en/"
    assert {"lang": "pl", "url": "http://testserver/pl/"} in body["alternates"]
    first = body["cards"][0]
    assert first["href"] == f"/en/news/{article_id}-storm-hits-the-coast"
    assert first["title"] == "Storm hits the coast" and first["section"] == "News"
    assert first["published"]["iso"] == "2024-01-10T14:05:00Z"
    assert [block["name"] for block in body["blocks"]] == ["News", "Sport"]
    assert body["pager"] == {"page": 1, "newer_href": None, "older_href": None}
    assert client.get("/xx/index.json").json() == {"error": "Not Found"}


def test_a_language_without_its_slash_is_redirected(client: Client) -> None:
    response = client.get("/pl")
    assert response.status_code == 301
    assert response.headers["location"] == "/pl/"


def _notice(html: str) -> str:
    found = re.search(r'<div class="notice waiting">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def test_an_empty_language_says_how_many_articles_wait_for_it(client: Client,
                                                               seed: Seeder) -> None:
    for n in range(3):
        seed.article(f"Новость {n}")
    seed.article("Only in English", lang="en", url="https://c.example/1")
    page = client.get("/pl/")
    assert "Artykuły czekające na tłumaczenie na ten język: 4." in _notice(page.text)
    assert client.get("/pl/index.json").json()["waiting"]["count"] == 4
    # A site of its own sources, once articles show: the backlog is not the reader's business.
    seed.translation(seed.article("Ещё одна"), "pl", "Jeszcze jedna")
    assert _notice(client.get("/pl/").text) == ""
    assert client.get("/pl/index.json").json()["waiting"] is None


def _save(store: Store, source_id: int, url: str, title: str, lang: str) -> int:
    return store.articles.save(
        ExtractedArticle(url=url, canonical_url=url, title=title, paragraphs=("Текст.",),
                         published_at=NOW),
        language=LanguageGuess(lang=lang, confidence=0.99, method="test"),
        source_id=source_id, section="news", urls=[url], now=NOW).article_id


def test_on_a_first_run_the_operator_is_told_which_models_are_missing(
        settings: Settings, store: Store, seed: Seeder) -> None:
    demo = f"http://127.0.0.1:{settings.demo_port}"
    source = store.sources.add(url=f"{demo}/lenta/rss.xml", name="Lenta (demo)", now=NOW)
    for n in range(2):
        _save(store, source.id, f"{demo}/lenta/{n}", f"Новость {n}", "ru")
    es = _save(store, source.id, f"{demo}/el-pais/1", "Noticia", "es")
    seed.translation(es, "pl", "Wiadomość", source_lang="es")
    # Spanish reaches Polish (it was translated), Russian does not.
    app = create_app(settings, store, clock=lambda: NOW, data_check_every=0.0,
                     can_translate=lambda src, tgt: (src, tgt) != ("ru", "pl"))
    notice = _notice(Client(app).get("/pl/").text)
    assert "Artykuły czekające na tłumaczenie na ten język: 2." in notice
    assert "w językach: rosyjski." in notice
    assert "<code>bbabo models install --missing</code>" in notice
    # A first run is one on the demo (or no source) only: a site of its own says nothing.
    store.sources.add(url="https://news.example/rss", now=NOW)
    assert _notice(Client(app).get("/pl/").text) == ""


def test_without_a_translator_nothing_is_claimed_about_models(client: Client,
                                                              seed: Seeder) -> None:
    seed.article("Новость")
    page = client.get("/uk/").text  # the site alone (`bbabo serve`) cannot know
    assert "1." in _notice(page) and "bbabo models install" not in page
