"""The operator console under ``/admin/``: accounts with roles, a dashboard of charts, review
and hand editing of translations, the glossary, sources, models, users and the audit log.

Its own routes, templates (``admin/templates``, English only: an operator's interface, kept out
of the site's translated catalogue) and sign-in, on the site's app, stylesheet and CSP; its
pages are never cached (``pagecache.UNCACHED``, ``Cache-Control: no-store``) and its cookie is
scoped to ``/admin``, so public pages and their cache never see a session."""

from __future__ import annotations

from starlette.routing import BaseRoute

from bbabo.web.admin.routes import dashboard, glossary, login, models, people, review, sources
from bbabo.web.admin.state import Console, ConsoleOptions, build_console, console_of

__all__ = ["routes", "Console", "ConsoleOptions", "build_console", "console_of"]

routes: list[BaseRoute] = [*login.routes, *dashboard.routes, *review.routes, *glossary.routes,
                           *sources.routes, *models.routes, *people.routes]
