"""The web app over a real SQLite store, with a client that drives it in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import NOW, Client, Seeder
from starlette.applications import Starlette

from bbabo.config import Settings
from bbabo.store import Store, open_store
from bbabo.web.app import create_app


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path}/t.db")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(site_name="Bbabo NET", default_language="en",
                    target_languages=("en", "pl", "ru", "uk", "ar"),
                    public_url="http://testserver")


@pytest.fixture
def app(settings: Settings, store: Store) -> Starlette:
    # The clock stands still at the seeder's NOW, so "the last 48 hours" is the same every run;
    # the data version is read on every request, so a test's change shows on the next one.
    return create_app(settings, store, clock=lambda: NOW, data_check_every=0.0)


@pytest.fixture
def client(app: Starlette) -> Client:
    return Client(app)


@pytest.fixture
def seed(store: Store) -> Seeder:
    return Seeder(store)
