"""The glossary (editors): ``/admin/glossary`` lists the names per language, the glossary's and
the spellings learned from the articles; a name is added or changed (which, like pinning a
learned one, respells the published translations in place), or removed."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo import langs
from bbabo.errors import UsageError
from bbabo.pipeline.names import pin_name
from bbabo.store.accounts import Session
from bbabo.web.admin.auth import action, audit, page
from bbabo.web.admin.filters import language_or_none
from bbabo.web.admin.render import back_to, render_admin
from bbabo.web.admin.state import console_of

__all__ = ["routes"]

_LEARNED_SHOWN = 300
_DONE = {"set": "Saved; published translations were respelled.", "removed": "Removed.",
         "pinned": "Pinned; published translations were respelled."}


def _field(form: FormData, name: str, limit: int = 200) -> str:
    value = str(form.get(name, "")).strip()
    if not value or len(value) > limit:
        raise UsageError(f"{name}: 1 to {limit} characters, please", code="usage.bad_field")
    return value


@page("editor")
def glossary(request: Request, session: Session) -> Response:
    console = console_of(request)
    lang = language_or_none(request.query_params.get("lang"))
    terms = [t for t in console.store.glossary.all() if lang is None or t[1] == lang]
    pinned = {(source, code) for source, code, _ in terms}
    learned = [name for name in console.store.names.all(lang)
               if (name.source, name.lang) not in pinned][:_LEARNED_SHOWN]
    return render_admin(request, "glossary.html", session=session, title="Glossary",
                        terms=terms, learned=learned, lang=lang or "",
                        languages=console.settings.target_languages, shown=_LEARNED_SHOWN,
                        notice=_DONE.get(request.query_params.get("done", "")))


def _back(lang: str, done: str) -> Response:
    return back_to("/admin/glossary", lang=lang, done=done)


def _pin(request: Request, session: Session, form: FormData, *, typed: bool) -> Response:
    """Adding or changing a name (``typed``: the editor wrote its spelling) and pinning a
    learned one are the same act: the name is pinned, its translations respelled, audited."""
    console = console_of(request)
    # Checked in the form's order, so the first bad field is the one the message names.
    source = _field(form, "source")
    target = _field(form, "target") if typed else None
    lang = langs.normalize(_field(form, "lang", 16))
    report = pin_name(console.store, source, lang, target, now=console.clock(),
                      editor=session.user.username)
    audit(request, session, "glossary.set" if typed else "glossary.pin", f"{source} ({lang})",
          f"→ {report.spelling}; {report.respelled} translation(s) respelled")
    return _back(lang, "set" if typed else "pinned")


@action("editor")
def set_term(request: Request, session: Session, form: FormData) -> Response:
    return _pin(request, session, form, typed=True)


@action("editor")
def pin(request: Request, session: Session, form: FormData) -> Response:
    return _pin(request, session, form, typed=False)


@action("editor")
def remove(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    source, lang = _field(form, "source"), langs.normalize(_field(form, "lang", 16))
    if not console.store.glossary.remove(source, lang):
        raise UsageError(f"no glossary term {source!r} for {lang}", code="usage.unknown_term")
    audit(request, session, "glossary.remove", f"{source} ({lang})")
    return _back(lang, "removed")


routes = [
    Route("/admin/glossary", glossary, name="admin_glossary"),
    Route("/admin/glossary", set_term, methods=["POST"], name="admin_glossary_set"),
    Route("/admin/glossary/pin", pin, methods=["POST"], name="admin_glossary_pin"),
    Route("/admin/glossary/remove", remove, methods=["POST"], name="admin_glossary_remove"),
]
