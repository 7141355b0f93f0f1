"""The JSON API: listings with filters and cursors, one article in every language, the
catalogues, errors as JSON, CORS, and an OpenAPI document that matches the routes."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from harness import Client, Seeder
from starlette.applications import Starlette
from starlette.routing import Route

from bbabo.store import Store

BASE = "http://testserver"


@pytest.fixture
def story(seed: Seeder) -> int:
    article_id = seed.article("Путин встретится с Токаевым", source="Газета.Ru",
                              url="https://www.gazeta.example/1.shtml",
                              paragraphs=("Президент прибыл.",), age=timedelta(hours=3))
    seed.translation(article_id, "en", "Putin to meet Tokayev",
                     paragraphs=("The president arrived.",))
    seed.article("Storm hits the coast", lang="en", source="Coast News", age=timedelta(hours=2))
    seed.article("Cup final tonight", lang="en", section="sport", source="Coast News",
                 age=timedelta(hours=1))
    return article_id


def _cursor_of(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _titles(response_json: dict[str, list[dict[str, object]]]) -> list[object]:
    return [item["title"] for item in response_json["articles"]]


def test_articles_newest_first_in_their_original_language(client: Client, story: int) -> None:
    response = client.get("/api/v1/articles")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert _titles(body) == ["Cup final tonight", "Storm hits the coast",
                             "Путин встретится с Токаевым"]
    assert body["next"] is None
    assert body["articles"][2] == {
        "id": story, "lang": "ru", "title": "Путин встретится с Токаевым",
        "url": f"{BASE}/ru/news/{story}-putin-vstretitsya-s-tokaevym",
        "original_language": "ru", "languages": ["ru", "en"], "section": "news",
        "source": {"id": 1, "name": "Газета.Ru", "url": "https://www.gazeta.example/1.shtml"},
        "published_at": "2024-01-10T11:05:00Z", "updated_at": "2024-01-10T11:05:00Z",
        "api_url": f"{BASE}/api/v1/articles/{story}",
    }


def test_articles_in_a_language_show_that_language(client: Client, story: int) -> None:
    body = client.get("/api/v1/articles?lang=en").json()
    assert _titles(body) == ["Cup final tonight", "Storm hits the coast", "Putin to meet Tokayev"]
    translated = body["articles"][2]
    assert translated["lang"] == "en" and translated["original_language"] == "ru"
    assert translated["url"] == f"{BASE}/en/news/{story}-putin-to-meet-tokayev"
    assert translated["updated_at"] == "2024-01-10T14:05:00Z"
    assert _titles(client.get("/api/v1/articles?lang=ru").json()) == [
        "Путин встретится с Токаевым"]
    assert _titles(client.get("/api/v1/articles?lang=pl").json()) == []


def test_articles_by_section_source_and_time(client: Client, story: int, seed: Seeder) -> None:
    assert _titles(client.get("/api/v1/articles?section=sport").json()) == ["Cup final tonight"]
    coast = seed.source("Coast News").id
    assert _titles(client.get(f"/api/v1/articles?source={coast}").json()) == [
        "Cup final tonight", "Storm hits the coast"]
    since = "2024-01-10T12:05:00Z"
    assert _titles(client.get("/api/v1/articles", params={"since": since}).json()) == [
        "Cup final tonight", "Storm hits the coast"]
    # Without an offset the time is UTC; a date alone is its midnight.
    assert len(client.get("/api/v1/articles?since=2024-01-10T12:05:00").json()["articles"]) == 2
    assert len(client.get("/api/v1/articles?since=2024-01-11").json()["articles"]) == 0
    both = client.get(f"/api/v1/articles?source={coast}&section=news&lang=en").json()
    assert _titles(both) == ["Storm hits the coast"]


def test_cursor_walks_every_article_once(client: Client, seed: Seeder) -> None:
    # Equal publication times too, where only the id orders them.
    ids = [seed.article(f"Item {n}", lang="en", age=timedelta(minutes=n // 2)) for n in range(7)]
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/v1/articles", params=params).json()
        seen += [item["id"] for item in body["articles"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == [ids[1], ids[0], ids[3], ids[2], ids[5], ids[4], ids[6]]


def test_a_cursor_page_does_not_shift_when_articles_arrive(client: Client, seed: Seeder) -> None:
    for n in range(4):
        seed.article(f"Old {n}", lang="en", age=timedelta(hours=n + 1))
    first = client.get("/api/v1/articles?limit=2").json()
    seed.article("Breaking", lang="en")
    second = client.get("/api/v1/articles", params={"limit": "2", "cursor": first["next"]})
    assert _titles(second.json()) == ["Old 2", "Old 3"]


@pytest.mark.parametrize(("query", "message"), [
    ("lang=xx", "lang: unknown language code 'xx'"),
    ("lang=EN", "lang: use the code 'en'"),
    ("source=abc", "source: expected a positive integer id"),
    ("source=0", "source: expected a positive integer id"),
    ("limit=0", "limit: expected an integer from 1 to 100"),
    ("limit=101", "limit: expected an integer from 1 to 100"),
    ("since=yesterday", "since: expected an ISO 8601 date or time, such as 2024-01-10T14:05:00Z"),
    ("cursor=nonsense", "cursor: not a cursor this API gave out"),
    ("cursor=WyIyMDI0LTAxLTEwVDE0OjA1OjAwWiIsIDk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5XQ",
     "cursor: not a cursor this API gave out"),  # a forged, overflowing id
    # Forged times at the ends of the calendar, out of range once in UTC (were a 500).
    ("cursor=" + _cursor_of(["0001-01-01T00:00:00+01:00", 5]),
     "cursor: not a cursor this API gave out"),
    ("cursor=" + _cursor_of(["9999-12-31T23:59:59-14:00", 5]),
     "cursor: not a cursor this API gave out"),
    ("cursor=" + _cursor_of([["2024-01-10T14:05:00Z"], 5]),
     "cursor: not a cursor this API gave out"),
    ("section=" + "x" * 201, "section: longer than 200 characters"),
])
def test_bad_parameters_are_400_with_a_json_reason(client: Client, query: str,
                                                   message: str) -> None:
    response = client.get(f"/api/v1/articles?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": message}


def test_one_article_with_every_language_version(client: Client, story: int) -> None:
    response = client.get(f"/api/v1/articles/{story}")
    assert response.status_code == 200
    assert response.json() == {
        "id": story, "original_language": "ru", "section": "news", "section_slug": "news",
        "source": {"id": 1, "name": "Газета.Ru", "url": "https://www.gazeta.example/1.shtml"},
        "published_at": "2024-01-10T11:05:00Z",
        "versions": {
            "ru": {"title": "Путин встретится с Токаевым", "paragraphs": ["Президент прибыл."],
                   "url": f"{BASE}/ru/news/{story}-putin-vstretitsya-s-tokaevym",
                   "translated": False},
            "en": {"title": "Putin to meet Tokayev", "paragraphs": ["The president arrived."],
                   "url": f"{BASE}/en/news/{story}-putin-to-meet-tokayev", "translated": True,
                   "engine": "fake", "model": "fake-1", "created_at": "2024-01-10T14:05:00Z",
                   "edited": False},
        },
    }


@pytest.mark.parametrize("ref", ["999", "abc", "1" * 19, "-1", "٣"])
def test_unknown_article_is_a_json_404(client: Client, story: int, ref: str) -> None:
    response = client.get(f"/api/v1/articles/{ref}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"].startswith("no article with id")


def test_an_overlong_id_is_not_echoed_cut(client: Client, story: int) -> None:
    """A 23-digit id was answered "no article with id '99999999999999999999'": another id."""
    for kind in ("articles", "stories"):
        response = client.get(f"/api/v1/{kind}/{'9' * 23}")
        assert response.status_code == 404
        assert "9" * 20 not in response.text
        assert response.json()["error"].endswith("with that id")


def test_languages(client: Client, story: int, seed: Seeder) -> None:
    seed.article("Қазақстан", lang="kk")
    body = client.get("/api/v1/languages").json()
    assert [lang["code"] for lang in body["languages"]] == ["en", "pl", "ru", "uk", "ar", "kk"]
    by_code = {lang["code"]: lang for lang in body["languages"]}
    assert by_code["en"] == {
        "code": "en", "name": "English", "native_name": "English", "dir": "ltr", "target": True,
        "articles": 2, "translations": 1, "url": f"{BASE}/en/",
        "feeds": {"rss": f"{BASE}/en/feed.xml", "atom": f"{BASE}/en/atom.xml",
                  "json": f"{BASE}/en/feed.json"},
    }
    assert by_code["ar"]["dir"] == "rtl" and by_code["ar"]["articles"] == 0
    assert by_code["kk"]["target"] is False and by_code["kk"]["native_name"] == "Қазақ тілі"


def test_sections(client: Client, story: int, seed: Seeder) -> None:
    seed.article("Markets", lang="en", section="Business News")
    assert client.get("/api/v1/sections").json() == {"sections": [
        {"name": "Business News", "slug": "business-news", "articles": 1},
        {"name": "news", "slug": "news", "articles": 2},
        {"name": "sport", "slug": "sport", "articles": 1},
    ]}


def test_sources(client: Client, story: int) -> None:
    body = client.get("/api/v1/sources").json()
    # The site, not the subscription: a feed URL may carry the operator's private token.
    assert body["sources"][0] == {
        "id": 1, "name": "Газета.Ru", "site_url": "https://0.example.org/",
        "language": None, "section": "news", "enabled": True}
    assert [source["name"] for source in body["sources"]] == ["Газета.Ru", "Coast News"]
    assert body["next"] is None


def test_sources_show_only_web_site_urls_and_no_feed_credentials(
        client: Client, store: Store) -> None:
    from harness import NOW

    store.sources.add(url="https://reader:s3cret@private.example/feed.xml?token=abc",
                      site_url="javascript:alert(1)", name="Private", now=NOW)
    store.sources.add(url="https://news.example/rss", site_url="https://news.example/home",
                      name="Public", now=NOW)
    text = client.get("/api/v1/sources").text
    assert "s3cret" not in text and "token" not in text and "javascript" not in text
    assert [source["site_url"] for source in client.get("/api/v1/sources").json()["sources"]] == [
        "https://private.example/", "https://news.example/home"]


def test_sources_are_paged(client: Client, store: Store) -> None:
    from harness import NOW

    for n in range(5):
        store.sources.add(url=f"https://s{n}.example/rss", name=f"S{n}", now=NOW)
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/v1/sources", params=params).json()
        seen += [source["name"] for source in body["sources"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == ["S0", "S1", "S2", "S3", "S4"] and pages == 3
    assert client.get("/api/v1/sources?limit=101").status_code == 400
    bad = client.get("/api/v1/sources?cursor=nonsense")
    assert (bad.status_code, bad.json()) == (400, {"error": "cursor: not a cursor this API "
                                                            "gave out"})


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v2/articles", "/api/", "/api/v1/"])
def test_unknown_api_paths_are_json_404s(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "no such API endpoint; see /api/v1/openapi.json"}
    assert response.headers["access-control-allow-origin"] == "*"


def test_other_methods_are_json_405s(client: Client) -> None:
    response = client.request("POST", "/api/v1/articles")
    assert response.status_code == 405
    assert response.json() == {"error": "Method Not Allowed"}
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


def test_a_crash_in_the_api_is_a_json_500(app: Starlette, monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(app.state.web.store.articles, "page", explode)
    response = Client(app).get("/api/v1/articles")
    assert response.status_code == 500
    assert response.json() == {"error": "internal server error"}
    assert response.headers["access-control-allow-origin"] == "*"
    assert "database on fire" in caplog.text


def test_any_origin_may_read_the_api(client: Client, story: int) -> None:
    response = client.get("/api/v1/articles", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-expose-headers"] == "ETag"
    assert "access-control-allow-origin" not in client.get("/en/").headers


def test_preflight_for_a_conditional_get(client: Client) -> None:
    response = client.request("OPTIONS", "/api/v1/articles", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    assert response.headers["access-control-allow-headers"] == "If-None-Match"


def test_api_answers_are_cacheable_and_conditional(client: Client, story: int) -> None:
    first = client.get("/api/v1/languages")
    assert first.headers["cache-control"] == "public, max-age=60"
    again = client.get("/api/v1/languages", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def _api_routes(app: Starlette) -> set[str]:
    return {route.path.removeprefix("/api/v1") for route in app.routes
            if isinstance(route, Route) and route.path.startswith("/api/v1/")}


def test_openapi_document_describes_every_route_and_nothing_else(
        client: Client, app: Starlette) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": f"{BASE}/api/v1"}]
    assert set(document["paths"]) == _api_routes(app)


def test_every_documented_path_answers_as_documented(client: Client, seed: Seeder,
                                                     story: int) -> None:
    ids = {"/articles/{id}": story, "/stories/{id}": seed.story([story])}
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    for path, item in document["paths"].items():
        operation = item["get"]
        url = "/api/v1" + path.replace("{id}", str(ids.get(path, 0)))
        response = client.get(url)
        assert str(response.status_code) in operation["responses"], path
        assert response.status_code == 200, path
        schema = operation["responses"]["200"]["content"]["application/json"].get("schema")
        if schema:
            target = schemas[schema["$ref"].rsplit("/", 1)[1]]
            assert set(response.json()) <= set(target["properties"]), path
        for parameter in operation.get("parameters", []):
            assert parameter["in"] in {"query", "path"}


def test_documented_query_parameters_are_the_accepted_ones(client: Client, story: int) -> None:
    document = client.get("/api/v1/openapi.json").json()
    names = {p["name"] for p in document["paths"]["/articles"]["get"]["parameters"]}
    assert names == {"lang", "section", "source", "since", "limit", "cursor"}
    for name in names:  # each is validated: a 201-character value is refused by name
        response = client.get("/api/v1/articles", params={name: "x" * 201})
        assert response.json() == {"error": f"{name}: longer than 200 characters"}


def test_every_schema_reference_resolves(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    def refs(node: object) -> list[str]:
        if isinstance(node, dict):
            found = [node["$ref"]] if "$ref" in node else []
            return found + [r for value in node.values() for r in refs(value)]
        if isinstance(node, list):
            return [r for value in node for r in refs(value)]
        return []

    for ref in refs(document):
        assert ref.rsplit("/", 1)[1] in schemas, ref
