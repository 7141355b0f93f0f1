"""The front pages: ``/`` and the newest articles in one language, ``/{lang}/``."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bbabo.web import i18n
from bbabo.web.context import absolute_url, publishes, render, web_of
from bbabo.web.seo import website_seo
from bbabo.web.urls import home_path, page_number
from bbabo.web.views import article_card, lang_links

__all__ = ["routes", "PAGE_SIZE"]

PAGE_SIZE = 30


def root(request: Request) -> Response:
    return RedirectResponse(home_path(web_of(request).settings.default_language),
                            status_code=302)


def home_without_slash(request: Request) -> Response:
    # Starlette's redirect_slashes is off: it would bounce /favicon.ico to /favicon.ico/ first.
    lang = request.path_params["lang"]
    if not publishes(web_of(request), lang):
        raise HTTPException(404)
    return RedirectResponse(home_path(lang), status_code=301)


def home(request: Request) -> Response:
    web = web_of(request)
    lang = request.path_params["lang"]
    page = page_number(request.query_params.get("page", "1"))
    if page is None or not publishes(web, lang):
        raise HTTPException(404)
    # One extra row tells whether an older page exists without a COUNT query.
    found = web.store.articles.latest(lang, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    if page > 1 and not found:
        raise HTTPException(404)
    codes = list(web.settings.target_languages)
    if lang not in codes:
        codes.append(lang)
    return render(
        request, "home.html", lang=lang,
        cards=[article_card(article, lang) for article in found[:PAGE_SIZE]],
        page=page,
        newer_href=_page_href(lang, page - 1) if page > 1 else None,
        older_href=_page_href(lang, page + 1) if len(found) > PAGE_SIZE else None,
        switcher=lang_links(codes, lang, home_path),
        canonical=_page_href(lang, page), x_default="/",
        seo=website_seo(title=i18n.gettext(lang, "latest"), site_name=web.settings.site_name,
                        url=absolute_url(request, _page_href(lang, page))),
    )


def _page_href(lang: str, page: int) -> str:
    return home_path(lang) if page == 1 else f"{home_path(lang)}?page={page}"


routes = [
    Route("/", root, name="root"),
    Route("/{lang}", home_without_slash, name="home_without_slash"),
    Route("/{lang}/", home, name="home"),
]
