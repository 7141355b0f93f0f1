"""CORS for the JSON API: any web page may read it, since it only serves what is public.

Only ``/api/`` is opened; the HTML site stays same-origin. No credentials are involved, so
the wildcard origin is both allowed and enough."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ApiCorsMiddleware", "API_PREFIX", "CORS_HEADERS"]

API_PREFIX = "/api/"

CORS_HEADERS: dict[str, str] = {
    "Access-Control-Allow-Origin": "*",
    # Scripts may read the validator to send If-None-Match themselves.
    "Access-Control-Expose-Headers": "ETag",
}

_PREFLIGHT_HEADERS: dict[str, str] = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    # If-None-Match is not CORS-safelisted, so a conditional fetch needs a preflight.
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Max-Age": "86400",
}


class ApiCorsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        if (scope["method"] == "OPTIONS"
                and "access-control-request-method" in request_headers):
            await Response(status_code=204, headers=_PREFLIGHT_HEADERS)(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in CORS_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_cors)
