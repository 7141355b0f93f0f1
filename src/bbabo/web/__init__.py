"""The public web site: server-rendered HTML pages per language, their feeds (RSS, Atom, JSON
Feed), sitemaps and robots.txt, search, the read-only JSON API under /api/v1/, and status
endpoints."""

from __future__ import annotations

from bbabo.web.app import create_app

__all__ = ["create_app"]
