"""Feeds per language, and per language and section: RSS 2.0, Atom and JSON Feed 1.1."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from bbabo.publish.urls import FEED_FILES, feed_path, home_path
from bbabo.web import i18n
from bbabo.web.context import Web, absolute_url, publishes, web_of
from bbabo.web.feedviews import FEED_SIZE, feed_handlers, feed_item
from bbabo.web.syndication import FeedInfo, FeedItem

__all__ = ["routes"]


def _section_names(web: Web, segment: str | None) -> list[str] | None:
    """The stored sections a URL segment stands for (several may share one slug)."""
    if segment is None:
        return None
    names = web.site.facts().sections_at(segment)
    if not names:
        raise HTTPException(404)
    return names


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


_HANDLERS = feed_handlers(_feed)

routes = [
    *(Route(f"/{{lang}}/{name}", _HANDLERS[fmt], name=f"feed_{fmt}")
      for fmt, name in FEED_FILES.items()),
    *(Route(f"/{{lang}}/{{section}}/{name}", _HANDLERS[fmt], name=f"section_feed_{fmt}")
      for fmt, name in FEED_FILES.items()),
]
