"""Backups: an online copy of a SQLite database, the ``pg_dump`` command for PostgreSQL.

SQLite's backup API copies a consistent snapshot page by page while bbabo keeps writing (WAL
mode), so nothing has to stop. A PostgreSQL backup is ``pg_dump``'s job: bbabo only says how."""

from __future__ import annotations

import shlex
import sqlite3
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa

from bbabo.errors import StoreError, UsageError

__all__ = ["backup_sqlite", "pg_dump_command", "pg_restore_command", "is_sqlite"]


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def backup_sqlite(url: str, destination: Path) -> int:
    """Copy the database at ``url`` to ``destination`` (which must not exist); returns its size
    in bytes. The copy is a plain SQLite file: restoring is putting it back in place."""
    source = sa.engine.make_url(url).database
    if not source or source == ":memory:":
        raise UsageError(f"{url} is not a database file", code="usage.bad_backup_source")
    if destination.exists():
        raise UsageError(f"{destination} exists; choose a new file name",
                         code="usage.backup_exists")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    try:
        with closing(sqlite3.connect(source, timeout=30)) as src, \
                closing(sqlite3.connect(partial)) as dst:
            # Small steps with a pause between them, so writers are never held up for long.
            src.backup(dst, pages=256, sleep=0.005)
        # Written under another name first: an interrupted backup never looks complete.
        partial.rename(destination)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"backup failed: {exc}", code="store.backup_failed") from None
    return destination.stat().st_size


def _libpq_uri(url: str) -> tuple[str, bool]:
    """The URL as libpq takes it (no SQLAlchemy driver suffix, no password), and whether a
    password was left out."""
    parsed = sa.engine.make_url(url)
    had_password = parsed.password is not None
    # URL.set(password=None) means "unchanged": build the URL anew without it.
    plain = sa.engine.URL.create("postgresql", username=parsed.username, host=parsed.host,
                                 port=parsed.port, database=parsed.database, query=parsed.query)
    return plain.render_as_string(hide_password=False), had_password


def pg_dump_command(url: str, destination: Path) -> str:
    uri, had_password = _libpq_uri(url)
    command = shlex.join(["pg_dump", "--format=custom", "--no-owner",
                          f"--file={destination}", uri])
    return ("PGPASSWORD=... " if had_password else "") + command


def pg_restore_command(url: str, source: Path) -> str:
    uri, had_password = _libpq_uri(url)
    command = shlex.join(["pg_restore", "--clean", "--if-exists", "--no-owner",
                          f"--dbname={uri}", str(source)])
    return ("PGPASSWORD=... " if had_password else "") + command
