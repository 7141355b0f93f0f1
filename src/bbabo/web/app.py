"""The web site: ``create_app(settings, store)`` returns the ASGI application.

``clock`` is the one source of "now" (the news sitemap's window); tests pass a fixed one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bbabo.config import Settings
from bbabo.embed import Embedder
from bbabo.pipeline.xsearch import CrossSearch, shared_embedder
from bbabo.store import Store
from bbabo.web import admin, i18n
from bbabo.web.admin import ConsoleOptions, build_console
from bbabo.web.caching import ETagMiddleware
from bbabo.web.context import Web, render, ui_lang, wants_json, web_of
from bbabo.web.cors import API_PREFIX, CORS_HEADERS, ApiCorsMiddleware
from bbabo.web.pagecache import PageCache
from bbabo.web.routes import (
    api,
    article,
    crawlers,
    feeds,
    home,
    metrics,
    search,
    sections,
    sources,
    status,
    stories,
    websub,
)
from bbabo.web.security import SecurityHeadersMiddleware, security_headers
from bbabo.web.sitedata import SiteData

__all__ = ["create_app", "DATA_CHECK_EVERY"]

log = logging.getLogger(__name__)

# A change shows at most this late; under load the page cache then costs no query per hit.
DATA_CHECK_EVERY = 0.25


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(settings: Settings, store: Store, *,
               clock: Callable[[], datetime] = _utc_now, page_cache: bool = True,
               data_check_every: float = DATA_CHECK_EVERY,
               can_translate: Callable[[str, str], bool] | None = None,
               on_delivery: Callable[[], None] = lambda: None,
               console: ConsoleOptions | None = None,
               embedder: Callable[[], Embedder] | None = None) -> Starlette:
    """``page_cache`` keeps rendered pages in memory until the data changes (``pagecache``),
    which is looked at every ``data_check_every`` seconds at most; exporting the site turns
    the cache off, as every page is rendered once anyway. ``can_translate`` (the translator's)
    lets a language's page tell the operator which pairs lack a model. ``on_delivery`` is
    called when a WebSub hub delivered entries (they wait in the fetch queue). ``console``:
    what the operator console (``/admin/``) shares with the process (``bbabo run``'s
    translator). ``embedder``: makes the multilingual embedder search embeds queries with (by
    default the process's shared one, made only when there are vectors to search)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bbabo.web", "templates"),
        # Everything shown comes from other people's web pages: escape all of it, always.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Outermost first: the page cache answers before anything else runs; security headers
    # go on everything, 304s and gzip included; the ETag is taken from the identity body.
    headers = security_headers(settings)
    middleware = [Middleware(SecurityHeadersMiddleware, headers=headers),
                  Middleware(ApiCorsMiddleware),
                  Middleware(GZipMiddleware), Middleware(ETagMiddleware)]
    if page_cache:
        middleware.insert(0, Middleware(PageCache, version=store.changes.data_version,
                                        check_every=data_check_every))
    app = Starlette(
        routes=[
            Mount("/static", StaticFiles(packages=[("bbabo.web", "static")]), name="static"),
            # The API claims all of /api/, so no HTML route answers a mistyped API path.
            *api.routes,
            *status.routes,
            *metrics.routes,
            *websub.routes,
            # Before home's /{lang}/ and the article routes, which would take /admin/....
            *admin.routes,
            # Before home's /{lang}, which would otherwise take /robots.txt.
            *crawlers.routes,
            *home.routes,
            # Before the section and article routes, which would take /{lang}/feed.xml,
            # /{lang}/search, /{lang}/source/{id} and /{lang}/{section}/feed.xml.
            *feeds.routes,
            # Before the section and article routes, which would take /{lang}/story/....
            *stories.routes,
            *search.routes,
            *sources.routes,
            *sections.routes,
            *article.routes,
        ],
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, 500: _server_error},
    )
    app.router.redirect_slashes = False
    app.state.web = Web(settings=settings, store=store, templates=Jinja2Templates(env=env),
                        clock=clock, started_at=clock(), site=SiteData(store),
                        base_url=settings.site_url, security_headers=headers,
                        finder=CrossSearch(store, embedder=embedder or shared_embedder),
                        can_translate=can_translate, on_delivery=on_delivery)
    app.state.console = build_console(settings, store, clock=clock,
                                      options=console or ConsoleOptions())
    return app


def _path_lang(request: Request) -> str:
    first = request.url.path.strip("/").split("/", 1)[0]
    return ui_lang(web_of(request), first)


def _is_api(request: Request) -> bool:
    """The API and every page's .json twin answer errors in JSON."""
    return request.url.path.startswith(API_PREFIX) or wants_json(request)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _is_api(request):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code,
                            headers=exc.headers)
    lang = _path_lang(request)
    ui = i18n.messages(lang)
    not_found = exc.status_code == 404
    return render(
        request, "error.html", lang=lang, status_code=exc.status_code, headers=exc.headers,
        title=(ui.gettext("Page not found") if not_found
               else ui.gettext("The request could not be served")),
        message=ui.gettext("There is nothing at this address.") if not_found else exc.detail,
    )


def _server_error(request: Request, exc: Exception) -> Response:
    # Starlette re-raises after this handler so the server sees the failure too; we log here
    # so the traceback lands in bbabo's log with the path, whatever server runs the app.
    log.error("unhandled error serving %s", request.url.path, exc_info=exc,
              extra={"url": str(request.url)})
    # This response leaves through ServerErrorMiddleware, outside our middleware stack.
    if _is_api(request):
        return JSONResponse({"error": "internal server error"}, status_code=500,
                            headers={**web_of(request).security_headers, **CORS_HEADERS})
    lang = _path_lang(request)
    ui = i18n.messages(lang)
    return render(
        request, "error.html", lang=lang, status_code=500,
        headers=web_of(request).security_headers,
        with_nav=False,
        title=ui.gettext("Something went wrong"),
        message=ui.gettext("The server could not answer this request. Please try again later."),
    )
