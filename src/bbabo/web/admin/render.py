"""Rendering a console page: the console's templates, the site's stylesheet and CSP (with
framing and form targets shut as well), never stored by any cache, never indexed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bbabo.store.accounts import Session
from bbabo.web.admin.state import console_of
from bbabo.web.security import SECURITY_HEADERS

__all__ = ["admin_headers", "render_admin", "back_to", "NAV"]

# The site's policy, plus: no page may frame the console (clickjacking), and its forms post
# only to this site.
# The site's policy (which already forbids framing) and forms posting only to the console.
_CSP = SECURITY_HEADERS["Content-Security-Policy"] + "; form-action 'self'"

# (path, label, role) of the console's menu.
NAV = (("/admin/", "Dashboard", "editor"), ("/admin/review", "Review", "editor"),
       ("/admin/glossary", "Glossary", "editor"), ("/admin/sources", "Sources", "admin"),
       ("/admin/models", "Models", "admin"), ("/admin/users", "Users", "admin"),
       ("/admin/audit", "Audit log", "admin"))


def admin_headers() -> dict[str, str]:
    return {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow",
            "Content-Security-Policy": _CSP, "X-Frame-Options": "DENY"}


def render_admin(request: Request, template: str, *, session: Session | None,
                 status_code: int = 200, headers: Mapping[str, str] | None = None,
                 **context: Any) -> Response:
    console = console_of(request)
    nav = [(href, label, href == request.url.path) for href, label, role in NAV
           if session is not None and (role == "editor" or session.user.role == "admin")]
    page = {"site_name": console.settings.site_name, "session": session, "nav": nav,
            "csrf_token": session.csrf_token if session else "", "refresh": None,
            "notice": None, **context}
    return console.templates.TemplateResponse(
        request, template, page, status_code=status_code,
        headers={**admin_headers(), **(headers or {})})


def back_to(path: str, **query: str) -> Response:
    """After a change, 303 to the page showing it (so a reload does not post again)."""
    target = path + ("?" + urlencode(query) if query else "")
    return RedirectResponse(target, status_code=303, headers=admin_headers())
