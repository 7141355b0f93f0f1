"""The JSON API against its own OpenAPI document, by schemathesis: for every operation,
generated parameters (valid ones and hostile ones) must get the documented status codes,
content types, headers and bodies, never a 5xx."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from harness import Client, Seeder
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from starlette.applications import Starlette
from starlette.routing import Route

from bbabo.model import QAFlag
from bbabo.web.openapi import openapi_document

API_ROOT = "/api/v1"
BASE = "http://testserver"


def _populate(seed: Seeder) -> None:
    """A few articles in several languages, sections and sources, some translated, so lists,
    filters, cursors and search have something to return."""
    story = seed.article("Путин встретится с Токаевым", source="Газета.Ru",
                         paragraphs=("Президент прибыл в Астану.",), age=timedelta(hours=5))
    seed.translation(story, "en", "Putin to meet Tokayev", paragraphs=("The president arrived.",))
    seed.translation(story, "ar", "بوتين يلتقي توكاييف", paragraphs=("وصل الرئيس.",),
                     qa=(QAFlag(check="length", paragraph=0, detail="short"),))
    ids = []
    for hours, (title, lang, section) in enumerate([
            ("Storm hits the coast", "en", "news"), ("Cup final tonight", "en", "sport"),
            ("Burza nad wybrzeżem", "pl", "news"), ("Шторм на узбережжі", "uk", "news"),
            ("Қазақстан жаңалықтары", "kk", "Business News")]):
        article_id = seed.article(title, lang=lang, section=section, source="Coast News",
                                  paragraphs=(f"{title}.",), age=timedelta(hours=hours))
        ids.append(article_id)
        if lang != "en":
            seed.translation(article_id, "en", f"[en] {title}", source_lang=lang)
    # Stories: the storm in three languages (one merged in later), the visit on its own.
    storm = seed.story([ids[0], ids[2]])
    seed.merge(seed.story([ids[3]]), into=storm)
    seed.story([story])


# Loaded from the function that serves /api/v1/openapi.json, not from a fixture's app:
# schemathesis's lazy ``from_fixture`` reads ``Item._nodeid``, which pytest 9.2 removed.
# A test below checks that the app serves this very document.
schema = schemathesis.openapi.from_dict(openapi_document(BASE + API_ROOT),
                                        config=schemathesis.Config())
# Valid and invalid inputs alike, and no example database kept from run to run.
schema.config.generation.update(modes=list(GenerationMode), database="none")


@pytest.fixture
def populated(app: Starlette, seed: Seeder) -> Starlette:
    _populate(seed)
    return app


@pytest.fixture
def real_cursor(populated: Starlette) -> dict[str, str]:
    """A cursor each paged list gave out, by path."""
    cursors = {path: Client(populated).get(f"{API_ROOT}{path}?limit=1").json()["next"]
               for path in ("/articles", "/sources", "/stories")}
    assert all(isinstance(cursor, str) for cursor in cursors.values())
    return cursors


def _with_a_real_cursor(case: schemathesis.Case, cursors: dict[str, str]) -> None:
    """A cursor is opaque: a string of its shape the API never gave out is rightly a 400.
    So a valid case carries one the API did give out; an invalid case keeps its own."""
    valid = case.meta is not None and case.meta.generation.mode is GenerationMode.POSITIVE
    if valid and case.query and case.query.get("cursor"):
        case.query["cursor"] = cursors[case.path]


@schema.parametrize()
# The fixtures are shared by every generated case, which is right: the API only reads.
@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_documented(case: schemathesis.Case, populated: Starlette,
                                               real_cursor: dict[str, str]) -> None:
    _with_a_real_cursor(case, real_cursor)
    # Every built-in check: no 5xx, documented status codes, content types, headers and
    # bodies, a 4xx for invalid input and no 4xx for valid input. ``app`` sends the request
    # through ASGI, in-process.
    case.call_and_validate(app=populated)


# Values schemathesis found, or that the fixes above were made for, kept as explicit cases
# (the generated ones differ from run to run): the status they must get, as documented.
@pytest.mark.parametrize(("path", "query", "status"), [
    ("/articles", {"since": "", "lang": "", "cursor": ""}, 200),  # empty is no value
    ("/articles", {"source": "4611686018427387903"}, 200),  # 19 digits, under the maximum
    ("/articles", {"source": str(2**62)}, 200),
    ("/articles", {"source": str(2**62 + 1)}, 400),
    ("/articles", {"since": "0001-01-01T00:00:00+01:00"}, 200),  # before year 1 in UTC: was 500
    ("/articles", {"since": "9999-12-31T23:59:59-01:00"}, 200),  # after 9999 in UTC: was 500
    ("/articles", {"since": "2024-01-10t12:05:00z"}, 200),  # RFC 3339 allows lower case
    ("/articles", {"since": "20240110"}, 400),  # ISO 8601, but not the documented forms
    ("/articles", {"since": "2024-W02-3"}, 400),
    ("/articles", {"lang": "xx"}, 400),
    ("/articles", {"cursor": "bm90IGEgY3Vyc29y"}, 400),  # of a cursor's shape, never given out
    # A forged cursor at the end of the calendar, out of range in UTC: was a 500.
    ("/articles", {"cursor": "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzAxOjAwIiwgNV0"}, 400),
    ("/sources", {"cursor": "bm90IGEgY3Vyc29y"}, 400),
    ("/sources", {"cursor": "WzBd"}, 400),  # [0]: no source has id 0
    ("/sources", {"limit": "101"}, 400),
    ("/sources", {"limit": "1"}, 200),
    ("/stories", {"lang": "", "cursor": "", "limit": ""}, 200),
    ("/stories", {"lang": "pl"}, 200),
    ("/stories", {"lang": "en-GB"}, 400),
    ("/stories", {"limit": "101"}, 400),
    ("/stories", {"cursor": "bm90IGEgY3Vyc29y"}, 400),
    ("/search", {"q": "storm", "page": "1000"}, 200),
    ("/search", {"q": "storm", "page": "1001"}, 400),
    ("/search", {"q": "storm", "lang": "en-GB"}, 400),
])
def test_edge_values_answer_as_documented(populated: Starlette, path: str,
                                          query: dict[str, str], status: int) -> None:
    response = schema[path]["GET"].Case(query=query).call_and_validate(app=populated)
    assert response.status_code == status
    if status == 400:
        # The message names the parameter at fault, the last one here.
        assert response.json()["error"].startswith(list(query)[-1] + ":")


@pytest.mark.parametrize(("path", "query", "status"), [
    ("/stories/1", {}, 200),
    ("/stories/2", {"lang": "pl"}, 200),  # merged: answered with the story it went into
    ("/stories/99", {}, 404),
    ("/stories/1", {"lang": "xx"}, 400),
])
def test_a_story_answers_as_documented(populated: Starlette, path: str, query: dict[str, str],
                                       status: int) -> None:
    story_id = int(path.rsplit("/", 1)[1])
    case = schema["/stories/{id}"]["GET"].Case(path_parameters={"id": story_id}, query=query)
    response = case.call_and_validate(app=populated)
    assert response.status_code == status


def test_the_app_serves_the_document_under_test(app: Starlette) -> None:
    served = schemathesis.openapi.from_asgi(f"{API_ROOT}/openapi.json", app,
                                            config=schemathesis.Config())
    assert served.raw_schema == schema.raw_schema


def test_the_document_is_valid_openapi() -> None:
    schema.validate()  # against the OpenAPI 3.1 meta-schema; raises on the first error
    broken = {**schema.raw_schema, "paths": {"/articles": {"get": {"responses": "none"}}}}
    with pytest.raises(Exception, match="responses"):  # the validation above is real
        schemathesis.openapi.from_dict(broken, config=schemathesis.Config()).validate()


def test_every_api_route_is_documented(app: Starlette) -> None:
    """A new endpoint under /api/v1 fails here until the document describes it."""
    routed = {(route.path.removeprefix(API_ROOT), method.lower())
              for route in app.routes
              if isinstance(route, Route) and route.path.startswith(API_ROOT + "/")
              for method in route.methods or () if method != "HEAD"}
    documented = {(path, method) for path, item in schema.raw_schema["paths"].items()
                  for method in item}
    assert routed == documented
