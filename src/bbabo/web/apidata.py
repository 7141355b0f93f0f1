"""The JSON API's vocabulary: query parameters in, plain dicts out, and the paging cursor.

Every parse error is an HTTP 400 whose detail names the parameter, which the API's error
handler turns into ``{"error": "..."}``."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException

from bbabo import langs
from bbabo.errors import UsageError
from bbabo.model import Source, StoredArticle, StoryReport, StorySummary, StoryView
from bbabo.publish.urls import article_path, section_segment, story_path
from bbabo.web.syndication import rfc3339
from bbabo.web.views import (
    article_moments,
    languages_of,
    path_in,
    readable_in,
    safe_link,
    site_link,
    source_name,
    text_in,
)

__all__ = ["ArticleFilter", "parse_filter", "SearchRequest", "parse_search", "encode_cursor",
           "article_summary", "article_detail", "source_entry", "bad_request", "DEFAULT_LIMIT",
           "encode_source_cursor", "parse_source_page", "StoryFilter", "parse_story_filter",
           "encode_story_cursor", "story_summary", "story_detail", "story_lang",
           "MAX_LIMIT", "MAX_ID", "MAX_PAGE", "MAX_PARAM"]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Ids asked for are bounded by this, so a forged one cannot overflow the database's
# 64-bit integers.
MAX_ID = 2**62
# Deeper search pages cost an ever larger OFFSET and no reader goes there.
MAX_PAGE = 1000
MAX_PARAM = 200

Absolute = Callable[[str], str]

# RFC 3339's date-time and full-date, and a date-time without an offset; not the rest of what
# fromisoformat takes (week dates, "20240110", "2024-01-10 14"), which the API does not document.
_SINCE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
                    r"(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?")


def bad_request(message: str) -> HTTPException:
    return HTTPException(400, detail=message)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFilter:
    """What ``GET /api/v1/articles`` was asked for."""

    lang: str | None
    section: str | None
    source_id: int | None
    since: datetime | None
    before: tuple[datetime, int] | None
    limit: int


def _lang(raw: str) -> str:
    try:
        code = langs.normalize(raw)
    except UsageError:
        raise bad_request(f"lang: unknown language code {raw[:20]!r}") from None
    if code != raw:
        raise bad_request(f"lang: use the code {code!r}")
    return code


def _int(name: str, raw: str, low: int, high: int) -> int:
    # The length test first, so a thousand-digit value is never converted.
    if (not raw.isascii() or not raw.isdigit() or len(raw) > len(str(high))
            or not low <= int(raw) <= high):
        wanted = ("a positive integer id" if (low, high) == (1, MAX_ID)
                  else f"an integer from {low} to {high}")
        raise bad_request(f"{name}: expected {wanted}")
    return int(raw)


def _since(raw: str) -> datetime:
    text = raw.upper()  # RFC 3339 allows a lower-case "t" and "z"
    try:
        if not _SINCE.fullmatch(text):
            raise ValueError
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise bad_request("since: expected an ISO 8601 date or time, "
                          "such as 2024-01-10T14:05:00Z") from None
    # A time without an offset is read as UTC, the site's only time zone.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # within a day of year 1 or 9999: before or after every article
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=UTC)


def encode_cursor(article: StoredArticle) -> str:
    assert article.published_at is not None, "the store always sets published_at"
    key = json.dumps([rfc3339(article.published_at), article.id]).encode()
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


def _decoded(raw: str) -> Any:
    """The JSON a cursor holds; a 400 for anything that is none."""
    try:
        return json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise _BAD_CURSOR from None


_BAD_CURSOR = bad_request("cursor: not a cursor this API gave out")


def _cursor(raw: str) -> tuple[datetime, int]:
    try:
        moment, last_id = _decoded(raw)
        when = datetime.fromisoformat(moment)
        if type(last_id) is not int or not 0 < last_id < MAX_ID or when.tzinfo is None:
            raise ValueError
        # A forged time at an end of the calendar may not exist in UTC, which the store uses.
        return when.astimezone(UTC), last_id
    except (ValueError, TypeError, OverflowError):
        raise _BAD_CURSOR from None


def encode_source_cursor(source: Source) -> str:
    return base64.urlsafe_b64encode(json.dumps([source.id]).encode()).decode().rstrip("=")


def parse_source_page(params: QueryParams) -> tuple[int, int]:
    """(the id after which ``GET /api/v1/sources`` lists, how many it lists)."""
    cursor, limit = params.get("cursor"), params.get("limit")
    after = 0
    if cursor:
        if len(cursor) > MAX_PARAM:
            raise bad_request(f"cursor: longer than {MAX_PARAM} characters")
        found = _decoded(cursor)
        if (not isinstance(found, list) or len(found) != 1 or type(found[0]) is not int
                or not 0 < found[0] < MAX_ID):
            raise _BAD_CURSOR
        after = found[0]
    return after, _int("limit", limit, 1, MAX_LIMIT) if limit else DEFAULT_LIMIT


def parse_filter(params: QueryParams) -> ArticleFilter:
    too_long = [name for name, value in params.multi_items() if len(value) > MAX_PARAM]
    if too_long:
        raise bad_request(f"{too_long[0]}: longer than {MAX_PARAM} characters")
    lang, section, source = params.get("lang"), params.get("section"), params.get("source")
    since, cursor, limit = params.get("since"), params.get("cursor"), params.get("limit")
    return ArticleFilter(
        lang=_lang(lang) if lang else None, section=section or None,
        source_id=_int("source", source, 1, MAX_ID) if source else None,
        since=_since(since) if since else None, before=_cursor(cursor) if cursor else None,
        limit=_int("limit", limit, 1, MAX_LIMIT) if limit else DEFAULT_LIMIT,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchRequest:
    query: str
    lang: str
    page: int
    limit: int


def parse_search(params: QueryParams, default_lang: str) -> SearchRequest:
    """``q`` may be anything: the store cuts and cleans it, so a hostile query is no error."""
    lang, page, limit = params.get("lang"), params.get("page"), params.get("limit")
    return SearchRequest(
        query=params.get("q", ""), lang=_lang(lang) if lang else default_lang,
        page=_int("page", page, 1, MAX_PAGE) if page else 1,
        limit=_int("limit", limit, 1, MAX_LIMIT) if limit else DEFAULT_LIMIT,
    )


def _source(article: StoredArticle) -> dict[str, Any]:
    return {"id": article.source_id, "name": source_name(article),
            "url": safe_link(article.canonical_url) or safe_link(article.url)}


def article_summary(article: StoredArticle, lang: str | None, absolute: Absolute) -> dict[str, Any]:
    """One list entry, in ``lang`` when it can be read in it, else in its original language."""
    version = lang if lang is not None and readable_in(article, lang) else article.language
    published, updated = article_moments(article, version)
    return {
        "id": article.id, "lang": version, "title": text_in(article, version)[0],
        "url": absolute(path_in(article, version)),
        "original_language": article.language, "languages": languages_of(article),
        "section": article.section, "source": _source(article),
        "published_at": rfc3339(published), "updated_at": rfc3339(updated),
        "api_url": absolute(f"/api/v1/articles/{article.id}"),
    }


def article_detail(article: StoredArticle, absolute: Absolute) -> dict[str, Any]:
    """An article with the full text of every language version."""
    versions: dict[str, Any] = {}
    for code in languages_of(article):
        title, paragraphs = text_in(article, code)
        version: dict[str, Any] = {"title": title, "paragraphs": list(paragraphs),
                                   "url": absolute(path_in(article, code)),
                                   "translated": code != article.language}
        translation = article.translations.get(code) if code != article.language else None
        if translation is not None:
            version["engine"], version["model"] = translation.engine, translation.model
            version["created_at"] = (rfc3339(translation.created_at)
                                     if translation.created_at else None)
            version["edited"] = translation.edited  # corrected by hand by the editors
        versions[code] = version
    published = article.published_at or article.fetched_at
    return {
        "id": article.id, "original_language": article.language, "section": article.section,
        "section_slug": section_segment(article.section), "source": _source(article),
        "published_at": rfc3339(published) if published else None,
        "versions": versions,
    }


def source_entry(source: Source) -> dict[str, Any]:
    """An outlet as the public sees it: its site, not the feed bbabo reads (a feed URL may
    hold the operator's private token, in its query or its path; ``bbabo sources list``
    shows it to the operator)."""
    return {"id": source.id, "name": source.name,
            "site_url": site_link(source.site_url, source.url), "language": source.lang_hint,
            "section": source.section, "enabled": source.enabled}


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryFilter:
    """What ``GET /api/v1/stories`` was asked for: ``lang`` None lists every story, titled in
    the site's default language; a language lists the stories readable in it."""

    lang: str | None
    before: tuple[datetime, int] | None
    limit: int


def parse_story_filter(params: QueryParams) -> StoryFilter:
    too_long = [name for name, value in params.multi_items() if len(value) > MAX_PARAM]
    if too_long:
        raise bad_request(f"{too_long[0]}: longer than {MAX_PARAM} characters")
    lang, cursor, limit = params.get("lang"), params.get("cursor"), params.get("limit")
    return StoryFilter(lang=_lang(lang) if lang else None,
                       before=_cursor(cursor) if cursor else None,
                       limit=_int("limit", limit, 1, MAX_LIMIT) if limit else DEFAULT_LIMIT)


def story_lang(params: QueryParams, default_lang: str) -> str:
    """The ``lang`` of ``GET /api/v1/stories/{id}``: the site's default when not given."""
    lang = params.get("lang")
    if lang and len(lang) > MAX_PARAM:
        raise bad_request(f"lang: longer than {MAX_PARAM} characters")
    return _lang(lang) if lang else default_lang


def encode_story_cursor(story: StorySummary) -> str:
    # Stories are listed by their newest report: the same (moment, id) shape as articles.
    key = json.dumps([rfc3339(story.last_seen_at), story.id]).encode()
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


def story_summary(story: StorySummary, lang: str, absolute: Absolute) -> dict[str, Any]:
    """A story titled in ``lang`` as well as it can be (``title_lang`` says in what)."""
    return {
        "id": story.id, "lang": lang, "title": story.title, "title_lang": story.title_lang,
        "lead": story.lead, "reports": story.article_count,
        "languages": list(story.languages),
        "first_seen_at": rfc3339(story.first_seen_at),
        "last_seen_at": rfc3339(story.last_seen_at),
        "url": absolute(story_path(lang, story.id, story.title, story.title_lang)),
        "api_url": absolute(f"/api/v1/stories/{story.id}"),
    }


def _report(report: StoryReport, absolute: Absolute) -> dict[str, Any]:
    return {
        "id": report.article_id, "lang": report.title_lang, "title": report.title,
        "original_language": report.language, "languages": list(report.readable_in),
        "section": report.section,
        "source": {"id": report.source_id, "name": report.source_name},
        "published_at": rfc3339(report.published_at) if report.published_at else None,
        "url": absolute(article_path(report.article_id, report.section, report.title,
                                     report.title_lang)),
        "api_url": absolute(f"/api/v1/articles/{report.article_id}"),
    }


def story_detail(found: StoryView, lang: str, absolute: Absolute) -> dict[str, Any]:
    """A story and every report of it, oldest first, each in ``lang`` where it can be read
    in it, else in its original language."""
    return {**story_summary(found.story, lang, absolute),
            "articles": [_report(report, absolute) for report in found.reports]}
