"""Response headers that make the browser refuse what the site never does itself."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bbabo.config import Settings

__all__ = ["SECURITY_HEADERS", "SecurityHeadersMiddleware", "security_headers", "HSTS"]

# The templates carry no inline script or style, so the policy can forbid both outright; no
# page is meant to be shown inside another site's frame (clickjacking).
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: https:; "
                               "style-src 'self'; frame-ancestors 'none'",
}
HSTS = "max-age=31536000"
"""A site whose public address is https asks browsers to use https only, for a year. (Not
``includeSubDomains``: the other names under the domain are not bbabo's to commit.)"""


def security_headers(settings: Settings) -> dict[str, str]:
    """The headers every response carries, for a site at ``settings.site_url``; the README's
    nginx snippet sends the same for the static copy (a test keeps them equal)."""
    if settings.site_url.startswith("https://"):
        return {**SECURITY_HEADERS, "Strict-Transport-Security": HSTS}
    return dict(SECURITY_HEADERS)


class SecurityHeadersMiddleware:
    """Pure ASGI rather than BaseHTTPMiddleware, so responses are not buffered or re-wrapped."""

    def __init__(self, app: ASGIApp, *, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = SECURITY_HEADERS if headers is None else headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
