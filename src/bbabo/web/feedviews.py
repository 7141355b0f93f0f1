"""What every feed of the site shares: its size, its caching, its items, and its three answers
(RSS 2.0, Atom, JSON Feed 1.1) from one function that gathers its entries. The language and
section feeds (``routes/feeds.py``) and a story's feeds (``routes/stories.py``) differ only in
that function."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bbabo.model import StoredArticle
from bbabo.publish.urls import section_segment
from bbabo.web import i18n
from bbabo.web.context import absolute_url
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

__all__ = ["FEED_SIZE", "FEED_CACHE", "FeedBuilder", "feed_item", "feed_handlers"]

FEED_SIZE = 50
# Readers poll often; five minutes keeps them close to the news without re-rendering per poll.
FEED_CACHE = "public, max-age=300"

# A feed's heading and entries for a request, given the format asked for (its self link names it).
FeedBuilder = Callable[[Request, str], tuple[FeedInfo, list[FeedItem]]]
Handler = Callable[[Request], Response]


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


def feed_handlers(build: FeedBuilder) -> dict[str, Handler]:
    """The handler of each format (the keys of ``publish.urls.FEED_FILES``) of one feed."""

    def xml(fmt: str, media_type: str,
            document: Callable[[FeedInfo, list[FeedItem]], bytes]) -> Handler:
        def handler(request: Request) -> Response:
            return Response(document(*build(request, fmt)),
                            media_type=f"{media_type}; charset=utf-8",
                            headers={"Cache-Control": FEED_CACHE})

        return handler

    def json_handler(request: Request) -> Response:
        return JSONResponse(json_feed(*build(request, "json")), media_type=JSON_FEED_TYPE,
                            headers={"Cache-Control": FEED_CACHE})

    return {"rss": xml("rss", RSS_TYPE, rss_document),
            "atom": xml("atom", ATOM_TYPE, atom_document), "json": json_handler}
