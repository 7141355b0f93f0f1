"""Source pages: ``/{lang}/source/{id}``, an outlet and its newest articles readable in a
language, then ``/{lang}/source/{id}/page/{n}/``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo.errors import RecordMissing
from bbabo.model import Source
from bbabo.publish.urls import json_twin, source_path
from bbabo.web.context import absolute_url, publishes, respond, web_of
from bbabo.web.routes.paging import Pager, legacy_page_redirect, page_param
from bbabo.web.seo import website_seo
from bbabo.web.views import article_card, lang_links, site_link

__all__ = ["routes", "PAGE_SIZE", "SourceView"]

PAGE_SIZE = 30


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceView:
    id: int
    name: str
    site_url: str | None
    language: str | None


def _view(source: Source) -> SourceView:
    # An outlet without a configured name is known by its host, as on article pages.
    site = site_link(source.site_url, source.url)
    name = source.name or urlsplit(source.site_url or source.url).hostname or str(source.id)
    return SourceView(id=source.id, name=name, site_url=site, language=source.lang_hint)


def _source(request: Request) -> Source:
    raw = request.path_params["id"]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise HTTPException(404)
    try:
        return web_of(request).store.sources.get(int(raw))
    except RecordMissing:
        raise HTTPException(404) from None


def source(request: Request) -> Response:
    web = web_of(request)
    lang = request.path_params["lang"]
    page = page_param(request)
    if not publishes(web, lang):
        raise HTTPException(404)
    found_source = _source(request)
    if (moved := legacy_page_redirect(
            request, lambda n: source_path(lang, found_source.id, n))) is not None:
        return moved
    found = web.store.articles.latest(lang, source_id=found_source.id, limit=PAGE_SIZE + 1,
                                      offset=(page - 1) * PAGE_SIZE)
    if page > 1 and not found:
        raise HTTPException(404)
    view = _view(found_source)
    codes = list(dict.fromkeys((*web.settings.target_languages, lang)))
    path = source_path(lang, view.id, page)
    cards = [article_card(article, lang) for article in found[:PAGE_SIZE]]
    return respond(
        request, "source.html", lang=lang,
        data={"source": view, "page": page,
              "pager": Pager.of(page, len(found) > PAGE_SIZE,
                                lambda n: source_path(lang, view.id, n)),
              "cards": cards},
        switcher=lang_links(codes, lang, lambda code: source_path(code, view.id)),
        canonical=path, x_default=source_path(web.settings.default_language, view.id),
        seo=website_seo(title=view.name, site_name=web.settings.site_name,
                        url=absolute_url(request, path),
                        headlines=[card.title for card in cards]),
    )


routes = [
    Route("/{lang}/source/{id}.json", source, name="source_json"),
    Route("/{lang}/source/{id}", source, name="source"),
    Route("/{lang}/source/{id}/page/{page}/", source, name="source_page"),
    Route(json_twin("/{lang}/source/{id}/page/{page}/"), source, name="source_page_json"),
]
