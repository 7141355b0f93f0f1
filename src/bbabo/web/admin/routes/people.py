"""Users and the audit log (admins): ``/admin/users`` adds, removes and resets the password of
console users (as ``bbabo users`` does), ``/admin/audit`` shows every change made, newest
first."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo.errors import UsageError
from bbabo.pipeline.accounts import MIN_PASSWORD_LENGTH, ROLES, check_username
from bbabo.store.accounts import Session
from bbabo.web.admin.auth import action, audit, page
from bbabo.web.admin.render import back_to, render_admin
from bbabo.web.admin.state import console_of

__all__ = ["routes"]

AUDIT_PAGE = 100
_DONE = {"added": "User added.", "removed": "User removed; their sessions ended.",
         "password": "Password changed; their sessions ended."}


@page("admin")
def users_page(request: Request, session: Session) -> Response:
    console = console_of(request)
    return render_admin(request, "users.html", session=session, title="Users",
                        users=console.store.users.list(), roles=ROLES,
                        min_length=MIN_PASSWORD_LENGTH,
                        notice=_DONE.get(request.query_params.get("done", "")))


def _new_password(form: FormData) -> str:
    password, again = str(form.get("password", "")), str(form.get("confirm", ""))
    if password != again:
        raise UsageError("the two passwords differ", code="usage.password_mismatch")
    return password


@action("admin")
def add_user(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    user = console.accounts.add(str(form.get("username", "")), role=str(form.get("role", "")),
                                password=_new_password(form))
    audit(request, session, "user.add", user.username, f"role {user.role}")
    return back_to("/admin/users", done="added")


@action("admin")
def remove_user(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    name = check_username(request.path_params["username"])
    if name == session.user.username:
        raise UsageError("you cannot remove yourself; another admin can",
                         code="usage.remove_self")
    console.accounts.remove(name)
    audit(request, session, "user.remove", name)
    return back_to("/admin/users", done="removed")


@action("admin")
def set_password(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    name = check_username(request.path_params["username"])
    console.accounts.set_password(name, _new_password(form))
    audit(request, session, "user.passwd", name)
    if name == session.user.username:  # their own sessions ended, this one with them
        return back_to("/admin/login")
    return back_to("/admin/users", done="password")


@page("admin")
def audit_page(request: Request, session: Session) -> Response:
    console = console_of(request)
    before = request.query_params.get("before", "")
    who = request.query_params.get("user") or None
    entries = console.store.audit.recent(limit=AUDIT_PAGE + 1,
                                         before_id=int(before) if before.isdigit() else None,
                                         username=who)
    return render_admin(request, "audit.html", session=session, title="Audit log",
                        entries=entries[:AUDIT_PAGE], user=who or "",
                        older=entries[AUDIT_PAGE - 1].id if len(entries) > AUDIT_PAGE else None)


_ONE = "/admin/users/{username}"
routes = [
    Route("/admin/users", users_page, name="admin_users"),
    Route("/admin/users", add_user, methods=["POST"], name="admin_users_add"),
    Route(_ONE + "/remove", remove_user, methods=["POST"], name="admin_user_remove"),
    Route(_ONE + "/password", set_password, methods=["POST"], name="admin_user_password"),
    Route("/admin/audit", audit_page, name="admin_audit"),
]
