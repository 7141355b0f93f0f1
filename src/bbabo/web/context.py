"""What every handler needs: the app's collaborators, and one way to render a page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from bbabo import langs
from bbabo.config import Settings
from bbabo.store import Store
from bbabo.store.search import SearchRepo
from bbabo.web import i18n
from bbabo.web.seo import PageSeo
from bbabo.web.syndication import ATOM_TYPE, JSON_FEED_TYPE, RSS_TYPE
from bbabo.web.urls import feed_path, home_path, search_path
from bbabo.web.views import LangLink, text_dir

__all__ = ["Web", "web_of", "ui_lang", "publishes", "absolute_url", "render"]

_FEED_LINKS = (("rss", RSS_TYPE, "RSS"), ("atom", ATOM_TYPE, "Atom"),
               ("json", JSON_FEED_TYPE, "JSON Feed"))


@dataclass(frozen=True, slots=True)
class Web:
    settings: Settings
    store: Store
    templates: Jinja2Templates
    # Not a Store attribute (yet): search is the web's alone until full-text indexes land.
    search: SearchRepo
    # Time is passed in (design §4) so the news sitemap's 48-hour window can be tested.
    clock: Callable[[], datetime]
    # Stands in for "last updated" where there is nothing yet, e.g. an empty feed.
    started_at: datetime


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
    return (lang in web.store.articles.count_by_language()
            or lang in web.store.translations.count_by_language())


def absolute_url(request: Request, path: str) -> str:
    """hreflang and canonical links must be absolute to count for search engines."""
    return str(request.base_url).rstrip("/") + path


def render(request: Request, template: str, *, lang: str, status_code: int = 200,
           switcher: Sequence[LangLink] = (), canonical: str | None = None,
           x_default: str | None = None, seo: PageSeo | None = None,
           headers: Mapping[str, str] | None = None, **context: Any) -> Response:
    """Render ``template`` with the context every page's layout needs.

    The switcher's links double as the page's hreflang alternates; ``x_default`` is the path
    for readers whose language is not among them."""
    web = web_of(request)
    alternates = [(link.code, absolute_url(request, link.href)) for link in switcher]
    if alternates and x_default is not None:
        alternates.append(("x-default", absolute_url(request, x_default)))
    page = {
        "lang": lang, "dir": text_dir(lang), "site_name": web.settings.site_name,
        "home_href": home_path(lang), "search_href": search_path(lang),
        "t": i18n.translator(lang), "switcher": switcher, "alternates": alternates,
        "feeds": [(kind, f"{web.settings.site_name} ({name})", feed_path(lang, fmt))
                  for fmt, kind, name in _FEED_LINKS],
        "canonical": absolute_url(request, canonical) if canonical else None,
        "meta": seo.meta if seo else (), "jsonld": seo.jsonld if seo else None, **context,
    }
    return web.templates.TemplateResponse(request, template, page, status_code=status_code,
                                          headers=headers)
