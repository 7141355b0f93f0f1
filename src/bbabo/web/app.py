"""The web site: ``create_app(settings, store)`` returns the ASGI application."""

from __future__ import annotations

import logging

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.web import i18n
from bbabo.web.context import Web, render, ui_lang, web_of
from bbabo.web.routes import article, home, status
from bbabo.web.security import SECURITY_HEADERS, SecurityHeadersMiddleware

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(settings: Settings, store: Store) -> Starlette:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bbabo.web", "templates"),
        # Everything shown comes from other people's web pages: escape all of it, always.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app = Starlette(
        routes=[
            Mount("/static", StaticFiles(packages=[("bbabo.web", "static")]), name="static"),
            *status.routes,
            *home.routes,
            *article.routes,
        ],
        middleware=[Middleware(SecurityHeadersMiddleware)],
        exception_handlers={HTTPException: _http_error, 500: _server_error},
    )
    app.router.redirect_slashes = False
    app.state.web = Web(settings=settings, store=store, templates=Jinja2Templates(env=env))
    return app


def _path_lang(request: Request) -> str:
    first = request.url.path.strip("/").split("/", 1)[0]
    return ui_lang(web_of(request), first)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    lang = _path_lang(request)
    not_found = exc.status_code == 404
    return render(
        request, "error.html", lang=lang, status_code=exc.status_code, headers=exc.headers,
        title=i18n.gettext(lang, "not_found_title" if not_found else "http_error_title"),
        message=i18n.gettext(lang, "not_found_text") if not_found else exc.detail,
    )


def _server_error(request: Request, exc: Exception) -> Response:
    # Starlette re-raises after this handler so the server sees the failure too; we log here
    # so the traceback lands in bbabo's log with the path, whatever server runs the app.
    log.error("unhandled error serving %s", request.url.path, exc_info=exc,
              extra={"url": str(request.url)})
    lang = _path_lang(request)
    # This response leaves through ServerErrorMiddleware, outside our middleware stack.
    return render(
        request, "error.html", lang=lang, status_code=500, headers=SECURITY_HEADERS,
        title=i18n.gettext(lang, "error_title"), message=i18n.gettext(lang, "error_text"),
    )
