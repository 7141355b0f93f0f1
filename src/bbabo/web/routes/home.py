"""The front pages: ``/`` and, per language, ``/{lang}/`` with the newest articles and a block
per section, then ``/{lang}/page/{n}/`` for older ones."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bbabo.pipeline.demo import demo_origin
from bbabo.pipeline.status import INSTALL_MISSING
from bbabo.publish.urls import home_path, json_twin
from bbabo.web import i18n
from bbabo.web.context import Web, absolute_url, publishes, respond, web_of
from bbabo.web.routes.paging import Pager, legacy_page_redirect, page_param
from bbabo.web.routes.stories import listing_cards, listings_cards
from bbabo.web.seo import website_seo
from bbabo.web.views import SectionBlock, lang_links, section_blocks

__all__ = ["routes", "PAGE_SIZE", "BLOCK_SIZE"]

PAGE_SIZE = 30
BLOCK_SIZE = 5


def root(request: Request) -> Response:
    return RedirectResponse(home_path(web_of(request).settings.default_language),
                            status_code=302)


def home_without_slash(request: Request) -> Response:
    # Starlette's redirect_slashes is off: it would bounce /favicon.ico to /favicon.ico/ first.
    lang = request.path_params["lang"]
    if not publishes(web_of(request), lang):
        raise HTTPException(404)
    return RedirectResponse(home_path(lang), status_code=301)


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiting:
    """Articles not yet translated into the page's language. ``missing_from`` (with
    ``command``) names the languages of those no engine translates into it: told only while the
    site runs the demo or has no source of its own, when the reader is the operator trying
    bbabo out (a public site keeps that to ``bbabo status``)."""

    count: int
    missing_from: tuple[str, ...] = ()
    command: str | None = None


def _first_run(web: Web) -> bool:
    origin = demo_origin(web.settings.demo_port) + "/"
    return all(source.url.startswith(origin) for source in web.store.sources.list())


def _waiting(web: Web, lang: str, *, shown: int) -> Waiting | None:
    """Said on a first page when nothing is shown yet, or to an operator on a first run."""
    pending = web.store.translations.pending_by_source(lang)
    first_run = _first_run(web)
    if not pending or (shown and not first_run):
        return None
    missing: tuple[str, ...] = ()
    if first_run and web.can_translate is not None:
        missing = tuple(i18n.language_name(src, lang) for src in sorted(pending)
                        if not web.can_translate(src, lang))
    return Waiting(count=sum(pending.values()), missing_from=missing,
                   command=INSTALL_MISSING if missing else None)


def _blocks(web: Web, lang: str) -> list[SectionBlock]:
    # With one section the block would repeat the list above it.
    sections = web.site.facts().section_order()
    if len(sections) < 2:
        return []
    # Grouped by story as the list above is: a story is one line of its section's block.
    found = [web.store.articles.latest(lang, sections=[name], limit=BLOCK_SIZE,
                                       one_per_story=True) for name in sections]
    return section_blocks(list(zip(sections, listings_cards(web, found, lang), strict=True)),
                          lang)


def home(request: Request) -> Response:
    web = web_of(request)
    lang = request.path_params["lang"]
    page = page_param(request)
    if not publishes(web, lang):
        raise HTTPException(404)
    if (moved := legacy_page_redirect(request, lambda n: home_path(lang, n))) is not None:
        return moved
    # One extra row tells whether an older page exists without a COUNT query.
    # One entry per story, placed by its newest report: a story never shows on two pages.
    found = web.store.articles.latest(lang, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE,
                                      one_per_story=True)
    if page > 1 and not found:
        raise HTTPException(404)
    pager = Pager.of(page, len(found) > PAGE_SIZE, lambda n: home_path(lang, n))
    codes = list(dict.fromkeys((*web.settings.target_languages, lang)))
    heading = i18n.messages(lang).gettext("Latest news")
    cards = listing_cards(web, found[:PAGE_SIZE], lang)
    return respond(
        request, "home.html", lang=lang,
        data={"heading": heading, "page": page, "pager": pager, "cards": cards,
              "blocks": _blocks(web, lang) if page == 1 else [],
              "waiting": _waiting(web, lang, shown=len(cards)) if page == 1 else None},
        # Only first pages correspond across languages: later ones hold different articles.
        switcher=lang_links(codes, lang, home_path),
        canonical=home_path(lang, page), x_default="/",
        seo=website_seo(title=heading, site_name=web.settings.site_name,
                        url=absolute_url(request, home_path(lang, page)),
                        headlines=[card.title for card in cards]),
    )


routes = [
    Route("/", root, name="root"),
    Route("/{lang}", home_without_slash, name="home_without_slash"),
    Route("/{lang}/", home, name="home"),
    Route(json_twin("/{lang}/"), home, name="home_json"),
    Route("/{lang}/page/{page}/", home, name="home_page"),
    Route(json_twin("/{lang}/page/{page}/"), home, name="home_page_json"),
]
