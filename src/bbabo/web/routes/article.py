"""The article page, ``/{lang}/{section}/{id}-{slug}``, in any language it can be read in,
and its twin ``/{lang}/{section}/{id}-{slug}.json``."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bbabo.errors import RecordMissing
from bbabo.model import StoredArticle
from bbabo.publish.urls import json_twin, parse_article_id
from bbabo.web import i18n
from bbabo.web.context import absolute_url, render, respond, ui_lang, wants_json, web_of
from bbabo.web.routes.stories import coverage_of
from bbabo.web.seo import PageSeo, article_seo
from bbabo.web.views import article_view, is_flagged, lang_links, languages_of, path_in, readable_in

__all__ = ["routes"]


def article(request: Request) -> Response:
    web = web_of(request)
    lang, section, ref = (request.path_params[k] for k in ("lang", "section", "ref"))
    article_id = parse_article_id(ref)
    if article_id is None:
        raise HTTPException(404)
    try:
        found = web.store.articles.get(article_id)
    except RecordMissing:
        raise HTTPException(404) from None
    if not readable_in(found, lang):
        return _not_available(request, found, lang)
    current = path_in(found, lang)
    # The slug follows the title, which a re-translation may change: old links keep working.
    if f"/{lang}/{section}/{ref}" != current:
        return RedirectResponse(json_twin(current) if wants_json(request) else current,
                                status_code=301)
    default = web.settings.default_language
    return respond(
        request, "article.html", lang=lang,
        data={"article": article_view(found, lang),
              "coverage": coverage_of(web, found.id, lang)},
        switcher=lang_links(languages_of(found), lang, lambda code: path_in(found, code)),
        canonical=current, seo=_seo(request, found, lang), section=found.section,
        # Readers in no listed language get the site's default language (unless its version
        # asks not to be indexed), else the original.
        x_default=path_in(found, default if readable_in(found, default)
                          and not is_flagged(found, default) else found.language),
    )


def _seo(request: Request, found: StoredArticle, lang: str) -> PageSeo:
    web = web_of(request)
    seo = article_seo(
        found, lang, url=absolute_url(request, path_in(found, lang)),
        site_name=web.settings.site_name, site_url=absolute_url(request, "/"),
        original_url=absolute_url(request, path_in(found, found.language)),
    )
    if not is_flagged(found, lang):
        return seo
    # Unreviewed machine output that automatic checks flagged: readable, not for indexes.
    return PageSeo(meta=(("name", "robots", "noindex"), *seo.meta), jsonld=seo.jsonld)


def _not_available(request: Request, found: StoredArticle, lang: str) -> Response:
    """A 404 that still helps: the article exists, so point to the languages it is in."""
    page_lang = ui_lang(web_of(request), lang)
    wanted = i18n.language_name(lang, page_lang)
    ui = i18n.messages(page_lang)
    return render(
        request, "unavailable.html", lang=page_lang, status_code=404,
        message=ui.gettext("This article has not been published in {language}. Read it in:",
                           language=wanted),
        options=lang_links(languages_of(found), lang, lambda code: path_in(found, code)),
    )


routes = [
    Route("/{lang}/{section}/{ref}.json", article, name="article_json"),
    Route("/{lang}/{section}/{ref}", article, name="article"),
]
