"""Shared fixtures: a clean environment, a store on SQLite and on PostgreSQL, the fake web."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator

import pytest

from bbabo.store import Store, open_store

pytest_plugins = ["fakeweb", "brokers"]

PG_HOST = os.environ.get("BBABO_TEST_PG_HOST", "127.0.0.1")


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No BBABO_* variable of the developer's shell leaks into a test, and no default points a
    command at the internet (the multilingual model's source; tests give their own)."""
    for name in list(os.environ):
        if name.startswith("BBABO_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BBABO_MULTILINGUAL_MODEL_URL", "")


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path}/bbabo.db"


def _psql(*args: str) -> None:
    subprocess.run(["psql", "-h", PG_HOST, "-U", "postgres", "-d", "postgres", "-q", "-c",
                    *args], check=True, capture_output=True)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    name = f"bbabo_test_{uuid.uuid4().hex[:12]}"
    _psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:5432/{name}"
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    try:
        yield opened
    finally:
        opened.close()
