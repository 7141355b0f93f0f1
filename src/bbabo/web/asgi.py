"""An ASGI entry point for servers that import the app themselves, e.g. several uvicorn
worker processes (``bbabo serve`` runs one process):

    uvicorn --factory bbabo.web.asgi:create --workers 2 --host 127.0.0.1 --port 8000

Settings come from ``bbabo.toml`` and ``BBABO_*`` variables, as for every command; each worker
opens its own store and keeps its own page cache."""

from __future__ import annotations

import sys

from starlette.applications import Starlette

from bbabo.config import load_settings
from bbabo.errors import BbaboError, ConfigError
from bbabo.store import open_store
from bbabo.web.app import create_app

__all__ = ["create"]


def create() -> Starlette:
    """The app; a bad setting or an unusable database is one line on stderr and exit status 2
    or 1, as with ``bbabo serve``, not a traceback from the server's loader."""
    try:
        settings = load_settings()
        return create_app(settings, open_store(settings.database_url))
    except ConfigError as exc:
        sys.stderr.write(f"bbabo: configuration error: {exc}\n")
        raise SystemExit(2) from None
    except BbaboError as exc:
        sys.stderr.write(f"bbabo: {exc}\n")
        raise SystemExit(1) from None
