"""Opening the database: engine, SQLite pragmas, migrations on start."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Dialect, Engine

from bbabo.errors import StoreError

__all__ = ["create_db_engine", "migrate", "schema_is_current", "MIGRATIONS_DIR", "BoundEngine",
           "Database", "store_failure", "LASTING", "id_in"]

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


def id_in(dialect: Dialect, column: sa.ColumnElement[int],
          ids: Sequence[int]) -> sa.ColumnElement[bool]:
    """``column IN ids``. On PostgreSQL as ``= ANY`` of one array parameter: an IN list binds
    (and psycopg parses and prepares) a parameter per id, which made reading a search page's
    100 ids three times slower than the query itself."""
    if dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, list(ids),
                                              type_=postgresql.ARRAY(sa.Integer)))
    return column.in_(list(ids))


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
        failure = store_failure(exc)
        if failure is not None and failure.code in LASTING:
            raise failure from None
        raise StoreError(f"cannot reach the database: {_reason(exc)}",
                         code="store.unreachable") from None


def schema_is_current(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(_alembic_config(engine))
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    return set(current) == set(script.get_heads())


def _reason(exc: sa.exc.DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)


LASTING = frozenset({"store.full", "store.damaged"})
"""Codes of database failures that trying again will not mend (``store_failure``)."""
_DAMAGED = ("file is not a database", "malformed", "database corrupt", "file is encrypted")
_FULL = ("database or disk is full", "no space left on device", "disk full")


def store_failure(exc: BaseException) -> StoreError | None:
    """A StoreError saying in one line what is wrong with the database, when ``exc`` is the
    database's trouble rather than the data's: unreachable, locked, out of disk space, or a
    damaged file. None for anything else (a constraint, a value the database refuses, a bug),
    which is the failure of what was being written."""
    if isinstance(exc, StoreError):
        return exc
    if not isinstance(exc, sa.exc.DBAPIError) or isinstance(
            exc, sa.exc.IntegrityError | sa.exc.DataError | sa.exc.ProgrammingError):
        return None
    reason = _reason(exc)
    lowered = reason.lower()
    if any(marker in lowered for marker in _FULL):
        return StoreError(f"the database's disk is full ({reason}): free some space and run "
                          "again; what was stored before is intact", code="store.full")
    if any(marker in lowered for marker in _DAMAGED):
        return StoreError(f"the database file is damaged ({reason}): restore it from a backup "
                          "(docs/deployment.md, \"Backups and restore\")", code="store.damaged")
    return StoreError(f"cannot use the database: {reason}", code="store.unavailable")
