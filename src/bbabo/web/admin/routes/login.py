"""Signing in and out: ``/admin/login`` (form fields ``username``, ``password``,
``csrf_token``) and ``POST /admin/logout``.

Before there is a session, the sign-in form's CSRF token is a random value the browser holds
in an HttpOnly cookie and sends back in the form (a double submit): a page elsewhere can make
a browser post to us but cannot read or set that cookie. Too many failures answer 429 with
``Retry-After`` (``pipeline.accounts``)."""

from __future__ import annotations

import hmac
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bbabo.pipeline.accounts import SignIn, SignInOutcome
from bbabo.web.admin.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    audit,
    clear_session_cookie,
    client_address,
    forbidden,
    is_https,
    same_origin,
    session_of,
    set_session_cookie,
)
from bbabo.web.admin.render import admin_headers, render_admin
from bbabo.web.admin.state import console_of

__all__ = ["routes"]

_LOGIN_PATH = "/admin/login"


def _next(value: object) -> str:
    """Where to go after signing in: a console page of this site, nothing else."""
    if isinstance(value, str) and value.startswith("/admin/") and "//" not in value \
            and "\\" not in value and not value.startswith(_LOGIN_PATH):
        return value
    return "/admin/"


def _form(request: Request, *, status_code: int = 200, problem: str | None = None,
          username: str = "", next_path: str = "/admin/",
          headers: dict[str, str] | None = None) -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    response = render_admin(request, "login.html", session=None, status_code=status_code,
                            title="Sign in", problem=problem, username=username,
                            next=next_path, login_token=token, headers=headers)
    response.set_cookie(LOGIN_COOKIE, token, path=_LOGIN_PATH, httponly=True, samesite="lax",
                        secure=is_https(request))
    return response


async def login(request: Request) -> Response:
    if request.method == "GET":
        if await run_in_threadpool(session_of, request) is not None:
            return RedirectResponse("/admin/", status_code=303, headers=admin_headers())
        return _form(request, next_path=_next(request.query_params.get("next")))
    if not same_origin(request):
        return forbidden(request, None, "This form was not sent from this site.")
    async with request.form(max_files=0, max_fields=10, max_part_size=8192) as form:
        sent, cookie = form.get("csrf_token"), request.cookies.get(LOGIN_COOKIE)
        if not (isinstance(sent, str) and cookie
                and hmac.compare_digest(sent.encode(), cookie.encode())):
            return forbidden(request, None, "The sign-in form is out of date or cookies are "
                             "off: reload the page and try again.")
        username, password = str(form.get("username", "")), str(form.get("password", ""))
        next_path = _next(form.get("next"))
    result = await run_in_threadpool(_sign_in, request, username, password)
    if result.outcome is SignInOutcome.throttled:
        minutes = -(-result.retry_after_s // 60)
        return _form(request, status_code=429, username=result.username, next_path=next_path,
                     problem=f"Too many failed sign-ins. Try again in {minutes} minute(s).",
                     headers={"Retry-After": str(result.retry_after_s)})
    if result.outcome is SignInOutcome.wrong or result.token is None:
        return _form(request, status_code=401, username=result.username, next_path=next_path,
                     problem="Wrong user name or password.")
    response = RedirectResponse(next_path, status_code=303, headers=admin_headers())
    set_session_cookie(response, request, result.token)
    response.delete_cookie(LOGIN_COOKIE, path=_LOGIN_PATH, httponly=True, samesite="lax",
                           secure=is_https(request))
    return response


def _sign_in(request: Request, username: str, password: str) -> SignIn:
    result = console_of(request).accounts.sign_in(username, password,
                                                  address=client_address(request))
    what = {SignInOutcome.ok: "sign-in", SignInOutcome.wrong: "sign-in.failed",
            SignInOutcome.throttled: "sign-in.throttled"}[result.outcome]
    audit(request, None, what, result.username)
    return result


async def logout(request: Request) -> Response:
    session = await run_in_threadpool(session_of, request)
    response = RedirectResponse(_LOGIN_PATH, status_code=303, headers=admin_headers())
    if session is None:
        clear_session_cookie(response, request)
        return response
    if not same_origin(request):
        return forbidden(request, session, "This form was not sent from this site.")
    async with request.form(max_files=0, max_fields=10, max_part_size=8192) as form:
        sent = form.get("csrf_token")
        if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(),
                                                                session.csrf_token.encode()):
            return forbidden(request, session, "The form's security token is missing or out "
                             "of date: reload the page and try again.")
    token = request.cookies[SESSION_COOKIE]
    await run_in_threadpool(console_of(request).accounts.sign_out, token)
    await run_in_threadpool(audit, request, session, "sign-out", session.user.username)
    clear_session_cookie(response, request)
    return response


routes = [
    Route("/admin/login", login, methods=["GET", "POST"], name="admin_login"),
    Route("/admin/logout", logout, methods=["POST"], name="admin_logout"),
]
