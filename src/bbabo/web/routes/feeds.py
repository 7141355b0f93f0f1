"""Feeds per language, and per language and section: RSS 2.0, Atom and JSON Feed 1.1."""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bbabo.model import StoredArticle
from bbabo.publish.urls import FEED_FILES, feed_path, home_path, section_segment
from bbabo.web import i18n
from bbabo.web.context import Web, absolute_url, publishes, web_of
from bbabo.web.syndication import (
    ATOM_TYPE,
    JSON_FEED_TYPE,
    RSS_TYPE,
    FeedInfo,
    FeedItem,
    atom_document,
    json_feed,
    rss_document,
)
from bbabo.web.views import article_moments, path_in, source_name, text_in

__all__ = ["routes", "FEED_SIZE", "FEED_CACHE", "feed_item"]

FEED_SIZE = 50
# Readers poll often; five minutes keeps them close to the news without re-rendering per poll.
FEED_CACHE = "public, max-age=300"


def _section_names(web: Web, segment: str | None) -> list[str] | None:
    """The stored sections a URL segment stands for (several may share one slug)."""
    if segment is None:
        return None
    names = web.site.facts().sections_at(segment)
    if not names:
        raise HTTPException(404)
    return names


def feed_item(request: Request, article: StoredArticle, lang: str) -> FeedItem:
    title, paragraphs = text_in(article, lang)
    published, updated = article_moments(article, lang)
    return FeedItem(
        # The id-only address redirects to the current slug, so it survives a retitling.
        id=absolute_url(request, f"/{lang}/{section_segment(article.section)}/{article.id}"),
        url=absolute_url(request, path_in(article, lang)), title=title, paragraphs=paragraphs,
        published=published, updated=updated, author=source_name(article),
        category=i18n.section_name(article.section, lang), lang=lang,
    )


def _feed(request: Request, fmt: str) -> tuple[FeedInfo, list[FeedItem]]:
    web = web_of(request)
    lang = request.path_params["lang"]
    if not publishes(web, lang):
        raise HTTPException(404)
    sections = _section_names(web, request.path_params.get("section"))
    found = web.store.articles.page(lang=lang, sections=sections, limit=FEED_SIZE)
    items = [feed_item(request, article, lang) for article in found]
    heading = (i18n.section_name(sections[0], lang) if sections
               else i18n.messages(lang).gettext("Latest news"))
    info = FeedInfo(
        title=f"{web.settings.site_name} · {heading}", lang=lang,
        home_url=absolute_url(request, home_path(lang)),
        self_url=absolute_url(request, feed_path(lang, fmt, sections[0] if sections else None)),
        updated=max((item.updated for item in items), default=web.started_at),
        author=web.settings.site_name,
    )
    return info, items


def _xml(fmt: str, media_type: str,
         build: Callable[[FeedInfo, list[FeedItem]], bytes]) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        return Response(build(*_feed(request, fmt)), media_type=f"{media_type}; charset=utf-8",
                        headers={"Cache-Control": FEED_CACHE})

    return handler


def json_handler(request: Request) -> Response:
    return JSONResponse(json_feed(*_feed(request, "json")), media_type=JSON_FEED_TYPE,
                        headers={"Cache-Control": FEED_CACHE})


_HANDLERS = {"rss": _xml("rss", RSS_TYPE, rss_document),
             "atom": _xml("atom", ATOM_TYPE, atom_document), "json": json_handler}

routes = [
    *(Route(f"/{{lang}}/{name}", _HANDLERS[fmt], name=f"feed_{fmt}")
      for fmt, name in FEED_FILES.items()),
    *(Route(f"/{{lang}}/{{section}}/{name}", _HANDLERS[fmt], name=f"section_feed_{fmt}")
      for fmt, name in FEED_FILES.items()),
]
