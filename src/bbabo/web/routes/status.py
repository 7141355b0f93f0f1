"""Machine endpoints: a liveness probe and the counts operators watch."""

from __future__ import annotations

import re
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


# Any web address in an error message: a feed's path or query may hold a private token.
_ADDRESS = re.compile(r"""https?://[^\s'"<>]+""")


def status(request: Request) -> Response:
    """The report ``bbabo status --json`` prints, less what needs the translator or the
    broker (engine discovery, a broker round trip: not for a probe polled every few seconds),
    and without the feed URLs bbabo reads (see ``_public``)."""
    web = web_of(request)
    report = build_status(web.store, targets=web.settings.target_languages, now=web.clock(),
                          celery=bool(web.settings.broker_url))
    return JSONResponse(_public(report.as_json()), headers=_NO_STORE)


def _public(report: dict[str, Any]) -> dict[str, Any]:
    """The report as anyone may read it: a failing source is named by its web site, as the
    API names it, never by its feed URL, whose path or query may hold the operator's private
    token; addresses inside its error message keep only their origin. (``bbabo status`` and
    the console, which only the operator reads, show the feed.)"""
    for source in report["sources"]["failing"]:
        source["site_url"] = site_link(None, source.pop("url"))
        if source.get("error"):
            source["error"] = _ADDRESS.sub(_origin, source["error"])
    return report


def _origin(match: re.Match[str]) -> str:
    address = match.group().rstrip(").,;:!?")  # the sentence's punctuation, not the URL's
    tail = match.group()[len(address):]
    return (site_link(None, address) or "(an address)") + tail


routes = [
    Route("/healthz", healthz, name="healthz"),
    Route("/-/status.json", status, name="status"),
]
