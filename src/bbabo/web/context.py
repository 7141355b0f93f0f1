"""What every handler needs: the app's collaborators, and one way to render a page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.web import i18n
from bbabo.web.urls import home_path
from bbabo.web.views import LangLink, text_dir

__all__ = ["Web", "web_of", "ui_lang", "absolute_url", "render"]


@dataclass(frozen=True, slots=True)
class Web:
    settings: Settings
    store: Store
    templates: Jinja2Templates


def web_of(request: Request) -> Web:
    web = request.app.state.web
    assert isinstance(web, Web)
    return web


def ui_lang(web: Web, code: str) -> str:
    """The language for an error page's chrome: ``code`` when the site publishes in it, else
    the default, so a page for a made-up code still renders and its links lead somewhere."""
    return code if code in web.settings.target_languages else web.settings.default_language


def absolute_url(request: Request, path: str) -> str:
    """hreflang and canonical links must be absolute to count for search engines."""
    return str(request.base_url).rstrip("/") + path


def render(request: Request, template: str, *, lang: str, status_code: int = 200,
           switcher: Sequence[LangLink] = (), canonical: str | None = None,
           headers: Mapping[str, str] | None = None, **context: Any) -> Response:
    """Render ``template`` with the context every page's layout needs."""
    web = web_of(request)
    alternates = [(link.code, absolute_url(request, link.href)) for link in switcher]
    page = {
        "lang": lang, "dir": text_dir(lang), "site_name": web.settings.site_name,
        "home_href": home_path(lang), "t": i18n.translator(lang), "switcher": switcher,
        "alternates": alternates,
        "canonical": absolute_url(request, canonical) if canonical else None, **context,
    }
    return web.templates.TemplateResponse(request, template, page, status_code=status_code,
                                          headers=headers)
