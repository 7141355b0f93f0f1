"""``/{lang}/search?q=``: reports in every language that match the query, by their words in the
reader's language or by meaning in any (``pipeline.xsearch``), grouped by story, best first,
with the matched words marked in titles and snippets."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo.publish.urls import page_number, search_path
from bbabo.store.search import cut_query, parse_query
from bbabo.web.context import publishes, render, web_of
from bbabo.web.routes.paging import Pager
from bbabo.web.searchviews import story_result
from bbabo.web.seo import PageSeo
from bbabo.web.views import lang_links

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
    # Results depend on the query string, so the page number stays in it here.
    page = page_number(request.query_params.get("page", "1"))
    if page is None or not publishes(web, lang):
        raise HTTPException(404)
    query = cut_query(request.query_params.get("q", "").strip())
    searched = bool(parse_query(query))
    found = web.finder.search(lang, query, limit=RESULTS_PER_PAGE,
                              offset=(page - 1) * RESULTS_PER_PAGE) if searched else None
    codes = list(dict.fromkeys((*web.settings.target_languages, lang)))
    return render(
        request, "search.html", lang=lang, query=query, searched=searched,
        results=[story_result(group, lang) for group in found.groups] if found else [],
        pager=Pager.of(page, bool(found and found.has_next), lambda n: _href(lang, query, n)),
        switcher=lang_links(codes, lang, lambda code: _href(code, query)), seo=_NOINDEX,
    )


routes = [
    Route("/{lang}/search", search, name="search"),
]
