"""Machine endpoints: a liveness probe and the counts operators watch."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bbabo.pipeline.status import build_status
from bbabo.web.context import web_of
from bbabo.web.views import site_link

__all__ = ["routes"]

# Probes and operators want the present state, never a cached copy.
_NO_STORE = {"Cache-Control": "no-store"}


def healthz(request: Request) -> Response:
    # Deliberately touches nothing: it answers "is the process serving", not "is the DB up".
    return JSONResponse({"status": "ok"}, headers=_NO_STORE)


def status(request: Request) -> Response:
    """The report ``bbabo status --json`` prints, less what needs the translator or the
    broker (engine discovery, a broker round trip: not for a probe polled every few seconds),
    and without the addresses and messages that may hold private tokens (see ``_public``)."""
    web = web_of(request)
    report = build_status(web.store, targets=web.settings.target_languages, now=web.clock(),
                          celery=bool(web.settings.broker_url))
    return JSONResponse(_public(report.as_json()), headers=_NO_STORE)


def _public(report: dict[str, Any]) -> dict[str, Any]:
    """The report as anyone may read it. A failing source is named by its web site, as the API
    names it, never by its feed URL, whose path or query may hold the operator's private token;
    a failed page by its site too (a private feed's item links carry the same token). Error
    messages are left out, keeping their codes: they quote addresses (a redirect's Location,
    as the server sent it) in forms no scrubbing can be sure to catch. ``bbabo status`` and the
    console, which only the operator reads, show all of it."""
    for source in report["sources"]["failing"]:
        source["site_url"] = site_link(None, source.pop("url"))
        source.pop("error", None)
    report["recent_page_failures"] = [
        {"site_url": site_link(None, failure["url"]), "code": failure["code"]}
        for failure in report["recent_page_failures"]]
    return report


routes = [
    Route("/healthz", healthz, name="healthz"),
    Route("/-/status.json", status, name="status"),
]
