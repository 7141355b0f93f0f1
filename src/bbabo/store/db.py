"""Opening the database: engine, SQLite pragmas, migrations on start."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Dialect, Engine

from bbabo.errors import StoreError

__all__ = ["create_db_engine", "migrate", "schema_is_current", "MIGRATIONS_DIR", "BoundEngine",
           "Database"]

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite the file's folder is created and WAL is switched on."""
    if url.startswith("sqlite"):
        database = sa.engine.make_url(url).database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets the web server read while the pipeline writes; busy_timeout makes writers queue.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Database(Protocol):
    """What a repository needs: an ``Engine``, or a ``BoundEngine`` inside a transaction."""

    @property
    def dialect(self) -> Dialect: ...

    def connect(self) -> AbstractContextManager[Connection]: ...

    def begin(self) -> AbstractContextManager[Connection]: ...


class BoundEngine:
    """What a repository needs of an engine (``connect()``, ``begin()``, ``dialect``), bound to
    one connection whose transaction is already open: repositories built on it run every
    statement in that transaction, so several calls commit together or not at all
    (``Store.transaction``). A nested ``begin()`` joins the open transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @property
    def dialect(self) -> Dialect:
        return self._conn.dialect

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        yield self._conn

    begin = connect


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    try:
        # "heads": parallel feature branches of the migration history may each have a head.
        command.upgrade(_alembic_config(engine), "heads")
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot reach the database: {_reason(exc)}",
                         code="store.unreachable") from None


def schema_is_current(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(_alembic_config(engine))
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    return set(current) == set(script.get_heads())


def _reason(exc: sa.exc.DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
