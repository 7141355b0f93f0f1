"""``bbabo db``: schema migrations and backups."""

from __future__ import annotations

from pathlib import Path

import click

from bbabo.cli.context import AppContext
from bbabo.errors import StoreError
from bbabo.store import open_store
from bbabo.store.backup import backup_sqlite, is_sqlite, pg_dump_command, pg_restore_command

__all__ = ["COMMANDS"]


@click.group()
def db() -> None:
    """Database schema."""


@db.command()
@click.pass_obj
def migrate(app: AppContext) -> None:
    """Apply pending migrations (also done on every start)."""
    app.store  # noqa: B018 - opening the store migrates it
    click.echo("database schema is up to date")


@db.command()
@click.pass_obj
def check(app: AppContext) -> None:
    """Exit non-zero when the schema is older than this bbabo."""
    store = open_store(app.settings.database_url, apply_migrations=False)
    try:
        if not store.schema_is_current():
            raise StoreError("database schema is out of date: run `bbabo db migrate`",
                             code="store.stale_schema")
    finally:
        store.close()
    click.echo("database schema is up to date")


@db.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(app: AppContext, path: Path) -> None:
    """Copy the database to PATH while bbabo runs (SQLite); print the pg_dump command
    (PostgreSQL). Restoring is described in docs/deployment.md."""
    url = app.settings.database_url
    if not is_sqlite(url):
        click.echo("PostgreSQL is backed up with its own tools; run:")
        click.echo(f"  {pg_dump_command(url, path)}")
        click.echo("and restore into an empty database with:")
        click.echo(f"  {pg_restore_command(url, path)}")
        return
    size = backup_sqlite(url, path)
    click.echo(f"backed up to {path} ({size / 1e6:.1f} MB); to restore, stop bbabo and copy "
               f"it over {url.split(':///', 1)[-1]} (removing its -wal and -shm files)")


COMMANDS = [db]
