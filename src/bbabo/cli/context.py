"""What every command needs, built on first use: settings, the store, an HTTP client."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from bbabo import fetch
from bbabo.config import Settings, load_settings
from bbabo.pipeline.components import fetch_options
from bbabo.store import Store, open_store

__all__ = ["AppContext", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC)


class AppContext:
    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._overrides: dict[str, Any] = {}
        self._store: Store | None = None
        self._http: httpx.Client | None = None

    def override(self, **values: Any) -> None:
        """Apply CLI flags on top of file and environment (before first use of settings)."""
        self._overrides.update({k: v for k, v in values.items() if v is not None})
        self._settings = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings().with_overrides(**self._overrides)
        return self._settings

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings.database_url)
        return self._store

    @property
    def fetch_options(self) -> fetch.FetchOptions:
        return fetch_options(self.settings)

    @property
    def http(self) -> httpx.Client:
        if self._http is None:
            self._http = fetch.make_client(self.fetch_options)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
        if self._store is not None:
            self._store.close()
