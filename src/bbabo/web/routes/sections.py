"""Section pages: ``/{lang}/{section}/`` and ``/{lang}/{section}/page/{n}/``, the newest
articles of one section readable in a language, with that section's feeds advertised."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bbabo.publish.urls import json_twin, section_path
from bbabo.web import i18n
from bbabo.web.context import Web, absolute_url, publishes, respond, web_of
from bbabo.web.routes.paging import Pager, legacy_page_redirect, page_param
from bbabo.web.routes.stories import listing_cards
from bbabo.web.seo import website_seo
from bbabo.web.views import lang_links

__all__ = ["routes", "PAGE_SIZE", "section_names"]

PAGE_SIZE = 30


def section_names(web: Web, lang: str, segment: str) -> list[str]:
    """The stored sections behind a URL segment, or a 404 (also for a language not
    published): the first name is the one the section's links are made from."""
    names = web.site.facts().sections_at(segment)
    if not names or not publishes(web, lang):
        raise HTTPException(404)
    return names


def without_slash(request: Request) -> Response:
    lang, segment = request.path_params["lang"], request.path_params["section"]
    names = section_names(web_of(request), lang, segment)
    return RedirectResponse(section_path(lang, names[0]), status_code=301)


def section(request: Request) -> Response:
    web = web_of(request)
    lang, segment = request.path_params["lang"], request.path_params["section"]
    page = page_param(request)
    names = section_names(web, lang, segment)
    if (moved := legacy_page_redirect(request,
                                      lambda n: section_path(lang, names[0], n))) is not None:
        return moved
    found = web.store.articles.latest(lang, sections=names, limit=PAGE_SIZE + 1,
                                      offset=(page - 1) * PAGE_SIZE, one_per_story=True)
    if page > 1 and not found:
        raise HTTPException(404)
    heading = i18n.section_name(names[0], lang)
    codes = list(dict.fromkeys((*web.settings.target_languages, lang)))
    path = section_path(lang, names[0], page)
    cards = listing_cards(web, found[:PAGE_SIZE], lang)
    return respond(
        request, "section.html", lang=lang,
        data={"heading": heading, "page": page,
              "pager": Pager.of(page, len(found) > PAGE_SIZE,
                                lambda n: section_path(lang, names[0], n)),
              "cards": cards},
        switcher=lang_links(codes, lang, lambda code: section_path(code, names[0])),
        canonical=path, x_default=section_path(web.settings.default_language, names[0]),
        section=names[0],
        seo=website_seo(title=heading, site_name=web.settings.site_name,
                        url=absolute_url(request, path),
                        headlines=[card.title for card in cards]),
    )


routes = [
    Route("/{lang}/{section}", without_slash, name="section_without_slash"),
    Route("/{lang}/{section}/", section, name="section"),
    Route(json_twin("/{lang}/{section}/"), section, name="section_json"),
    Route("/{lang}/{section}/page/{page}/", section, name="section_page"),
    Route(json_twin("/{lang}/{section}/page/{page}/"), section, name="section_page_json"),
]
