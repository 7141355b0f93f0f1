"""Review (editors): ``/admin/review`` lists the translations carrying QA flags, newest first,
by language and check; ``/admin/review/{id}/{lang}`` shows one beside its source with the
flagged spots marked, and its actions: release (a held one), re-translate, edit by hand."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo.errors import UsageError
from bbabo.pipeline.review import edit_translation, release_translation, retranslate
from bbabo.publish.urls import path_in
from bbabo.store.accounts import Session
from bbabo.web.admin.auth import action, audit, page
from bbabo.web.admin.compare import compare_rows
from bbabo.web.admin.filters import language_or_none
from bbabo.web.admin.render import back_to, render_admin
from bbabo.web.admin.state import console_of

__all__ = ["routes"]

PAGE_SIZE = 50
_DONE = {
    "edited": "Your correction is published: the page says it was corrected by the editors.",
    "released": "Released: published as it is, with its notice.",
    "retranslate": "Dropped: the next translation pass translates this article again.",
}


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 10_000 else 1


@page("editor")
def review_list(request: Request, session: Session) -> Response:
    console, query = console_of(request), request.query_params
    lang, check = language_or_none(query.get("lang")), query.get("check") or None
    every = query.get("all") == "1"  # unflagged translations too: any can be corrected
    number = _page_number(query.get("page"))
    checks = console.store.review.checks()
    if check not in checks:
        check = None
    items = console.store.review.queue(lang=lang, check=check, limit=PAGE_SIZE + 1,
                                       offset=(number - 1) * PAGE_SIZE,
                                       flagged_only=not every)
    return render_admin(
        request, "review_list.html", session=session, title="Review", items=items[:PAGE_SIZE],
        more=len(items) > PAGE_SIZE, page_number=number, lang=lang or "", check=check or "",
        every=every,
        languages=console.settings.target_languages, checks=checks,
        flagged=console.store.translations.count_flagged(),
        held=console.store.translations.count_held(),
        notice=_DONE.get(query.get("done", "")))


def _target(request: Request) -> tuple[int, str]:
    lang = language_or_none(request.path_params["lang"])
    if lang is None:
        raise UsageError(f"unknown language {request.path_params['lang']!r}",
                         code="usage.bad_language")
    return int(request.path_params["article_id"]), lang


@page("editor")
def review_item(request: Request, session: Session) -> Response:
    console = console_of(request)
    article_id, lang = _target(request)
    text = console.store.review.text(article_id, lang)
    if text is None:
        raise UsageError(f"article {article_id} has no translation into {lang}",
                         code="usage.no_translation")
    history = (console.store.revisions.history(text.translation_id)
               if text.translation_id is not None else [])
    machine = history[0] if history else None
    public = None if text.held else path_in(console.store.articles.get(article_id), lang)
    return render_admin(
        request, "review_item.html", session=session, title=f"Review: {text.title}", text=text,
        rows=compare_rows(text.source_title, text.source_paragraphs, text.title,
                          text.paragraphs, text.qa),
        history=history, machine=machine, public=public,
        notice=_DONE.get(request.query_params.get("done", "")))


def _item_path(article_id: int, lang: str) -> str:
    return f"/admin/review/{article_id}/{lang}"


@action("editor")
def edit(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    article_id, lang = _target(request)
    paragraphs = [str(value) for value in form.getlist("paragraph")]
    edit_translation(console.store, article_id, lang, title=str(form.get("title", "")),
                     paragraphs=paragraphs, editor=session.user.username, now=console.clock())
    audit(request, session, "translation.edit", f"article {article_id} → {lang}",
          f"{len(paragraphs)} paragraph(s)")
    return back_to(_item_path(article_id, lang), done="edited")


@action("editor")
def release(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    article_id, lang = _target(request)
    release_translation(console.store, article_id, lang)
    audit(request, session, "translation.release", f"article {article_id} → {lang}")
    return back_to(_item_path(article_id, lang), done="released")


@action("editor")
def retranslate_item(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    article_id, lang = _target(request)
    found = retranslate(console.store, article_id, lang)
    audit(request, session, "translation.retranslate", f"article {article_id} → {lang}",
          f"dropped the {found} translation")
    return back_to("/admin/review", done="retranslate")


_ITEM = "/admin/review/{article_id:int}/{lang}"
routes = [
    Route("/admin/review", review_list, name="admin_review"),
    Route(_ITEM, review_item, name="admin_review_item"),
    Route(_ITEM + "/edit", edit, methods=["POST"], name="admin_review_edit"),
    Route(_ITEM + "/release", release, methods=["POST"], name="admin_review_release"),
    Route(_ITEM + "/retranslate", retranslate_item, methods=["POST"],
          name="admin_review_retranslate"),
]
