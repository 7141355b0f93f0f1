"""Machine endpoints: a liveness probe and the counts operators watch."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bbabo.pipeline.status import build_status
from bbabo.web.context import web_of

__all__ = ["routes"]

# Probes and operators want the present state, never a cached copy.
_NO_STORE = {"Cache-Control": "no-store"}


def healthz(request: Request) -> Response:
    # Deliberately touches nothing: it answers "is the process serving", not "is the DB up".
    return JSONResponse({"status": "ok"}, headers=_NO_STORE)


def status(request: Request) -> Response:
    """The report ``bbabo status --json`` prints, less what needs the translator or the
    broker (engine discovery, a broker round trip: not for a probe polled every few seconds)."""
    web = web_of(request)
    report = build_status(web.store, targets=web.settings.target_languages, now=web.clock(),
                          celery=bool(web.settings.broker_url))
    return JSONResponse(report.as_json(), headers=_NO_STORE)


routes = [
    Route("/healthz", healthz, name="healthz"),
    Route("/-/status.json", status, name="status"),
]
