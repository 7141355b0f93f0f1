"""Sources (admins): ``/admin/sources`` lists them with their health; a source is added by URL
(a feed, a sitemap, or a site whose feed is found by autodiscovery: ``POST /admin/sources``,
field ``url``), imported from OPML or exported as OPML, enabled, disabled or removed."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo import fetch, langs
from bbabo.errors import UsageError
from bbabo.pipeline.components import fetch_options
from bbabo.pipeline.subscribe import add_source, check_section, import_opml
from bbabo.sources import render_opml
from bbabo.store.accounts import Session
from bbabo.web.admin.auth import action, audit, page
from bbabo.web.admin.render import admin_headers, back_to, render_admin
from bbabo.web.admin.state import console_of

__all__ = ["routes"]

_OPML_MAX = 2 * 2**20
_DONE = {"added": "Source added; it is polled on the next crawl.", "enabled": "Enabled.",
         "disabled": "Disabled: it is not polled until enabled again.",
         "removed": "Removed (its articles stay)."}


@page("admin")
def sources_page(request: Request, session: Session) -> Response:
    console, query = console_of(request), request.query_params
    notice = _DONE.get(query.get("done", ""))
    if query.get("done") == "imported":
        notice = (f"OPML imported: {query.get('added', '0')} added, {query.get('skipped', '0')} "
                  f"already present, {query.get('invalid', '0')} invalid.")
    return render_admin(request, "sources.html", session=session, title="Sources",
                        sources=console.store.sources.list(), now=console.clock(),
                        notice=notice)


@page("admin")
def export(request: Request, session: Session) -> Response:
    console = console_of(request)
    body = render_opml(console.store.sources.list(), now=console.clock(),
                       title=f"{console.settings.site_name} sources")
    return Response(body, media_type="text/x-opml; charset=utf-8", headers={
        **admin_headers(), "Content-Disposition": 'attachment; filename="sources.opml"'})


@action("admin")
def add(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    url = str(form.get("url", "")).strip()
    lang = str(form.get("lang", "")).strip()
    name = str(form.get("name", "")).strip()[:200] or None
    section = check_section(str(form.get("section", "")) or "news")
    options = fetch_options(console.settings)
    with fetch.make_client(options) as http:
        source = add_source(url, store=console.store, http=http, options=options,
                            now=console.clock(), lang=langs.normalize(lang) if lang else None,
                            section=section, name=name,
                            poll_interval_s=console.settings.poll_interval_s)
    audit(request, session, "source.add", f"source {source.id}", source.url)
    return back_to("/admin/sources", done="added")


@action("admin")
def import_file(request: Request, session: Session, form: FormData) -> Response:
    console = console_of(request)
    upload = form.get("opml")
    if not isinstance(upload, UploadFile):
        raise UsageError("choose an OPML file to import", code="usage.no_file")
    body = upload.file.read(_OPML_MAX + 1)
    if len(body) > _OPML_MAX:
        raise UsageError("the OPML file is larger than 2 MB", code="usage.too_large")
    report = import_opml(body, store=console.store, now=console.clock(),
                         poll_interval_s=console.settings.poll_interval_s,
                         default_section=check_section(str(form.get("section", "")) or "news"))
    audit(request, session, "source.import", upload.filename or "OPML",
          f"{len(report.added)} added, {len(report.duplicates)} already present, "
          f"{len(report.invalid)} invalid")
    return back_to("/admin/sources", done="imported", added=str(len(report.added)),
                   skipped=str(len(report.duplicates)), invalid=str(len(report.invalid)))


def _switch(request: Request, session: Session, verb: str) -> Response:
    console = console_of(request)
    source_id = int(request.path_params["source_id"])
    if verb == "remove":
        source = console.store.sources.remove(source_id)
    else:
        source = console.store.sources.set_enabled(source_id, verb == "enable",
                                                   now=console.clock())
    audit(request, session, f"source.{verb}", f"source {source.id}", source.url)
    return back_to("/admin/sources", done=f"{verb}d" if verb != "remove" else "removed")


@action("admin")
def enable(request: Request, session: Session, form: FormData) -> Response:
    return _switch(request, session, "enable")


@action("admin")
def disable(request: Request, session: Session, form: FormData) -> Response:
    return _switch(request, session, "disable")


@action("admin")
def remove(request: Request, session: Session, form: FormData) -> Response:
    return _switch(request, session, "remove")


_ONE = "/admin/sources/{source_id:int}"
routes = [
    Route("/admin/sources", sources_page, name="admin_sources"),
    Route("/admin/sources", add, methods=["POST"], name="admin_sources_add"),
    Route("/admin/sources.opml", export, name="admin_sources_export"),
    Route("/admin/sources/import", import_file, methods=["POST"], name="admin_sources_import"),
    Route(_ONE + "/enable", enable, methods=["POST"], name="admin_source_enable"),
    Route(_ONE + "/disable", disable, methods=["POST"], name="admin_source_disable"),
    Route(_ONE + "/remove", remove, methods=["POST"], name="admin_source_remove"),
]
