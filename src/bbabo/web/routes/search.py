"""``/{lang}/search?q=``: articles readable in one language that contain the words asked for."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo.store.search import MAX_QUERY_LENGTH, search_terms
from bbabo.web.context import publishes, render, web_of
from bbabo.web.seo import PageSeo
from bbabo.web.snippets import term_pattern
from bbabo.web.urls import page_number, search_path
from bbabo.web.views import lang_links, search_result

__all__ = ["routes", "RESULTS_PER_PAGE"]

RESULTS_PER_PAGE = 20
# Result pages are endless variations of the same articles: not for search engines' indexes.
_NOINDEX = PageSeo(meta=(("name", "robots", "noindex"),))


def _href(lang: str, query: str, page: int = 1) -> str:
    params = {"q": query, **({"page": str(page)} if page > 1 else {})}
    return f"{search_path(lang)}?{urlencode(params)}"


def search(request: Request) -> Response:
    web = web_of(request)
    lang = request.path_params["lang"]
    page = page_number(request.query_params.get("page", "1"))
    if page is None or not publishes(web, lang):
        raise HTTPException(404)
    query = request.query_params.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = search_terms(query)
    # One extra hit tells whether another page exists without counting them all.
    hits = (web.search.search(lang, query, limit=RESULTS_PER_PAGE + 1,
                              offset=(page - 1) * RESULTS_PER_PAGE) if terms else [])
    pattern = term_pattern(terms)
    codes = list(dict.fromkeys((*web.settings.target_languages, lang)))
    return render(
        request, "search.html", lang=lang, query=query, searched=bool(terms),
        results=[search_result(hit.article, lang, pattern) for hit in hits[:RESULTS_PER_PAGE]],
        newer_href=_href(lang, query, page - 1) if page > 1 else None,
        older_href=_href(lang, query, page + 1) if len(hits) > RESULTS_PER_PAGE else None,
        switcher=lang_links(codes, lang, lambda code: _href(code, query)), seo=_NOINDEX,
    )


routes = [
    Route("/{lang}/search", search, name="search"),
]
