"""Fixtures of the Celery and crash tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bbabo.store import Store, open_store


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[Store]:
    store = open_store(postgres_url)
    yield store
    store.close()
