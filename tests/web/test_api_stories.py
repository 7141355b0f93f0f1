"""``/api/v1/stories`` and ``/api/v1/stories/{id}``: stories newest first, paged by cursor,
titled in the language asked for; one story with every report, linked in that language where
it can be read in it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from harness import Client, Seeder


@pytest.fixture
def stories(seed: Seeder) -> dict[str, int]:
    ids = {
        "quake_en": seed.article("Quake hits Turkey", lang="en", age=timedelta(hours=5),
                                 paragraphs=("A quake struck. Three died.",)),
        "quake_ru": seed.article("Землетрясение в Турции", age=timedelta(hours=4),
                                 paragraphs=("Произошло землетрясение. Погибли трое.",)),
        "vote_pl": seed.article("Sejm przyjął budżet", lang="pl", age=timedelta(hours=1),
                                paragraphs=("Sejm przyjął budżet. Głosowanie trwało.",)),
        "vote_uk": seed.article("Польський Сейм ухвалив бюджет", lang="uk",
                                paragraphs=("Сейм ухвалив бюджет.",)),
    }
    seed.translation(ids["quake_ru"], "en", "Earthquake in Turkey",
                     paragraphs=("An earthquake struck.",))
    ids["quake"] = seed.story([ids["quake_en"], ids["quake_ru"]])
    ids["vote"] = seed.story([ids["vote_pl"], ids["vote_uk"]])
    return ids


def test_stories_newest_first_titled_in_the_language_asked_for(
        client: Client, stories: dict[str, int]) -> None:
    body = client.get("/api/v1/stories?lang=ru").json()
    assert body["lang"] == "ru" and body["next"] is None
    # Only stories readable in Russian: the vote has no Russian version.
    [quake] = body["stories"]
    assert quake == {
        "id": stories["quake"], "lang": "ru", "title": "Землетрясение в Турции",
        "title_lang": "ru", "lead": "Произошло землетрясение.", "reports": 2,
        "languages": ["en", "ru"], "first_seen_at": "2024-01-10T09:05:00Z",
        "last_seen_at": "2024-01-10T10:05:00Z",
        "url": f"http://testserver/ru/story/{stories['quake']}-zemletryasenie-v-turtsii",
        "api_url": f"http://testserver/api/v1/stories/{stories['quake']}",
    }


def test_without_a_language_every_story_in_the_default_language(
        client: Client, stories: dict[str, int]) -> None:
    body = client.get("/api/v1/stories").json()
    assert body["lang"] == "en"
    assert [s["id"] for s in body["stories"]] == [stories["vote"], stories["quake"]]
    # The vote has no English version: its title is an original, and says so.
    assert body["stories"][0]["title_lang"] == "pl"


def test_stories_are_paged_by_cursor(client: Client, stories: dict[str, int]) -> None:
    first = client.get("/api/v1/stories?limit=1").json()
    assert [s["id"] for s in first["stories"]] == [stories["vote"]]
    second = client.get(f"/api/v1/stories?limit=1&cursor={first['next']}").json()
    assert [s["id"] for s in second["stories"]] == [stories["quake"]]
    assert second["next"] is None


def test_one_story_with_every_report(client: Client, stories: dict[str, int]) -> None:
    body = client.get(f"/api/v1/stories/{stories['quake']}?lang=en").json()
    assert body["title"] == "Quake hits Turkey" and body["reports"] == 2
    assert [(a["id"], a["lang"], a["title"], a["original_language"])
            for a in body["articles"]] == [
        (stories["quake_en"], "en", "Quake hits Turkey", "en"),
        (stories["quake_ru"], "en", "Earthquake in Turkey", "ru"),
    ]
    assert body["articles"][1]["url"] == (
        f"http://testserver/en/news/{stories['quake_ru']}-earthquake-in-turkey")
    assert body["articles"][1]["languages"] == ["en", "ru"]
    assert body["articles"][1]["api_url"] == (
        f"http://testserver/api/v1/articles/{stories['quake_ru']}")


def test_a_merged_story_answers_with_the_one_it_went_into(
        client: Client, seed: Seeder, stories: dict[str, int]) -> None:
    seed.merge(stories["vote"], into=stories["quake"])
    body = client.get(f"/api/v1/stories/{stories['vote']}").json()
    assert body["id"] == stories["quake"] and body["reports"] == 4


@pytest.mark.parametrize(("path", "status", "error"), [
    ("/api/v1/stories/999", 404, "no story with id 999"),
    ("/api/v1/stories/x1", 404, "no story with id 'x1'"),
    ("/api/v1/stories?lang=english", 400, "lang: unknown language code 'english'"),
    ("/api/v1/stories?cursor=e30", 400, "cursor: not a cursor this API gave out"),
])
def test_errors_are_one_sentence(client: Client, stories: dict[str, int], path: str,
                                 status: int, error: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.json() == {"error": error}
