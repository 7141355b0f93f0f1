"""Machine endpoints: a liveness probe and the counts operators watch."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bbabo import __version__
from bbabo.web.context import web_of

__all__ = ["routes"]

# Probes and operators want the present state, never a cached copy.
_NO_STORE = {"Cache-Control": "no-store"}


def healthz(request: Request) -> Response:
    # Deliberately touches nothing: it answers "is the process serving", not "is the DB up".
    return JSONResponse({"status": "ok"}, headers=_NO_STORE)


def status(request: Request) -> Response:
    store = web_of(request).store
    return JSONResponse({
        "version": __version__,
        "articles": dict(sorted(store.articles.count_by_language().items())),
        "translations": dict(sorted(store.translations.count_by_language().items())),
    }, headers=_NO_STORE)


routes = [
    Route("/healthz", healthz, name="healthz"),
    Route("/-/status.json", status, name="status"),
]
