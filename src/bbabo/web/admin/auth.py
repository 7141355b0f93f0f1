"""Who may do what in the console, checked on every request by the route wrappers here.

``page(role)`` wraps a GET handler: no session answers 303 to the sign-in page (401 for
JSON), a session without the role 403. ``action(role)`` wraps a state-changing POST: the same,
then the request must come from this site (``Origin``, else ``Referer``, when the browser sends
one) and carry its session's ``csrf_token`` field, else 403. Handlers are plain functions run
in the thread pool (they talk to the store, and may hash passwords or fetch a feed)."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from bbabo.errors import BbaboError
from bbabo.pipeline.accounts import SESSION_LIFETIME
from bbabo.store.accounts import Session
from bbabo.web.admin.render import admin_headers, render_admin
from bbabo.web.admin.state import console_of

__all__ = ["SESSION_COOKIE", "LOGIN_COOKIE", "COOKIE_PATH", "page", "action", "session_of",
           "same_origin", "is_https", "set_session_cookie", "clear_session_cookie",
           "client_address", "wants_json", "audit", "forbidden", "allowed", "Handler",
           "ActionHandler"]

log = logging.getLogger(__name__)

SESSION_COOKIE = "bbabo_session"
LOGIN_COOKIE = "bbabo_login"  # the sign-in form's CSRF token, before there is a session
COOKIE_PATH = "/admin"  # never sent with a public page: the page cache is not affected
_FORM_LIMITS = {"max_files": 1, "max_fields": 2000, "max_part_size": 4 * 2**20}

Handler = Callable[[Request, Session], Response]
ActionHandler = Callable[[Request, Session, FormData], Response]
Endpoint = Callable[[Request], Awaitable[Response]]


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.endswith(".json") or ("application/json" in accept
                                                  and "text/html" not in accept)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def is_https(request: Request) -> bool:
    """Cookies are ``Secure`` when the site is served over https: its public address says
    so, or this request came that way (uvicorn takes the scheme from a trusted proxy)."""
    public = console_of(request).settings.public_url
    return public.startswith("https://") or request.url.scheme == "https"


def session_of(request: Request) -> Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    return console_of(request).accounts.session(token) if token else None


def allowed(session: Session, role: str) -> bool:
    return role == "editor" or session.user.role == "admin"


def same_origin(request: Request) -> bool:
    """The browser's word on where a form was sent from, when it gives one, matches this
    site (the host it was asked for, or its public address)."""
    hosts = {request.headers.get("host", "")}
    public = console_of(request).settings.public_url
    if public:
        hosts.add(urlsplit(public).netloc)
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value is not None:
            return value != "null" and urlsplit(value).netloc in hosts
    return True


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()),
                        path=COOKIE_PATH, httponly=True, samesite="lax",
                        secure=is_https(request))


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, httponly=True, samesite="lax",
                           secure=is_https(request))


def audit(request: Request, session: Session | None, action_name: str, target: str = "",
          detail: str = "") -> None:
    console = console_of(request)
    console.store.audit.record(username=session.user.username if session else "-",
                               action=action_name, target=target, detail=detail,
                               address=client_address(request), now=console.clock())


def forbidden(request: Request, session: Session | None, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=403, headers=admin_headers())
    return render_admin(request, "message.html", session=session, status_code=403,
                        title="Not allowed", message=message)


def _unauthenticated(request: Request) -> Response:
    if wants_json(request):
        return JSONResponse({"error": "sign in first"}, status_code=401,
                            headers={**admin_headers(), "WWW-Authenticate": "Cookie"})
    target = "/admin/login"
    if request.method == "GET" and request.url.path not in {"/admin/", "/admin"}:
        target += "?next=" + quote(request.url.path, safe="/")
    response = RedirectResponse(target, status_code=303, headers=admin_headers())
    if SESSION_COOKIE in request.cookies:  # an ended session: forget the cookie too
        clear_session_cookie(response, request)
    return response


def page(role: str) -> Callable[[Handler], Endpoint]:
    """A page for ``role`` ("editor": every signed-in user; "admin": admins only)."""
    def wrap(handler: Handler) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            session = await run_in_threadpool(session_of, request)
            if session is None:
                return _unauthenticated(request)
            if not allowed(session, role):
                return forbidden(request, session, "This page is for administrators.")
            return await run_in_threadpool(_guarded, handler, request, session)
        endpoint.__name__ = handler.__name__
        return endpoint
    return wrap


def action(role: str) -> Callable[[ActionHandler], Endpoint]:
    """A state-changing request for ``role``, its form parsed and its CSRF token checked."""
    def wrap(handler: ActionHandler) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            session = await run_in_threadpool(session_of, request)
            if session is None:
                return _unauthenticated(request)
            if not allowed(session, role):
                await run_in_threadpool(audit, request, session, "refused",
                                        request.url.path, "needs the admin role")
                return forbidden(request, session, "This action is for administrators.")
            if not same_origin(request):
                return forbidden(request, session, "This form was not sent from this site.")
            async with request.form(**_FORM_LIMITS) as form:
                sent = form.get("csrf_token")
                if not isinstance(sent, str) or not hmac.compare_digest(
                        sent.encode(), session.csrf_token.encode()):
                    return forbidden(request, session, "The form's security token is missing "
                                     "or out of date: reload the page and try again.")
                return await run_in_threadpool(_guarded_action, handler, request, session,
                                               form)
        endpoint.__name__ = handler.__name__
        return endpoint
    return wrap


def _guarded(handler: Handler, request: Request, session: Session) -> Response:
    try:
        return handler(request, session)
    except BbaboError as exc:
        return _failure(request, session, exc)


def _guarded_action(handler: ActionHandler, request: Request, session: Session,
                    form: FormData) -> Response:
    try:
        return handler(request, session, form)
    except BbaboError as exc:
        return _failure(request, session, exc)


def _failure(request: Request, session: Session, exc: BbaboError) -> Response:
    """A mistake in what was asked (a bad URL, an unknown name): one message, status 400."""
    log.info("console request refused: %s", exc, extra={"code": exc.code})
    if wants_json(request):
        return JSONResponse({"error": str(exc), "code": exc.code}, status_code=400,
                            headers=admin_headers())
    return render_admin(request, "message.html", session=session, status_code=400,
                        title="That did not work", message=str(exc))
