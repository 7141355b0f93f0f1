"""The public web site: server-rendered HTML pages per language, plus status endpoints."""

from __future__ import annotations

from bbabo.web.app import create_app

__all__ = ["create_app"]
