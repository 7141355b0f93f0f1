"""The OpenAPI 3.1 description of ``/api/v1/``, written by hand next to the code it describes.

A test walks it both ways: every path here answers, and every API route is here."""

from __future__ import annotations

from typing import Any

from bbabo import __version__, langs
from bbabo.web.apidata import DEFAULT_LIMIT, MAX_ID, MAX_LIMIT, MAX_PAGE, MAX_PARAM

__all__ = ["openapi_document"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_STRING = {"type": "string"}


def _header(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "required": True, "schema": schema}


# Every answer may be read by a page on any origin (cors.py); a 200 and its 304 also carry
# the validator and the caching rule (caching.py).
_CORS = {"Access-Control-Allow-Origin": _header("Any origin may read the API", {"const": "*"})}
_VALIDATED = {
    **_CORS,
    "ETag": _header("Send it back as If-None-Match to get a 304 while it still matches",
                    _STRING),
    "Cache-Control": _header("How long shared caches may keep the answer", _STRING),
}
_NOT_MODIFIED = {"description": "Not modified: the If-None-Match validator still matches",
                 "headers": _VALIDATED}
_ERROR = {"description": "The error, in a sentence", "headers": _CORS,
          "content": {"application/json": {"schema": _ref("Error")}}}


def _ok(description: str, schema: str | None) -> dict[str, Any]:
    media = {"schema": _ref(schema)} if schema else {}
    return {"description": description, "headers": _VALIDATED,
            "content": {"application/json": media}}


def _responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    return {"200": ok, "304": _NOT_MODIFIED, **{status: _ERROR for status in errors}}


_NULLABLE_STRING = {"type": ["string", "null"]}
_DATETIME = {"type": "string", "format": "date-time"}
_LANG = {"type": "string", "description": "BCP-47 language code as bbabo uses it", "example": "en"}
# A parameter takes only the codes bbabo knows, spelled its way; answers may carry others.
_LANG_PARAM = {**_LANG, "enum": sorted(langs.LANGUAGES)}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    # An empty value is taken as no value (`?lang=&limit=`, as an HTML form sends it).
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, "allowEmptyValue": True}


def _limit(what: str) -> dict[str, Any]:
    return _query("limit", f"{what} per page",
                  {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                   "default": DEFAULT_LIMIT})


def _cursor() -> dict[str, Any]:
    # Opaque: any other value of this shape is a 400.
    return _query("cursor", "The `next` value of the previous page",
                  {"type": "string", "pattern": "^[A-Za-z0-9_-]+$", "maxLength": MAX_PARAM})


_ARTICLE_PARAMS = [
    _query("lang", "Only articles readable in this language, shown in it", _LANG_PARAM),
    _query("section", "Only this section (as stored, e.g. `news`)",
           {"type": "string", "maxLength": MAX_PARAM}),
    _query("source", "Only articles from this source id",
           {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
    _query("since", "Only articles published at or after this time; a date is its midnight, "
                    "and a date-time without an offset (`2024-01-10T14:05:00`) is UTC too",
           {"anyOf": [_DATETIME, {"type": "string", "format": "date"}]}),
    _limit("Articles"),
    _cursor(),
]

# A story as lists show it; one story (``StoryDetail``) adds its reports.
_STORY_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"}, "lang": _LANG,
    "title": {"type": "string", "description": "In `lang` when a report was written in it or "
                                               "translated into it, else an original"},
    "title_lang": _LANG,
    "lead": {"type": "string", "description": "The first sentence under that title"},
    "reports": {"type": "integer", "minimum": 0},
    "languages": {"type": "array", "items": _LANG,
                  "description": "The reports' original languages"},
    "first_seen_at": _DATETIME, "last_seen_at": _DATETIME,
    "url": {"type": "string", "format": "uri"},
    "api_url": {"type": "string", "format": "uri"},
}

_SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error"], "additionalProperties": False,
              "properties": {"error": {"type": "string", "minLength": 1}}},
    "SourceRef": {"type": "object", "properties": {
        "id": {"type": ["integer", "null"]}, "name": _STRING, "url": _NULLABLE_STRING}},
    "ArticleSummary": {"type": "object", "properties": {
        "id": {"type": "integer"}, "lang": _LANG, "title": _STRING,
        "url": {"type": "string", "format": "uri"}, "original_language": _LANG,
        "languages": {"type": "array", "items": _LANG}, "section": _STRING,
        "source": _ref("SourceRef"), "published_at": _DATETIME, "updated_at": _DATETIME,
        "api_url": {"type": "string", "format": "uri"}}},
    "ArticleList": {"type": "object", "required": ["articles", "next"], "properties": {
        "articles": {"type": "array", "items": _ref("ArticleSummary")},
        "next": {"type": ["string", "null"],
                 "description": "Pass as `cursor` for the next page; null on the last"}}},
    "Version": {"type": "object", "properties": {
        "title": _STRING, "paragraphs": {"type": "array", "items": _STRING},
        "url": {"type": "string", "format": "uri"}, "translated": {"type": "boolean"},
        "engine": _STRING, "model": _STRING, "created_at": _DATETIME,
        "edited": {"type": "boolean",
                   "description": "A machine translation the editors corrected by hand"}}},
    "ArticleDetail": {"type": "object", "properties": {
        "id": {"type": "integer"}, "original_language": _LANG, "section": _STRING,
        "section_slug": _STRING, "source": _ref("SourceRef"), "published_at": _DATETIME,
        "versions": {"type": "object", "additionalProperties": _ref("Version"),
                     "description": "Every language version, keyed by language code"}}},
    "Language": {"type": "object", "properties": {
        "code": _LANG, "name": _STRING, "native_name": _STRING,
        "dir": {"type": "string", "enum": ["ltr", "rtl"]}, "target": {"type": "boolean"},
        "articles": {"type": "integer"}, "translations": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
        "feeds": {"type": "object", "additionalProperties": {"type": "string"}}}},
    "LanguageList": {"type": "object", "properties": {
        "languages": {"type": "array", "items": _ref("Language")}}},
    "StorySummary": {"type": "object", "required": ["id", "title", "url"],
                     "properties": _STORY_PROPERTIES},
    "StoryList": {"type": "object", "required": ["stories", "next"], "properties": {
        "lang": _LANG, "stories": {"type": "array", "items": _ref("StorySummary")},
        "next": {"type": ["string", "null"],
                 "description": "Pass as `cursor` for the next page; null on the last"}}},
    "StoryReport": {"type": "object", "properties": {
        "id": {"type": "integer"}, "lang": _LANG, "title": _STRING,
        "original_language": _LANG, "languages": {"type": "array", "items": _LANG},
        "section": _STRING, "source": {"type": "object", "properties": {
            "id": {"type": ["integer", "null"]}, "name": _STRING}},
        "published_at": {"type": ["string", "null"], "format": "date-time"},
        "url": {"type": "string", "format": "uri"},
        "api_url": {"type": "string", "format": "uri"}}},
    "StoryDetail": {"type": "object", "required": ["id", "title", "url", "articles"],
                    "properties": {**_STORY_PROPERTIES, "articles": {
                        "type": "array", "items": _ref("StoryReport"),
                        "description": "Every report, oldest first"}}},
    "SectionList": {"type": "object", "properties": {"sections": {"type": "array", "items": {
        "type": "object", "properties": {
            "name": _STRING, "slug": _STRING, "articles": {"type": "integer"}}}}}},
    "SearchResult": {"allOf": [_ref("ArticleSummary"), {
        "type": "object", "properties": {
            "title_html": {"type": "string", "description":
                           "The title, HTML-escaped, with matches in <mark>"},
            "snippet": {"type": "string", "description": "Plain text around the match"},
            "snippet_html": {"type": "string", "description":
                             "The snippet, HTML-escaped, with matches in <mark>"},
            "story_id": {"type": ["integer", "null"],
                         "description": "The story the report belongs to (null: none yet)"},
            "matched_by": {"type": "array", "items": {"type": "string",
                                                      "enum": ["words", "meaning"]},
                           "description": "`words`: the full-text index in `lang` matched "
                                          "it; `meaning`: its embedding is near the query's"},
            "similarity": {"type": ["number", "null"],
                           "description": "Cosine of its embedding and the query's"},
            "score": {"type": "number",
                      "description": "Reciprocal rank fusion of the two rankings"}}}]},
    "SearchResults": {"type": "object", "properties": {
        "query": {"type": "string", "description": "The words searched for, as cleaned"},
        "lang": _LANG,
        "by_meaning": {"type": "boolean", "description":
                       "Whether vector search took part (false: no vectors stored, or no "
                       "embedder installed: words only)"},
        "groups": {"type": "array", "description": "Stories best first, each with its "
                   "matching reports best first (a page holds `limit` groups)",
                   "items": {"type": "object", "properties": {
                       "story": {"description": "The story's title and lead in `lang`; "
                                 "null for a report in no story or a story of one report",
                                 "oneOf": [{"type": "null"}, {
                           "type": "object", "properties": {
                               "id": {"type": "integer"}, "title": _STRING,
                               "title_lang": _LANG, "lead": _STRING,
                               "article_count": {"type": "integer"},
                               "languages": {"type": "array", "items": _LANG}}}]},
                       "results": {"type": "array", "items": _ref("SearchResult")},
                       "more_reports": {"type": "integer", "description":
                                        "Matching reports of the story not listed"}}}},
        "results": {"type": "array", "items": _ref("SearchResult"),
                    "description": "Every group's results, in order"},
        "next_page": {"type": ["integer", "null"]}}},
    "SourceList": {"type": "object", "required": ["sources", "next"], "properties": {
        "sources": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "name": _NULLABLE_STRING,
            "site_url": {"type": ["string", "null"], "format": "uri",
                         "description": "The outlet's web site (http or https)"},
            "language": _NULLABLE_STRING, "section": _STRING,
            "enabled": {"type": "boolean"}}}},
        "next": {"type": ["string", "null"],
                 "description": "Pass as `cursor` for the next page; null on the last"}}},
}

_PATHS: dict[str, Any] = {
    "/articles": {"get": {
        "summary": "Newest articles first, filtered and paged by cursor",
        "parameters": _ARTICLE_PARAMS,
        "responses": _responses(_ok("A page of articles", "ArticleList"), "400")}},
    "/articles/{id}": {"get": {
        "summary": "One article with the full text of every language version",
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1}}],
        "responses": _responses(_ok("The article", "ArticleDetail"), "404")}},
    "/languages": {"get": {
        "summary": "Languages the site publishes in, with article counts",
        "responses": _responses(_ok("Languages", "LanguageList"))}},
    "/sections": {"get": {
        "summary": "Sections, with article counts",
        "responses": _responses(_ok("Sections", "SectionList"))}},
    "/stories": {"get": {
        "summary": "Stories (every report of one event, from every outlet and language), the "
                   "most recently reported first, paged by cursor",
        "parameters": [
            _query("lang", "Only stories readable in this language, titled in it (default: "
                           "every story, titled in the site's default language)", _LANG_PARAM),
            _limit("Stories"),
            _cursor(),
        ],
        "responses": _responses(_ok("A page of stories", "StoryList"), "400")}},
    "/stories/{id}": {"get": {
        "summary": "One story with every report; a story merged into another answers with "
                   "that one",
        "parameters": [
            {"name": "id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1}},
            _query("lang", "Titles in this language where they can be (default: the site's "
                           "default language)", _LANG_PARAM),
        ],
        "responses": _responses(_ok("The story", "StoryDetail"), "400", "404")}},
    "/sources": {"get": {
        "summary": "The outlets articles come from, by id, paged by cursor",
        "parameters": [
            _limit("Sources"),
            _cursor(),
        ],
        "responses": _responses(_ok("A page of sources", "SourceList"), "400")}},
    "/search": {"get": {
        "summary": "Search in every language: reports whose version in `lang` has every "
                   "word of the query (as a prefix), fused with reports in any language near "
                   "it in meaning (multilingual embeddings), grouped by story, best first",
        "parameters": [
            _query("q", "Words to find; empty gives no results", _STRING),
            _query("lang", "The reader's language: words are matched in it, and results "
                   "shown in it where they can be (default: the site's default language)",
                   _LANG_PARAM),
            _query("page", "Result page",
                   {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
            _limit("Stories"),
        ],
        "responses": _responses(_ok("Matching articles", "SearchResults"), "400")}},
    "/openapi.json": {"get": {
        "summary": "This document",
        "responses": _responses(_ok("OpenAPI 3.1", None))}},
}


def openapi_document(server_url: str) -> dict[str, Any]:
    """The document, with ``server_url`` (this site's ``/api/v1``) as its one server."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "bbabo API", "version": __version__,
                 "description": "Read-only access to the articles this site publishes, in "
                                "every language. Errors are `{\"error\": \"...\"}`. Every "
                                "GET also answers HEAD, and CORS preflights are allowed."},
        "servers": [{"url": server_url}],
        "paths": _PATHS,
        "components": {"schemas": _SCHEMAS},
    }
