"""The read-only JSON API under ``/api/v1/``, described by ``/api/v1/openapi.json``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bbabo import langs
from bbabo.errors import RecordMissing
from bbabo.publish.urls import FEED_FILES, feed_path, home_path, section_segment
from bbabo.store.search import search_terms
from bbabo.web.apidata import (
    article_detail,
    article_summary,
    encode_cursor,
    encode_source_cursor,
    encode_story_cursor,
    parse_filter,
    parse_search,
    parse_source_page,
    parse_story_filter,
    source_entry,
    story_detail,
    story_lang,
    story_summary,
)
from bbabo.web.context import absolute_url, web_of
from bbabo.web.openapi import openapi_document
from bbabo.web.views import marked_html, marked_text, text_dir

__all__ = ["routes", "API_ROOT"]

API_ROOT = "/api/v1"


def _absolute(request: Request) -> Callable[[str], str]:
    return lambda path: absolute_url(request, path)


def articles(request: Request) -> Response:
    web = web_of(request)
    wanted = parse_filter(request.query_params)
    # One extra row tells whether a next page exists without a COUNT query.
    found = web.store.articles.page(
        lang=wanted.lang, sections=[wanted.section] if wanted.section else None,
        source_id=wanted.source_id, since=wanted.since, before=wanted.before,
        limit=wanted.limit + 1)
    page = found[:wanted.limit]
    absolute = _absolute(request)
    return JSONResponse({
        "articles": [article_summary(article, wanted.lang, absolute) for article in page],
        "next": encode_cursor(page[-1]) if len(found) > wanted.limit else None,
    })


def article(request: Request) -> Response:
    raw = request.path_params["id"]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        # Echoed only when short: a thousand-character id is not repeated back, nor cut.
        raise HTTPException(404, detail=f"no article with id {raw!r}" if len(raw) <= 20
                            else "no article with that id")
    try:
        found = web_of(request).store.articles.get(int(raw))
    except RecordMissing:
        raise HTTPException(404, detail=f"no article with id {int(raw)}") from None
    return JSONResponse(article_detail(found, _absolute(request)))


def languages(request: Request) -> Response:
    web = web_of(request)
    originals = web.store.articles.count_by_language()
    translated = web.store.translations.count_by_language()
    targets = web.settings.target_languages
    others = sorted((set(originals) | set(translated)) - set(targets))
    absolute = _absolute(request)
    return JSONResponse({"languages": [
        {
            "code": code, "name": langs.english_name(code) if langs.is_known(code) else code,
            "native_name": langs.native_name(code) if langs.is_known(code) else code,
            "dir": text_dir(code), "target": code in targets,
            "articles": originals.get(code, 0), "translations": translated.get(code, 0),
            "url": absolute(home_path(code)),
            "feeds": {fmt: absolute(feed_path(code, fmt)) for fmt in FEED_FILES},
        }
        for code in (*targets, *others)
    ]})


def sections(request: Request) -> Response:
    counts = web_of(request).store.articles.count_by_section()
    return JSONResponse({"sections": [
        {"name": name, "slug": section_segment(name), "articles": count}
        for name, count in sorted(counts.items())
    ]})


def sources(request: Request) -> Response:
    after, limit = parse_source_page(request.query_params)
    found = web_of(request).store.sources.page(after_id=after, limit=limit + 1)
    page = found[:limit]
    return JSONResponse({
        "sources": [source_entry(source) for source in page],
        "next": encode_source_cursor(page[-1]) if len(found) > limit else None,
    })


def search(request: Request) -> Response:
    web = web_of(request)
    wanted = parse_search(request.query_params, web.settings.default_language)
    found = web.finder.search(wanted.lang, wanted.query, limit=wanted.limit,
                              offset=(wanted.page - 1) * wanted.limit)
    absolute = _absolute(request)
    groups: list[dict[str, Any]] = [{
        "story": None if group.story is None else {
            "id": group.story.id, "title": group.story.title, "title_lang": group.story.title_lang,
            "lead": group.story.lead, "article_count": group.story.article_count,
            "languages": list(group.story.languages)},
        "results": [{**article_summary(hit.article, hit.lang, absolute),
                     "title_html": str(marked_html(hit.title)),
                     "snippet": marked_text(hit.snippet),
                     "snippet_html": str(marked_html(hit.snippet)),
                     "story_id": group.story_id,
                     "matched_by": [name for name, matched in (
                         ("words", hit.text_rank is not None),
                         ("meaning", hit.similarity is not None)) if matched],
                     "similarity": hit.similarity, "score": round(hit.score, 6)}
                    for hit in group.reports],
        "more_reports": group.more,
    } for group in found.groups]
    return JSONResponse({
        "query": " ".join(search_terms(wanted.query)), "lang": wanted.lang,
        "by_meaning": found.by_meaning, "groups": groups,
        "results": [result for group in groups for result in group["results"]],
        "next_page": wanted.page + 1 if found.has_next else None,
    })


def stories(request: Request) -> Response:
    web = web_of(request)
    wanted = parse_story_filter(request.query_params)
    lang = wanted.lang or web.settings.default_language
    found = web.store.stories.latest(lang, limit=wanted.limit + 1, before=wanted.before,
                                     readable_only=wanted.lang is not None)
    page = found[:wanted.limit]
    absolute = _absolute(request)
    return JSONResponse({
        "lang": lang,
        "stories": [story_summary(story, lang, absolute) for story in page],
        "next": encode_story_cursor(page[-1]) if len(found) > wanted.limit else None,
    })


def story(request: Request) -> Response:
    """A merged story's id answers with the story it was merged into (its ``id`` says so)."""
    web = web_of(request)
    raw = request.path_params["id"]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise HTTPException(404, detail=f"no story with id {raw!r}" if len(raw) <= 20
                            else "no story with that id")
    lang = story_lang(request.query_params, web.settings.default_language)
    try:
        found = web.store.stories.get(int(raw), lang)
    except RecordMissing:
        raise HTTPException(404, detail=f"no story with id {int(raw)}") from None
    return JSONResponse(story_detail(found, lang, _absolute(request)))


def openapi(request: Request) -> Response:
    return JSONResponse(openapi_document(absolute_url(request, API_ROOT)))


def unknown(request: Request) -> Response:
    # Claims all of /api/, so no HTML route (such as /{lang}/{section}/{ref}) answers there.
    raise HTTPException(404, detail="no such API endpoint; see /api/v1/openapi.json")


def _get(path: str, handler: Callable[[Request], Any], name: str) -> Route:
    return Route(API_ROOT + path, handler, name=f"api_{name}")


routes = [
    _get("/articles", articles, "articles"),
    _get("/articles/{id}", article, "article"),
    _get("/languages", languages, "languages"),
    _get("/sections", sections, "sections"),
    _get("/sources", sources, "sources"),
    _get("/search", search, "search"),
    _get("/stories", stories, "stories"),
    _get("/stories/{id}", story, "story"),
    _get("/openapi.json", openapi, "openapi"),
    Route("/api/{rest:path}", unknown, name="api_unknown"),
]
