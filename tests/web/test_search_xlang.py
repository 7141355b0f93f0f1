"""Cross-lingual search on the site and in the API: a Polish query finds the Russian and German
reports of one story (by their vectors, made here by a tiny concept embedder), shown grouped,
each with its language and outlet, and the API's answer is what its OpenAPI document says."""

from __future__ import annotations

import re
from datetime import timedelta

import jsonschema_rs
import pytest
from harness import NOW, Client, Seeder
from starlette.applications import Starlette

from bbabo.config import Settings
from bbabo.store import Membership, Store, StoryRecord
from bbabo.web.app import create_app
from bbabo.web.openapi import openapi_document
from concepts import ConceptEmbedder


@pytest.fixture
def embedder() -> ConceptEmbedder:
    return ConceptEmbedder()


@pytest.fixture
def app(settings: Settings, store: Store, embedder: ConceptEmbedder) -> Starlette:
    return create_app(settings, store, clock=lambda: NOW, data_check_every=0.0,
                      embedder=lambda: embedder)


@pytest.fixture
def story(store: Store, seed: Seeder, embedder: ConceptEmbedder) -> tuple[int, int, int]:
    ru = seed.article("Пожар на нефтебазе", paragraphs=("Горит резервуар.",),
                      source="Lenta Example", age=timedelta(hours=2))
    de = seed.article("Brand in der Raffinerie", lang="de", paragraphs=("Es brennt.",),
                      source="Tagesschau Example", age=timedelta(hours=1))
    seed.article("Выставка в музее", paragraphs=("Открыта.",))
    vectors = embedder.embed(["Пожар на нефтебазе", "Brand in der Raffinerie"])
    store.vectors.save(zip((ru, de), vectors, strict=True), model=embedder.model_id, now=NOW)
    story_id = store.stories.open(first_seen_at=NOW, now=NOW)
    store.stories.record(
        [Membership(article_id=a, story_id=story_id, score=None) for a in (ru, de)],
        [StoryRecord(id=story_id, representative_id=ru, article_count=2,
                     languages=("de", "ru"), first_seen_at=NOW, last_seen_at=NOW)],
        [], now=NOW)
    return story_id, ru, de


def test_a_polish_query_finds_the_story_in_other_languages(
        client: Client, story: tuple[int, int, int]) -> None:
    _, ru, de = story
    html = client.get("/pl/search", params={"q": "pożar rafinerii"}).text
    [card] = re.findall(r'<li class="card story-result">(.*?)</li>', html, re.S)
    assert '<p class="story-title" lang="ru">Пожар на нефтебазе</p>' in card
    # Equally near the query (no words of it in Polish): in either order.
    assert sorted(re.findall(r'<h2 lang="(\w+)" dir="ltr"><a href="([^"]+)">', card)) == [
        ("de", f"/de/news/{de}-brand-in-der-raffinerie"),
        ("ru", f"/ru/news/{ru}-pozhar-na-neftebaze")]
    assert '<span class="report-lang">Русский</span>' in card
    assert '<span class="report-lang">Deutsch</span>' in card
    assert '<p class="source">Lenta Example</p>' in card
    assert '<p class="source">Tagesschau Example</p>' in card
    assert "Выставка" not in html
    for href in re.findall(r'<h2[^>]*><a href="([^"]+)">', card):
        assert client.get(href).status_code == 200


def test_words_in_the_readers_language_are_marked(client: Client,
                                                  story: tuple[int, int, int]) -> None:
    _, ru, _ = story
    html = client.get("/ru/search", params={"q": "пожар нефтебаз"}).text
    assert (f'<h2><a href="/ru/news/{ru}-pozhar-na-neftebaze"><mark>Пожар</mark> на '
            '<mark>нефтебазе</mark></a></h2>') in html
    # The German report came by meaning: the story shows it next to the Russian one.
    assert '<h2 lang="de" dir="ltr">' in html


def test_search_api_groups_by_story(client: Client, story: tuple[int, int, int]) -> None:
    story_id, ru, de = story
    response = client.get("/api/v1/search", params={"q": "pożar rafinerii", "lang": "pl"})
    assert response.status_code == 200
    body = response.json()
    assert body["by_meaning"] is True and body["next_page"] is None
    [group] = body["groups"]
    assert group["story"]["id"] == story_id and group["story"]["title"] == "Пожар на нефтебазе"
    assert group["story"]["languages"] == ["de", "ru"] and group["more_reports"] == 0
    results = {r["id"]: r for r in group["results"]}
    assert set(results) == {ru, de} and body["results"] == group["results"]
    assert results[ru]["lang"] == "ru" and results[de]["lang"] == "de"
    assert results[de]["source"]["name"] == "Tagesschau Example"
    assert all(r["matched_by"] == ["meaning"] and r["story_id"] == story_id
               for r in results.values())
    assert results[ru]["similarity"] == pytest.approx(1.0)
    document = openapi_document("http://testserver/api/v1")
    jsonschema_rs.Draft202012Validator({"$ref": "#/components/schemas/SearchResults",
                                        "components": document["components"]}).validate(body)
    words = client.get("/api/v1/search", params={"q": "пожар нефтебаз", "lang": "ru"}).json()
    assert words["groups"][0]["results"][0]["matched_by"] == ["words", "meaning"]
