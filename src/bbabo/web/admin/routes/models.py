"""Models (admins): ``/admin/models`` shows the installed models, the engines' pairs and the
pairs bbabo has articles (or a source's hint) for and no engine translates; an install runs
in the background (``POST /admin/models/install``: the pairs ticked, or every missing one) and
the page follows it, reloading itself every two seconds while it runs (no script needed)."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo import langs
from bbabo.errors import UsageError
from bbabo.pipeline.components import source_languages
from bbabo.pipeline.status import INSTALL_MISSING
from bbabo.store.accounts import Session
from bbabo.translate.packages import installed_models
from bbabo.translate.packages.keeper import needed_pairs
from bbabo.web.admin.auth import action, audit, page
from bbabo.web.admin.render import back_to, render_admin
from bbabo.web.admin.state import console_of

__all__ = ["routes"]

_DONE = {"started": "Install started; this page follows it.",
         "busy": "An install is already running; wait for it to finish."}


def _missing(request: Request) -> list[tuple[str, str, str]]:
    console = console_of(request)
    translator = console.translator
    return [(src, tgt, translator.missing_hint(src, tgt)) for src, tgt in needed_pairs(
        source_languages(console.store), console.settings.target_languages, translator)]


@page("admin")
def models_page(request: Request, session: Session) -> Response:
    console = console_of(request)
    progress = console.installs.progress()
    engines = [(engine.name, len(engine.pairs())) for engine in console.translator.engines]
    return render_admin(
        request, "models.html", session=session, title="Models",
        installed=installed_models(console.settings.models_dir), engines=engines,
        missing=_missing(request), progress=progress, index_url=console.settings.model_index_url,
        command=INSTALL_MISSING, refresh=2 if progress is not None and progress.running else None,
        notice=_DONE.get(request.query_params.get("done", "")))


def _pair(value: str) -> tuple[str, str]:
    src, _, tgt = value.partition("-")
    if not src or not tgt:
        raise UsageError(f"not a language pair: {value!r}", code="usage.bad_pair")
    return langs.normalize(src), langs.normalize(tgt)


@action("admin")
def install(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    if form.get("missing"):
        pairs = [(src, tgt) for src, tgt, _ in _missing(request)]
    else:
        pairs = [_pair(str(value)) for value in form.getlist("pair")]
    if not pairs:
        raise UsageError("no pair to install: tick one, or every missing pair is covered",
                         code="usage.no_pair")
    if not console.installs.start(pairs):
        return back_to("/admin/models", done="busy")
    audit(request, session, "models.install", ", ".join(f"{s}→{t}" for s, t in pairs))
    return back_to("/admin/models", done="started")


routes = [
    Route("/admin/models", models_page, name="admin_models"),
    Route("/admin/models/install", install, methods=["POST"], name="admin_models_install"),
]
