"""What every handler needs: the app's collaborators, and one way to answer with a page (its
HTML, or its ``.json`` twin over the same view data)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.templating import Jinja2Templates

from bbabo import langs
from bbabo.config import Settings
from bbabo.pipeline.xsearch import CrossSearch
from bbabo.publish.urls import feed_path, home_path, search_path, section_path
from bbabo.store import Store
from bbabo.web import i18n
from bbabo.web.jsonview import jsonable
from bbabo.web.seo import PageSeo
from bbabo.web.sitedata import SiteData
from bbabo.web.syndication import ATOM_TYPE, JSON_FEED_TYPE, RSS_TYPE
from bbabo.web.views import LangLink, text_dir

__all__ = ["Web", "NavLink", "web_of", "ui_lang", "publishes", "absolute_url", "wants_json",
           "render", "respond", "FEED_LINKS"]

FEED_LINKS = (("rss", RSS_TYPE, "RSS"), ("atom", ATOM_TYPE, "Atom"),
               ("json", JSON_FEED_TYPE, "JSON Feed"))


@dataclass(frozen=True, slots=True)
class Web:
    settings: Settings
    store: Store
    templates: Jinja2Templates
    # Time is passed in (design §4) so the news sitemap's 48-hour window can be tested.
    clock: Callable[[], datetime]
    # Stands in for "last updated" where there is nothing yet, e.g. an empty feed.
    started_at: datetime
    site: SiteData
    # Every absolute URL starts with it (``Settings.site_url``), never with the Host header.
    base_url: str
    # Sent with every response, the 500 page included (``security.security_headers``).
    security_headers: dict[str, str]
    # Search in every language (holds the process's vector matrix and embedder).
    finder: CrossSearch
    # Whether an engine of this process translates a pair (``bbabo run`` hands its
    # translator's in); None where the site runs alone and cannot know.
    can_translate: Callable[[str, str], bool] | None = None
    # Called when a WebSub delivery queued pages (`bbabo run` wakes its crawl thread).
    on_delivery: Callable[[], None] = lambda: None


@dataclass(frozen=True, slots=True, kw_only=True)
class NavLink:
    name: str
    href: str
    current: bool


def web_of(request: Request) -> Web:
    web = request.app.state.web
    assert isinstance(web, Web)
    return web


def ui_lang(web: Web, code: str) -> str:
    """The language for an error page's chrome: ``code`` when the site publishes in it, else
    the default, so a page for a made-up code still renders and its links lead somewhere."""
    return code if code in web.settings.target_languages else web.settings.default_language


def publishes(web: Web, lang: str) -> bool:
    """A language has pages if the site targets it or any article can be read in it."""
    if not langs.is_known(lang) or langs.normalize(lang) != lang:
        return False
    if lang in web.settings.target_languages:
        return True
    facts = web.site.facts()
    return lang in facts.originals or lang in facts.translated


def absolute_url(request: Request, path: str) -> str:
    """hreflang and canonical links must be absolute to count for search engines. They are
    built on the site's configured address: the Host header is the client's to choose, and a
    cached page must not carry one client's choice to everyone."""
    return web_of(request).base_url + path


def wants_json(request: Request) -> bool:
    """Every page's ``.json`` twin is its own address plus ``.json`` (``index.json`` in a
    folder); the route names the twin, and the handler is the same."""
    return request.url.path.endswith(".json")


def _nav(web: Web, lang: str, current: str | None) -> list[NavLink]:
    return [NavLink(name=i18n.section_name(name, lang), href=section_path(lang, name),
                    current=name == current)
            for name in web.site.facts().section_order()]


def _feeds(web: Web, lang: str, section: str | None) -> list[tuple[str, str, str]]:
    links = [(kind, f"{web.settings.site_name} ({name})", feed_path(lang, fmt))
             for fmt, kind, name in FEED_LINKS]
    if section is not None:
        heading = i18n.section_name(section, lang)
        links += [(kind, f"{web.settings.site_name} · {heading} ({name})",
                   feed_path(lang, fmt, section)) for fmt, kind, name in FEED_LINKS]
    return links


def render(request: Request, template: str, *, lang: str, status_code: int = 200,
           switcher: Sequence[LangLink] = (), canonical: str | None = None,
           x_default: str | None = None, seo: PageSeo | None = None,
           section: str | None = None, headers: Mapping[str, str] | None = None,
           with_nav: bool = True, extra_feeds: Sequence[tuple[str, str, str]] = (),
           **context: Any) -> Response:
    """Render ``template`` with the context every page's layout needs.

    The switcher's links double as the page's hreflang alternates; ``x_default`` is the path
    for readers whose language is not among them; ``section`` (stored name) marks the menu
    and adds that section's feeds; ``extra_feeds`` (type, title, path) are a page's own, such
    as a story's. ``with_nav=False`` asks the store nothing, for the page
    that reports a failure, which may be the store's."""
    web = web_of(request)
    alternates = [(link.code, absolute_url(request, link.href)) for link in switcher]
    if alternates and x_default is not None:
        alternates.append(("x-default", absolute_url(request, x_default)))
    page = {
        "lang": lang, "dir": text_dir(lang), "site_name": web.settings.site_name,
        "home_href": home_path(lang), "search_href": search_path(lang),
        "_": i18n.messages(lang).gettext, "switcher": switcher, "alternates": alternates,
        "nav": _nav(web, lang, section) if with_nav else [],
        "feeds": [*_feeds(web, lang, section), *extra_feeds],
        "canonical": absolute_url(request, canonical) if canonical else None,
        "meta": seo.meta if seo else (), "jsonld": seo.jsonld if seo else None, **context,
    }
    return web.templates.TemplateResponse(request, template, page, status_code=status_code,
                                          headers=headers)


def respond(request: Request, template: str, *, lang: str, data: Mapping[str, Any],
            **chrome: Any) -> Response:
    """The page as HTML, or as its ``.json`` twin: the same ``data``, plus where the page
    lives and its language versions."""
    if not wants_json(request):
        return render(request, template, lang=lang, **chrome, **data)
    switcher: Sequence[LangLink] = chrome.get("switcher", ())
    canonical = chrome.get("canonical")
    return JSONResponse({
        "lang": lang,
        "url": absolute_url(request, canonical) if canonical else None,
        "alternates": [{"lang": link.code, "url": absolute_url(request, link.href)}
                       for link in switcher],
        **jsonable(dict(data)),
    })
