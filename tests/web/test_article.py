"""The article page: content, slugs and redirects, languages, and its 404s."""

from __future__ import annotations

import re

import pytest
from harness import Client, Seeder

from bbabo.model import QAFlag

RU_TITLE = "Путин встретится с Токаевым"
RU_PARAGRAPHS = ("Президент Казахстана прибыл в Москву.", "Встреча назначена на 10 января.")
EN_PARAGRAPHS = ("The president of Kazakhstan arrived in Moscow.", "They meet on 10 January.")


@pytest.fixture
def story(seed: Seeder) -> int:
    article_id = seed.article(RU_TITLE, paragraphs=RU_PARAGRAPHS, source="Газета.Ru",
                              url="https://www.gazeta.example/politics/1.shtml")
    seed.translation(article_id, "en", "Putin to meet Tokayev", paragraphs=EN_PARAGRAPHS)
    seed.translation(article_id, "pl", "Ujawnia się cel podróży Tokajewa do Putina",
                     paragraphs=("Z dwudniową wizytą do Rosji przyjechał Tokajew.",))
    return article_id


def test_translated_article_page(client: Client, story: int) -> None:
    response = client.get(f"/en/news/{story}-putin-to-meet-tokayev")
    assert response.status_code == 200
    html = response.text
    assert '<a class="site-name" href="/en/">Bbabo NET</a>' in html
    assert '<a class="section" href="/en/news/">News</a>' in html
    assert "<h1>Putin to meet Tokayev</h1>" in html
    assert "<title>Putin to meet Tokayev · Bbabo NET</title>" in html
    for paragraph in EN_PARAGRAPHS:
        assert f"<p>{paragraph}</p>" in html
    assert RU_PARAGRAPHS[0] not in html
    assert '<time datetime="2024-01-10T14:05:00Z">January 10, 2024, 2:05\u202fPM UTC</time>' in html
    # The outlet's page on this site, and in the notice the original article and its text here.
    assert '<a class="outlet" href="/en/source/1">Газета.Ru</a>' in html
    notice = _notice(html)
    assert '<p class="translated">Translated by machine from Russian.</p>' in notice
    assert ('<a class="source" href="https://www.gazeta.example/politics/1.shtml" '
            'rel="nofollow noopener noreferrer">Газета.Ru</a>') in notice
    assert (f'<a href="/ru/news/{story}-putin-vstretitsya-s-tokaevym" hreflang="ru">'
            "Original text on this site</a>") in notice
    assert 'class="qa-warning"' not in html and "noindex" not in html


def _notice(html: str) -> str:
    found = re.search(r'<aside class="notice" role="note">.*?</aside>', html, re.DOTALL)
    assert found is not None
    return found.group(0)


def test_original_article_page_has_no_machine_translation_notice(
        client: Client, story: int) -> None:
    response = client.get(f"/ru/news/{story}-putin-vstretitsya-s-tokaevym")
    assert response.status_code == 200
    html = response.text
    assert f"<h1>{RU_TITLE}</h1>" in html
    assert f"<p>{RU_PARAGRAPHS[1]}</p>" in html
    assert 'class="notice"' not in html
    assert '<a class="section" href="/ru/news/">Новости</a>' in html
    assert "10 января 2024\u202fг., 14:05 UTC" in html
    assert ('<p class="meta original">Оригинал статьи: <a class="source" '
            'href="https://www.gazeta.example/politics/1.shtml"') in html


@pytest.mark.parametrize(("lang", "ref", "notice"), [
    ("pl", "ujawnia-sie-cel-podrozy-tokajewa-do-putina",
     "Przetłumaczono maszynowo z języka: rosyjski."),
    ("en", "putin-to-meet-tokayev", "Translated by machine from Russian."),
])
def test_notice_is_in_the_page_language(client: Client, story: int, lang: str, ref: str,
                                        notice: str) -> None:
    html = client.get(f"/{lang}/news/{story}-{ref}").text
    assert f'<p class="translated">{notice}</p>' in _notice(html)
    assert f'<html lang="{lang}" dir="ltr">' in html


def test_a_translation_with_uncleared_qa_flags_is_noindex_and_says_so(
        client: Client, seed: Seeder) -> None:
    article_id = seed.article("Кот спас пожарного", paragraphs=("Кот спас пожарного.",))
    seed.translation(article_id, "en", "Cat saves firefighter",
                     qa=(QAFlag(check="numbers", paragraph=0, detail="10 became 100"),))
    seed.translation(article_id, "pl", "Kot uratował strażaka")
    flagged = client.get(f"/en/news/{article_id}-cat-saves-firefighter").text
    assert '<meta name="robots" content="noindex">' in flagged
    assert ('<p class="qa-warning">Automatic checks found possible errors in this translation: '
            "it may not say what the original says.</p>") in _notice(flagged)
    clean = client.get(f"/pl/news/{article_id}-kot-uratowal-strazaka").text
    assert "noindex" not in clean and "qa-warning" not in clean
    original = client.get(f"/ru/news/{article_id}-kot-spas-pozharnogo").text
    assert "noindex" not in original


def test_language_switcher_lists_the_languages_the_article_exists_in(
        client: Client, story: int) -> None:
    html = client.get(f"/en/news/{story}-putin-to-meet-tokayev").text
    switcher = re.search(r'<nav class="langs".*?</nav>', html, re.DOTALL)
    assert switcher is not None
    links = re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"', switcher.group(0))
    assert links == [
        (f"/ru/news/{story}-putin-vstretitsya-s-tokaevym", "ru"),
        (f"/en/news/{story}-putin-to-meet-tokayev", "en"),
        (f"/pl/news/{story}-ujawnia-sie-cel-podrozy-tokajewa-do-putina", "pl"),
    ]
    assert 'aria-current="page">English</a>' in switcher.group(0)
    assert (f'<link rel="canonical" href="http://testserver/en/news/{story}-putin-to-meet-tokayev">'
            in html)


@pytest.mark.parametrize("ref", ["{id}", "{id}-", "{id}-old-title", "{id}-Putin-To-Meet-Tokayev",
                                 "{id}-путин"])
def test_wrong_or_missing_slug_redirects_permanently(client: Client, story: int, ref: str) -> None:
    response = client.get(f"/en/news/{ref.format(id=story)}")
    assert response.status_code == 301
    assert response.headers["location"] == f"/en/news/{story}-putin-to-meet-tokayev"


def test_wrong_section_redirects_permanently(client: Client, story: int) -> None:
    response = client.get(f"/ru/sport/{story}-putin-vstretitsya-s-tokaevym")
    assert response.status_code == 301
    assert response.headers["location"] == f"/ru/news/{story}-putin-vstretitsya-s-tokaevym"


@pytest.mark.parametrize("path", ["/en/news/999-nothing", "/en/news/abc",
                                  "/en/news/1234567890123456789012345-x", "/en/news/-1"])
def test_unknown_article_is_a_404_page(client: Client, story: int, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_article_not_in_that_language_is_a_404_linking_to_its_languages(
        client: Client, story: int) -> None:
    response = client.get(f"/uk/news/{story}-whatever")
    assert response.status_code == 404
    html = response.text
    assert '<html lang="uk" dir="ltr">' in html
    assert "Цю статтю не опубліковано мовою: українська. Читайте її:" in html
    assert f'<a href="/ru/news/{story}-putin-vstretitsya-s-tokaevym" hreflang="ru"' in html
    assert f'<a href="/en/news/{story}-putin-to-meet-tokayev" hreflang="en"' in html


def test_unknown_language_code_on_an_article_is_a_404(client: Client, story: int) -> None:
    response = client.get(f"/xx/news/{story}-x")
    assert response.status_code == 404
    assert '<html lang="en" dir="ltr">' in response.text


def test_cyrillic_title_gives_an_ascii_slug_in_its_own_romanisation(
        client: Client, seed: Seeder) -> None:
    article_id = seed.article("Гривня зміцнилася щодо євро", lang="uk")
    html = client.get("/uk/").text
    assert f'href="/uk/news/{article_id}-hryvnya-zmitsnylasya-shchodo-yevro"' in html
    assert client.get(f"/uk/news/{article_id}-hryvnya-zmitsnylasya-shchodo-yevro").status_code \
        == 200


def test_title_without_a_latin_form_uses_the_id_alone(client: Client, seed: Seeder) -> None:
    article_id = seed.article("العنوان", lang="ar")
    assert client.get(f"/ar/news/{article_id}").status_code == 200
    redirect = client.get(f"/ar/news/{article_id}-anything")
    assert redirect.headers["location"] == f"/ar/news/{article_id}"


def test_rtl_languages_are_marked(client: Client, seed: Seeder) -> None:
    article_id = seed.article("العنوان", lang="ar")
    html = client.get(f"/ar/news/{article_id}").text
    assert '<html lang="ar" dir="rtl">' in html
    assert '<html lang="ar" dir="rtl">' in client.get("/ar/").text


def test_everything_from_the_web_is_escaped(client: Client, seed: Seeder) -> None:
    article_id = seed.article("<script>alert(1)</script>", lang="en",
                              paragraphs=('<img src=x onerror="alert(2)">',),
                              source='Evil "Source" <b>', url="https://evil.example/a?x=1&y=2")
    html = client.get(f"/en/news/{article_id}-script-alert-1-script").text
    assert "<script>" not in html
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html
    assert "Evil &#34;Source&#34; &lt;b&gt;" in html
    assert 'href="https://evil.example/a?x=1&amp;y=2"' in html
    assert "<script>" not in client.get("/en/").text


def test_a_non_web_source_url_is_not_linked(client: Client, seed: Seeder) -> None:
    article_id = seed.article("Odd link", lang="en", url="javascript:alert(1)")
    html = client.get(f"/en/news/{article_id}-odd-link").text
    assert "javascript:" not in html
    assert '<a class="outlet" href="/en/source/1">Lenta Example</a>' in html
    assert 'class="source"' not in html  # no link to an original it cannot point to
